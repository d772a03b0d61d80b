package io.verdis.store;

import io.verdis.net.InProcessClient;
import io.verdis.net.Reply;
import io.verdis.server.VerdisNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.VertxInternal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Commands of an embedded node's store, sent without a socket: through an in-process client (the
 * admin API's kind), on an event-loop context of the store's own. Calls from other threads hop
 * onto that context; their commands are pipelined on one connection, in the order they came.
 */
final class InProcessConnection implements StoreConnection {
  /** What CLIENT LIST names the store's connections. */
  static final String NAME = "verdis-store";

  private final VerdisNode node;
  private final Context context;
  private InProcessClient client;

  InProcessConnection(VerdisNode node) {
    this.node = node;
    this.context = ((VertxInternal) node.vertx()).createEventLoopContext();
  }

  @Override
  public Future<StoreReply> send(byte[][] argv) {
    return onContext(() -> {
      if (client == null || !client.isOpen()) {
        client = InProcessClient.open(node.state(), context, NAME); // again, after a CLIENT KILL
      }
      return client.send(List.<byte[][]>of(argv)).compose(replies -> answer(replies.get(0)));
    });
  }

  @Override
  public Future<Subscription> subscribe(List<String> channels, Handler<ChannelMessage> handler) {
    return onContext(() -> {
      InProcessClient subscriber = InProcessClient.open(node.state(), context, NAME);
      subscriber.messageHandler(push -> {
        if (push.get(0).text().equals("message")) {
          handler.handle(new ChannelMessage(push.get(1).text(), Buffer.buffer(push.get(2).bytes())));
        }
      });
      // One command per channel: each gets its one confirmation as its reply.
      List<byte[][]> commands = new ArrayList<>(channels.size());
      for (String channel : channels) {
        commands.add(new byte[][] {"SUBSCRIBE".getBytes(StandardCharsets.US_ASCII), channel.getBytes(StandardCharsets.UTF_8)});
      }
      return subscriber.send(commands).<Subscription>map(confirmed -> () -> onContext(() -> {
        subscriber.close();
        return Future.succeededFuture();
      })).onFailure(failed -> subscriber.close());
    });
  }

  @Override
  public Future<Void> close() {
    return onContext(() -> {
      if (client != null) {
        client.close();
      }
      return Future.succeededFuture();
    });
  }

  /** Runs {@code action} on the store's context: at once when already there. */
  private <T> Future<T> onContext(Supplier<Future<T>> action) {
    if (Vertx.currentContext() == context) {
      return action.get();
    }
    Promise<T> promise = Promise.promise();
    context.runOnContext(ignored -> action.get().onComplete(promise));
    return promise.future();
  }

  private static Future<StoreReply> answer(Reply reply) {
    return reply.isError() ? Future.failedFuture(new StoreException(reply.text())) : Future.succeededFuture(new View(reply));
  }

  /** A {@link Reply} as a {@link StoreReply}: RESP3 maps and sets are already flat in it. */
  private record View(Reply reply) implements StoreReply {
    @Override
    public boolean isNull() {
      return reply.isNull();
    }

    @Override
    public byte[] bytes() {
      return reply.bytes();
    }

    @Override
    public long integer() {
      return reply.integer();
    }

    @Override
    public int size() {
      return reply.isAggregate() ? reply.size() : -1;
    }

    @Override
    public StoreReply get(int index) {
      return new View(reply.get(index));
    }
  }
}

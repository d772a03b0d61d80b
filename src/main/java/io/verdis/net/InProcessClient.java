package io.verdis.net;

import io.netty.buffer.ByteBuf;
import io.verdis.server.ServerState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A RESP client inside the server: a {@link RespConnection} over memory instead of a socket, so
 * what it sends takes exactly the path of a network client's commands (command table, routing to
 * the shards over the event bus, transactions, AOF, keyspace events, stats, slow log) without a
 * loopback connection. It is authenticated, speaks RESP3, carries a name, and shows in CLIENT LIST
 * like any client (a killed one stops, as any client does).
 *
 * <p>{@link #send} pipelines: all the commands of one call go in one read and their replies come
 * back together, in order. Use it only from the event loop of the context it was opened on.
 */
public final class InProcessClient {
  /** What CLIENT LIST shows as the address of every in-process client. */
  public static final String ADDRESS = "internal:0";

  private final LocalTransport transport;
  private final RespConnection connection;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private Runnable closed = () -> { };
  private Consumer<Reply> messages = message -> { };

  private InProcessClient(ServerState server, Context context) {
    ReplyDecoder decoder = new ReplyDecoder(this::onReply);
    this.transport = new LocalTransport(context, ADDRESS, decoder::feed);
    this.connection = new RespConnection(server, transport, context);
  }

  /** Opens a client named {@code name} on {@code context}'s event loop, as the default user. */
  public static InProcessClient open(ServerState server, Context context, String name) {
    return open(server, context, name, server.acl().defaultUser());
  }

  /**
   * Opens a client named {@code name} authenticated as {@code user} (the HTTP API's session user,
   * who logged in there): its commands are checked against that user's rights, as a RESP client's.
   */
  public static InProcessClient open(ServerState server, Context context, String name, io.verdis.acl.User user) {
    InProcessClient client = new InProcessClient(server, context);
    var session = client.connection.session;
    session.user(user);
    session.authenticated(true);
    session.resp(3);
    session.name(name);
    client.transport.afterClose(client::onClosed);
    client.connection.start();
    return client;
  }

  /**
   * Sends the commands in one go; the replies in the same order. Error replies are replies, not
   * failures; the future fails only when the connection closes before answering them all.
   */
  public Future<List<Reply>> send(List<byte[][]> commands) {
    Promise<List<Reply>> promise = Promise.promise();
    if (transport.isClosed()) {
      promise.fail(new IllegalStateException("connection closed"));
      return promise.future();
    }
    if (commands.isEmpty()) {
      promise.complete(List.of());
      return promise.future();
    }
    pending.add(new Pending(commands.size(), promise));
    transport.feed(encode(commands));
    return promise.future();
  }

  /** The connection's session (a primary's link marks it as its master client). */
  public io.verdis.client.ClientSession session() {
    return connection.session;
  }

  /** The database the connection has selected (after the replies received so far). */
  public int db() {
    return connection.session.db();
  }

  public boolean isOpen() {
    return !transport.isClosed();
  }

  /** Runs {@code handler} once the connection closed, from either side (CLIENT KILL). */
  public void closeHandler(Runnable handler) {
    closed = handler;
  }

  /**
   * Receives what a subscribed connection is sent without asking: RESP3 pushes of messages
   * (message, pmessage, smessage) and invalidations. Subscribe and unsubscribe confirmations are
   * pushes too, but they answer the command sent, so they stay replies (one per channel).
   */
  public void messageHandler(Consumer<Reply> handler) {
    messages = handler;
  }

  /** Closes the connection, which ends a blocking command it waits in and drops its subscriptions. */
  public void close() {
    transport.close();
  }

  private void onReply(Reply reply) {
    if (isMessage(reply)) {
      messages.accept(reply);
      return;
    }
    Pending head = pending.peek();
    if (head == null) {
      return; // out of band (a push after a SUBSCRIBE, say): nobody asked for it
    }
    head.replies.add(reply);
    if (head.replies.size() == head.expected) {
      pending.poll();
      head.promise.complete(head.replies);
    }
  }

  private static boolean isMessage(Reply reply) {
    if (reply.type() != Reply.Type.PUSH || reply.size() == 0) {
      return false;
    }
    String kind = reply.get(0).text();
    return kind.equals("message") || kind.equals("pmessage") || kind.equals("smessage") || kind.equals("invalidate");
  }

  /** After the connection's own close handler (which unregisters the client): fails what was not answered. */
  private void onClosed() {
    while (!pending.isEmpty()) {
      pending.poll().promise.fail(new IllegalStateException("connection closed"));
    }
    closed.run();
  }

  private static ByteBuf encode(List<byte[][]> commands) {
    ByteBuf out = Buffers.heap(64 * commands.size());
    for (byte[][] argv : commands) {
      CommandEncoder.write(out, argv);
    }
    return out;
  }

  private static final class Pending {
    final int expected;
    final Promise<List<Reply>> promise;
    final List<Reply> replies = new ArrayList<>();

    Pending(int expected, Promise<List<Reply>> promise) {
      this.expected = expected;
      this.promise = promise;
    }
  }
}

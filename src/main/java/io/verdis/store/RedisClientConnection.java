package io.verdis.store;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Commands of a networked store, through the Vert.x Redis client to a Verdis or Redis server (its
 * pool, its reconnects). The client should speak RESP2 ({@link StoreLocation} sets it up so): then
 * every reply is a string, an integer, nil or an array, which {@link CommandStore} reads as is.
 */
final class RedisClientConnection implements StoreConnection {
  private final Redis redis;

  RedisClientConnection(Redis redis) {
    this.redis = redis;
  }

  @Override
  public Future<StoreReply> send(byte[][] argv) {
    Request request = Request.cmd(Command.create(new String(argv[0], StandardCharsets.US_ASCII)));
    for (int i = 1; i < argv.length; i++) {
      request.arg(argv[i]);
    }
    return redis.send(request).transform(done -> done.succeeded()
        ? Future.succeededFuture(new View(done.result()))
        : Future.failedFuture(refusal(done.cause())));
  }

  @Override
  public Future<Subscription> subscribe(List<String> channels, Handler<ChannelMessage> handler) {
    return redis.connect().compose(connection -> {
      connection.handler(message -> {
        if (message.type() != ResponseType.ERROR && message.size() == 3 && "message".equals(message.get(0).toString())) {
          handler.handle(new ChannelMessage(message.get(1).toString(), Buffer.buffer(message.get(2).toBytes())));
        }
      });
      Request subscribe = Request.cmd(Command.SUBSCRIBE);
      channels.forEach(subscribe::arg);
      return connection.send(subscribe)
          .<Subscription>map(confirmed -> connection::close)
          .onFailure(failed -> connection.close());
    });
  }

  @Override
  public Future<Void> close() {
    redis.close();
    return Future.succeededFuture();
  }

  /** An error reply as the store's exception; a connection failure as it is. */
  private static Throwable refusal(Throwable cause) {
    return cause instanceof io.vertx.redis.client.impl.types.ErrorType ? new StoreException(cause.getMessage()) : cause;
  }

  /** A RESP2 {@link Response} (or nil, which the client gives as null) as a {@link StoreReply}. */
  private record View(Response response) implements StoreReply {
    @Override
    public boolean isNull() {
      return response == null;
    }

    @Override
    public byte[] bytes() {
      return response.toBytes();
    }

    @Override
    public long integer() {
      return response.toLong();
    }

    @Override
    public int size() {
      return response != null && response.type() == ResponseType.MULTI ? response.size() : -1;
    }

    @Override
    public StoreReply get(int index) {
      return new View(response.get(index));
    }
  }
}

package io.verdis.it;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Tests that talk to one real Verdis node (several shards, so keys really spread) through the
 * Vert.x Redis client, reading like a redis-cli session: {@code assertEquals("bar", call("get", "foo"))}.
 */
@ExtendWith(VertxExtension.class)
public abstract class RedisTestBase extends RawSocketTestBase {
  protected Redis client;
  protected RedisConnection redis;

  @BeforeEach
  void connect(Vertx vertx) {
    client = Redis.createClient(vertx, new RedisOptions()
        .setConnectionString("redis://127.0.0.1:" + server.port())
        .setMaxPoolWaiting(-1));
    redis = client.connect().await();
  }

  @AfterEach
  void disconnect() {
    if (redis != null) {
      redis.close().await();
    }
    client.close();
  }

  /** Sends one command; the reply as the client library parsed it (null for a nil reply). */
  protected Response send(String... args) {
    Request request = Request.cmd(Command.create(args[0]));
    for (int i = 1; i < args.length; i++) {
      request.arg(args[i]);
    }
    return redis.send(request).await();
  }

  /** Sends one command; the reply as text (null for nil, arrays as their toString). */
  protected String call(String... args) {
    Response response = send(args);
    return response == null ? null : response.toString();
  }

  /** Sends one command whose reply is an array; its elements as text (null for nil). */
  protected List<String> list(String... args) {
    List<String> items = new ArrayList<>();
    for (Response item : send(args)) {
      items.add(item == null ? null : item.toString());
    }
    return items;
  }

  protected long integer(String... args) {
    return send(args).toLong();
  }

  /** Asserts that the command fails with exactly this error line. */
  protected void assertError(String expected, String... args) {
    Throwable failure = assertThrows(Throwable.class, () -> send(args));
    assertEquals(expected, failure.getMessage());
  }
}

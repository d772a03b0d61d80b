package io.verdis.it.web;

import io.verdis.it.RawClient;
import io.verdis.it.TestServer;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The RESP side of the WebSocket pub/sub tests: real RESP clients on the server's port. */
final class RespPubSub {
  private RespPubSub() {
  }

  /** PUBLISH channel message: the receivers. */
  static long publish(TestServer server, byte[] channel, byte[] message) {
    return (Long) request(server, "publish", channel, message);
  }

  /** PUBSUB NUMSUB channel. */
  static long numsub(TestServer server, byte[] channel) {
    return (Long) ((List<?>) request(server, "pubsub", "numsub", channel)).get(1);
  }

  /** PUBSUB NUMPAT. */
  static long numpat(TestServer server) {
    return (Long) request(server, "pubsub", "numpat");
  }

  private static Object request(TestServer server, Object... args) {
    try (RawClient client = new RawClient(server.port())) {
      return client.request(args);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SUBSCRIBE channel on a connection of its own; read its messages with {@link Subscription#next()}. */
  static Subscription subscribe(TestServer server, Vertx vertx, byte[] channel) {
    try {
      RawClient client = new RawClient(server.port());
      List<?> confirmation = (List<?>) client.request("subscribe", channel);
      assertEquals("subscribe", new String((byte[]) confirmation.get(0)));
      client.readTimeout((int) WebTestBase.WAIT_SECONDS * 1000);
      return new Subscription(client);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One message a RESP subscriber received. */
  record Message(byte[] channel, byte[] data) { }

  static final class Subscription implements AutoCloseable {
    private final RawClient client;

    private Subscription(RawClient client) {
      this.client = client;
    }

    Message next() throws IOException {
      List<?> push = (List<?>) client.reply();
      assertEquals("message", new String((byte[]) push.get(0)));
      return new Message((byte[]) push.get(1), (byte[]) push.get(2));
    }

    @Override
    public void close() throws IOException {
      client.close();
    }
  }
}

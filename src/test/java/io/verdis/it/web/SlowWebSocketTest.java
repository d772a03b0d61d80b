package io.verdis.it.web;

import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("a WebSocket that does not read is shed at the pubsub output limit")
class SlowWebSocketTest extends WebTestBase {
  private static final byte[] CHANNEL = "firehose".getBytes(StandardCharsets.US_ASCII);
  private static final int MESSAGE_BYTES = 32 * 1024;
  private static final int BATCH = 64;
  /** Far past the default hard limit (32mb) plus what the kernel buffers hold. */
  private static final long GIVE_UP_BYTES = 512L << 20;

  @Test
  @DisplayName("past client-output-buffer-limit pubsub's hard limit the slow reader is closed while a reading one keeps receiving")
  void slowReaderIsShed() {
    JsonObject subscribe = new JsonObject().put("op", "subscribe").put("channels", new JsonArray().add("firehose"));
    JsonSocket slow = connect(webSocketClient(new WebSocketClientOptions().setReceiveBufferSize(32 * 1024)), "/ws");
    slow.call(subscribe);
    slow.socket().pause();
    JsonSocket fast = connect("/ws");
    fast.call(subscribe);
    AtomicLong received = new AtomicLong();
    fast.socket().textMessageHandler(text -> received.incrementAndGet());
    int clientsBefore = server.node().state().stats().webSocketClients.get();

    byte[] message = "x".repeat(MESSAGE_BYTES).getBytes(StandardCharsets.US_ASCII);
    long published = 0;
    while (RespPubSub.numsub(server, CHANNEL) == 2) {
      assertTrue(published * MESSAGE_BYTES < GIVE_UP_BYTES, "the slow reader was never shed");
      for (int i = 0; i < BATCH; i++) {
        RespPubSub.publish(server, CHANNEL, message);
      }
      published += BATCH;
      long expected = published;
      await("the reading client caught up", () -> received.get() == expected);
    }

    assertEquals(clientsBefore - 1, server.node().state().stats().webSocketClients.get());
    assertEquals(1, RespPubSub.publish(server, CHANNEL, "after".getBytes(StandardCharsets.US_ASCII)));
    long expected = published + 1;
    await("the reading client got the last message", () -> received.get() == expected);
    slow.socket().resume();
    short status = slow.awaitClose();
    assertTrue(status == 1008 || status == 1006, "close status " + status);
  }
}

package io.verdis.it.web;

import io.verdis.it.RawClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("WebSocket pub/sub on /ws, sharing the hub with RESP")
class WebSocketPubSubTest extends WebTestBase {

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static JsonObject op(String op, String field, Object... names) {
    return new JsonObject().put("op", op).put(field, new JsonArray(java.util.List.of(names)));
  }

  private static JsonObject frame(String type, String field, Object name, int count) {
    return new JsonObject().put("type", type).put(field, name).put("count", count);
  }

  private static JsonObject message(String channel, String data) {
    return new JsonObject().put("type", "message").put("channel", channel).put("data", data);
  }

  private static JsonObject publish(String channel, String message) {
    return new JsonObject().put("op", "publish").put("channel", channel).put("message", message);
  }

  private static JsonObject published(String channel, int receivers) {
    return new JsonObject().put("type", "published").put("channel", channel).put("receivers", receivers);
  }

  private static JsonObject error(String message) {
    return new JsonObject().put("type", "error").put("message", message);
  }

  @Test
  @DisplayName("subscribe and psubscribe confirm each name with the count of subscriptions, as SUBSCRIBE does")
  void subscribeCounts() {
    JsonSocket ws = connect("/ws");
    ws.send(op("subscribe", "channels", "count.a", "count.b"));
    assertEquals(frame("subscribe", "channel", "count.a", 1), ws.next());
    assertEquals(frame("subscribe", "channel", "count.b", 2), ws.next());
    assertEquals(frame("psubscribe", "pattern", "count.*", 3), ws.call(op("psubscribe", "patterns", "count.*")));
    assertEquals(frame("subscribe", "channel", "count.a", 3), ws.call(op("subscribe", "channels", "count.a")));
    assertEquals(1, RespPubSub.numsub(server, utf8("count.a")));
  }

  @Test
  @DisplayName("a message published over RESP reaches a WebSocket subscriber, as text when it is UTF-8")
  void respPublishReachesWebSocket() {
    JsonSocket ws = connect("/ws");
    ws.call(op("subscribe", "channels", "news"));
    assertEquals(1, RespPubSub.publish(server, utf8("news"), utf8("hello")));
    assertEquals(message("news", "hello"), ws.next());
    RespPubSub.publish(server, utf8("news"), utf8("h\u00e9llo \u2603 \"quoted\"\n"));
    assertEquals(message("news", "h\u00e9llo \u2603 \"quoted\"\n"), ws.next());
  }

  @Test
  @DisplayName("a WebSocket publish reaches a RESP subscriber and answers the number of receivers")
  void webSocketPublishReachesResp() throws Exception {
    try (RespPubSub.Subscription resp = RespPubSub.subscribe(server, vertx, utf8("orders"))) {
      JsonSocket ws = connect("/ws");
      assertEquals(published("orders", 1), ws.call(publish("orders", "order-1")));
      RespPubSub.Message received = resp.next();
      assertArrayEquals(utf8("orders"), received.channel());
      assertArrayEquals(utf8("order-1"), received.data());
      assertEquals(published("nobody-listens", 0), ws.call(publish("nobody-listens", "x")));
    }
  }

  @Test
  @DisplayName("a WebSocket publish reaches other WebSockets, and the publisher itself when it subscribed")
  void webSocketToWebSocket() {
    JsonSocket reader = connect("/ws");
    JsonSocket writer = connect("/ws");
    reader.call(op("subscribe", "channels", "chat"));
    writer.call(op("subscribe", "channels", "chat"));
    writer.send(publish("chat", "hi"));
    // The publisher's own copy comes through the hub's delivery task, its reply straight away.
    assertEquals(java.util.Set.of(message("chat", "hi"), published("chat", 2)), java.util.Set.copyOf(writer.next(2)));
    assertEquals(message("chat", "hi"), reader.next());
  }

  @Test
  @DisplayName("pattern subscribers get pmessage frames; a channel matched both ways arrives twice, channel first")
  void patterns() {
    JsonSocket ws = connect("/ws");
    ws.call(op("psubscribe", "patterns", "metrics.*"));
    ws.call(op("subscribe", "channels", "metrics.cpu"));
    assertEquals(2, RespPubSub.publish(server, utf8("metrics.cpu"), utf8("42")));
    assertEquals(message("metrics.cpu", "42"), ws.next());
    assertEquals(new JsonObject().put("type", "pmessage").put("pattern", "metrics.*")
        .put("channel", "metrics.cpu").put("data", "42"), ws.next());
    assertEquals(1, RespPubSub.publish(server, utf8("metrics.mem"), utf8("7")));
    assertEquals(new JsonObject().put("type", "pmessage").put("pattern", "metrics.*")
        .put("channel", "metrics.mem").put("data", "7"), ws.next());
  }

  @Test
  @DisplayName("a payload that is not UTF-8 arrives as base64 with \"encoding\":\"base64\"; overlong forms count as not UTF-8")
  void binaryPayloadToWebSocket() {
    JsonSocket ws = connect("/ws");
    ws.call(op("subscribe", "channels", "bin"));
    byte[] payload = {(byte) 0xff, 0, (byte) 0xc0, (byte) 0x80, 'a'};
    RespPubSub.publish(server, utf8("bin"), payload);
    assertEquals(message("bin", Base64.getEncoder().encodeToString(payload)).put("encoding", "base64"), ws.next());
    byte[] surrogate = {(byte) 0xed, (byte) 0xa0, (byte) 0x80};
    RespPubSub.publish(server, utf8("bin"), surrogate);
    assertEquals("base64", ws.next().getString("encoding"));
  }

  @Test
  @DisplayName("a publish with \"encoding\":\"base64\" (or a {\"base64\":...} message) sends the decoded bytes")
  void binaryPayloadFromWebSocket() throws Exception {
    try (RespPubSub.Subscription resp = RespPubSub.subscribe(server, vertx, utf8("raw"))) {
      JsonSocket ws = connect("/ws");
      assertEquals(published("raw", 1), ws.call(publish("raw", "AAEC/w==").put("encoding", "base64")));
      assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, resp.next().data());
      ws.call(new JsonObject().put("op", "publish").put("channel", "raw")
          .put("message", new JsonObject().put("base64", "/w==")));
      assertArrayEquals(new byte[] {(byte) 0xff}, resp.next().data());
    }
  }

  @Test
  @DisplayName("a channel name that is not UTF-8 is written and read as {\"base64\":...}")
  void binaryChannelName() {
    JsonSocket ws = connect("/ws");
    byte[] name = {'c', (byte) 0xfe};
    JsonObject encoded = new JsonObject().put("base64", Base64.getEncoder().encodeToString(name));
    assertEquals(frame("subscribe", "channel", encoded, 1), ws.call(op("subscribe", "channels", encoded)));
    assertEquals(1, RespPubSub.publish(server, name, utf8("m")));
    assertEquals(new JsonObject().put("type", "message").put("channel", encoded).put("data", "m"), ws.next());
  }

  @Test
  @DisplayName("unsubscribe names some, or all with no list, and answers null with count 0 when none is left, as Redis")
  void unsubscribeCounts() {
    JsonSocket ws = connect("/ws");
    ws.send(op("subscribe", "channels", "u1", "u2", "u3"));
    ws.next(3);
    ws.call(op("psubscribe", "patterns", "u*"));
    assertEquals(frame("unsubscribe", "channel", "u2", 3), ws.call(op("unsubscribe", "channels", "u2")));
    assertEquals(frame("unsubscribe", "channel", "not-subscribed", 3),
        ws.call(op("unsubscribe", "channels", "not-subscribed")));
    ws.send(new JsonObject().put("op", "unsubscribe"));
    assertEquals(frame("unsubscribe", "channel", "u1", 2), ws.next());
    assertEquals(frame("unsubscribe", "channel", "u3", 1), ws.next());
    assertEquals(frame("unsubscribe", "channel", null, 1), ws.call(op("unsubscribe", "channels")));
    assertEquals(1, RespPubSub.publish(server, utf8("u1"), utf8("via pattern only")));
    assertEquals("pmessage", ws.next().getString("type"));
    assertEquals(frame("punsubscribe", "pattern", "u*", 0), ws.call(new JsonObject().put("op", "punsubscribe")));
    assertEquals(frame("punsubscribe", "pattern", null, 0), ws.call(new JsonObject().put("op", "punsubscribe")));
    assertEquals(0, RespPubSub.numsub(server, utf8("u1")));
    assertEquals(0, RespPubSub.publish(server, utf8("u1"), utf8("nobody")));
  }

  @Test
  @DisplayName("after an unsubscribe that channel's messages stop while the others keep coming")
  void unsubscribedChannelIsSilent() {
    JsonSocket ws = connect("/ws");
    ws.send(op("subscribe", "channels", "keep", "drop"));
    ws.next(2);
    ws.call(op("unsubscribe", "channels", "drop"));
    assertEquals(0, RespPubSub.publish(server, utf8("drop"), utf8("lost")));
    RespPubSub.publish(server, utf8("keep"), utf8("kept"));
    assertEquals(message("keep", "kept"), ws.next());
  }

  @Test
  @DisplayName("closing the WebSocket removes all its subscriptions from the hub")
  void disconnectUnsubscribes() {
    long patternsBefore = RespPubSub.numpat(server);
    JsonSocket ws = connect("/ws");
    ws.call(op("subscribe", "channels", "gone"));
    ws.call(op("psubscribe", "patterns", "gone.*"));
    assertEquals(1, RespPubSub.numsub(server, utf8("gone")));
    assertEquals(patternsBefore + 1, RespPubSub.numpat(server));
    ws.close();
    await("the closed socket left its channel", () -> RespPubSub.numsub(server, utf8("gone")) == 0);
    await("the closed socket left its pattern", () -> RespPubSub.numpat(server) == patternsBefore);
  }

  @Test
  @DisplayName("bad frames get {\"type\":\"error\"} and the socket stays open")
  void badFrames() {
    JsonSocket ws = connect("/ws");
    String invalidJson = "ERR invalid JSON: send an object such as {\"op\":\"subscribe\",\"channels\":[\"news\"]}";
    assertEquals(error(invalidJson), call(ws, "not json"));
    assertEquals(error(invalidJson), call(ws, "[1,2]"));
    assertEquals(error("ERR missing \"op\""), call(ws, "{}"));
    assertEquals(error("ERR unknown op 'dance'"), ws.call(new JsonObject().put("op", "dance")));
    String noChannels = "ERR \"channels\" must be a non-empty list of names (strings, or {\"base64\":\"...\"})";
    assertEquals(error(noChannels), ws.call(new JsonObject().put("op", "subscribe")));
    assertEquals(error(noChannels), ws.call(new JsonObject().put("op", "subscribe").put("channels", "news")));
    assertEquals(error(noChannels), ws.call(op("subscribe", "channels", 1)));
    assertEquals(error(noChannels), ws.call(op("subscribe", "channels", "ok", new JsonObject().put("base64", "!"))));
    assertEquals("error", ws.call(new JsonObject().put("op", "publish").put("channel", "c")).getString("type"));
    assertEquals("error", ws.call(new JsonObject().put("op", "publish").put("message", "m")).getString("type"));
    assertEquals("error", ws.call(publish("c", "not base64!").put("encoding", "base64")).getString("type"));
    assertEquals("error", ws.call(publish("c", "m").put("encoding", "rot13")).getString("type"));
    ws.socket().writeBinaryMessage(Buffer.buffer("{}"));
    assertEquals(error("ERR binary frames are not supported: send JSON text frames"), ws.next());
    assertEquals(error("ERR AUTH <password> called without any password configured for the default user. "
        + "Are you sure your configuration is correct?"), ws.call(new JsonObject().put("op", "auth").put("password", "x")));
    assertEquals(0, RespPubSub.numsub(server, utf8("ok")), "a bad list subscribes to nothing");
    assertEquals(frame("subscribe", "channel", "still-open", 1), ws.call(op("subscribe", "channels", "still-open")));
  }

  private static JsonObject call(JsonSocket ws, String text) {
    ws.send(text);
    return ws.next();
  }

  @Test
  @DisplayName("a message larger than 512 KiB closes the socket and leaves the server serving")
  void hugeFrame() {
    JsonSocket ws = connect("/ws");
    ws.socket().writeTextMessage(publish("big", "x".repeat(600 * 1024)).encode());
    // 1009 (too big) is sent, but the client, still writing, may see the connection reset first.
    short status = ws.awaitClose();
    assertTrue(status == 1009 || status == 1006, "close status " + status);
    assertEquals(published("after", 0), connect("/ws").call(publish("after", "ok")));
  }

  @Test
  @DisplayName("WebSocket clients are counted in INFO clients as websocket_clients")
  void countedInInfo() throws Exception {
    AtomicInteger count = server.node().state().stats().webSocketClients;
    int before = count.get();
    JsonSocket ws = connect("/ws");
    ws.call(op("subscribe", "channels", "counted"));
    try (RawClient raw = new RawClient(server.port())) {
      String info = new String((byte[]) raw.request("info", "clients"), StandardCharsets.UTF_8);
      assertTrue(info.contains("\r\nwebsocket_clients:" + (before + 1) + "\r\n"), info);
    }
    ws.close();
    await("the WebSocket count went down", () -> count.get() == before);
  }
}

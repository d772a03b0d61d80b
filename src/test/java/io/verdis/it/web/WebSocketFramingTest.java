package io.verdis.it.web;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.verdis.it.web.RawWebSocket.CLOSE;
import static io.verdis.it.web.RawWebSocket.CONTINUATION;
import static io.verdis.it.web.RawWebSocket.FIN;
import static io.verdis.it.web.RawWebSocket.RSV1;
import static io.verdis.it.web.RawWebSocket.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 6455 section 5 and 8, through hand-built frames on a raw socket. */
@DisplayName("/ws follows RFC 6455: RSV bits 1002, invalid UTF-8 1007, oversize messages 1009")
class WebSocketFramingTest extends WebTestBase {
  private static final String SUBSCRIBE = "{\"op\":\"subscribe\",\"channels\":[\"é\"]}";

  private RawWebSocket open() throws IOException {
    return RawWebSocket.open(server.httpPort(), "/ws");
  }

  /**
   * The server sends a close frame with {@code status}; the client answers it, as RFC 6455 section
   * 5.5.1 says, and the server ends the connection.
   */
  private static void assertClosedWith(int status, RawWebSocket ws) throws IOException {
    RawWebSocket.Frame frame = ws.readSkippingPings();
    assertEquals(CLOSE, frame.opcode(), "expected a close frame, got " + frame.text());
    assertEquals(status, frame.closeStatus(), frame.text());
    try {
      ws.send(FIN | CLOSE, frame.payload());
    } catch (IOException alreadyClosed) {
      // After a frame it cannot parse the server does not wait for the answer.
    }
    assertTrue(ws.raw().closedByServer(), "the connection was not closed");
  }

  private static byte[] spaces(int count) {
    byte[] bytes = new byte[count];
    Arrays.fill(bytes, (byte) ' ');
    return bytes;
  }

  @Test
  @DisplayName("a frame with RSV1 set and no extension negotiated is closed with 1002")
  void reservedBits() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.send(FIN | RSV1 | TEXT, SUBSCRIBE);
      assertClosedWith(1002, ws);
    }
  }

  @Test
  @DisplayName("a text message that is not UTF-8 (a cut sequence, an overlong '/') is closed with 1007")
  void invalidUtf8() throws IOException {
    for (byte[] payload : new byte[][] {{'"', (byte) 0xC3, '(', '"'}, {'"', (byte) 0xC0, (byte) 0xAF, '"'}}) {
      try (RawWebSocket ws = open()) {
        ws.send(FIN | TEXT, payload);
        assertClosedWith(1007, ws);
      }
    }
  }

  @Test
  @DisplayName("a message fragmented into frames under the limit but over it in all is closed with 1009")
  void oversizeFragmentedMessage() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.send(TEXT, spaces(300 * 1024));
      ws.send(FIN | CONTINUATION, spaces(300 * 1024));
      assertClosedWith(1009, ws);
    }
  }

  @Test
  @DisplayName("a frame announcing more than the limit is closed with 1009 before its payload comes")
  void oversizeFrame() throws IOException {
    try (RawWebSocket ws = open()) {
      ws.sendHead(FIN | TEXT, 600 * 1024);
      assertClosedWith(1009, ws);
    }
  }

  @Test
  @DisplayName("a fragmented message, split inside a UTF-8 character, is put together and answered")
  void fragmentedMessage() throws IOException {
    byte[] whole = SUBSCRIBE.getBytes(StandardCharsets.UTF_8);
    int cut = SUBSCRIBE.indexOf('é') + 1;
    try (RawWebSocket ws = open()) {
      ws.send(TEXT, Arrays.copyOfRange(whole, 0, cut));
      ws.send(FIN | CONTINUATION, Arrays.copyOfRange(whole, cut, whole.length));
      RawWebSocket.Frame reply = ws.readSkippingPings();
      assertEquals(TEXT, reply.opcode());
      assertEquals(new JsonObject().put("type", "subscribe").put("channel", "é").put("count", 1),
          new JsonObject(reply.text()));
    }
  }
}

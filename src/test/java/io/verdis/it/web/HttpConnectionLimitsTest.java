package io.verdis.it.web;

import io.verdis.it.LogCapture;
import io.verdis.it.RawClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * HTTP connections are bounded: silent, half-sent and idle keep-alive ones are closed, and past
 * http-maxclients new ones are refused while RESP clients are still served. Raw sockets throughout:
 * Vert.x's client would keep pooled connections of its own open.
 */
@DisplayName("HTTP connections: header and idle timeouts, http-maxclients, one log line per condition")
class HttpConnectionLimitsTest extends WebTestBase {
  private static final int MAX = 4;
  private static final String CLASS_LOG = "io.verdis.web.HttpConnectionGuard";

  @Override
  protected String[] directives() {
    return new String[] {"--http-maxclients", Integer.toString(MAX), "--http-header-timeout", "1",
        "--http-idle-timeout", "3"};
  }

  private RawClient http() throws IOException {
    return new RawClient(server.httpPort());
  }

  @Test
  @DisplayName("a connection that sends nothing is closed")
  void silentConnection() throws IOException {
    try (RawClient raw = http()) {
      assertTrue(raw.closedByServer());
    }
  }

  @Test
  @DisplayName("a slowloris sending its head a byte at a time is cut off, and logged once")
  void slowloris() throws Exception {
    String head = "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "a".repeat(200);
    try (LogCapture log = LogCapture.of(Class.forName(CLASS_LOG)); RawClient raw = http()) {
      for (byte b : head.getBytes()) {
        try {
          raw.send(new byte[] {b});
        } catch (IOException reset) {
          break;
        }
        if (raw.closedByServerWithin(100)) {
          assertEquals(1, log.linesWith("request head not sent whole").size(), log.lines().toString());
          return;
        }
      }
      fail("the server kept a connection that trickled " + head.length() + " bytes of head");
    }
  }

  @Test
  @DisplayName("a keep-alive connection is answered, then closed once idle")
  void keepAliveIdle() throws IOException {
    try (RawClient raw = http()) {
      raw.send("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      String head = raw.readUntil("\r\n\r\n");
      assertEquals(200, RawHttp.status(head), head);
      int length = Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
      assertEquals(new JsonObject().put("status", "UP"), new JsonObject(raw.read(length)));
      assertTrue(raw.closedByServer());
    }
  }

  @Test
  @DisplayName("past http-maxclients a new HTTP connection gets 503 and is closed, RESP still answers, "
      + "WebSockets outlive the idle timeout, and a freed slot is used again")
  void connectionLimit() throws Exception {
    List<JsonSocket> sockets = new ArrayList<>();
    await("the connections of other tests are gone", () -> httpClients() == 0);
    try {
      for (int i = 0; i < MAX; i++) {
        sockets.add(connect("/ws"));
      }
      try (LogCapture log = LogCapture.of(Class.forName(CLASS_LOG))) {
        for (int i = 0; i < 5; i++) {
          String refused = RawHttp.exchange(server.httpPort(), healthRequest());
          assertTrue(refused.startsWith("HTTP/1.1 503 "), refused);
          assertTrue(refused.endsWith("\r\n\r\n{\"error\":\"ERR max number of HTTP clients reached (http-maxclients)\"}"),
              refused);
        }
        assertEquals(1, log.linesWith("HTTP connection refused").size(), log.lines().toString());
      }
      try (RawClient resp = new RawClient(server.port())) {
        assertEquals("+PONG\r\n", resp.call("PING"));
      }
      // Subscribed sockets that hear nothing stay open past http-idle-timeout: the server pings them.
      Thread.sleep(4_000);
      for (int i = 0; i < MAX; i++) {
        JsonObject subscribe = new JsonObject().put("op", "subscribe").put("channels", new JsonArray().add("c" + i));
        assertEquals("subscribe", sockets.get(i).call(subscribe).getString("type"));
      }
      assertEquals(MAX, httpClients());
      sockets.get(0).close();
      await("a slot is free again", () -> {
        try {
          return RawHttp.exchange(server.httpPort(), healthRequest()).startsWith("HTTP/1.1 200 ");
        } catch (IOException e) {
          return false;
        }
      });
    } finally {
      sockets.forEach(JsonSocket::close);
    }
  }

  private int httpClients() {
    return server.node().state().stats().httpClients.get();
  }

  private static String healthRequest() {
    return RawHttp.request("GET", "/health/live", null, "Host: 127.0.0.1");
  }

  @Test
  @DisplayName("clients that reset their connection in the middle of a request leave no stack trace in the log")
  void resetsAreQuiet() throws IOException {
    String partial = "POST /api/command HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Content-Length: 100\r\n\r\n{\"db\":0,";
    try (LogCapture log = LogCapture.everything()) {
      List<RawClient> clients = new ArrayList<>();
      for (int i = 0; i < MAX - 1; i++) {
        clients.add(http().send(partial).resetOnClose());
      }
      await("the server has the requests", () -> httpClients() == MAX - 1);
      for (RawClient client : clients) {
        client.close();
      }
      // Some resets are seen at once, others only when http-idle-timeout closes the connection.
      await("the reset connections are closed", () -> httpClients() == 0);
      assertEquals(200, RawHttp.status(server.httpPort(), healthRequest()));
      assertEquals(List.of(), log.thrown());
    }
  }

  @Test
  @DisplayName("a WebSocket peer that answers no ping is closed after http-idle-timeout")
  void deadWebSocketPeer() throws IOException {
    try (RawWebSocket ws = RawWebSocket.open(server.httpPort(), "/ws")) {
      assertEquals(RawWebSocket.PING, ws.read().opcode());
      assertThrows(IOException.class, () -> {
        for (int frames = 0; frames < 20; frames++) {
          assertEquals(RawWebSocket.PING, ws.read().opcode());
        }
      });
    }
  }
}

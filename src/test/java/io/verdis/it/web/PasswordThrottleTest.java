package io.verdis.it.web;

import io.verdis.client.AuthThrottle;
import io.verdis.it.RawClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every surface that checks requirepass counts wrong passwords per address in one throttle, slows
 * their answers, and still lets the right password in at once. How long the answers wait is the
 * pure schedule of {@link AuthThrottle#delayMs} (unit-tested); here the behaviour around it.
 */
@DisplayName("password guessing is slowed on every surface; the right password is never refused")
class PasswordThrottleTest extends WebTestBase {
  private static final String WRONGPASS = "-WRONGPASS invalid username-password pair or user is disabled.\r\n";
  /** Past the free failures: the later answers of these were delayed. */
  private static final int GUESSES = 6;

  @Override
  protected String[] directives() {
    return new String[] {"--requirepass", "right"};
  }

  private int failures() {
    return server.node().state().authThrottle().failures("127.0.0.1");
  }

  @Test
  @DisplayName("HTTP login: after 10 wrong passwords the right one logs in (it used to get 429); a session from before still works")
  void httpLogin() {
    Answer login = post("/api/login", new JsonObject().put("password", "right"));
    String cookie = login.header("Set-Cookie").split(";")[0];
    for (int i = 0; i < 8; i++) {
      assertEquals(401, post("/api/login", new JsonObject().put("password", "wrong" + i)).status());
    }
    assertEquals(401, get("/api/info", "Authorization", "Bearer wrong").status());
    assertEquals(false, get("/api/session", "Authorization", "Bearer wrong").json().getBoolean("authenticated"));
    assertEquals(10, failures(), "every wrong password counts, /api/session's too");
    assertTrue(AuthThrottle.delayMs(failures()) > 0, "the last answers were slowed down");
    assertEquals(true, get("/api/session", "Cookie", cookie).json().getBoolean("authenticated"));
    assertEquals(200, post("/api/login", new JsonObject().put("password", "right")).status());
    assertEquals(0, failures());
    assertEquals(200, get("/api/info", "Authorization", "Bearer right").status());
  }

  @Test
  @DisplayName("WebSocket auth op and ?token=: after wrong passwords the right one is accepted")
  void webSocket() {
    JsonSocket ws = connect("/ws");
    for (int i = 0; i < GUESSES; i++) {
      assertEquals("error", ws.call(new JsonObject().put("op", "auth").put("password", "wrong")).getString("type"));
    }
    assertEquals(401, refusedUpgrade("/ws?token=wrong"));
    assertEquals(GUESSES + 1, failures());
    assertEquals(new JsonObject().put("type", "auth").put("ok", true).put("user", "default"),
        ws.call(new JsonObject().put("op", "auth").put("password", "right")));
    assertEquals(0, failures());
  }

  @Test
  @DisplayName("RESP: a pipelined burst of wrong AUTHs is answered in order, slowed, while other clients are served; then AUTH works")
  void resp() throws IOException {
    try (RawClient guesser = new RawClient(server.port()); RawClient other = new RawClient(server.port())) {
      StringBuilder burst = new StringBuilder();
      for (int i = 0; i < GUESSES; i++) {
        burst.append(new String(RawClient.command("AUTH", "wrong" + i)));
      }
      burst.append(new String(RawClient.command("AUTH", "default", "wrong")));
      burst.append(new String(RawClient.command("HELLO", "3", "AUTH", "default", "wrong")));
      burst.append(new String(RawClient.command("PING")));
      burst.append(new String(RawClient.command("AUTH", "right")));
      burst.append(new String(RawClient.command("PING")));
      guesser.send(burst.toString());
      // The delayed answers are timers, not a blocked event loop: another client is served meanwhile.
      assertEquals("-NOAUTH Authentication required.\r\n", other.call("PING"));
      for (int i = 0; i < GUESSES + 2; i++) {
        assertEquals(WRONGPASS, guesser.readReply(), "answer " + i);
      }
      assertEquals("-NOAUTH Authentication required.\r\n", guesser.readReply());
      assertEquals("+OK\r\n", guesser.readReply());
      assertEquals("+PONG\r\n", guesser.readReply());
      assertEquals(0, failures());
      assertEquals("+OK\r\n", other.call("AUTH", "right"));
    }
  }

  @Test
  @DisplayName("RESP: HELLO AUTH with the right password after wrong ones is accepted at once")
  void hello() throws IOException {
    try (RawClient raw = new RawClient(server.port())) {
      for (int i = 0; i < GUESSES; i++) {
        assertEquals(WRONGPASS, raw.call("HELLO", "2", "AUTH", "default", "wrong"));
      }
      assertEquals(GUESSES, failures());
      assertTrue(raw.call("HELLO", "2", "AUTH", "default", "right").startsWith("*14\r\n"));
      assertEquals(0, failures());
    }
  }

  @Test
  @DisplayName("Pizzaria: after wrong passwords auth with the right one answers success")
  void pizzaria() throws IOException {
    try (RawClient raw = new RawClient(server.pizzariaPort())) {
      for (int i = 0; i < GUESSES; i++) {
        raw.send("auth wrong" + i + "\r");
        assertEquals("error\r", raw.readUntil("\r"));
      }
      assertEquals(GUESSES, failures());
      raw.send("auth right\r");
      assertEquals("success\r", raw.readUntil("\r"));
      assertEquals(0, failures());
    }
  }
}

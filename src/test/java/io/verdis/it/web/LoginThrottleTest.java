package io.verdis.it.web;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("password guessing over HTTP is throttled per address")
class LoginThrottleTest extends WebTestBase {
  private static final JsonObject LOCKED =
      new JsonObject().put("error", "ERR too many failed authentication attempts from this address, retry later");

  @Override
  protected String[] directives() {
    return new String[] {"--requirepass", "right"};
  }

  @Test
  @DisplayName("after 10 wrong passwords the address gets 429 even for the right one; a session from before still works")
  void lockout() {
    Answer login = post("/api/login", new JsonObject().put("password", "right"));
    String cookie = login.header("Set-Cookie").split(";")[0];
    for (int i = 0; i < 10; i++) {
      assertEquals(401, post("/api/login", new JsonObject().put("password", "wrong" + i)).status());
    }
    Answer refused = post("/api/login", new JsonObject().put("password", "right"));
    assertEquals(429, refused.status());
    assertEquals(LOCKED, refused.json());
    assertEquals(429, get("/api/info", "Authorization", "Bearer right").status());
    assertEquals(new JsonObject().put("type", "error").put("message", LOCKED.getString("error")),
        connect("/ws").call(new JsonObject().put("op", "auth").put("password", "right")));
    assertEquals(429, refusedUpgrade("/ws?token=right"));
    assertEquals(true, get("/api/session", "Cookie", cookie).json().getBoolean("authenticated"));
  }
}

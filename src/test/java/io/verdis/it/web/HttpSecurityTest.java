package io.verdis.it.web;

import io.verdis.it.RawClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("HTTP security: requirepass sessions, Bearer, WebSocket auth, Origin, response headers")
class HttpSecurityTest extends WebTestBase {
  private static final String PASSWORD = "s3cret pass";
  private static final String CSP = "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
      + "style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
  private static final JsonObject NOAUTH = new JsonObject().put("error", "NOAUTH Authentication required.");
  private static final JsonObject WRONGPASS =
      new JsonObject().put("error", "WRONGPASS invalid username-password pair or user is disabled.");

  @Override
  protected String[] directives() {
    return new String[] {"--requirepass", PASSWORD,
        "--http-allowed-origins", "http://dash.example:9000 https://other.example"};
  }

  private static String bearer(String password) {
    return "Bearer " + password;
  }

  private static JsonObject session(boolean authenticated) {
    JsonObject session = new JsonObject().put("authRequired", true).put("authenticated", authenticated);
    return authenticated ? session.put("user", "default") : session;
  }

  /** Logs in and returns the {@code Cookie} header value that carries the session. */
  private String login(String password) {
    Answer answer = post("/api/login", new JsonObject().put("password", password));
    assertEquals(200, answer.status(), answer.body());
    String setCookie = answer.header("Set-Cookie");
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private static JsonObject subscribe(String channel) {
    return new JsonObject().put("op", "subscribe").put("channels", new JsonArray().add(channel));
  }

  private static JsonObject subscribed(String channel) {
    return new JsonObject().put("type", "subscribe").put("channel", channel).put("count", 1);
  }

  @Test
  @DisplayName("/api/session is open and says a password is required")
  void sessionIsOpen() {
    Answer answer = get("/api/session");
    assertEquals(200, answer.status());
    assertEquals(session(false), answer.json());
    assertEquals("application/json", answer.header("content-type"));
  }

  @Test
  @DisplayName("any other /api route without credentials is 401 NOAUTH; the probes stay open")
  void apiNeedsAuth() {
    Answer answer = get("/api/info");
    assertEquals(401, answer.status());
    assertEquals(NOAUTH, answer.json());
    assertEquals(401, request(HttpMethod.DELETE, "/api/key?key=k", null).status());
    assertEquals(200, get("/health/live").status());
  }

  @Test
  @DisplayName("Authorization: Bearer with the password passes; a wrong one is 401 WRONGPASS")
  void bearer() {
    Answer wrong = get("/api/info", "Authorization", bearer("guess"));
    assertEquals(401, wrong.status());
    assertEquals(WRONGPASS, wrong.json());
    // No admin route is mounted by this piece: past the guard, an unknown route is a plain 404.
    assertEquals(404, get("/api/no-such-route", "Authorization", bearer(PASSWORD)).status());
    assertEquals(session(true), get("/api/session", "Authorization", bearer(PASSWORD)).json());
  }

  @Test
  @DisplayName("login sets an HttpOnly, SameSite=Strict session cookie with a 256-bit token; logout ends it")
  void loginAndLogout() {
    Answer wrong = post("/api/login", new JsonObject().put("password", "guess"));
    assertEquals(401, wrong.status());
    assertEquals(WRONGPASS, wrong.json());
    assertNull(wrong.header("Set-Cookie"));
    assertEquals(400, request(HttpMethod.POST, "/api/login", "not json").status());
    assertEquals(400, post("/api/login", new JsonObject().put("password", 1)).status());

    Answer ok = post("/api/login", new JsonObject().put("password", PASSWORD));
    assertEquals(200, ok.status());
    assertEquals(new JsonObject().put("authenticated", true).put("user", "default"), ok.json());
    String setCookie = ok.header("Set-Cookie");
    assertTrue(setCookie.matches("verdis_session=[A-Za-z0-9_-]{43}(; .*)?"), setCookie);
    assertTrue(setCookie.contains("; Path=/"), setCookie);
    assertTrue(setCookie.contains("; HTTPOnly") || setCookie.contains("; HttpOnly"), setCookie);
    assertTrue(setCookie.contains("; SameSite=Strict"), setCookie);

    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    assertEquals(session(true), get("/api/session", "Cookie", cookie).json());
    assertEquals(404, get("/api/no-such-route", "Cookie", cookie).status());
    assertEquals(401, get("/api/no-such-route", "Cookie", "verdis_session=forged").status());

    Answer logout = request(HttpMethod.POST, "/api/logout", null, "Cookie", cookie);
    assertEquals(new JsonObject().put("authenticated", false), logout.json());
    assertTrue(logout.header("Set-Cookie").contains("Max-Age=0"), logout.header("Set-Cookie"));
    assertEquals(session(false), get("/api/session", "Cookie", cookie).json());
    assertEquals(NOAUTH, get("/api/info", "Cookie", cookie).json());
  }

  @Test
  @DisplayName("CONFIG SET requirepass ends every session and the new password logs in at once")
  void passwordChangeEndsSessions() throws Exception {
    String cookie = login(PASSWORD);
    try (RawClient raw = new RawClient(server.port())) {
      assertEquals("OK", raw.request("auth", PASSWORD));
      assertEquals("OK", raw.request("config", "set", "requirepass", "changed"));
      try {
        assertEquals(session(false), get("/api/session", "Cookie", cookie).json());
        assertEquals(401, post("/api/login", new JsonObject().put("password", PASSWORD)).status());
        String fresh = login("changed");
        assertEquals(session(true), get("/api/session", "Cookie", fresh).json());
      } finally {
        assertEquals("OK", raw.request("config", "set", "requirepass", PASSWORD));
      }
    }
  }

  @Test
  @DisplayName("a WebSocket must authenticate first: NOAUTH, then WRONGPASS, then the auth op lets it in")
  void webSocketAuthOp() {
    JsonSocket ws = connect("/ws");
    assertEquals(new JsonObject().put("type", "error").put("message", "NOAUTH Authentication required."),
        ws.call(subscribe("secret")));
    assertEquals(new JsonObject().put("type", "error").put("message", WRONGPASS.getString("error")),
        ws.call(new JsonObject().put("op", "auth").put("password", "guess")));
    assertEquals(new JsonObject().put("type", "auth").put("ok", true).put("user", "default"),
        ws.call(new JsonObject().put("op", "auth").put("password", PASSWORD)));
    assertEquals(subscribed("secret"), ws.call(subscribe("secret")));
  }

  @Test
  @DisplayName("a WebSocket may authenticate with ?token=, a Bearer header or the session cookie; a wrong token is refused")
  void webSocketCredentials() {
    assertEquals(subscribed("t"), connect("/ws?token=s3cret%20pass").call(subscribe("t")));
    assertEquals(subscribed("b"), connect("/ws", "Authorization", bearer(PASSWORD)).call(subscribe("b")));
    assertEquals(subscribed("c"), connect("/ws", "Cookie", login(PASSWORD)).call(subscribe("c")));
    assertEquals(401, refusedUpgrade("/ws?token=guess"));
  }

  @Test
  @DisplayName("a WebSocket from a foreign origin is refused with 403; listed, same-origin and Origin-less ones are not")
  void webSocketOrigin() {
    String token = "/ws?token=s3cret%20pass";
    assertEquals(403, refusedUpgrade(token, "Origin", "http://evil.example"));
    assertEquals(403, refusedUpgrade(token, "Origin", "null"));
    assertEquals(403, refusedUpgrade(token, "Origin", "http://dash.example:9001"));
    assertEquals(403, refusedUpgrade(token, "Origin", "http://127.0.0.1:" + (server.httpPort() + 1)));
    assertEquals(subscribed("o1"), connect(token, "Origin", "http://dash.example:9000").call(subscribe("o1")));
    assertEquals(subscribed("o2"), connect(token, "Origin", "https://other.example").call(subscribe("o2")));
    assertEquals(subscribed("o3"), connect(token, "Origin", "https://OTHER.example:443").call(subscribe("o3")));
    assertEquals(subscribed("o4"),
        connect(token, "Origin", "http://127.0.0.1:" + server.httpPort()).call(subscribe("o4")));
    assertEquals(subscribed("o5"), connect(token).call(subscribe("o5")));
  }

  @Test
  @DisplayName("a POST to the API from a foreign origin is refused with 403 before anything else")
  void apiWriteOrigin() {
    Answer foreign = request(HttpMethod.POST, "/api/login", new JsonObject().put("password", PASSWORD).encode(),
        "Origin", "http://evil.example");
    assertEquals(403, foreign.status());
    assertNull(foreign.header("Set-Cookie"));
    Answer same = request(HttpMethod.POST, "/api/login", new JsonObject().put("password", PASSWORD).encode(),
        "Origin", "http://127.0.0.1:" + server.httpPort());
    assertEquals(200, same.status());
    assertEquals(200, get("/api/session", "Origin", "http://evil.example").status(), "reads are left to CORS");
  }

  @Test
  @DisplayName("every response carries the CSP, nosniff, no-referrer and DENY: /, /api/session, a 404, a 401, a 413")
  void securityHeaders() {
    Answer tooBig = request(HttpMethod.POST, "/api/login", "x".repeat(64 * 1024));
    assertEquals(413, tooBig.status());
    for (Answer answer : new Answer[] {get("/"), get("/api/session"), get("/no/such/page"), get("/api/info"),
        get("/health/ready"), tooBig}) {
      assertEquals(CSP, answer.header("Content-Security-Policy"), answer.toString());
      assertEquals("nosniff", answer.header("X-Content-Type-Options"));
      assertEquals("no-referrer", answer.header("Referrer-Policy"));
      assertEquals("DENY", answer.header("X-Frame-Options"));
    }
    assertEquals(404, get("/no/such/page").status());
    assertEquals("no-store", get("/api/session").header("Cache-Control"));
  }
}

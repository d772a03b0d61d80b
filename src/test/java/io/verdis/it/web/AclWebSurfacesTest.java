package io.verdis.it.web;

import io.verdis.it.RawClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ACL users on the HTTP side: the admin API (through java.net.http, as a program would) and
 * /ws, each tried with no password, a wrong one, a user without the right, and the right user.
 */
@DisplayName("ACL users on the admin API and /ws: logins, NOPERM as 403, channel rights, ACL LOG")
class AclWebSurfacesTest extends WebTestBase {
  private static final String PASSWORD = "top-secret";
  private static final String NOPERM_WRITE = "NOPERM this user has no permissions to run the 'set' command";
  private static final String NOPERM_CHANNEL =
      "NOPERM this user has no permissions to access one of the channels used as arguments";

  private final HttpClient client = HttpClient.newHttpClient();

  @Override
  protected String[] directives() {
    return new String[] {"--requirepass", PASSWORD};
  }

  @BeforeAll
  void createUsers() throws IOException {
    try (RawClient raw = new RawClient(server.port())) {
      raw.request("auth", PASSWORD);
      // Reads keys, subscribes to news:*; no writes, no PUBLISH.
      raw.request("acl", "setuser", "reader", "on", ">readpw", "~*", "resetchannels", "&news:*",
          "+@read", "+@connection", "+@transaction", "+subscribe", "+psubscribe");
      // Publishes to news:* only.
      raw.request("acl", "setuser", "poster", "on", ">postpw", "resetchannels", "&news:*", "+publish");
      raw.request("acl", "setuser", "writer", "on", ">writepw", "~*", "&*", "+@all");
      raw.request("set", "greeting", "hello");
    }
  }

  private record Reply(int status, JsonObject json, String setCookie) {
  }

  private Reply send(String method, String path, JsonObject body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), new JsonObject(response.body()),
          response.headers().firstValue("set-cookie").orElse(null));
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private String login(String username, String password) {
    Reply reply = send("POST", "/api/login", new JsonObject().put("username", username).put("password", password));
    assertEquals(200, reply.status(), reply.json().encode());
    assertEquals(new JsonObject().put("authenticated", true).put("user", username), reply.json());
    return reply.setCookie().substring(0, reply.setCookie().indexOf(';'));
  }

  private static String basic(String username, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject stringValue(String value) {
    return new JsonObject().put("type", "string").put("value", value);
  }

  @SuppressWarnings("unchecked")
  private List<Object> aclLogEntry() throws IOException {
    try (RawClient raw = new RawClient(server.port())) {
      raw.request("auth", PASSWORD);
      List<Object> log = (List<Object>) RawClient.asText(raw.request("acl", "log", "1"));
      return (List<Object>) log.get(0);
    }
  }

  private static Object field(List<Object> entry, String name) {
    return entry.get(entry.indexOf(name) + 1);
  }

  private void resetAclLog() throws IOException {
    try (RawClient raw = new RawClient(server.port())) {
      raw.request("auth", PASSWORD);
      raw.request("acl", "log", "reset");
    }
  }

  @Test
  @DisplayName("API: no password is 401 NOAUTH, a wrong user password is 401 WRONGPASS and in ACL LOG")
  void apiRefusesMissingAndWrongLogins() throws IOException {
    assertEquals(401, send("GET", "/api/key?key=greeting", null).status());
    resetAclLog();
    Reply wrong = send("POST", "/api/login", new JsonObject().put("username", "reader").put("password", "guess"));
    assertEquals(401, wrong.status());
    assertEquals("WRONGPASS invalid username-password pair or user is disabled.", wrong.json().getString("error"));
    List<Object> entry = aclLogEntry();
    assertEquals("auth", field(entry, "reason"));
    assertEquals("toplevel", field(entry, "context"));
    assertEquals("auth", field(entry, "object"));
    assertEquals("reader", field(entry, "username"));
    assertTrue(String.valueOf(field(entry, "client-info")).contains("surface=http"), entry.toString());
    assertEquals(401, send("GET", "/api/keys", null, "Authorization", basic("reader", "guess")).status());
  }

  @Test
  @DisplayName("API: a read-only user sees keys and values; writes are 403 with Redis's NOPERM text")
  void readOnlyUserReadsButCannotWrite() {
    String cookie = login("reader", "readpw");
    assertEquals(new JsonObject().put("authRequired", true).put("authenticated", true).put("user", "reader"),
        send("GET", "/api/session", null, "Cookie", cookie).json());
    Reply read = send("GET", "/api/key?key=greeting", null, "Cookie", cookie);
    assertEquals(200, read.status(), read.json().encode());
    assertEquals("hello", read.json().getString("value"));
    assertEquals(200, send("GET", "/api/keys", null, "Cookie", cookie).status());
    // The server's figures are INFO's: this user may not run INFO.
    Reply stats = send("GET", "/api/stats", null, "Cookie", cookie);
    assertEquals(403, stats.status());
    assertEquals("NOPERM this user has no permissions to run the 'info' command", stats.json().getString("error"));

    Reply put = send("PUT", "/api/key?key=greeting", stringValue("changed"), "Cookie", cookie);
    assertEquals(403, put.status());
    assertEquals(NOPERM_WRITE, put.json().getString("error"));
    Reply delete = send("DELETE", "/api/key?key=greeting", null, "Cookie", cookie);
    assertEquals(403, delete.status());
    assertEquals("NOPERM this user has no permissions to run the 'del' command", delete.json().getString("error"));
    // The console answers a refused command as redis-cli shows any error reply.
    Reply console = send("POST", "/api/command", new JsonObject().put("line", "set greeting x"), "Cookie", cookie);
    assertEquals("(error) " + NOPERM_WRITE, console.json().getString("text"));
    // The refused writes changed nothing.
    assertEquals("hello", send("GET", "/api/key?key=greeting", null, "Cookie", cookie).json().getString("value"));
  }

  @Test
  @DisplayName("API: the right user writes (session or Basic); the password alone still logs in as default")
  void rightUserWrites() {
    String cookie = login("writer", "writepw");
    assertEquals(200, send("PUT", "/api/key?key=w1", stringValue("one"), "Cookie", cookie).status());
    Reply basic = send("PUT", "/api/key?key=w2", stringValue("two"), "Authorization", basic("writer", "writepw"));
    assertEquals(200, basic.status(), basic.json().encode());
    Reply passwordOnly = send("POST", "/api/login", new JsonObject().put("password", PASSWORD));
    assertEquals(new JsonObject().put("authenticated", true).put("user", "default"), passwordOnly.json());
    assertEquals(200, send("PUT", "/api/key?key=w3", stringValue("three"), "Authorization", "Bearer " + PASSWORD)
        .status());
  }

  @Test
  @DisplayName("API: a session ends with its user (ACL DELUSER); pooled connections are not shared across users")
  void sessionEndsWithItsUser() throws IOException {
    try (RawClient raw = new RawClient(server.port())) {
      raw.request("auth", PASSWORD);
      raw.request("acl", "setuser", "temp", "on", ">temppw", "~*", "+@read", "+@connection", "+@transaction");
    }
    String temp = login("temp", "temppw");
    String writer = login("writer", "writepw");
    assertEquals(200, send("GET", "/api/key?key=greeting", null, "Cookie", temp).status());
    // The writer's write runs on a connection of its own, not on temp's idle one, and the other way round.
    assertEquals(200, send("PUT", "/api/key?key=pool", stringValue("w"), "Cookie", writer).status());
    assertEquals(403, send("PUT", "/api/key?key=pool", stringValue("t"), "Cookie", temp).status());
    try (RawClient raw = new RawClient(server.port())) {
      raw.request("auth", PASSWORD);
      raw.request("acl", "deluser", "temp");
    }
    assertEquals(401, send("GET", "/api/key?key=greeting", null, "Cookie", temp).status());
    assertEquals(200, send("GET", "/api/key?key=greeting", null, "Cookie", writer).status());
  }

  private static JsonObject op(String op, String field, String... names) {
    JsonArray list = new JsonArray();
    for (String name : names) {
      list.add(name);
    }
    return new JsonObject().put("op", op).put(field, list);
  }

  private static JsonObject publish(String channel, String message) {
    return new JsonObject().put("op", "publish").put("channel", channel).put("message", message);
  }

  private static JsonObject error(String message) {
    return new JsonObject().put("type", "error").put("message", message);
  }

  @Test
  @DisplayName("/ws: NOAUTH, WRONGPASS (in ACL LOG), then a user's channel rights decide each subscribe and publish")
  void webSocketObeysChannelRights() throws IOException {
    JsonSocket reader = connect("/ws");
    assertEquals(error("NOAUTH Authentication required."), reader.call(op("subscribe", "channels", "news:1")));
    resetAclLog();
    assertEquals(error("WRONGPASS invalid username-password pair or user is disabled."),
        reader.call(new JsonObject().put("op", "auth").put("username", "reader").put("password", "guess")));
    List<Object> entry = aclLogEntry();
    assertEquals("auth", field(entry, "reason"));
    assertEquals("reader", field(entry, "username"));
    assertTrue(String.valueOf(field(entry, "client-info")).contains("surface=websocket"), entry.toString());

    assertEquals(new JsonObject().put("type", "auth").put("ok", true).put("user", "reader"),
        reader.call(new JsonObject().put("op", "auth").put("username", "reader").put("password", "readpw")));
    assertEquals(error(NOPERM_CHANNEL), reader.call(op("subscribe", "channels", "news:1", "secret")));
    assertEquals(error(NOPERM_CHANNEL), reader.call(op("psubscribe", "patterns", "*")));
    assertEquals(new JsonObject().put("type", "subscribe").put("channel", "news:1").put("count", 1),
        reader.call(op("subscribe", "channels", "news:1")));
    assertEquals(error("NOPERM this user has no permissions to run the 'publish' command"),
        reader.call(publish("news:1", "mine")));
    entry = aclLogEntry();
    assertEquals("command", field(entry, "reason"));
    assertEquals("publish", field(entry, "object"));

    // The poster logs in on the upgrade itself (Basic), and may publish to news:* only.
    JsonSocket poster = connect("/ws", "Authorization", basic("poster", "postpw"));
    assertEquals(error(NOPERM_CHANNEL), poster.call(publish("secret", "x")));
    JsonObject published = poster.call(publish("news:1", "flash"));
    assertEquals(1, published.getInteger("receivers"), published.encode());
    assertEquals("flash", reader.next().getString("data"));
    assertEquals(401, refusedUpgrade("/ws", "Authorization", basic("poster", "guess")));
  }

  @Test
  @DisplayName("/ws: a subscriber whose user loses its channel is closed (1008), as Redis closes a RESP one")
  void subscriberLosingItsChannelIsClosed() throws IOException {
    try (RawClient raw = new RawClient(server.port())) {
      raw.request("auth", PASSWORD);
      raw.request("acl", "setuser", "listener", "on", ">listenpw", "resetchannels", "&alerts", "+subscribe");
    }
    JsonSocket listener = connect("/ws", "Authorization", basic("listener", "listenpw"));
    assertEquals(new JsonObject().put("type", "subscribe").put("channel", "alerts").put("count", 1),
        listener.call(op("subscribe", "channels", "alerts")));
    try (RawClient raw = new RawClient(server.port())) {
      raw.request("auth", PASSWORD);
      raw.request("acl", "setuser", "listener", "resetchannels");
    }
    assertEquals(1008, listener.awaitClose());
  }
}

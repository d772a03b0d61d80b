package io.verdis.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Pizzaria port and ACL users, over raw sockets: with no password, a wrong one, a user without
 * the right and the right user; {@code pizzaria-user} binds the port to a user (set per test with
 * CONFIG SET, so each test says which user it tries).
 */
@DisplayName("Pizzaria and ACL: auth as default or as pizzaria-user, each verb checked as its RESP command")
class PizzariaAclTest {
  private static final String PASSWORD = "admin-pw";
  private static TestServer server;

  @BeforeAll
  static void start() throws IOException {
    server = TestServer.start("--requirepass", PASSWORD);
    admin("acl", "setuser", "pizza-reader", "on", ">readpw", "~*", "+get", "+keys", "+info");
    admin("acl", "setuser", "pizza-app", "on", ">apppw", "~app:*", "+@all");
    admin("acl", "setuser", "pizza-open", "on", "nopass", "~*", "+get");
    admin("set", "k", "v");
    admin("set", "app:1", "one");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Object admin(Object... args) throws IOException {
    try (RawClient raw = new RawClient(server.port())) {
      raw.request("auth", PASSWORD);
      return RawClient.asText(raw.request(args));
    }
  }

  private static void bind(String user) throws IOException {
    admin("config", "set", "pizzaria-user", user);
  }

  private static String ask(RawClient raw, String request) throws IOException {
    raw.send(request + "\r");
    String line = raw.readUntil("\r");
    return line.substring(0, line.length() - 1);
  }

  @SuppressWarnings("unchecked")
  private static List<Object> latestAclLogEntry() throws IOException {
    return (List<Object>) ((List<Object>) admin("acl", "log", "1")).get(0);
  }

  private static Object field(List<Object> entry, String name) {
    return entry.get(entry.indexOf(name) + 1);
  }

  @Test
  @DisplayName("unbound: no password and a wrong one are refused (ACL LOG); auth <requirepass> logs in as default")
  void defaultUser() throws IOException {
    bind("");
    admin("acl", "log", "reset");
    try (RawClient raw = new RawClient(server.pizzariaPort())) {
      assertEquals("error", ask(raw, "read k"));
      assertEquals("error", ask(raw, "auth guess"));
      List<Object> entry = latestAclLogEntry();
      assertEquals("auth", field(entry, "reason"));
      assertEquals("toplevel", field(entry, "context"));
      assertEquals("default", field(entry, "username"));
      assertTrue(String.valueOf(field(entry, "client-info")).endsWith(" surface=pizzaria"), entry.toString());
      assertEquals("success", ask(raw, "auth " + PASSWORD));
      assertEquals("v", ask(raw, "read k"));
    }
  }

  @Test
  @DisplayName("bound to a read-only user: its password only; reads pass, writes and deletes are refused (ACL LOG)")
  void readOnlyUser() throws IOException {
    bind("pizza-reader");
    admin("acl", "log", "reset");
    try (RawClient raw = new RawClient(server.pizzariaPort())) {
      assertEquals("error", ask(raw, "read k"));
      assertEquals("error", ask(raw, "auth " + PASSWORD), "the default user's password is not this user's");
      assertEquals("pizza-reader", field(latestAclLogEntry(), "username"));
      assertEquals("success", ask(raw, "auth readpw"));
      assertEquals("v", ask(raw, "read k"));
      assertEquals("error", ask(raw, "write k|changed"));
      List<Object> entry = latestAclLogEntry();
      assertEquals("command", field(entry, "reason"));
      assertEquals("set", field(entry, "object"));
      assertEquals("pizza-reader", field(entry, "username"));
      assertEquals("error", ask(raw, "delete k"));
      assertEquals("v", ask(raw, "read k"));
      assertEquals("v", ask(raw, "reads k"), "allkeys: reads may read every key");
    }
    assertEquals("v", admin("get", "k"));
  }

  @Test
  @DisplayName("bound to a user with key patterns: its keys only; reads, which reads any key, is refused")
  void keyPatterns() throws IOException {
    bind("pizza-app");
    try (RawClient raw = new RawClient(server.pizzariaPort())) {
      assertEquals("success", ask(raw, "auth apppw"));
      assertEquals("success", ask(raw, "write app:2|two"));
      assertEquals("two", ask(raw, "read app:2"));
      assertEquals("error", ask(raw, "write other|x"));
      assertEquals("key", field(latestAclLogEntry(), "reason"));
      assertEquals("error", ask(raw, "read k"));
      assertEquals("error", ask(raw, "reads app:"));
    }
    assertEquals(null, admin("get", "other"));
  }

  @Test
  @DisplayName("never an open door: a missing user lets no one in; a password user needs auth even with default open")
  void neverOpen() throws IOException {
    bind("no-such-user");
    try (RawClient raw = new RawClient(server.pizzariaPort())) {
      assertEquals("error", ask(raw, "read k"));
      assertEquals("error", ask(raw, "auth " + PASSWORD));
      assertEquals("error", ask(raw, "read k"));
    }
    bind("pizza-open");
    try (RawClient raw = new RawClient(server.pizzariaPort())) {
      assertEquals("v", ask(raw, "read k"), "a nopass user is logged in at once");
      assertEquals("error", ask(raw, "write k|x"));
    }
    bind("pizza-reader");
    admin("config", "set", "requirepass", "");
    try {
      try (RawClient raw = new RawClient(server.pizzariaPort())) {
        assertEquals("error", ask(raw, "read k"), "the default user's being open does not log in pizza-reader");
        assertEquals("success", ask(raw, "auth readpw"));
        assertEquals("v", ask(raw, "read k"));
      }
    } finally {
      try (RawClient raw = new RawClient(server.port())) {
        raw.request("config", "set", "requirepass", PASSWORD);
      }
    }
  }
}

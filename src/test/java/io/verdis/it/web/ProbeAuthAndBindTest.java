package io.verdis.it.web;

import io.verdis.it.RawClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("http-auth-probes yes puts the probes behind the password; http-bind skips an optional address")
class ProbeAuthAndBindTest extends WebTestBase {

  @Override
  protected String[] directives() {
    // 192.0.2.1 (TEST-NET-1) is no address of this machine: optional, so skipped.
    return new String[] {"--requirepass", "pw", "--http-auth-probes", "yes", "--http-bind", "-192.0.2.1 127.0.0.1"};
  }

  @Test
  @DisplayName("/health/* needs credentials, /api/session stays open")
  void probesNeedAuth() {
    Answer live = get("/health/live");
    assertEquals(401, live.status());
    assertEquals(new JsonObject().put("error", "NOAUTH Authentication required."), live.json());
    assertEquals(401, get("/health/ready").status());
    assertEquals(200, get("/health/live", "Authorization", "Bearer pw").status());
    assertEquals(200, get("/api/session").status());
  }

  @Test
  @DisplayName("CONFIG GET shows the HTTP directives; CONFIG SET http-auth-probes no opens the probes again")
  void configDirectives() throws Exception {
    try (RawClient raw = new RawClient(server.port())) {
      raw.request("auth", "pw");
      assertEquals(List.of("http-bind", "-192.0.2.1 127.0.0.1"), text(raw.request("config", "get", "http-bind")));
      assertEquals(List.of("http-allowed-origins", ""), text(raw.request("config", "get", "http-allowed-origins")));
      assertEquals("OK", raw.request("config", "set", "http-auth-probes", "no"));
      try {
        assertEquals(200, get("/health/live").status());
      } finally {
        raw.request("config", "set", "http-auth-probes", "yes");
      }
      assertEquals("OK", raw.request("config", "set", "http-allowed-origins", "http://a.example http://b.example"));
      assertEquals(List.of("http-allowed-origins", "http://a.example http://b.example"),
          text(raw.request("config", "get", "http-allowed-origins")));
      RawClient.ErrorReply immutable = org.junit.jupiter.api.Assertions.assertThrows(RawClient.ErrorReply.class,
          () -> raw.request("config", "set", "http-bind", "0.0.0.0"));
      assertEquals("ERR CONFIG SET failed (possibly related to argument 'http-bind') - can't set immutable config",
          immutable.getMessage());
    }
  }

  private static List<String> text(Object reply) {
    return ((List<?>) reply).stream().map(item -> new String((byte[]) item, StandardCharsets.UTF_8)).toList();
  }
}

package io.verdis.it.web;

import io.verdis.it.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DNS rebinding: with no password (the default) a page whose name points here must not drive the server. */
@DisplayName("HTTP answers only Host names of this server (localhost, IP addresses, http-allowed-hosts)")
class HostCheckTest extends WebTestBase {
  private static final String COMMAND = "{\"db\":0,\"args\":[\"SET\",\"pwned\",\"1\"]}";

  @Override
  protected String[] directives() {
    return new String[] {"--http-allowed-hosts", "verdis.internal dash.example:9000"};
  }

  private String command(String host, String origin) throws IOException {
    return RawHttp.exchange(server.httpPort(), RawHttp.request("POST", "/api/command", COMMAND,
        "Host: " + host, "Origin: " + origin, "Content-Type: application/json"));
  }

  private String pwned() throws IOException {
    try (RawClient raw = new RawClient(server.port())) {
      return raw.call("GET", "pwned");
    }
  }

  private int get(String path, String host) throws IOException {
    return RawHttp.status(server.httpPort(), RawHttp.request("GET", path, null, "Host: " + host));
  }

  @Test
  @DisplayName("the issue's curl (Host and Origin evil.example) is refused with 421 and the key is not set")
  void rebindingRefused() throws IOException {
    int port = server.httpPort();
    String answer = command("evil.example:" + port, "http://evil.example:" + port);
    assertEquals(421, RawHttp.status(answer), answer);
    assertTrue(answer.contains("not a name of this server: add it to http-allowed-hosts"), answer);
    assertEquals("$-1\r\n", pwned());
  }

  @Test
  @DisplayName("every route refuses a foreign Host: the dashboard, the API, the probes, /metrics, the /ws upgrade")
  void everyRoute() throws IOException {
    String evil = "evil.example:" + server.httpPort();
    for (String path : new String[] {"/", "/index.html", "/api/session", "/health/live", "/health/ready", "/metrics"}) {
      assertEquals(421, get(path, evil), path);
    }
    assertEquals(421, RawHttp.status(server.httpPort(), RawHttp.upgrade("/ws", "Host: " + evil)));
    assertEquals(421, RawHttp.status(server.httpPort(), RawHttp.upgrade("/ws", "Host: 127.0.0.1.evil.example")));
    assertEquals(101, RawHttp.status(server.httpPort(), RawHttp.upgrade("/ws", "Host: 127.0.0.1:" + server.httpPort())));
  }

  @Test
  @DisplayName("localhost, IP addresses (loopback, a pod's IP) and the listed names are answered")
  void ownNames() throws IOException {
    int port = server.httpPort();
    for (String host : new String[] {"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "[::1]:" + port,
        "10.1.2.3:" + port, "verdis.internal:" + port, "Verdis.Internal", "dash.example:9000"}) {
      assertEquals(200, get("/health/live", host), host);
    }
    assertEquals(421, get("/health/live", "dash.example:9001"));
    assertEquals(421, get("/health/live", "internal"));
    String answer = command("127.0.0.1:" + port, "http://127.0.0.1:" + port);
    assertEquals(200, RawHttp.status(answer), answer);
    assertEquals("$1\r\n1\r\n", pwned());
    String listed = command("verdis.internal:" + port, "http://verdis.internal:" + port);
    assertEquals(200, RawHttp.status(listed), listed);
  }

  @Test
  @DisplayName("CONFIG SET http-allowed-hosts * answers any Host; the Origin check still applies")
  void anyHost() throws IOException {
    try (RawClient raw = new RawClient(server.port())) {
      assertEquals("+OK\r\n", raw.call("CONFIG", "SET", "http-allowed-hosts", "*"));
      try {
        assertEquals(200, get("/health/live", "evil.example"));
        int port = server.httpPort();
        assertEquals(403, RawHttp.status(command("127.0.0.1:" + port, "http://evil.example:" + port)));
      } finally {
        raw.call("CONFIG", "SET", "http-allowed-hosts", "verdis.internal dash.example:9000");
      }
    }
  }
}

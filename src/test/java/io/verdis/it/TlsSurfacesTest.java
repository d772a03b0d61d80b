package io.verdis.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.it.TestCertificates.Identity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS beyond the RESP port: the web side over HTTPS (http-tls: the dashboard, the API, /metrics)
 * with the tls-* certificate and no client certificate asked for, and the Pizzaria port over
 * mutual TLS (pizzaria-tls), each refusing plaintext, each taking a new certificate on CONFIG SET.
 */
class TlsSurfacesTest {
  private static Path dir;
  private static Identity ca;
  private static Identity otherCa;
  private static Identity serverCert;
  private static Identity serverCertOfOtherCa;
  private static Identity client;
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("verdis-tls-surfaces");
    TestCertificates certificates = new TestCertificates(dir);
    ca = certificates.authority("ca");
    otherCa = certificates.authority("other-ca");
    serverCert = certificates.issue(ca, "server", false);
    serverCertOfOtherCa = certificates.issue(otherCa, "server-other", false);
    client = certificates.issue(ca, "client", false);
    server = TestServer.start("--tls-cert-file", serverCert.cert().toString(),
        "--tls-key-file", serverCert.key().toString(), "--tls-ca-cert-file", ca.cert().toString(),
        "--http-tls", "yes", "--pizzaria-tls", "yes");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (dir != null) {
      TestServer.deleteTree(dir);
    }
  }

  /** A GET with a fresh client (no pooled connection: each request makes a new handshake). */
  private static HttpResponse<String> get(String scheme, String path, Identity trusted) throws Exception {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (trusted != null) {
      builder.sslContext(TestCertificates.clientContext(null, trusted));
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + server.httpPort() + path))
        .timeout(Duration.ofSeconds(10)).GET().build();
    return builder.build().send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theDashboardTheApiAndMetricsAnswerOverHttpsWithoutAClientCertificate() throws Exception {
    assertEquals(200, get("https", "/health/live", ca).statusCode());
    HttpResponse<String> dashboard = get("https", "/", ca);
    assertEquals(200, dashboard.statusCode());
    assertTrue(dashboard.body().contains("<html"), dashboard.body());
    assertEquals(200, get("https", "/metrics", ca).statusCode());
  }

  @Test
  void plaintextHttpIsRefused() {
    assertThrows(IOException.class, () -> get("http", "/health/live", null));
  }

  @Test
  void configSetTlsCertFileReloadsHttpsAndPizzaria() throws Exception {
    try (RawClient admin = new RawClient(server.port())) {
      try {
        assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "tls-cert-file", serverCertOfOtherCa.cert().toString(),
            "tls-key-file", serverCertOfOtherCa.key().toString()));
        assertEquals(200, get("https", "/health/live", otherCa).statusCode());
        assertThrows(IOException.class, () -> get("https", "/health/live", ca), "the old certificate is gone");
        try (RawClient pizzaria = TestCertificates.connect(server.pizzariaPort(), client, otherCa)) {
          assertEquals("success", ask(pizzaria, "write reloaded|yes"));
        }
      } finally {
        assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "tls-cert-file", serverCert.cert().toString(),
            "tls-key-file", serverCert.key().toString()));
      }
    }
  }

  @Test
  void pizzariaSpeaksMutualTls() throws Exception {
    try (RawClient pizzaria = TestCertificates.connect(server.pizzariaPort(), client, ca)) {
      assertEquals("success", ask(pizzaria, "write pizza|margherita"));
      assertEquals("margherita", ask(pizzaria, "read pizza"));
    }
  }

  @Test
  void aPlaintextPizzariaClientIsDropped() throws Exception {
    try (RawClient plaintext = new RawClient(server.pizzariaPort())) {
      plaintext.send("read pizza\r");
      assertTrue(plaintext.closedByServer());
    }
  }

  private static String ask(RawClient raw, String request) throws IOException {
    raw.send(request + "\r");
    String line = raw.readUntil("\r");
    return line.substring(0, line.length() - 1);
  }
}

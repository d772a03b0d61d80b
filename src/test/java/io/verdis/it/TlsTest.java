package io.verdis.it;

import io.verdis.it.TestCertificates.Identity;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The TLS port (tls-port and the other tls-* directives, as Redis 7.0 configures them) with
 * certificates made for the test: mutual TLS required, optional and off, refused certificates,
 * a plaintext client on the TLS port, a reload by CONFIG SET, and real clients (the Vert.x Redis
 * client, JDK TLS sockets, redis-cli --tls).
 */
@ExtendWith(VertxExtension.class)
class TlsTest {
  private static Path dir;
  private static Identity ca;
  private static Identity otherCa;
  private static Identity serverCert;
  private static Identity serverCertOfOtherCa;
  private static Identity client;
  private static Identity expiredClient;
  private static Identity clientOfOtherCa;
  /** Mutual TLS required (tls-auth-clients yes, the default), beside the plain port. */
  private static TestServer server;
  private static int tlsPort;

  @BeforeAll
  static void makeCertificatesAndStart() throws Exception {
    dir = Files.createTempDirectory("verdis-tls");
    TestCertificates certificates = new TestCertificates(dir);
    ca = certificates.authority("ca");
    otherCa = certificates.authority("other-ca");
    serverCert = certificates.issue(ca, "server", false);
    serverCertOfOtherCa = certificates.issue(otherCa, "server-other", false);
    client = certificates.issue(ca, "client", false);
    expiredClient = certificates.issue(ca, "client-expired", true);
    clientOfOtherCa = certificates.issue(otherCa, "client-other", false);
    tlsPort = TestServer.freePort();
    // Two event loops: a listener per loop, all of them reloaded by CONFIG SET.
    server = TestServer.start(tlsDirectives(tlsPort, "yes", "--shards", "2", "--event-loops", "2"));
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

  private static String[] tlsDirectives(int port, String authClients, String... more) {
    List<String> args = new ArrayList<>(List.of("--tls-port", Integer.toString(port),
        "--tls-cert-file", serverCert.cert().toString(), "--tls-key-file", serverCert.key().toString(),
        "--tls-ca-cert-file", ca.cert().toString(), "--tls-auth-clients", authClients));
    args.addAll(List.of(more));
    return args.toArray(new String[0]);
  }

  private static RawClient tlsClient(int port, Identity own, Identity trusted) throws Exception {
    return TestCertificates.connect(port, own, trusted);
  }

  /**
   * Whether the server refuses such a client: at the handshake, or at its first request (with
   * TLSv1.3 the client finishes its handshake before the server has checked its certificate).
   */
  private static boolean refused(int port, Identity own, Identity trusted) throws Exception {
    RawClient raw;
    try {
      raw = tlsClient(port, own, trusted);
    } catch (IOException e) {
      return true;
    }
    try (raw) {
      raw.send(RawClient.command("PING"));
      return raw.closedByServer();
    } catch (IOException e) {
      return true;
    }
  }

  private static Redis vertxClient(Vertx vertx, int port, Identity own) {
    NetClientOptions tls = new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS")
        .setTrustOptions(new PemTrustOptions().addCertPath(ca.cert().toString()));
    if (own != null) {
      tls.setKeyCertOptions(new PemKeyCertOptions().setCertPath(own.cert().toString()).setKeyPath(own.key().toString()));
    }
    return Redis.createClient(vertx, new RedisOptions().setConnectionString("rediss://127.0.0.1:" + port)
        .setNetClientOptions(tls));
  }

  @Test
  void vertxRedisClientTalksOverMutualTls(Vertx vertx) {
    Redis redis = vertxClient(vertx, tlsPort, client);
    try {
      RedisConnection connection = redis.connect().await();
      assertEquals("OK", connection.send(Request.cmd(Command.SET).arg("tls:key").arg("secret")).await().toString());
      assertEquals("secret", connection.send(Request.cmd(Command.GET).arg("tls:key")).await().toString());
      connection.close().await();
    } finally {
      redis.close();
    }
  }

  @Test
  void vertxRedisClientWithoutCertificateIsRefusedWhenRequired(Vertx vertx) {
    Redis redis = vertxClient(vertx, tlsPort, null);
    try {
      assertThrows(Exception.class, () -> redis.connect()
          .compose(connection -> connection.send(Request.cmd(Command.PING))).await());
    } finally {
      redis.close();
    }
  }

  @Test
  void theTlsPortAndThePlainPortServeTheSameData() throws Exception {
    try (RawClient tls = tlsClient(tlsPort, client, ca); RawClient plain = new RawClient(server.port())) {
      assertEquals("+OK\r\n", tls.call("SET", "shared", "1"));
      assertEquals("$1\r\n1\r\n", plain.call("GET", "shared"));
    }
  }

  @Test
  void clientCertificatesThatDoNotChainToTheCaAreRefused() throws Exception {
    assertTrue(refused(tlsPort, null, ca), "no certificate");
    assertTrue(refused(tlsPort, clientOfOtherCa, ca), "certificate of another CA");
    assertTrue(refused(tlsPort, expiredClient, ca), "expired certificate");
    assertFalse(refused(tlsPort, client, ca), "the good certificate");
  }

  @Test
  void aPlaintextClientOnTheTlsPortIsDroppedAndOthersCarryOn() throws Exception {
    try (RawClient tls = tlsClient(tlsPort, client, ca); RawClient plaintext = new RawClient(tlsPort)) {
      plaintext.send(RawClient.command("PING"));
      assertTrue(plaintext.closedByServer());
      assertEquals("+PONG\r\n", tls.call("PING"));
    }
    try (RawClient after = tlsClient(tlsPort, client, ca)) {
      assertEquals("+PONG\r\n", after.call("PING"));
    }
  }

  @Test
  void configGetShowsTheTlsDirectivesAsRedisDoes() throws Exception {
    try (RawClient raw = new RawClient(server.port())) {
      assertEquals("*2\r\n$16\r\ntls-auth-clients\r\n$3\r\nyes\r\n", raw.call("CONFIG", "GET", "tls-auth-clients"));
      assertEquals("*2\r\n$8\r\ntls-port\r\n$" + Integer.toString(tlsPort).length() + "\r\n" + tlsPort + "\r\n",
          raw.call("CONFIG", "GET", "tls-port"));
      assertEquals("*2\r\n$22\r\ntls-session-cache-size\r\n$5\r\n20480\r\n",
          raw.call("CONFIG", "GET", "tls-session-cache-size"));
      assertEquals("-ERR CONFIG SET failed (possibly related to argument 'tls-auth-clients') - argument(s) must be "
          + "one of the following: no, yes, optional\r\n", raw.call("CONFIG", "SET", "tls-auth-clients", "maybe"));
    }
  }

  @Test
  void configSetTlsAuthClientsAppliesToNewConnections() throws Exception {
    try (RawClient admin = new RawClient(server.port())) {
      try {
        assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "tls-auth-clients", "optional"));
        assertFalse(refused(tlsPort, null, ca), "optional: no certificate is fine");
        assertTrue(refused(tlsPort, clientOfOtherCa, ca), "optional: a certificate sent is still checked");
      } finally {
        assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "tls-auth-clients", "yes"));
      }
      assertTrue(refused(tlsPort, null, ca), "yes again");
    }
  }

  @Test
  void configSetTlsCertFileReloadsTheCertificateForNewConnections() throws Exception {
    try (RawClient before = tlsClient(tlsPort, client, ca)) {
      try {
        assertEquals("+OK\r\n", before.call("CONFIG", "SET", "tls-cert-file", serverCertOfOtherCa.cert().toString(),
            "tls-key-file", serverCertOfOtherCa.key().toString()));
        try (RawClient after = tlsClient(tlsPort, client, otherCa)) {
          assertEquals("+PONG\r\n", after.call("PING"));
        }
        assertTrue(refused(tlsPort, client, ca), "the old certificate is gone");
        assertEquals("+PONG\r\n", before.call("PING"));
      } finally {
        assertEquals("+OK\r\n", before.call("CONFIG", "SET", "tls-cert-file", serverCert.cert().toString(),
            "tls-key-file", serverCert.key().toString()));
      }
    }
  }

  @Test
  void configSetOfABadCertificateIsRefusedAndTheOldOneStays() throws Exception {
    try (RawClient admin = new RawClient(server.port())) {
      assertEquals("-ERR CONFIG SET failed (possibly related to argument 'tls-cert-file') - Unable to update TLS "
          + "configuration. Check server logs.\r\n", admin.call("CONFIG", "SET", "tls-cert-file", dir.resolve("missing.crt").toString()));
      assertEquals("-ERR CONFIG SET failed (possibly related to argument 'tls-protocols') - Unable to update TLS "
          + "configuration. Check server logs.\r\n", admin.call("CONFIG", "SET", "tls-protocols", "SSLv3"));
      assertEquals("*2\r\n$13\r\ntls-cert-file\r\n$" + serverCert.cert().toString().length() + "\r\n"
          + serverCert.cert() + "\r\n", admin.call("CONFIG", "GET", "tls-cert-file"));
    }
    assertFalse(refused(tlsPort, client, ca));
  }

  @Test
  void authAndPubSubWorkOverTls() throws Exception {
    int port = TestServer.freePort();
    try (TestServer secured = TestServer.start(tlsDirectives(port, "yes", "--requirepass", "s3cret"));
         RawClient subscriber = tlsClient(port, client, ca);
         RawClient publisher = tlsClient(port, client, ca)) {
      assertEquals("-NOAUTH Authentication required.\r\n", subscriber.call("GET", "k"));
      assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
          subscriber.call("AUTH", "wrong"));
      assertEquals("+OK\r\n", subscriber.call("AUTH", "s3cret"));
      assertEquals("+OK\r\n", publisher.call("AUTH", "s3cret"));
      assertEquals("*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n", subscriber.call("SUBSCRIBE", "news"));
      assertEquals(":1\r\n", publisher.call("PUBLISH", "news", "hello"));
      assertEquals("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n", subscriber.readReply());
    }
  }

  @Test
  void portZeroWithATlsPortServesTlsOnlyAndInfoShowsTheTlsPort() throws Exception {
    int port = TestServer.freePort();
    try (TestServer tlsOnly = TestServer.start(tlsDirectives(port, "no", "--port", "0"));
         RawClient raw = tlsClient(port, null, ca)) {
      assertTrue(raw.call("INFO", "server").contains("\r\ntcp_port:" + port + "\r\n"));
    }
  }

  @Test
  void tlsAuthClientsNoNeedsNoCaNorClientCertificate() throws Exception {
    int port = TestServer.freePort();
    try (TestServer open = TestServer.start("--tls-port", Integer.toString(port),
        "--tls-cert-file", serverCert.cert().toString(), "--tls-key-file", serverCert.key().toString(),
        "--tls-auth-clients", "no");
         RawClient raw = tlsClient(port, null, ca)) {
      assertEquals("+PONG\r\n", raw.call("PING"));
    }
  }

  @Test
  void anEncryptedKeyIsReadWithTlsKeyFilePass() throws Exception {
    Path encrypted = new TestCertificates(dir).encryptedKey(serverCert, "key-pass");
    assumeTrue(encrypted != null, "openssl is not installed to encrypt the key");
    assertTrue(Files.readString(encrypted).contains("BEGIN ENCRYPTED PRIVATE KEY"));
    int port = TestServer.freePort();
    try (TestServer withPass = TestServer.start(tlsDirectives(port, "yes",
        "--tls-key-file", encrypted.toString(), "--tls-key-file-pass", "key-pass"));
         RawClient raw = tlsClient(port, client, ca)) {
      assertEquals("+PONG\r\n", raw.call("PING"));
    }
  }

  @Test
  void caCertDirProtocolsAndOpenSslCipherNamesAreApplied() throws Exception {
    Path cas = Files.createDirectories(dir.resolve("ca-dir"));
    Files.copy(ca.cert(), cas.resolve("0a1b2c3d.0"));
    Files.writeString(cas.resolve("README"), "not a certificate");
    int port = TestServer.freePort();
    try (TestServer restricted = TestServer.start("--tls-port", Integer.toString(port),
        "--tls-cert-file", serverCert.cert().toString(), "--tls-key-file", serverCert.key().toString(),
        "--tls-ca-cert-dir", cas.toString(), "--tls-protocols", "TLSv1.2",
        "--tls-ciphers", "ECDHE-RSA-AES128-GCM-SHA256")) {
      SSLSocket socket = (SSLSocket) TestCertificates.clientContext(client, ca).getSocketFactory()
          .createSocket("127.0.0.1", port);
      try (RawClient raw = new RawClient(socket)) {
        socket.startHandshake();
        assertEquals("TLSv1.2", socket.getSession().getProtocol());
        assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", socket.getSession().getCipherSuite());
        assertEquals("+PONG\r\n", raw.call("PING"));
      }
      assertTrue(refused(port, clientOfOtherCa, ca), "a certificate of a CA not in the directory");
    }
  }

  @Test
  void startUpFailsWithRedisReasonWhenTheCertificateIsMissing() {
    IllegalStateException failure = assertThrows(IllegalStateException.class,
        () -> TestServer.start("--tls-port", Integer.toString(TestServer.freePort())));
    assertTrue(failure.getMessage().contains("No tls-cert-file configured!"), failure.getMessage());
  }

  @Test
  void redisCliTalksToTheTlsPort() throws Exception {
    Path cli = Path.of("/usr/bin/redis-cli");
    assumeTrue(Files.isExecutable(cli), "redis-cli is not installed");
    assumeTrue(run(cli.toString(), "--help").contains("--tls"), "this redis-cli was built without TLS");
    String port = Integer.toString(tlsPort);
    assertEquals("PONG\n", run(cli.toString(), "-h", "127.0.0.1", "-p", port, "--tls",
        "--cacert", ca.cert().toString(), "--cert", client.cert().toString(), "--key", client.key().toString(), "PING"));
    assertFalse(run(cli.toString(), "-h", "127.0.0.1", "-p", port, "--tls",
        "--cacert", ca.cert().toString(), "PING").contains("PONG"), "no client certificate");
  }

  /** A process's output (stdout and stderr), whatever its exit status. */
  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // A hang guard, not a timing assertion.
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
    return output;
  }
}

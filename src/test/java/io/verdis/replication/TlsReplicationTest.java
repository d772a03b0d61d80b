package io.verdis.replication;

import static io.verdis.replication.ReplicationProbe.awaitCaughtUp;
import static io.verdis.replication.ReplicationProbe.awaitLinkUp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.verdis.it.Info;
import io.verdis.it.RawClient;
import io.verdis.it.RealRedis;
import io.verdis.it.TestServer;
import io.verdis.it.TestTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * tls-replication: replicas reach their primary's TLS port over TLS, presenting their own
 * certificate (mutual TLS), both ways between Verdis and a real redis-server 7.0 and between two
 * Verdis nodes. The full sync (the RDB) and the stream after it cross the TLS link.
 */
@Timeout(120)
class TlsReplicationTest {
  private static Path certificates;
  private static TestTls tls;

  @TempDir
  Path dir;

  @BeforeAll
  static void makeCertificates() throws Exception {
    certificates = Files.createTempDirectory("verdis-tls-replication");
    tls = TestTls.make(certificates);
  }

  @AfterAll
  static void removeCertificates() {
    TestServer.deleteTree(certificates);
  }

  private static TestServer verdisWithTlsPort(String... more) {
    int tlsPort = TestServer.freePort();
    List<String> args = new ArrayList<>(List.of(tls.directives("--tls-port", Integer.toString(tlsPort))));
    args.addAll(List.of(more));
    return TestServer.start(args.toArray(new String[0]));
  }

  private static int tlsPortOf(TestServer server) throws Exception {
    try (RawClient raw = new RawClient(server.port())) {
      return Integer.parseInt(((List<?>) RawClient.asText(raw.request("CONFIG", "GET", "tls-port"))).get(1).toString());
    }
  }

  @Test
  void aVerdisReplicaFollowsAVerdisPrimaryOverTls() throws Exception {
    try (TestServer primary = verdisWithTlsPort();
         TestServer replicaNode = verdisWithTlsPort("--tls-replication", "yes");
         RawClient writer = tls.client(tlsPortOf(primary));
         RawClient replica = new RawClient(replicaNode.port())) {
      writer.request("SET", "before", "full sync");
      assertEquals("OK", replica.request("REPLICAOF", "127.0.0.1", tlsPortOf(primary)));
      awaitLinkUp(replica);
      writer.request("RPUSH", "after", "streamed");
      awaitCaughtUp(writer, replica);
      assertEquals("full sync", RawClient.asText(replica.request("GET", "before")));
      assertEquals(List.of("streamed"), RawClient.asText(replica.request("LRANGE", "after", 0, -1)));
      // REPLCONF listening-port names the replica's TLS port under tls-replication, as Redis's does.
      String replicaTlsPort = ",port=" + tlsPortOf(replicaNode) + ",";
      List<String> info = Info.lines(writer, "replication");
      assertTrue(info.stream().anyMatch(line -> line.startsWith("slave0:") && line.contains(replicaTlsPort)),
          info.toString());
    }
  }

  @Test
  void aReplicaWithoutTlsReplicationNeverLinksToTheTlsPort() throws Exception {
    try (TestServer primary = verdisWithTlsPort();
         TestServer plain = TestServer.start();
         RawClient replica = new RawClient(plain.port())) {
      assertEquals("OK", replica.request("REPLICAOF", "127.0.0.1", tlsPortOf(primary)));
      // A hang guard, not a timing assertion: the link must still be down after several tries.
      Thread.sleep(2500);
      assertTrue(Info.lines(replica, "replication").contains("master_link_status:down"));
    }
  }

  @Test
  void redisServerReplicatesFromVerdisOverTls() throws Exception {
    assumeRedisWithTls();
    try (TestServer primary = verdisWithTlsPort();
         RealRedis redis = RealRedis.start(dir, tls.directives("--tls-replication", "yes"));
         RawClient writer = tls.client(tlsPortOf(primary))) {
      writer.request("HSET", "h", "f", "before");
      redis.call("REPLICAOF", "127.0.0.1", tlsPortOf(primary));
      awaitLinkUp(redis.client());
      writer.request("HSET", "h", "g", "after");
      awaitCaughtUp(writer, redis.client());
      assertEquals(List.of("f", "before", "g", "after"), redis.texts("HGETALL", "h"));
    }
  }

  @Test
  void verdisReplicatesFromRedisServerOverTls() throws Exception {
    assumeRedisWithTls();
    int redisTlsPort = TestServer.freePort();
    try (RealRedis redis = RealRedis.start(dir, tls.directives("--tls-port", Integer.toString(redisTlsPort),
             "--tls-replication", "yes", "--repl-diskless-sync-delay", "0"));
         TestServer replicaNode = TestServer.start(tls.directives("--tls-replication", "yes"));
         RawClient replica = new RawClient(replicaNode.port())) {
      redis.call("SET", "before", "1");
      assertEquals("OK", replica.request("REPLICAOF", "127.0.0.1", redisTlsPort));
      awaitLinkUp(replica);
      redis.call("INCR", "before");
      awaitCaughtUp(redis.client(), replica);
      assertEquals("2", RawClient.asText(replica.request("GET", "before")));
      assertTrue(Info.lines(redis.client(), "replication").contains("connected_slaves:1"));
    }
  }

  @Test
  void configSetTlsReplicationNeedsACertificateAndACaAsInRedis() throws Exception {
    String refused = "-ERR CONFIG SET failed (possibly related to argument 'tls-replication') - Unable to update TLS "
        + "configuration. Check server logs.\r\n";
    try (TestServer node = TestServer.start(); RawClient admin = new RawClient(node.port())) {
      assertEquals(refused, admin.call("CONFIG", "SET", "tls-replication", "yes"));
      assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "tls-cert-file", tls.node().cert().toString(),
          "tls-key-file", tls.node().key().toString()));
      assertEquals(refused, admin.call("CONFIG", "SET", "tls-replication", "yes"));
      assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "tls-ca-cert-file", tls.ca().cert().toString()));
      assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "tls-replication", "yes"));
    }
  }

  /** Debian's redis-server is built with TLS; another build may not be (it will not start with a tls-port): skipped, saying so. */
  private void assumeRedisWithTls() throws Exception {
    RealRedis.assumeInstalled();
    Path probe = Files.createDirectories(dir.resolve("probe"));
    try (RealRedis started = RealRedis.start(probe, tls.directives("--tls-port", Integer.toString(TestServer.freePort())))) {
      assertEquals("PONG", started.text("PING"));
    } catch (IllegalStateException e) {
      assumeTrue(false, "this redis-server does not start with --tls-port (built without TLS?): " + e.getMessage());
    }
  }
}

package io.verdis.cluster;

import static io.verdis.cluster.OwnedKeys.keyOwnedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.it.Info;
import io.verdis.it.RawClient;
import io.verdis.it.TestCertificates;
import io.verdis.it.TestTls;
import io.verdis.shard.SlotTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * tls-cluster on two nodes, each keeping a copy of the other's slots (cluster-replicas 1): the
 * event bus between them speaks mutual TLS (forwarded commands cross it), the copies replicate
 * over TLS, and clients are shown ports as Redis 7.0 shows them with tls-cluster: TLS clients the
 * TLS ports, plaintext clients the plaintext ones, SHARDS both (as redis-server 7.0.15 answers
 * CLUSTER SLOTS, NODES and SHARDS with tls-cluster yes, compared by hand).
 */
@Timeout(240)
class ClusterTlsTest {
  @TempDir
  static Path root;
  private static TestTls tls;
  private static LocalCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    tls = TestTls.make(root);
    cluster = LocalCluster.startWithTlsPorts(root, 2, tls.directives("--tls-cluster", "yes",
        "--tls-replication", "yes", "--cluster-replicas", "1"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void commandsForwardedOverTheTlsEventBusReachTheOwner() throws Exception {
    String key = keyOwnedBy(cluster.node(1), "tls:");
    try (RawClient client = tls.client(cluster.node(0).tlsPort()); RawClient owner = cluster.node(1).client()) {
      assertEquals("OK", client.request("SET", key, "forwarded"));
      assertEquals("forwarded", RawClient.asText(owner.request("GET", key)));
      assertEquals("forwarded", RawClient.asText(client.request("GET", key)));
    }
  }

  @Test
  void eachNodeKeepsACopyOfTheOtherOverTls() throws Exception {
    // Online means synced: the copy reached the owner's announced port, its TLS port, over TLS.
    cluster.awaitFollowersOnline(1);
    for (int i = 0; i < 2; i++) {
      try (RawClient owner = cluster.node(i).client()) {
        List<String> info = Info.lines(owner, "replication");
        String follower = ",port=" + cluster.node(1 - i).tlsPort() + ",state=online";
        assertTrue(info.stream().anyMatch(line -> line.startsWith("slave0:") && line.contains(follower)),
            info.toString());
      }
    }
  }

  @Test
  void clusterSlotsShowsTlsPortsToTlsClientsAndPlaintextPortsToOthers() throws Exception {
    Set<Long> tlsPorts = Set.of((long) cluster.node(0).tlsPort(), (long) cluster.node(1).tlsPort());
    Set<Long> plainPorts = Set.of((long) cluster.node(0).port(), (long) cluster.node(1).port());
    try (RawClient secure = tls.client(cluster.node(0).tlsPort()); RawClient plain = cluster.node(0).client()) {
      assertEquals(tlsPorts, slotPorts(secure));
      assertEquals(plainPorts, slotPorts(plain));
      String nodes = RawClient.asText(secure.request("CLUSTER", "NODES")).toString();
      assertTrue(nodes.contains("127.0.0.1:" + cluster.node(1).tlsPort() + "@"), nodes);
      // SHARDS names both ports, whoever asks, as Redis 7.0 does under tls-cluster.
      String shards = plain.call("CLUSTER", "SHARDS");
      assertTrue(shards.contains("$4\r\nport\r\n:" + cluster.node(1).port() + "\r\n$8\r\ntls-port\r\n:"
          + cluster.node(1).tlsPort() + "\r\n"), shards);
      assertEquals("PONG", RawClient.asText(plain.request("PING")), "the SHARDS reply parsed whole");
    }
  }

  @Test
  void movedNamesTheTlsPortToATlsClient() throws Exception {
    String key = keyOwnedBy(cluster.node(1), "moved:");
    int slot = SlotTable.slotOf(key.getBytes(StandardCharsets.UTF_8));
    try (RawClient secure = tls.client(cluster.node(0).tlsPort()); RawClient plain = cluster.node(0).client()) {
      plain.request("CONFIG", "SET", "cluster-routing", "redirect");
      try {
        assertEquals("-MOVED " + slot + " 127.0.0.1:" + cluster.node(1).tlsPort() + "\r\n", secure.call("GET", key));
        assertEquals("-MOVED " + slot + " 127.0.0.1:" + cluster.node(1).port() + "\r\n", plain.call("GET", key));
      } finally {
        plain.request("CONFIG", "SET", "cluster-routing", "forward");
      }
    }
  }

  @Test
  void theEventBusPortSpeaksTlsAndWantsACertificate() throws Exception {
    int bus = cluster.node(0).busPort();
    try (RawClient withCertificate = tls.client(bus)) {
      assertTrue(withCertificate != null, "a TLS handshake presenting the cluster's certificate");
    }
    assertTrue(refused(bus), "a TLS client without a certificate");
  }

  /** Refused at the handshake, or (TLSv1.3: the server checks the certificate after) at the first bytes. */
  private static boolean refused(int port) throws Exception {
    RawClient raw;
    try {
      raw = TestCertificates.connect(port, null, tls.ca());
    } catch (IOException e) {
      return true;
    }
    try (raw) {
      raw.send("PING\r\n");
      return raw.closedByServer();
    } catch (IOException e) {
      return true;
    }
  }

  private static Set<Long> slotPorts(RawClient client) throws IOException {
    Set<Long> ports = new HashSet<>();
    for (Object range : (List<?>) client.request("CLUSTER", "SLOTS")) {
      ports.add((Long) ((List<?>) ((List<?>) range).get(2)).get(1));
    }
    return ports;
  }
}

package io.verdis.cluster;

import io.verdis.it.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A node killed with SIGKILL: its slots are down until it comes back, with every acknowledged write. */
class ClusterFailureTest {
  @TempDir
  Path root;
  LocalCluster cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private void configureLiveNodes(String directive, String value) throws IOException {
    for (LocalCluster.Node node : cluster.running()) {
      try (RawClient client = node.client()) {
        assertEquals("+OK\r\n", client.call("CONFIG", "SET", directive, value));
      }
    }
  }

  @Test
  @DisplayName("kill -9 of a node: -CLUSTERDOWN meanwhile; restarted on its dir it serves every acknowledged write again")
  void killedNodeComesBackWithItsData() throws Exception {
    cluster = LocalCluster.start(root, 3, "--appendfsync", "always");
    LocalCluster.Node victim = cluster.node(2);
    String victimId = NodeIdentity.loadOrCreate(victim.dir(), "nodes.conf").id();
    String victimKey = OwnedKeys.keyOwnedBy(victim, "lost-");
    try (RawClient client = cluster.node(0).client()) {
      for (int i = 0; i < 300; i++) {
        assertEquals("+OK\r\n", client.call("SET", "k:" + i, "v" + i));
      }
      assertEquals("+OK\r\n", client.call("SET", victimKey, "kept"));
    }
    // A writer keeps writing keys the victim owns (forwarded by node 0) up to the kill: under
    // appendfsync always, each one acknowledged is on the victim's disk.
    java.util.List<String> acknowledged = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread writer = new Thread(() -> {
      try (RawClient client = cluster.node(0).client()) {
        for (int i = 0; ; i++) {
          String key = OwnedKeys.keyOwnedBy(victim, "last-" + i + "-");
          if (!client.call("SET", key, "x").equals("+OK\r\n")) {
            return;
          }
          acknowledged.add(key);
        }
      } catch (IOException | RuntimeException e) {
        // the victim died under it
      }
    });
    writer.start();
    Thread.sleep(1000);
    cluster.kill9(victim);
    writer.join(30_000);
    assertTrue(acknowledged.size() > 10, "the writer wrote " + acknowledged.size() + " keys before the kill");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!"fail".equals(cluster.node(0).clusterInfo().get("cluster_state")) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals("fail", cluster.node(0).clusterInfo().get("cluster_state"));
    String liveKey = OwnedKeys.keyOwnedBy(cluster.node(1), "alive-");
    try (RawClient client = cluster.node(0).client()) {
      assertEquals("-CLUSTERDOWN The cluster is down\r\n", client.call("GET", victimKey));
      // Full coverage required (the default): every key is refused while a slot's owner is down.
      assertEquals("-CLUSTERDOWN The cluster is down\r\n", client.call("GET", liveKey));
      // cluster-allow-reads-when-down (set on every node up, as an operator would): reads of slots
      // whose owner is up go on, writes do not.
      configureLiveNodes("cluster-allow-reads-when-down", "yes");
      assertEquals("$-1\r\n", client.call("GET", liveKey));
      assertEquals("-CLUSTERDOWN The cluster is down\r\n", client.call("SET", liveKey, "1"));
      assertEquals("-CLUSTERDOWN The cluster is down\r\n", client.call("GET", victimKey));
      // Without full coverage, only the down node's slots are refused.
      configureLiveNodes("cluster-require-full-coverage", "no");
      assertEquals("+OK\r\n", client.call("SET", liveKey, "1"));
      assertEquals("-CLUSTERDOWN The cluster is down\r\n", client.call("SET", victimKey, "1"));
    }

    cluster.launch(victim);
    cluster.awaitSettled();
    assertEquals(victimId, NodeIdentity.loadOrCreate(victim.dir(), "nodes.conf").id());
    try (RawClient client = victim.client()) {
      assertEquals("$40\r\n" + victimId + "\r\n", client.call("CLUSTER", "MYID"));
    }
    for (LocalCluster.Node node : cluster.nodes()) {
      try (RawClient client = node.client()) {
        assertEquals("$4\r\nkept\r\n", client.call("GET", victimKey), node.toString());
        for (String key : acknowledged) {
          assertEquals("$1\r\nx\r\n", client.call("GET", key), node + " lost the acknowledged " + key);
        }
        for (int i = 0; i < 300; i++) {
          String value = "v" + i;
          assertEquals("$" + value.length() + "\r\n" + value + "\r\n", client.call("GET", "k:" + i), node + " k:" + i);
        }
      }
    }
    assertTrue(victim.log().contains("Cluster joined"), victim.log());
  }
}

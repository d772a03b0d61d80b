package io.verdis.cluster;

import io.verdis.it.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    cluster.kill9(victim);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!"fail".equals(cluster.node(0).clusterInfo().get("cluster_state")) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals("fail", cluster.node(0).clusterInfo().get("cluster_state"));
    try (RawClient client = cluster.node(0).client()) {
      assertEquals("-CLUSTERDOWN The cluster is down\r\n", client.call("GET", victimKey));
    }

    cluster.launch(victim);
    cluster.awaitSettled();
    assertEquals(victimId, NodeIdentity.loadOrCreate(victim.dir(), "nodes.conf").id());
    for (LocalCluster.Node node : cluster.nodes()) {
      try (RawClient client = node.client()) {
        assertEquals("$4\r\nkept\r\n", client.call("GET", victimKey), node.toString());
        for (int i = 0; i < 300; i++) {
          String value = "v" + i;
          assertEquals("$" + value.length() + "\r\n" + value + "\r\n", client.call("GET", "k:" + i), node + " k:" + i);
        }
      }
    }
    assertTrue(victim.log().contains("Cluster joined"), victim.log());
  }
}

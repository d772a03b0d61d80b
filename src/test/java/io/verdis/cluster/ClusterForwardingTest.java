package io.verdis.cluster;

import io.verdis.it.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three nodes on one machine: any node answers for any key, as one keyspace. */
class ClusterForwardingTest {
  @TempDir
  static Path root;
  static LocalCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.start(root, 3);
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @DisplayName("keys written through one node read back through every node")
  void oneKeyspace() throws Exception {
    try (RawClient writer = cluster.node(0).client()) {
      for (int i = 0; i < 300; i++) {
        assertEquals("+OK\r\n", writer.call("SET", "key:" + i, "value:" + i));
      }
    }
    for (LocalCluster.Node node : cluster.nodes()) {
      try (RawClient reader = node.client()) {
        for (int i = 0; i < 300; i++) {
          String expected = "value:" + i;
          assertEquals("$" + expected.length() + "\r\n" + expected + "\r\n", reader.call("GET", "key:" + i), node + " key:" + i);
        }
      }
    }
  }

  @Test
  @DisplayName("a counter incremented through every node counts every increment")
  void counterAcrossNodes() throws Exception {
    for (int round = 0; round < 10; round++) {
      for (LocalCluster.Node node : cluster.nodes()) {
        try (RawClient client = node.client()) {
          client.call("INCR", "shared-counter");
        }
      }
    }
    try (RawClient client = cluster.node(1).client()) {
      assertEquals(":30\r\n", client.call("GET", "shared-counter").replace("$2\r\n30", ":30"));
    }
  }

  @Test
  @DisplayName("each node owns a third of the slots")
  void balanced() throws Exception {
    int total = 0;
    for (LocalCluster.Node node : cluster.nodes()) {
      int mine = Integer.parseInt(node.clusterInfo().get("cluster_my_slots"));
      assertTrue(mine >= 5461 && mine <= 5462, node + " owns " + mine);
      total += mine;
    }
    assertEquals(16384, total);
  }
}

package io.verdis.cluster;

import io.verdis.it.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * cluster-replicas 1 on three nodes: each node's slots have a copy on another node. A writer works
 * against one node as a cluster-aware client would (its own keys, WAIT 1 after each write); the
 * node is killed with SIGKILL; its follower takes its slots over, and every write whose WAIT said
 * a replica had it is there, counters included. The killed node comes back on its dir, serves none
 * of its stale data, and takes its share again.
 */
class ClusterFailoverTest {
  @TempDir
  Path root;
  LocalCluster cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @ParameterizedTest(name = "kill -9 of node {0} (node 0 coordinates)")
  @ValueSource(ints = {2, 0})
  @DisplayName("kill -9 of a node with cluster-replicas 1: its follower serves its slots with every WAIT-acknowledged write")
  void aFollowerTakesOverWithEveryAcknowledgedWrite(int victimIndex) throws Exception {
    cluster = LocalCluster.start(root, 3, "--cluster-replicas", "1", "--appendfsync", "everysec");
    cluster.awaitFollowersOnline(1);
    LocalCluster.Node victim = cluster.node(victimIndex);
    LocalCluster.Node survivor = cluster.node(victimIndex == 0 ? 1 : 0);
    String victimId = victim.id();
    try (RawClient client = survivor.client()) {
      List<?> followers = (List<?>) client.request("CLUSTER", "REPLICAS", victimId);
      assertEquals(1, followers.size(), "one node follows the victim");
      String line = new String((byte[]) followers.get(0));
      assertTrue(line.matches("[0-9a-f]{40} 127\\.0\\.0\\.1:\\d+@\\d+ slave " + victimId + " 0 \\d+ \\d+ connected"), line);
      assertTrue(!line.startsWith(victimId), line);
    }
    String counter = OwnedKeys.keyOwnedBy(victim, "counter-");
    String stale = OwnedKeys.keyOwnedBy(victim, "stale-");
    try (RawClient client = victim.client()) {
      assertEquals("+OK\r\n", client.call("SET", stale, "old"));
      assertEquals(":1\r\n", client.call("WAIT", "1", "5000"));
    }

    Map<String, String> acknowledged = new ConcurrentHashMap<>();
    AtomicLong acknowledgedCount = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    Thread writer = new Thread(() -> {
      try (RawClient client = victim.client()) {
        for (int i = 0; !stop.get(); i++) {
          String key = OwnedKeys.keyOwnedBy(victim, "w" + i + "-");
          if (!client.call("SET", key, "v" + i).equals("+OK\r\n")) {
            return;
          }
          String incremented = client.call("INCR", counter);
          if (!incremented.startsWith(":")) {
            return;
          }
          if (client.call("WAIT", "1", "1000").equals(":1\r\n")) {
            acknowledged.put(key, "v" + i);
            acknowledgedCount.set(Long.parseLong(incremented.substring(1).trim()));
          }
        }
      } catch (IOException | RuntimeException e) {
        // the victim died under it
      }
    });
    writer.start();
    long writing = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (acknowledged.size() < 50 && writer.isAlive() && System.nanoTime() < writing) {
      Thread.sleep(20);
    }
    cluster.kill9(victim);
    writer.join(30_000);
    stop.set(true);
    assertTrue(acknowledged.size() > 10, "the writer had " + acknowledged.size() + " writes acknowledged before the kill");

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    // First the failure detector finds the node gone (cluster-node-timeout), then a follower takes over.
    while (!failedOver(survivor.clusterInfo()) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals("ok", survivor.clusterInfo().get("cluster_state"), () -> "no failover: " + logs());
    for (LocalCluster.Node node : cluster.running()) {
      try (RawClient client = node.client()) {
        for (Map.Entry<String, String> entry : acknowledged.entrySet()) {
          String value = entry.getValue();
          assertEquals("$" + value.length() + "\r\n" + value + "\r\n", client.call("GET", entry.getKey()),
              node + " lost the acknowledged " + entry.getKey());
        }
        long count = Long.parseLong(bulk(client.call("GET", counter)));
        assertTrue(count >= acknowledgedCount.get(), node + ": the counter went back to " + count + " from "
            + acknowledgedCount.get());
        assertEquals("$3\r\nold\r\n", client.call("GET", stale));
      }
    }
    try (RawClient client = survivor.client()) {
      assertEquals("+OK\r\n", client.call("SET", stale, "new"));
    }

    // The failed node returns: its AOF still has its old slots' keys, which are no longer its; a
    // copy's full sync cut by the kill left a temporary RDB behind.
    Path leftover = victim.dir().resolve("followers").resolve("0".repeat(40)).resolve("temp-1-repl.rdb");
    java.nio.file.Files.createDirectories(leftover.getParent());
    java.nio.file.Files.write(leftover, new byte[1024]);
    cluster.launch(victim);
    try {
      cluster.awaitSettled();
    } catch (IllegalStateException e) {
      throw new AssertionError(e.getMessage() + logs(), e);
    }
    for (LocalCluster.Node node : cluster.nodes()) {
      try (RawClient client = node.client()) {
        assertEquals("$3\r\nnew\r\n", client.call("GET", stale), node + " served a stale value");
        for (Map.Entry<String, String> entry : acknowledged.entrySet()) {
          String value = entry.getValue();
          assertEquals("$" + value.length() + "\r\n" + value + "\r\n", client.call("GET", entry.getKey()),
              node + " lost " + entry.getKey() + " after the restart");
        }
      }
    }
    assertTrue(!java.nio.file.Files.exists(leftover.getParent()), "what the killed node's copies left is still there");
    // It is an owner with a follower again, as every node is.
    try (RawClient client = survivor.client()) {
      long placed = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (((List<?>) client.request("CLUSTER", "REPLICAS", victimId)).isEmpty() && System.nanoTime() < placed) {
        Thread.sleep(100);
      }
      assertEquals(1, ((List<?>) client.request("CLUSTER", "REPLICAS", victimId)).size(), "the victim has a follower");
    }
    // KEYS through a node lists every node's own keys: a key left behind on the node that came back
    // would be listed twice.
    try (RawClient client = survivor.client()) {
      List<?> keys = (List<?>) client.request("KEYS", "*");
      assertEquals(keys.stream().map(key -> new String((byte[]) key)).distinct().count(), keys.size(),
          "a key is held by two nodes");
      assertTrue(keys.size() >= acknowledged.size() + 2, "keys listed: " + keys.size());
    }
  }

  private static boolean failedOver(Map<String, String> info) {
    return "2".equals(info.get("cluster_nodes_up")) && "ok".equals(info.get("cluster_state"));
  }

  private static String bulk(String reply) {
    return reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2);
  }

  private String logs() {
    StringBuilder text = new StringBuilder();
    for (LocalCluster.Node node : cluster.running()) {
      try {
        // without a copy's reconnection attempts to the killed node, one a second
        String log = String.join("\n", node.log().lines()
            .filter(line -> !line.contains("Connecting to MASTER") && !line.contains("Error condition on socket for SYNC"))
            .toList());
        text.append("\n--- ").append(node).append(" ---\n").append(log.substring(Math.max(0, log.length() - 8000)));
      } catch (IOException e) {
        text.append(e);
      }
    }
    return text.toString();
  }
}

package io.verdis.cluster;

import io.verdis.it.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CLUSTER FAILOVER on three nodes with cluster-replicas 1, under a writer on the owner whose slots
 * change hands: coordinated (the owner hands them over: every answered write stays, each INCR
 * counted once) and FORCE (the follower's copy is promoted while the owner still serves: every
 * write a replica acknowledged through WAIT stays, and the owner keeps no stale copy). CLUSTER
 * SHARDS shows each owner's follower as a replica.
 */
class ClusterManualFailoverTest {
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
  @DisplayName("CLUSTER FAILOVER, then FORCE, on a follower under writes: the follower serves the slots, no write lost")
  void manualFailovers() throws Exception {
    cluster = LocalCluster.start(root, 3, "--cluster-replicas", "1", "--appendfsync", "everysec");
    cluster.awaitFollowersOnline(1);
    LocalCluster.Node follower = cluster.node(1);
    try (RawClient client = follower.client()) {
      assertEquals("-ERR syntax error\r\n", client.call("CLUSTER", "FAILOVER", "SOON"));
      assertEquals("-ERR unknown subcommand or wrong number of arguments for 'failover'. Try CLUSTER HELP.\r\n",
          client.call("CLUSTER", "failover", "FORCE", "NOW"));
    }
    assertShardsShowFollowers();
    cluster.awaitFollowersOnline(1);

    // Coordinated: every write the owner answered is there, and the counter counted each INCR once.
    LocalCluster.Node owner = followedBy(follower);
    Writer writer = new Writer(owner, "c", false);
    writer.runUntil(50);
    int writtenBefore = writer.answered.size();
    try (RawClient client = follower.client()) {
      assertEquals("+OK\r\n", client.call("CLUSTER", "FAILOVER"));
    }
    // The owner's keys came over: at least every key written before the failover.
    assertTrue(keysTakenOver(follower, "Manual failover (COORDINATED) of " + owner.id() + " done") >= writtenBefore);
    writer.stop();
    cluster.awaitSettled();
    for (LocalCluster.Node node : cluster.nodes()) {
      writer.assertHeld(node, writer.answered);
      try (RawClient client = node.client()) {
        assertEquals(":" + writer.increments.get() + "\r\n", client.call("INCRBY", writer.counter, "0"),
            node + ": an INCR was lost or applied twice");
      }
    }

    // FORCE, the owner still serving: what a replica acknowledged is there; the owner drops the rest.
    cluster.awaitFollowersOnline(1);
    owner = followedBy(follower);
    writer = new Writer(owner, "f", true);
    writer.runUntil(30);
    // A WAIT answered later may count a replica that synced from the owner after it dropped the
    // slots' keys: what a replica acknowledged is what was acknowledged before the failover began.
    Map<String, String> acknowledged = Map.copyOf(writer.acknowledged);
    try (RawClient client = follower.client()) {
      assertEquals("+OK\r\n", client.call("CLUSTER", "FAILOVER", "FORCE"));
    }
    assertTrue(keysTakenOver(follower, "Manual failover (FORCE) of " + owner.id() + " done") >= acknowledged.size());
    writer.stop();
    cluster.awaitSettled();
    for (LocalCluster.Node node : cluster.nodes()) {
      writer.assertHeld(node, acknowledged);
    }
    try (RawClient client = follower.client()) {
      List<?> keys = (List<?>) client.request("KEYS", "*");
      assertEquals(keys.stream().map(key -> new String((byte[]) key)).distinct().count(), keys.size(),
          "a key is held by two nodes");
    }
  }

  /**
   * Each owner's shard lists its master, then one replica: another node, each node following one
   * owner (nodes that joined one by one may follow unevenly for a moment, until the placement evens them).
   */
  private void assertShardsShowFollowers() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        shardsShowFollowers();
        return;
      } catch (AssertionError notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        Thread.sleep(200);
      }
    }
  }

  private void shardsShowFollowers() throws IOException {
    try (RawClient client = cluster.node(0).client()) {
      List<?> shards = (List<?>) client.request("CLUSTER", "SHARDS");
      assertEquals(3, shards.size());
      List<String> replicas = new ArrayList<>();
      for (Object shard : shards) {
        List<?> nodes = (List<?>) field(shard, "nodes");
        assertEquals(2, nodes.size(), "master and one replica: " + RawClient.asText(shard));
        assertEquals("master", text(field(nodes.get(0), "role")));
        assertEquals("replica", text(field(nodes.get(1), "role")));
        assertEquals("online", text(field(nodes.get(1), "health")));
        String master = text(field(nodes.get(0), "id"));
        String replica = text(field(nodes.get(1), "id"));
        assertTrue(!master.equals(replica), "a node follows itself");
        List<?> listed = (List<?>) client.request("CLUSTER", "REPLICAS", master);
        assertTrue(text(listed.get(0)).startsWith(replica + " "), "CLUSTER REPLICAS names another follower");
        replicas.add(replica);
      }
      assertEquals(3, replicas.stream().distinct().count(), "each node follows one owner: " + replicas);
    }
  }

  /** The node {@code follower} follows, from its CLUSTER SHARDS. */
  private LocalCluster.Node followedBy(LocalCluster.Node follower) throws IOException {
    String id = follower.id();
    try (RawClient client = follower.client()) {
      for (Object shard : (List<?>) client.request("CLUSTER", "SHARDS")) {
        List<?> nodes = (List<?>) field(shard, "nodes");
        for (Object node : nodes.subList(1, nodes.size())) {
          if (text(field(node, "id")).equals(id)) {
            String owner = text(field(nodes.get(0), "id"));
            return cluster.nodes().stream().filter(n -> n.id().equals(owner)).findFirst().orElseThrow();
          }
        }
      }
    }
    throw new AssertionError(follower + " follows no node");
  }

  private static Object field(Object map, String name) {
    List<?> pairs = (List<?>) map;
    for (int i = 0; i < pairs.size(); i += 2) {
      if (text(pairs.get(i)).equals(name)) {
        return pairs.get(i + 1);
      }
    }
    throw new AssertionError("no " + name + " in " + RawClient.asText(map));
  }

  private static String text(Object bulk) {
    return (String) RawClient.asText(bulk);
  }

  /** Waits for the log line that starts with {@code line}, and returns the keys it says came over. */
  private static int keysTakenOver(LocalCluster.Node node, String line) throws Exception {
    Pattern done = Pattern.compile(Pattern.quote(line) + ".*\\{\"keys\":(\\d+)");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      Matcher found = done.matcher(node.log());
      if (found.find()) {
        return Integer.parseInt(found.group(1));
      }
      if (System.nanoTime() > deadline) {
        String log = node.log();
        throw new AssertionError("never logged \"" + line + "\":\n" + log.substring(Math.max(0, log.length() - 6000)));
      }
      Thread.sleep(100);
    }
  }

  /**
   * Writes keys the owner had when it started, through the owner (which sends them on once they
   * moved), and an INCR each time; with {@code wait}, a WAIT 1 after each.
   */
  private static final class Writer {
    final Map<String, String> answered = new ConcurrentHashMap<>();
    final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    final AtomicLong increments = new AtomicLong();
    final String counter;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Throwable> failures = new ArrayList<>();
    private final Thread thread;

    Writer(LocalCluster.Node owner, String prefix, boolean wait) {
      this.counter = OwnedKeys.keyOwnedBy(owner, prefix + "counter-");
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        keys.add(OwnedKeys.keyOwnedBy(owner, prefix + i + "-"));
      }
      thread = new Thread(() -> {
        try (RawClient client = owner.client()) {
          for (int i = 0; i < keys.size() && !stop.get(); i++) {
            String key = keys.get(i);
            assertEquals("+OK\r\n", client.call("SET", key, "v" + i));
            answered.put(key, "v" + i);
            assertTrue(client.call("INCR", counter).startsWith(":"));
            increments.incrementAndGet();
            if (wait && client.call("WAIT", "1", "1000").equals(":1\r\n")) {
              acknowledged.put(key, "v" + i);
            }
          }
        } catch (Throwable e) {
          synchronized (failures) {
            failures.add(e);
          }
        }
      });
      thread.start();
    }

    void runUntil(int writes) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (answered.size() < writes && thread.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(answered.size() >= writes, "the writer wrote " + answered.size() + " keys: " + failures);
    }

    void stop() throws InterruptedException {
      Thread.sleep(500); // a few writes after the switch too
      stop.set(true);
      thread.join(30_000);
      assertEquals(List.of(), failures, "a write failed");
    }

    void assertHeld(LocalCluster.Node node, Map<String, String> expected) throws IOException {
      assertTrue(!expected.isEmpty(), "nothing written");
      Map<String, String> wrong = new HashMap<>();
      try (RawClient client = node.client()) {
        for (Map.Entry<String, String> entry : expected.entrySet()) {
          String value = entry.getValue();
          String reply = client.call("GET", entry.getKey());
          if (!reply.equals("$" + value.length() + "\r\n" + value + "\r\n")) {
            wrong.put(entry.getKey(), reply);
          }
        }
      }
      assertEquals(Map.of(), wrong, node + " lost writes (of " + expected.size() + ")");
    }
  }
}

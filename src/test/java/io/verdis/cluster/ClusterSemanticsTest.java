package io.verdis.cluster;

import io.verdis.it.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three nodes on one machine: any node answers for any key, as one keyspace. What a plain client
 * connected to one node sees of keys other nodes own: each command means
 * what it means on one Redis (databases, RESP3, blocking pops, transactions, WATCH, Pizzaria),
 * and what cannot be atomic across nodes is refused with -CROSSSLOT.
 */
class ClusterSemanticsTest {
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

  static String keyOwnedBy(int owner, String prefix) {
    return OwnedKeys.keyOwnedBy(cluster.node(owner), prefix);
  }

  @Test
  @DisplayName("SELECT and RESP3 carry over to the node owning the key")
  void databasesAndProtocol() throws Exception {
    String key = keyOwnedBy(1, "db-key-");
    try (RawClient client = cluster.node(0).client()) {
      assertEquals("+OK\r\n", client.call("SELECT", "5"));
      assertEquals("+OK\r\n", client.call("SET", key, "in-five"));
      assertEquals("+OK\r\n", client.call("SELECT", "0"));
      assertEquals("$-1\r\n", client.call("GET", key));
      assertEquals("+OK\r\n", client.call("SELECT", "5"));
      assertEquals("$7\r\nin-five\r\n", client.call("GET", key));
      client.call("HELLO", "3");
      client.call("HSET", key + "h", "f", "v");
      assertTrue(client.call("HGETALL", key + "h").startsWith("%1\r\n"), "RESP3 map from the owner");
    }
  }

  @Test
  @DisplayName("BLPOP on a key another node owns wakes when a third node pushes")
  void blockingPopAcrossNodes() throws Exception {
    String key = keyOwnedBy(2, "queue-");
    try (RawClient waiter = cluster.node(0).client(); RawClient pusher = cluster.node(1).client()) {
      CompletableFuture<String> popped = CompletableFuture.supplyAsync(() -> {
        try {
          return waiter.call("BLPOP", key, "10");
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      });
      Thread.sleep(300);
      assertFalse(popped.isDone(), "BLPOP returned before the push: " + (popped.isDone() ? popped.get() : ""));
      assertEquals(":1\r\n", pusher.call("RPUSH", key, "job-1"));
      String reply = popped.get(10, TimeUnit.SECONDS);
      assertEquals("*2\r\n$" + key.length() + "\r\n" + key + "\r\n$5\r\njob-1\r\n", reply);
      assertEquals("*-1\r\n", waiter.call("BLPOP", key, "0.2"));
    }
  }

  @Test
  @DisplayName("MULTI/EXEC on keys of another node runs there atomically; WATCH there aborts it")
  void transactionsOnAnotherNode() throws Exception {
    String tag = keyOwnedBy(1, "tx-");
    String a = "{" + tag + "}:a";
    String b = "{" + tag + "}:b";
    try (RawClient client = cluster.node(0).client(); RawClient other = cluster.node(2).client()) {
      assertEquals("+OK\r\n", client.call("MULTI"));
      assertEquals("+QUEUED\r\n", client.call("SET", a, "1"));
      assertEquals("+QUEUED\r\n", client.call("INCR", b));
      assertEquals("*2\r\n+OK\r\n:1\r\n", client.call("EXEC"));
      assertEquals("+OK\r\n", client.call("WATCH", a));
      assertEquals("+OK\r\n", other.call("SET", a, "changed"));
      assertEquals("+OK\r\n", client.call("MULTI"));
      assertEquals("+QUEUED\r\n", client.call("INCR", b));
      assertEquals("*-1\r\n", client.call("EXEC"));
      assertEquals("$1\r\n1\r\n", client.call("GET", b));
    }
  }

  @Test
  @DisplayName("a script runs on the node owning its keys; keys of another node inside it are refused as in Redis Cluster")
  void scriptsOnTheOwningNode() throws Exception {
    String tag = keyOwnedBy(1, "script-");
    String elsewhere = keyOwnedBy(2, "other-");
    String script = "redis.call('set', KEYS[1], ARGV[1]); redis.call('set', '{' .. KEYS[1] .. '}:built', ARGV[1]); "
        + "return redis.call('get', KEYS[1])";
    try (RawClient client = cluster.node(0).client(); RawClient third = cluster.node(1).client();
         RawClient other = cluster.node(2).client()) {
      assertEquals("$2\r\nv1\r\n", client.call("EVAL", script, "1", tag, "v1"));
      assertEquals("$2\r\nv1\r\n", other.call("GET", "{" + tag + "}:built"));
      assertTrue(client.call("EVAL", "return 1", "2", tag, elsewhere).startsWith("-CROSSSLOT"));
      String reply = client.call("EVAL", "return redis.call('get', ARGV[1])", "1", tag, elsewhere);
      assertTrue(reply.startsWith("-ERR Script attempted to access a non local key in a cluster node script: "), reply);
      assertEquals("$" + "counters".length() + "\r\ncounters\r\n", client.call("FUNCTION", "LOAD", "REPLACE",
          "#!lua name=counters\nredis.register_function('bump', function(keys) return redis.call('incr', keys[1]) end)"));
      assertEquals(":1\r\n", third.call("FCALL", "bump", "1", elsewhere));
      assertEquals("-ERR Can not run script on cluster, 'no-cluster' flag is set.\r\n",
          client.call("EVAL", "#!lua flags=no-cluster\nreturn 1", "0"));
      String sameNodeOtherSlot = keyOwnedBy(1, "slot-");
      assertTrue(io.verdis.shard.SlotTable.slotOf(sameNodeOtherSlot.getBytes()) != io.verdis.shard.SlotTable.slotOf(tag.getBytes()));
      assertEquals("$-1\r\n", client.call("EVAL", "return redis.call('get', ARGV[1])", "1", tag, sameNodeOtherSlot));
      reply = client.call("EVAL", "#!lua\nreturn redis.call('get', ARGV[1])", "1", tag, sameNodeOtherSlot);
      assertTrue(reply.startsWith("-ERR Script attempted to access keys that do not hash to the same slot script: "), reply);
      assertEquals(":2\r\n", other.call("FCALL", "bump", "1", elsewhere));
    }
  }

  @Test
  @DisplayName("a command or transaction whose keys are on several nodes is refused with -CROSSSLOT")
  void crossNodeRefused() throws Exception {
    String here = keyOwnedBy(0, "x-");
    String there = keyOwnedBy(1, "y-");
    try (RawClient client = cluster.node(0).client()) {
      assertTrue(client.call("MSET", here, "1", there, "2").startsWith("-CROSSSLOT"));
      assertEquals("$-1\r\n", client.call("GET", here));
      assertEquals("+OK\r\n", client.call("MULTI"));
      client.call("SET", here, "1");
      client.call("SET", there, "2");
      assertTrue(client.call("EXEC").startsWith("-CROSSSLOT"));
      assertEquals("$-1\r\n", client.call("GET", there));
    }
  }

  @Test
  @DisplayName("Pizzaria clients (nc) write and read every key through any node")
  void pizzariaAcrossNodes() throws Exception {
    for (int n = 0; n < 3; n++) {
      String key = keyOwnedBy(n, "pizza-");
      try (RawClient writer = new RawClient(cluster.node((n + 1) % 3).pizzariaPort());
           RawClient reader = new RawClient(cluster.node((n + 2) % 3).pizzariaPort())) {
        assertEquals("success\r", writer.send("write " + key + "|margherita\r").readUntil("\r"));
        assertEquals("margherita\r", reader.send("read " + key + "\r").readUntil("\r"));
        assertEquals("success\r", reader.send("delete " + key + "\r").readUntil("\r"));
        assertEquals("error\r", writer.send("read " + key + "\r").readUntil("\r"));
      }
    }
  }

  @Test
  @DisplayName("Pizzaria's keys and reads list the keys and values of every node, in key order")
  void pizzariaListsTheWholeCluster() throws Exception {
    StringBuilder keys = new StringBuilder();
    StringBuilder values = new StringBuilder();
    try (RawClient writer = new RawClient(cluster.node(0).pizzariaPort())) {
      for (int n = 0; n < 3; n++) {
        String key = keyOwnedBy(n, "menu*" + n + "-");
        assertEquals("success\r", writer.send("write " + key + "|dish" + n + "\r").readUntil("\r"));
        keys.append(key).append('\r');
        values.append("dish").append(n).append('\r');
      }
    }
    try (RawClient reader = new RawClient(cluster.node(1).pizzariaPort())) {
      String listed = reader.send("reads menu*\r").readUntil(values.substring(values.length() - 6));
      assertEquals(values.toString(), listed);
      reader.send("keys\r");
      String all = reader.readUntil(keys.substring(keys.lastIndexOf("menu")));
      assertTrue(all.endsWith(keys.toString()) || all.contains(keys.toString()), all);
    }
  }

  @Test
  @DisplayName("a pipeline mixing keys of every node is answered in order")
  void pipelineInOrder() throws Exception {
    try (RawClient client = cluster.node(1).client()) {
      String[][] commands = new String[300][];
      for (int i = 0; i < 300; i++) {
        commands[i] = new String[] {"SET", "pipe:" + i, Integer.toString(i)};
      }
      client.sendPipelined(commands);
      for (int i = 0; i < 300; i++) {
        assertEquals("+OK\r\n", client.readReply());
      }
      for (int i = 0; i < 300; i++) {
        commands[i] = new String[] {"GET", "pipe:" + i};
      }
      client.sendPipelined(commands);
      for (int i = 0; i < 300; i++) {
        String value = Integer.toString(i);
        assertEquals("$" + value.length() + "\r\n" + value + "\r\n", client.readReply());
      }
    }
  }

  @Test
  @DisplayName("every node shows cluster_state ok and agrees on the epoch")
  void agreement() throws Exception {
    Map<String, String> first = cluster.node(0).clusterInfo();
    for (LocalCluster.Node node : cluster.nodes()) {
      Map<String, String> info = node.clusterInfo();
      assertEquals("ok", info.get("cluster_state"));
      assertEquals(first.get("cluster_current_epoch"), info.get("cluster_current_epoch"));
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
      assertEquals("$2\r\n30\r\n", client.call("GET", "shared-counter"));
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

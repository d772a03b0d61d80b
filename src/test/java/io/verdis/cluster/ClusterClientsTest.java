package io.verdis.cluster;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandType;
import io.verdis.it.RawClient;
import io.verdis.shard.SlotTable;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Protocol;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Cluster-aware clients against three Verdis nodes: they read CLUSTER SLOTS (Jedis, Vert.x),
 * NODES (Lettuce) or SHARDS, route keys themselves, and follow -MOVED. Once with
 * {@code cluster-routing redirect} (Redis Cluster's semantics) and once in the default forward
 * mode, one shared three-node cluster per mode.
 */
class ClusterClientsTest {
  private static final Path REDIS_CLI = Path.of("/usr/bin/redis-cli");
  private static final int KEYS = 200;

  @TempDir
  static Path root;

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  @DisplayName("cluster-routing redirect")
  class Redirect extends Clients {
    Redirect() {
      super("redirect");
    }

    @Test
    @DisplayName("a key owned by another node answers -MOVED slot host:port of its owner")
    void moved() throws Exception {
      String key = keyOwnedBy(cluster.node(1));
      try (RawClient client = cluster.node(0).client()) {
        int slot = SlotTable.slotOf(key.getBytes(StandardCharsets.UTF_8));
        assertEquals("-MOVED " + slot + " 127.0.0.1:" + cluster.node(1).port() + "\r\n", client.call("GET", key));
      }
    }

    @Test
    @DisplayName("MSET of keys in different slots answers -CROSSSLOT, even with both on this node")
    void crossSlot() throws Exception {
      String[] keys = keysOnOneNodeInTwoSlots(cluster.node(0));
      try (RawClient client = cluster.node(0).client()) {
        assertEquals("-CROSSSLOT Keys in request don't hash to the same slot\r\n",
            client.call("MSET", keys[0], "1", keys[1], "2"));
      }
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: the cluster is one node short afterwards
    @DisplayName("a node killed shows as master,fail and disconnected, its shard's health fail, its slots still its own")
    void failedNode() throws Exception {
      LocalCluster.Node victim = cluster.node(2);
      String victimKey = keyOwnedBy(victim);
      String victimId;
      try (RawClient client = victim.client()) {
        victimId = text(client.request("CLUSTER", "MYID"));
      }
      cluster.kill9(victim);
      try (RawClient client = cluster.node(0).client()) {
        String line = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!line.contains(" master,fail ") && System.nanoTime() < deadline) {
          Thread.sleep(200);
          line = text(client.request("CLUSTER", "NODES")).lines()
              .filter(l -> l.startsWith(victimId + " ")).findFirst().orElse("");
        }
        String[] f = line.split(" ");
        assertEquals("master,fail", f[2], line);
        assertEquals("disconnected", f[7], line);
        assertTrue(f.length > 8, "its slots stay listed: " + line);
        boolean sawFail = false;
        for (Object shard : (List<?>) client.request("CLUSTER", "SHARDS")) {
          Map<String, Object> node = pairs((List<?>) ((List<?>) pairs((List<?>) shard).get("nodes")).get(0));
          if (victimId.equals(text(node.get("id")))) {
            assertEquals("fail", text(node.get("health")));
            sawFail = true;
          }
        }
        assertTrue(sawFail);
        assertTrue(client.call("GET", victimKey).startsWith("-CLUSTERDOWN "));
      }
    }

    @Override
    void assertCrossSlotRefused(RuntimeException e) {
      assertTrue(String.valueOf(e.getMessage()).contains("CROSSSLOT Keys in request don't hash to the same slot"),
          String.valueOf(e.getMessage()));
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @DisplayName("cluster-routing forward")
  class Forward extends Clients {
    Forward() {
      super("forward");
    }

    @Test
    @DisplayName("a key owned by another node is served where it is asked")
    void forwarded() throws Exception {
      String key = keyOwnedBy(cluster.node(1));
      try (RawClient client = cluster.node(0).client()) {
        assertEquals("+OK\r\n", client.call("SET", key, "here"));
        assertEquals("$4\r\nhere\r\n", client.call("GET", key));
      }
    }

    @Test
    @DisplayName("MSET of keys in different slots of one node runs; across nodes it answers -CROSSSLOT")
    void crossNode() throws Exception {
      String[] sameNode = keysOnOneNodeInTwoSlots(cluster.node(1));
      try (RawClient client = cluster.node(0).client()) {
        assertEquals("+OK\r\n", client.call("MSET", sameNode[0], "1", sameNode[1], "2"));
        assertEquals("-CROSSSLOT Keys in request don't hash to slots owned by the same node\r\n",
            client.call("MSET", keyOwnedBy(cluster.node(1)), "1", keyOwnedBy(cluster.node(2)), "2"));
      }
    }

    @Override
    void assertCrossSlotRefused(RuntimeException e) {
      assertTrue(String.valueOf(e.getMessage()).contains("CROSSSLOT"), String.valueOf(e.getMessage()));
    }
  }

  /** What every client must do against the cluster, whatever the routing mode. */
  abstract static class Clients {
    final String routing;
    LocalCluster cluster;
    Vertx vertx;
    int[] ownerPorts;

    Clients(String routing) {
      this.routing = routing;
    }

    @BeforeAll
    void start() throws Exception {
      cluster = LocalCluster.start(root.resolve(routing), 3, "--cluster-routing", routing);
      vertx = Vertx.vertx();
    }

    @AfterAll
    void stop() throws Exception {
      if (vertx != null) {
        vertx.close().await();
      }
      if (cluster != null) {
        cluster.close();
      }
    }

    /** The server's refusal of an MSET across slots (or nodes, in forward mode), as a client reports it. */
    abstract void assertCrossSlotRefused(RuntimeException e);

    @Test
    @DisplayName("CLUSTER SLOTS, SHARDS and NODES describe the same three masters covering every slot")
    void topology() throws Exception {
      try (RawClient client = cluster.node(0).client()) {
        Map<String, Integer> portOf = new HashMap<>();
        int covered = 0;
        int expectedStart = 0;
        for (Object entry : (List<?>) client.request("CLUSTER", "SLOTS")) {
          List<?> range = (List<?>) entry;
          long start = (Long) range.get(0);
          long end = (Long) range.get(1);
          assertEquals(expectedStart, start);
          expectedStart = (int) end + 1;
          covered += (int) (end - start + 1);
          List<?> owner = (List<?>) range.get(2);
          assertEquals(4, owner.size());
          assertEquals("127.0.0.1", text(owner.get(0)));
          assertEquals(List.of(), owner.get(3));
          portOf.put(text(owner.get(2)), ((Long) owner.get(1)).intValue());
        }
        assertEquals(16384, covered);
        assertEquals(3, portOf.size());
        Set<Integer> ports = new HashSet<>();
        cluster.nodes().forEach(node -> ports.add(node.port()));
        assertEquals(ports, new HashSet<>(portOf.values()));

        List<?> shards = (List<?>) client.request("CLUSTER", "SHARDS");
        assertEquals(3, shards.size());
        for (Object shard : shards) {
          Map<String, Object> fields = pairs((List<?>) shard);
          assertEquals(Set.of("slots", "nodes"), fields.keySet());
          List<?> nodes = (List<?>) fields.get("nodes");
          assertEquals(1, nodes.size());
          Map<String, Object> node = pairs((List<?>) nodes.get(0));
          assertEquals(List.of("id", "port", "ip", "endpoint", "role", "replication-offset", "health"),
              new ArrayList<>(node.keySet()));
          assertEquals(portOf.get(text(node.get("id"))).longValue(), node.get("port"));
          assertEquals("master", text(node.get("role")));
          assertEquals("online", text(node.get("health")));
        }

        String myId = text(client.request("CLUSTER", "MYID"));
        String nodesText = text(client.request("CLUSTER", "NODES"));
        String[] lines = nodesText.split("\n");
        assertEquals(3, lines.length, nodesText);
        assertTrue(nodesText.endsWith("\n"));
        for (String line : lines) {
          String[] f = line.split(" ");
          assertTrue(f.length >= 9, line);
          int port = portOf.get(f[0]);
          LocalCluster.Node node = cluster.nodes().stream().filter(n -> n.port() == port).findFirst().orElseThrow();
          assertEquals("127.0.0.1:" + port + "@" + node.clusterPort, f[1]);
          assertEquals(f[0].equals(myId) ? "myself,master" : "master", f[2]);
          assertEquals("-", f[3]);
          assertEquals("connected", f[7]);
          assertTrue(f[8].matches("\\d+(-\\d+)?"), line);
        }
      }
    }

    @Test
    @DisplayName("in RESP3 the replies have Redis 7.0's shapes: SLOTS metadata and SHARDS entries are maps, NODES verbatim text")
    void resp3Shapes() throws Exception {
      try (RawClient client = cluster.node(0).client()) {
        client.call("HELLO", "3");
        String slots = client.call("CLUSTER", "SLOTS");
        String range = "\\*3\\r\\n:\\d+\\r\\n:\\d+\\r\\n\\*4\\r\\n\\$9\\r\\n127\\.0\\.0\\.1\\r\\n:\\d+\\r\\n\\$40\\r\\n[0-9a-f]{40}\\r\\n%0\\r\\n";
        assertTrue(slots.matches("\\*\\d+\\r\\n(" + range + ")+"), slots);
        String shards = client.call("CLUSTER", "SHARDS");
        assertTrue(shards.startsWith("*3\r\n%2\r\n$5\r\nslots\r\n*"), shards);
        assertTrue(shards.contains("$5\r\nnodes\r\n*1\r\n%7\r\n$2\r\nid\r\n$40\r\n"), shards);
        assertTrue(shards.contains("$4\r\nrole\r\n$6\r\nmaster\r\n$18\r\nreplication-offset\r\n:0\r\n"
            + "$6\r\nhealth\r\n$6\r\nonline\r\n"), shards);
        assertTrue(client.call("CLUSTER", "NODES").matches("(?s)=\\d+\\r\\ntxt:[0-9a-f]{40} .*\\n\\r\\n"));
      }
    }

    @Test
    @DisplayName("COUNTKEYSINSLOT and GETKEYSINSLOT count the keys of a slot on the node that owns it")
    void keysInSlot() throws Exception {
      LocalCluster.Node owner = cluster.node(2);
      String tag = "{" + keyOwnedBy(owner) + "}";
      int slot = SlotTable.slotOf(tag.getBytes(StandardCharsets.UTF_8));
      try (RawClient client = owner.client()) {
        for (int i = 0; i < 5; i++) {
          assertEquals("+OK\r\n", client.call("SET", tag + i, "v"));
        }
        assertEquals(5L, client.request("CLUSTER", "COUNTKEYSINSLOT", slot));
        assertEquals(3, ((List<?>) client.request("CLUSTER", "GETKEYSINSLOT", slot, 3)).size());
        Set<String> all = new HashSet<>();
        for (Object key : (List<?>) client.request("CLUSTER", "GETKEYSINSLOT", slot, 100)) {
          all.add(text(key));
        }
        assertEquals(Set.of(tag + 0, tag + 1, tag + 2, tag + 3, tag + 4), all);
        assertEquals("-ERR Invalid slot\r\n", client.call("CLUSTER", "COUNTKEYSINSLOT", "16384"));
        assertEquals("-ERR Invalid slot or number of keys\r\n", client.call("CLUSTER", "GETKEYSINSLOT", "1", "-1"));
      }
      try (RawClient other = cluster.node(0).client()) {
        assertEquals(":0\r\n", other.call("CLUSTER", "COUNTKEYSINSLOT", Integer.toString(slot)));
      }
    }

    @Test
    @DisplayName("READONLY, READWRITE and ASKING answer +OK; ADDSLOTS says Verdis assigns slots itself; FAILOVER needs a follower")
    void connectionCommands() throws Exception {
      try (RawClient client = cluster.node(0).client()) {
        assertEquals("+OK\r\n", client.call("READONLY"));
        assertTrue(client.call("CLIENT", "INFO").contains(" flags=r "));
        assertEquals("+OK\r\n", client.call("READWRITE"));
        assertEquals("+OK\r\n", client.call("ASKING"));
        String refused = client.call("CLUSTER", "ADDSLOTS", "1");
        assertTrue(refused.startsWith("-ERR CLUSTER ADDSLOTS is not supported: Verdis assigns and moves slots itself"),
            refused);
        assertTrue(client.call("INFO", "cluster").contains("cluster_enabled:1\r\n"));
        // cluster-replicas 0: no node follows another, as a Redis Cluster of masters only.
        assertEquals("-ERR You should send CLUSTER FAILOVER to a replica\r\n", client.call("CLUSTER", "FAILOVER"));
      }
    }

    @Test
    @DisplayName("the Vert.x Redis client in CLUSTER mode writes and reads back 200 keys and hash-tagged MSETs")
    void vertxClusterClient() throws Exception {
      RedisOptions options = new RedisOptions().setType(RedisClientType.CLUSTER).setMaxPoolWaiting(256);
      cluster.nodes().forEach(node -> options.addConnectionString("redis://127.0.0.1:" + node.port()));
      Redis redis = Redis.createClient(vertx, options);
      try {
        RedisAPI api = RedisAPI.api(redis);
        for (int i = 0; i < KEYS; i++) {
          assertEquals("OK", api.set(List.of("vertx:" + i, "value:" + i)).await().toString());
        }
        for (int i = 0; i < KEYS; i++) {
          assertEquals("value:" + i, api.get("vertx:" + i).await().toString());
        }
        assertEquals("OK", api.mset(List.of("{user:1}:a", "1", "{user:1}:b", "2")).await().toString());
        assertEquals("2", api.get("{user:1}:b").await().toString());
        // Keys on different nodes: the client splits the MSET by slot itself (its reducer for MSET),
        // so the server never sees it whole.
        String[] keys = crossKeys();
        assertEquals("OK", api.mset(List.of(keys[0], "1", keys[1], "2")).await().toString());
        assertEquals("2", api.get(keys[1]).await().toString());
      } finally {
        redis.close();
      }
    }

    @Test
    @DisplayName("JedisCluster writes and reads back 200 keys and a hash-tagged MSET")
    void jedisCluster() {
      Set<HostAndPort> seeds = new HashSet<>();
      cluster.nodes().forEach(node -> seeds.add(new HostAndPort("127.0.0.1", node.port())));
      try (JedisCluster jedis = new JedisCluster(seeds)) {
        for (int i = 0; i < KEYS; i++) {
          assertEquals("OK", jedis.set("jedis:" + i, "value:" + i));
        }
        for (int i = 0; i < KEYS; i++) {
          assertEquals("value:" + i, jedis.get("jedis:" + i));
        }
        assertEquals("OK", jedis.mset("{user:2}:a", "1", "{user:2}:b", "2"));
        assertEquals(List.of("1", "2"), jedis.mget("{user:2}:a", "{user:2}:b"));
        // JedisCluster refuses a cross-slot MSET itself; sent as a raw command to the first key's
        // node, the server decides.
        String[] keys = crossKeys();
        RuntimeException refused = assertThrows(RuntimeException.class,
            () -> jedis.sendCommand(keys[0], Protocol.Command.MSET, keys[0], "1", keys[1], "2"));
        assertCrossSlotRefused(refused);
      }
    }

    @Test
    @DisplayName("Lettuce's RedisClusterClient writes and reads back 200 keys and a hash-tagged MSET")
    void lettuceClusterClient() {
      List<RedisURI> seeds = new ArrayList<>();
      cluster.nodes().forEach(node -> seeds.add(RedisURI.create("127.0.0.1", node.port())));
      RedisClusterClient client = RedisClusterClient.create(seeds);
      try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
        connection.setTimeout(Duration.ofSeconds(10));
        RedisAdvancedClusterCommands<String, String> sync = connection.sync();
        assertEquals(3, connection.getPartitions().size());
        for (int i = 0; i < KEYS; i++) {
          assertEquals("OK", sync.set("lettuce:" + i, "value:" + i));
        }
        for (int i = 0; i < KEYS; i++) {
          assertEquals("value:" + i, sync.get("lettuce:" + i));
        }
        assertEquals("OK", sync.mset(Map.of("{user:3}:a", "1", "{user:3}:b", "2")));
        assertEquals("2", sync.get("{user:3}:b"));
        // Lettuce splits MSET by slot itself; dispatched whole it goes to the first key's node.
        String[] keys = crossKeys();
        RuntimeException refused = assertThrows(RuntimeException.class, () -> sync.dispatch(CommandType.MSET,
            new StatusOutput<>(StringCodec.UTF8),
            new CommandArgs<>(StringCodec.UTF8).addKey(keys[0]).addValue("1").addKey(keys[1]).addValue("2")));
        assertCrossSlotRefused(refused);
      } finally {
        client.shutdown();
      }
    }

    @Test
    @DisplayName("redis-cli -c writes and reads back 200 keys through different nodes")
    void redisCliCluster() throws Exception {
      assumeTrue(Files.isExecutable(REDIS_CLI), "redis-cli is not installed at " + REDIS_CLI);
      StringBuilder sets = new StringBuilder();
      StringBuilder gets = new StringBuilder();
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < KEYS; i++) {
        sets.append("SET cli:").append(i).append(" value:").append(i).append('\n');
        gets.append("GET cli:").append(i).append('\n');
        expected.append("value:").append(i).append('\n');
      }
      List<String> written = cli(cluster.node(0), sets.toString());
      assertEquals("OK\n".repeat(KEYS), replies(written));
      assertEquals(expected.toString(), replies(cli(cluster.node(1), gets.toString())));
      assertEquals("OK\n2\n", replies(cli(cluster.node(2), "MSET {user:4}:a 1 {user:4}:b 2\nGET {user:4}:b\n")));
      long redirects = written.stream().filter(line -> line.startsWith("-> Redirected to slot [")).count();
      if ("redirect".equals(routing)) {
        assertTrue(redirects > 0, "redis-cli followed no -MOVED");
      } else {
        assertEquals(0, redirects, "the node forwards: no -MOVED to follow");
      }
      String[] keys = crossKeys();
      String refused = replies(cli(cluster.node(0), "MSET " + keys[0] + " 1 " + keys[1] + " 2\n"));
      assertTrue(refused.contains("CROSSSLOT"), refused);
    }

    /** Two keys whose MSET the server must refuse in this mode: different slots, on different nodes. */
    String[] crossKeys() {
      return new String[] {keyOwnedBy(cluster.node(1)), keyOwnedBy(cluster.node(2))};
    }

    /** redis-cli's output without its "-> Redirected to slot [s] located at host:port" lines. */
    static String replies(List<String> lines) {
      StringBuilder out = new StringBuilder();
      lines.stream().filter(line -> !line.startsWith("-> Redirected to slot [")).forEach(line -> out.append(line).append('\n'));
      return out.toString();
    }

    /** redis-cli -c fed {@code input} on stdin against {@code node}: its output lines. */
    List<String> cli(LocalCluster.Node node, String input) throws Exception {
      Process process = new ProcessBuilder(REDIS_CLI.toString(), "-c", "-p", Integer.toString(node.port()))
          .redirectErrorStream(true).start();
      process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(60, TimeUnit.SECONDS));
      return out.lines().toList();
    }

    /** The RESP port of the node owning {@code key}'s slot, per CLUSTER SLOTS (read once: the cluster stays settled). */
    int ownerPort(String key) throws Exception {
      if (ownerPorts == null) {
        int[] ports = new int[SlotTable.SLOTS];
        try (RawClient client = cluster.node(0).client()) {
          for (Object entry : (List<?>) client.request("CLUSTER", "SLOTS")) {
            List<?> range = (List<?>) entry;
            int port = ((Long) ((List<?>) range.get(2)).get(1)).intValue();
            for (long slot = (Long) range.get(0); slot <= (Long) range.get(1); slot++) {
              ports[(int) slot] = port;
            }
          }
        }
        ownerPorts = ports;
      }
      return ownerPorts[SlotTable.slotOf(key.getBytes(StandardCharsets.UTF_8))];
    }

    /** A key whose slot {@code node} owns. */
    String keyOwnedBy(LocalCluster.Node node) {
      try {
        for (int i = 0; ; i++) {
          if (ownerPort("owned:" + i) == node.port()) {
            return "owned:" + i;
          }
        }
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }

    /** Two keys in different slots that {@code node} both owns. */
    String[] keysOnOneNodeInTwoSlots(LocalCluster.Node node) throws Exception {
      String first = keyOwnedBy(node);
      int firstSlot = SlotTable.slotOf(first.getBytes(StandardCharsets.UTF_8));
      for (int i = 0; ; i++) {
        String other = "other:" + i;
        if (ownerPort(other) == node.port()) {
          assertNotEquals(firstSlot, SlotTable.slotOf(other.getBytes(StandardCharsets.UTF_8)));
          return new String[] {first, other};
        }
      }
    }
  }

  static String text(Object bulk) {
    return bulk instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(bulk);
  }

  /** A RESP2 map (flat key, value, key, value …) in its order. */
  static Map<String, Object> pairs(List<?> flat) {
    Map<String, Object> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < flat.size(); i += 2) {
      map.put(text(flat.get(i)), flat.get(i + 1));
    }
    return map;
  }
}

package io.verdis.cluster;

import io.verdis.it.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three nodes, forward routing: the keyless whole-keyspace commands answer for the whole cluster from any node. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFanOutTest {
  private static final int KEYS = 500;

  @TempDir
  static Path root;
  static LocalCluster cluster;
  static Set<String> written = new TreeSet<>();

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.start(root, 3);
    try (RawClient writer = cluster.node(0).client()) {
      for (int i = 0; i < KEYS; i++) {
        assertEquals("+OK\r\n", writer.call("SET", "key:" + i, "value:" + i));
        written.add("key:" + i);
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  @DisplayName("DBSIZE counts every node's keys, asked from any node")
  void dbsize() throws Exception {
    for (LocalCluster.Node node : cluster.nodes()) {
      try (RawClient client = node.client()) {
        assertEquals((long) KEYS, client.request("DBSIZE"), node.toString());
      }
    }
  }

  @Test
  @Order(1)
  @DisplayName("under redirect routing DBSIZE and KEYS stay node-local, as in Redis Cluster")
  void redirectStaysLocal() throws Exception {
    long total = 0;
    Set<String> union = new TreeSet<>();
    for (LocalCluster.Node node : cluster.nodes()) {
      try (RawClient client = node.client()) {
        assertEquals("OK", client.request("CONFIG", "SET", "cluster-routing", "redirect"));
        try {
          long here = (Long) client.request("DBSIZE");
          assertTrue(here > 0 && here < KEYS, node + " holds " + here);
          List<String> keys = texts(client.request("KEYS", "*"));
          assertEquals(here, keys.size(), node.toString());
          union.addAll(keys);
          total += here;
        } finally {
          client.request("CONFIG", "SET", "cluster-routing", "forward");
        }
      }
    }
    assertEquals(KEYS, total);
    assertEquals(written, union);
  }

  @Test
  @Order(1)
  @DisplayName("KEYS returns every node's matching keys exactly once")
  void keys() throws Exception {
    Set<String> tens = new TreeSet<>();
    for (String key : written) {
      if (key.startsWith("key:1")) {
        tens.add(key);
      }
    }
    for (LocalCluster.Node node : cluster.nodes()) {
      try (RawClient client = node.client()) {
        List<String> all = texts(client.request("KEYS", "*"));
        assertEquals(KEYS, all.size(), node + " returned duplicates or missed keys");
        assertEquals(written, new TreeSet<>(all), node.toString());
        List<String> some = texts(client.request("KEYS", "key:1*"));
        assertEquals(tens.size(), some.size(), node.toString());
        assertEquals(tens, new TreeSet<>(some), node.toString());
        assertEquals(List.of(), client.request("KEYS", "nothing:*"));
      }
    }
  }

  @Test
  @Order(1)
  @DisplayName("a SCAN loop walks every node's keys, with COUNT, MATCH and TYPE")
  void scan() throws Exception {
    Set<String> matching = new TreeSet<>();
    for (String key : written) {
      if (key.endsWith("7")) {
        matching.add(key);
      }
    }
    for (LocalCluster.Node node : cluster.nodes()) {
      try (RawClient client = node.client()) {
        assertEquals(written, scanAll(List.of(client), "COUNT", "50"), node + " COUNT 50");
        assertEquals(written, scanAll(List.of(client)), node + " default COUNT");
        assertEquals(matching, scanAll(List.of(client), "MATCH", "*7"), node + " MATCH");
        assertEquals(matching, scanAll(List.of(client), "MATCH", "*7", "COUNT", "50"), node + " MATCH COUNT 50");
        assertEquals(written, scanAll(List.of(client), "TYPE", "string"), node + " TYPE string");
        assertEquals(Set.of(), scanAll(List.of(client), "TYPE", "hash"), node + " TYPE hash");
      }
    }
  }

  @Test
  @Order(1)
  @DisplayName("a SCAN cursor carries from one node to another")
  void scanAcrossNodes() throws Exception {
    List<RawClient> clients = new ArrayList<>();
    try {
      for (LocalCluster.Node node : cluster.nodes()) {
        clients.add(node.client());
      }
      assertEquals(written, scanAll(clients, "COUNT", "30"));
    } finally {
      for (RawClient client : clients) {
        client.close();
      }
    }
  }

  @Test
  @Order(1)
  @DisplayName("SCAN refuses a bad cursor or option as Redis does")
  void scanErrors() throws Exception {
    try (RawClient client = cluster.node(1).client()) {
      assertEquals("ERR invalid cursor",
          assertThrows(RawClient.ErrorReply.class, () -> client.request("SCAN", "abc")).getMessage());
      assertEquals("ERR syntax error",
          assertThrows(RawClient.ErrorReply.class, () -> client.request("SCAN", "0", "COUNT", "0")).getMessage());
    }
  }

  @Test
  @Order(1)
  @DisplayName("RANDOMKEY returns an existing key from any node")
  void randomkey() throws Exception {
    for (LocalCluster.Node node : cluster.nodes()) {
      try (RawClient client = node.client()) {
        for (int i = 0; i < 10; i++) {
          String key = text(client.request("RANDOMKEY"));
          assertTrue(written.contains(key), node + " answered " + key);
        }
      }
    }
  }

  @Test
  @Order(1)
  @DisplayName("INFO's keyspace section sums every node's keys, in RESP2 and RESP3")
  void infoKeyspace() throws Exception {
    for (LocalCluster.Node node : cluster.nodes()) {
      try (RawClient client = node.client()) {
        assertEquals("# Keyspace\r\ndb0:keys=500,expires=0,avg_ttl=0\r\n", text(client.request("INFO", "keyspace")));
        String all = text(client.request("INFO"));
        assertTrue(all.contains("\r\n# Keyspace\r\ndb0:keys=500,expires=0,avg_ttl=0\r\n"), all);
        assertTrue(all.startsWith("# Server\r\n"), all);
        assertTrue(text(client.request("INFO", "server")).indexOf("Keyspace") < 0);
        client.call("HELLO", "3");
        String verbatim = "txt:# Keyspace\r\ndb0:keys=500,expires=0,avg_ttl=0\r\n";
        assertEquals("=" + verbatim.length() + "\r\n" + verbatim + "\r\n", client.call("INFO", "keyspace"));
        assertEquals(":500\r\n", client.call("DBSIZE"));
      }
    }
  }

  @Test
  @Order(2)
  @DisplayName("FLUSHDB and FLUSHALL empty every node, asked from any node")
  void flush() throws Exception {
    for (LocalCluster.Node node : cluster.nodes()) {
      try (RawClient client = node.client()) {
        assertEquals("OK", client.request("FLUSHDB"));
        for (LocalCluster.Node other : cluster.nodes()) {
          try (RawClient reader = other.client()) {
            assertEquals(0L, reader.request("DBSIZE"), "after FLUSHDB on " + node + ", " + other);
            assertNull(reader.request("RANDOMKEY"));
            assertEquals("# Keyspace\r\n", text(reader.request("INFO", "keyspace")));
          }
        }
        for (int i = 0; i < 50; i++) {
          client.request("SET", "again:" + i, "x");
        }
        assertEquals(50L, client.request("DBSIZE"));
      }
    }
    try (RawClient client = cluster.node(2).client()) {
      assertEquals("OK", client.request("FLUSHALL", "ASYNC"));
      assertEquals(0L, client.request("DBSIZE"));
      assertEquals("ERR syntax error",
          assertThrows(RawClient.ErrorReply.class, () -> client.request("FLUSHALL", "LATER")).getMessage());
    }
  }

  /** SCAN from cursor 0 until 0 again, each call through the next client in turn; the union of the keys. */
  private static Set<String> scanAll(List<RawClient> clients, String... options) throws IOException {
    Set<String> seen = new HashSet<>();
    String cursor = "0";
    int calls = 0;
    do {
      Object[] args = new Object[options.length + 2];
      args[0] = "SCAN";
      args[1] = cursor;
      System.arraycopy(options, 0, args, 2, options.length);
      List<?> reply = (List<?>) clients.get(calls % clients.size()).request(args);
      cursor = text(reply.get(0));
      seen.addAll(texts(reply.get(1)));
      assertTrue(++calls < 10_000, "SCAN does not end");
    } while (!cursor.equals("0"));
    return new TreeSet<>(seen);
  }

  private static List<String> texts(Object reply) {
    List<String> texts = new ArrayList<>();
    for (Object element : (List<?>) reply) {
      texts.add(text(element));
    }
    return texts;
  }

  private static String text(Object reply) {
    return reply == null ? null : new String((byte[]) reply, StandardCharsets.UTF_8);
  }
}

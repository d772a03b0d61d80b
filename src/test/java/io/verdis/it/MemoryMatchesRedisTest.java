package io.verdis.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MEMORY and LOLWUT side by side with redis-server 7.0: declarations, arities, errors and option
 * parsing compared reply for reply; the figures (which differ between a JVM and jemalloc) checked
 * for what they must say: MEMORY STATS's field names, a key's usage growing with its value.
 */
class MemoryMatchesRedisTest extends RawSocketTestBase {

  @Test
  void memoryIsDeclaredAsRedisDeclaresIt(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      CommandDeclarations.assertSameAsRedis(redis.client(), verdis, "memory", "memory|doctor", "memory|malloc-stats",
          "memory|purge", "memory|stats", "memory|usage", "memory|help");
      // LOLWUT's docs list its VERSION argument, which Verdis's declarations do not describe yet.
      List<?> expected = (List<?>) ((List<?>) redis.client().request("command", "info", "lolwut")).get(0);
      List<?> actual = (List<?>) ((List<?>) verdis.request("command", "info", "lolwut")).get(0);
      assertEquals(RawClient.asText(expected.subList(0, 7)), RawClient.asText(actual.subList(0, 7)));
    }
  }

  @Test
  void memoryChecksItsArgumentsAsRedisDoes(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); SideBySide both = new SideBySide(client(), redis.client())) {
      both.assertSameReplies("""
          memory
          memory foo
          memory help
          memory help x
          memory usage
          memory usage nokey
          memory usage nokey samples 3
          memory usage nokey samples 0
          memory usage nokey samples x
          memory usage nokey samples -1
          memory usage nokey samples
          memory usage nokey foo
          memory usage nokey samples 5 samples 2
          memory usage nokey SAMPLES 99999999999999999999
          memory stats x
          memory doctor x
          memory purge x
          memory malloc-stats x
          memory purge
          memory doctor
          lolwut version x
          lolwut version 1.5
          !hello 3
          memory usage nokey
          memory doctor
          memory usage nokey samples x
          !hello 2
          """);
    }
  }

  @Test
  void aKeysUsageGrowsWithItsValue() throws Exception {
    try (RawClient c = client()) {
      assertNull(c.request("memory", "usage", "s"));
      c.request("set", "s", "x".repeat(10));
      long small = (Long) c.request("memory", "usage", "s");
      c.request("set", "s", "x".repeat(10_000));
      long large = (Long) c.request("memory", "usage", "s");
      assertTrue(small > 10 && large - small >= 10_000 - 10 - 8, "9990 more bytes, padding aside: " + small + " then " + large);
      for (String type : List.of("rpush", "sadd", "zadd", "hset", "xadd")) {
        long few = usageAfterAdding(c, type, 4);
        long many = usageAfterAdding(c, type, 1000);
        assertTrue(many > few * 10, type + ": " + few + " then " + many);
        long all = (Long) c.request("memory", "usage", "agg", "samples", "0");
        assertTrue(all > many / 2 && all < many * 2, type + ": sampling all " + all + ", five " + many);
      }
    }
  }

  private static long usageAfterAdding(RawClient c, String type, int count) throws Exception {
    c.request("del", "agg");
    for (int i = 0; i < count; i++) {
      String member = "member:" + i;
      switch (type) {
        case "zadd" -> c.request("zadd", "agg", i, member);
        case "hset" -> c.request("hset", "agg", member, "value:" + i);
        case "xadd" -> c.request("xadd", "agg", "*", "field", member);
        default -> c.request(type, "agg", member);
      }
    }
    return (Long) c.request("memory", "usage", "agg");
  }

  @Test
  void memoryStatsNamesRedisFieldsInRedisOrder(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      RawClient real = redis.client();
      for (RawClient c : List.of(real, verdis)) {
        c.request("set", "a", "1");
        c.request("set", "b", "2", "ex", "100");
        c.request("select", "3");
        c.request("set", "c", "3");
        c.request("select", "0");
      }
      assertEquals(names(real.request("memory", "stats")), names(verdis.request("memory", "stats")));
      List<?> stats = (List<?>) verdis.request("memory", "stats");
      assertEquals(3L, field(stats, "keys.count"));
      List<?> db0 = (List<?>) field(stats, "db.0");
      assertEquals("overhead.hashtable.main", text(db0.get(0)));
      assertTrue((Long) db0.get(3) > 0, "an expiry costs: " + db0);
      assertTrue((Long) field(stats, "total.allocated") <= (Long) field(stats, "peak.allocated"));
    }
  }

  /**
   * clients.normal counts what clients hold: here a request half sent (its 50000 bytes wait in the
   * connection's buffer); aof.buffer is 0 with the AOF off, as Redis's.
   */
  @Test
  void memoryStatsCountsTheClientsBuffers() throws Exception {
    try (RawClient c = client(); RawClient partial = client()) {
      partial.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100000\r\n" + "x".repeat(50_000));
      long normal = 0;
      for (int tries = 0; tries < 200 && normal < 50_000; tries++) {
        normal = (Long) field((List<?>) c.request("memory", "stats"), "clients.normal");
        if (normal < 50_000) {
          Thread.sleep(10); // the server may not have read all of it yet
        }
      }
      assertTrue(normal >= 50_000, "clients.normal " + normal);
      List<?> stats = (List<?>) c.request("memory", "stats");
      assertEquals(0L, field(stats, "aof.buffer"));
      assertTrue((Long) field(stats, "overhead.total") >= (Long) field(stats, "startup.allocated") + 50_000);
    }
  }

  @Test
  void mallocStatsAndLolwutSayWhatTheyCan() throws Exception {
    try (RawClient c = client()) {
      assertEquals("Stats not supported for the current allocator", text(c.request("memory", "malloc-stats")));
      for (Object[] call : List.of(new Object[] {"lolwut"}, new Object[] {"lolwut", "version", "5", "1", "1"})) {
        String art = text(c.request(call));
        assertTrue(art.endsWith("\nVerdis ver. 0.1.0\n"), art);
      }
      c.request("set", "k", "v");
      assertTrue(text(c.request("memory", "doctor")).startsWith("Hi Sam, "));
    }
  }

  private static List<String> names(Object stats) {
    List<?> flat = (List<?>) stats;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < flat.size(); i += 2) {
      String name = text(flat.get(i));
      names.add(name);
      if (flat.get(i + 1) instanceof List<?> nested) {
        names.addAll(names(nested).stream().map(inner -> name + "/" + inner).toList());
      }
    }
    return names;
  }

  private static Object field(List<?> flat, String name) {
    for (int i = 0; i < flat.size(); i += 2) {
      if (text(flat.get(i)).equals(name)) {
        return flat.get(i + 1);
      }
    }
    throw new AssertionError("no field " + name + " in " + flat);
  }

  private static String text(Object bulk) {
    return new String((byte[]) bulk, StandardCharsets.UTF_8);
  }
}

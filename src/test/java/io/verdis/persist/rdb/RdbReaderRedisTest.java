package io.verdis.persist.rdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.it.RealRedis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RdbReader on dump.rdb files that a real redis-server saved. */
class RdbReaderRedisTest {
  private static final String LIBRARY =
      "#!lua name=mylib\nredis.register_function('echo1', function(keys, args) return args[1] end)";

  @BeforeAll
  static void requireRedis() {
    RealRedis.assumeInstalled();
  }

  @Test
  void everyTypeInSmallAndLargeEncodingsReadsBackAsPut(@TempDir Path dir) throws Exception {
    Dataset data = Dataset.everyType();
    String redisVersion;
    try (RealRedis redis = RealRedis.start(dir)) {
      data.fill(redis);
      redis.call("FUNCTION", "LOAD", LIBRARY);
      assertEncodings(redis, Map.of(
          "str:number:-32769", "int", "list:small", "quicklist", "set:int16", "intset", "set:int64", "intset",
          "set:big", "hashtable", "hash:small", "listpack", "hash:big", "hashtable",
          "zset:small", "listpack", "zset:big", "skiplist"));
      redisVersion = redis.text("INFO", "server").lines()
          .filter(line -> line.startsWith("redis_version:")).findFirst().orElseThrow().substring(14);
      assertEquals("OK", redis.call("SAVE"));
    }

    RdbContents contents = RdbContents.read(dir.resolve("dump.rdb"));

    Dataset.assertSameContents(data.expected(), contents.dbs);
    assertEquals(redisVersion, contents.aux.get("redis-ver"));
    assertEquals("64", contents.aux.get("redis-bits"));
    assertEquals(List.of(0, 3, 15), contents.selectedDbs);
    assertEquals(data.dbs.get(0).size(), contents.resizes.get(0)[0]);
    assertEquals(5, contents.resizes.get(0)[1]);
    assertEquals(List.of(LIBRARY), contents.functions);
  }

  /**
   * Lists split into many quicklist nodes, the inner ones LZF-compressed by list-compress-depth, and
   * elements over the packed threshold stored as PLAIN nodes.
   */
  @Test
  void listsOfCompressedAndPlainQuicklistNodesReadBackAsPut(@TempDir Path dir) throws Exception {
    Dataset data = new Dataset();
    List<String> elements = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      elements.add(i % 10 == 0 ? "plain-node-".repeat(12) + i
          : i % 3 == 0 ? Integer.toString(i - 150)
          : "element-" + i);
    }
    data.put(0, "list:nodes", Stored.list(elements, -1));
    data.put(0, "list:only-plain", Stored.list(List.of("P".repeat(150), "Q".repeat(5000)), -1));
    try (RealRedis redis = RealRedis.start(dir, "--list-max-listpack-size", "5", "--list-compress-depth", "1",
        "--enable-debug-command", "yes")) {
      redis.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "100");
      data.fill(redis);
      assertEquals("OK", redis.call("SAVE"));
    }

    Dataset.assertSameContents(data.expected(), RdbContents.read(dir.resolve("dump.rdb")).dbs);
  }

  @Test
  void anEmptyServerSavesAFileWithNoKeys(@TempDir Path dir) throws Exception {
    try (RealRedis redis = RealRedis.start(dir)) {
      assertEquals("OK", redis.call("SAVE"));
    }

    RdbContents contents = RdbContents.read(dir.resolve("dump.rdb"));

    assertTrue(contents.dbs.isEmpty());
    assertTrue(contents.aux.containsKey("ctime"));
  }

  private static void assertEncodings(RealRedis redis, Map<String, String> encodings) throws Exception {
    redis.call("SELECT", 0);
    for (Map.Entry<String, String> expected : encodings.entrySet()) {
      assertEquals(expected.getValue(), redis.text("OBJECT", "ENCODING", expected.getKey()),
          "encoding of " + expected.getKey() + " in Redis (the test relies on it to cover that RDB type)");
    }
  }
}

package io.verdis.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The encoding directives (and the active-defrag knobs) under CONFIG GET and SET, side by side
 * with redis-server 7.0: defaults, the old ziplist names, good values and each kind of bad one.
 */
class EncodingDirectivesMatchRedisTest extends RawSocketTestBase {
  private static final List<String> INTEGERS = List.of(
      "list-max-listpack-size", "list-max-ziplist-size", "list-compress-depth",
      "hash-max-listpack-entries", "hash-max-ziplist-entries", "set-max-intset-entries",
      "zset-max-listpack-entries", "zset-max-ziplist-entries", "stream-node-max-entries",
      "active-defrag-threshold-lower", "active-defrag-threshold-upper", "active-defrag-cycle-min",
      "active-defrag-cycle-max", "active-defrag-max-scan-fields");
  private static final List<String> MEMORY = List.of(
      "hash-max-listpack-value", "hash-max-ziplist-value", "zset-max-listpack-value", "zset-max-ziplist-value",
      "stream-node-max-bytes", "hll-sparse-max-bytes", "active-defrag-ignore-bytes");
  private static final List<String> VALUES = List.of(
      "abc", "-1", "0", "1", "-5", "-100000", "4", "1k", "1kb", "99999999999", "2147483648", "1000", "100", "");

  @Test
  void eachDirectiveReadsAndChangesAsRedisDoesUnderEachOfItsNames(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      SideBySide both = new SideBySide(verdis, redis.client());
      for (int protocol : new int[] {2, 3}) {
        both.assertSameReplies("!hello " + protocol);
        StringBuilder script = new StringBuilder();
        for (String name : concat(INTEGERS, MEMORY)) {
          script.append("config get ").append(name).append('\n');
          for (String value : VALUES) {
            script.append("config set ").append(name).append(" \"").append(value).append("\"\n");
            script.append("config get ").append(name).append('\n');
          }
        }
        // The old and the new name are one setting: a change under either shows under both.
        script.append("""
            config set list-max-ziplist-size 7
            config get list-max-listpack-size
            config set hash-max-listpack-value 12
            config get hash-max-ziplist-value
            config set zset-max-ziplist-entries 3 zset-max-listpack-value 9
            config get zset-max-listpack-entries
            config get zset-max-ziplist-value
            config set set-max-intset-entries 5 set-max-intset-entries 6
            config set set-max-intset-entries 5 list-compress-depth -1
            config get set-max-intset-entries
            config set set-max-intset-entries
            config set LIST-MAX-ZIPLIST-SIZE -3
            config get List-Max-Listpack-Size
            """);
        both.assertSameReplies(script.toString());
        restoreDefaults(both);
      }
    }
  }

  @Test
  void aPatternListsTheOldNamesBesideTheNewOnes(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      for (String pattern : List.of("*max-*list*", "*ziplist*", "*intset*", "stream-node-*", "hll-*",
          "active-defrag-*", "lua-time-limit", "*lua*")) {
        assertEquals(asMap(redis.client().request("config", "get", pattern)),
            asMap(verdis.request("config", "get", pattern)), pattern);
      }
    }
  }

  @Test
  void setsFollowSetMaxIntsetEntriesAsRedisDoes(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    String a = keyOnShard("a", 0);
    String b = keyOnShard("b", 1);
    String script = """
        !flushall
        config set set-max-intset-entries 4
        sadd s 1 2 3 4
        object encoding s
        sadd s 5
        object encoding s
        sadd t 1 2 3 4 5
        object encoding t
        sadd A 1 2 3
        sadd B 3 4 5
        sunionstore u A B
        object encoding u
        sdiffstore d A B
        object encoding d
        sinterstore i A B
        object encoding i
        config set set-max-intset-entries 2
        sunionstore u A
        object encoding u
        sadd A 4
        object encoding A
        sadd B 9
        object encoding B
        smove A m 1
        object encoding m
        sadd p 1 2 3 4 5 6 7 8 9 10
        !spop p 9
        object encoding p
        config set set-max-intset-entries 0
        sadd z 1
        object encoding z
        smove B n 3
        object encoding n
        sadd q 1 2 3 4 5 6 7 8 9 10 11 12
        !spop q 11
        object encoding q
        config set set-max-intset-entries 512
        sadd z 2
        object encoding z
        sadd w 1
        object encoding w
        """.replace(" A", " " + a).replace(" B", " " + b);
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      SideBySide both = new SideBySide(verdis, redis.client());
      for (int protocol : new int[] {2, 3}) {
        both.assertSameReplies("!hello " + protocol + "\n" + script);
      }
    }
  }

  @Test
  void sortedSetsFollowZsetMaxListpackSettingsAsRedisDoes(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    String a = keyOnShard("a", 0);
    String b = keyOnShard("b", 2);
    String script = """
        !flushall
        config set zset-max-listpack-entries 3 zset-max-listpack-value 5
        zadd z 1 a 2 b 3 c
        object encoding z
        zadd z 4 d
        object encoding z
        zadd y 1 a 2 b 3 c 4 d
        object encoding y
        zadd x 1 abcde
        object encoding x
        zadd w 1 abcdef
        object encoding w
        zadd v 1 a
        zadd v 2 abcdef
        object encoding v
        zincrby u 1 abcdef
        object encoding u
        zincrby t 1 a
        object encoding t
        zadd A 1 a 2 b 3 c 4 d 5 e
        zadd B 1 a 2 b
        zunionstore s1 1 B
        object encoding s1
        zunionstore s2 2 A B
        object encoding s2
        zinterstore s3 2 A B
        object encoding s3
        zdiffstore s4 2 A B
        object encoding s4
        zrangestore s5 A 0 1
        object encoding s5
        zrangestore s6 A 0 3
        object encoding s6
        config set zset-max-listpack-entries 0
        zadd r 1 a
        object encoding r
        zrangestore s7 A 0 0
        object encoding s7
        zunionstore s8 1 B
        object encoding s8
        config set zset-max-listpack-entries 1000 zset-max-listpack-value 1000
        zadd q 1 a
        object encoding q
        zunionstore s9 1 A
        object encoding s9
        zadd y 5 e
        object encoding y
        config set zset-max-listpack-entries 128 zset-max-listpack-value 64
        """.replace(" A", " " + a).replace(" B", " " + b);
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      SideBySide both = new SideBySide(verdis, redis.client());
      for (int protocol : new int[] {2, 3}) {
        both.assertSameReplies("!hello " + protocol + "\n" + script);
      }
    }
  }

  @Test
  void hashesFollowHashMaxListpackSettingsAsRedisDoes(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    String script = """
        !flushall
        config set hash-max-listpack-entries 3 hash-max-listpack-value 5
        hset h a 1 b 2 c 3
        object encoding h
        hset h a 10
        object encoding h
        hset h d 4
        object encoding h
        hset i a 1 b 2 c 3 d 4
        object encoding i
        hset j abcde vwxyz
        object encoding j
        hset k abcdef 1
        object encoding k
        hset l a abcdef
        object encoding l
        hset m a 1
        hsetnx m a abcdefgh
        object encoding m
        hsetnx m b abcdefgh
        object encoding m
        hincrby n abcdef 1
        object encoding n
        hincrbyfloat o f 1e10
        object encoding o
        hincrbyfloat p f 1
        object encoding p
        hset q a 1 b 2 c 3
        hdel q a b
        object encoding q
        config set hash-max-listpack-entries 1
        object encoding q
        hset q c 4
        object encoding q
        hset q d 5
        object encoding q
        copy h h2
        object encoding h2
        config set hash-max-listpack-entries 0 hash-max-listpack-value 0
        hset r "" ""
        object encoding r
        config set hash-max-listpack-entries 1000 hash-max-listpack-value 400
        hset s f v
        object encoding s
        hset t f %s
        object encoding t
        hset t %s x
        object encoding t
        hgetall t
        hset t g %s
        object encoding t
        config set hash-max-listpack-entries 512 hash-max-listpack-value 64
        hset t h 1
        object encoding t
        """.formatted("v".repeat(200), "k".repeat(400), "v".repeat(401));
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      SideBySide both = new SideBySide(verdis, redis.client());
      for (int protocol : new int[] {2, 3}) {
        both.assertSameReplies("!hello " + protocol + "\n" + script);
      }
    }
  }

  @Test
  void restoreShapesValuesUnderTheSettingsOfTheMoment(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      SideBySide both = new SideBySide(verdis, redis.client());
      RawClient source = redis.client();
      source.request("hset", "h", "a", "1", "b", "2", "c", "3");
      source.request("sadd", "s", "1", "2", "3");
      source.request("zadd", "z", "1", "a", "2", "b", "3", "c");
      List<Object> bigHash = new java.util.ArrayList<>(List.of("hset", "H"));
      List<Object> bigSet = new java.util.ArrayList<>(List.of("sadd", "S"));
      List<Object> bigZset = new java.util.ArrayList<>(List.of("zadd", "Z"));
      for (int i = 0; i < 600; i++) {
        bigHash.addAll(List.of("f" + i, "v"));
        bigSet.add(i);
        bigZset.addAll(List.of(i, "m" + i));
      }
      source.request(bigHash.toArray());
      source.request(bigSet.toArray());
      source.request(bigZset.toArray());
      Map<String, byte[]> payloads = new TreeMap<>();
      for (String key : List.of("h", "s", "z", "H", "S", "Z")) {
        payloads.put(key, (byte[]) source.request("dump", key));
      }
      try {
        restoreUnder(both, payloads);
      } finally {
        restoreDefaults(both);
      }
    }
  }

  /**
   * RESTOREs every payload under each group of settings, comparing the encodings it gets. Not
   * compared: a listpack payload restored under a lower -value setting, which Redis keeps a
   * listpack while Verdis, which does not know the payload's encoding, converts.
   */
  private static void restoreUnder(SideBySide both, Map<String, byte[]> payloads) throws IOException {
    for (String settings : List.of(
        "hash-max-listpack-entries 2 set-max-intset-entries 2 zset-max-listpack-entries 2",
        "hash-max-listpack-entries 1000 set-max-intset-entries 1000 zset-max-listpack-entries 1000",
        "hash-max-listpack-entries 512 hash-max-listpack-value 64 set-max-intset-entries 512 "
            + "zset-max-listpack-entries 128 zset-max-listpack-value 64")) {
      List<Object> set = new java.util.ArrayList<>(List.of("config", "set"));
      set.addAll(List.of(settings.split(" ")));
      both.same(set.toArray());
      for (Map.Entry<String, byte[]> payload : payloads.entrySet()) {
        both.same("restore", "copy:" + payload.getKey(), 0, payload.getValue(), "replace");
        both.same("object", "encoding", "copy:" + payload.getKey());
      }
    }
  }

  /** CONFIG GET's flat name-value list, which Redis answers in its dictionary's order, as a sorted map. */
  private static Map<String, String> asMap(Object reply) {
    List<?> items = (List<?>) reply;
    Map<String, String> map = new TreeMap<>();
    for (int i = 0; i < items.size(); i += 2) {
      map.put(new String((byte[]) items.get(i), StandardCharsets.ISO_8859_1),
          new String((byte[]) items.get(i + 1), StandardCharsets.ISO_8859_1));
    }
    return map;
  }

  private static void restoreDefaults(SideBySide both) throws IOException {
    both.assertSameReplies("""
        config set list-max-listpack-size -2 list-compress-depth 0 hash-max-listpack-entries 512
        config set hash-max-listpack-value 64 set-max-intset-entries 512 zset-max-listpack-entries 128
        config set zset-max-listpack-value 64 stream-node-max-bytes 4096 stream-node-max-entries 100
        config set hll-sparse-max-bytes 3000 active-defrag-ignore-bytes 100mb active-defrag-threshold-lower 10
        config set active-defrag-threshold-upper 100 active-defrag-cycle-min 1 active-defrag-cycle-max 25
        config set active-defrag-max-scan-fields 1000
        """);
  }

  private static List<String> concat(List<String> first, List<String> second) {
    return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
  }
}

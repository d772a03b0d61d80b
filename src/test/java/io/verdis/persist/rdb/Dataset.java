package io.verdis.persist.rdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.it.RealRedis;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Keys of every type, in the small encodings Redis keeps compact (listpack, intset) and the large ones
 * (quicklist, hash table, skiplist), with the awkward values that pick every integer and string encoding.
 * The same data can be put into a real Redis, written with RdbWriter, and checked against a real Redis.
 */
final class Dataset {
  /** db → key → value, in insertion order. */
  final Map<Integer, Map<String, Stored>> dbs = new TreeMap<>();

  /** Texts that land on every boundary of the integer encodings of RDB strings, ziplists and listpacks. */
  static final List<String> AWKWARD_NUMBERS = List.of(
      "0", "1", "12", "13", "-1", "127", "128", "-128", "-129", "255", "256",
      "4095", "4096", "-4096", "-4097", "32767", "32768", "-32768", "-32769",
      "8388607", "8388608", "-8388608", "-8388609", "2147483647", "2147483648", "-2147483648", "-2147483649",
      "9223372036854775807", "-9223372036854775808", "12345678901234567890", "-12345678901234567890",
      "007", "-0", "+1", " 1", "1 ", "1.5", "1e3", "0x10");

  static Dataset everyType() {
    Random random = new Random(7);
    long hour = System.currentTimeMillis() + 3_600_000;
    Dataset data = new Dataset();

    data.put(0, "str:empty", Stored.string("", -1));
    data.put(0, "str:hello", Stored.string("hello", hour + 1));
    for (String number : AWKWARD_NUMBERS) {
      data.put(0, "str:number:" + number, Stored.string(number, -1));
    }
    data.put(0, "str:20", Stored.string("a".repeat(20), -1));
    data.put(0, "str:21", Stored.string("a".repeat(21), -1));
    data.put(0, "str:compressible", Stored.string("redis rdb lzf ".repeat(80), -1));
    data.put(0, "str:random", Stored.string(Bytes.text(randomBytes(random, 300)), -1));
    data.put(0, "str:every-byte", Stored.string(Bytes.text(everyByte()), -1));
    data.put(0, "str:big", Stored.string(semiRandomText(random, 200_000), -1));
    data.put(0, "str:utf8", Stored.string(Bytes.text(Bytes.utf8("héllo wörld ✓ 日本")), -1));
    data.put(0, "key\u0000with\u00ffbinary\r\n", Stored.string("binary key", -1));

    List<String> smallList = new ArrayList<>(List.of("a", ""));
    smallList.addAll(AWKWARD_NUMBERS);
    smallList.addAll(List.of("x".repeat(63), "y".repeat(64), "z".repeat(4095), "w".repeat(4096)));
    data.put(0, "list:small", Stored.list(smallList, hour + 2));
    List<String> bigList = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      bigList.add(i % 3 == 0 ? Integer.toString(i * 37 - 1000) : "element-" + i + "-" + "v".repeat(i % 40));
    }
    data.put(0, "list:big", Stored.list(bigList, -1));
    data.put(0, "list:huge-element", Stored.list(List.of("small", "L".repeat(20_000) + "end", "tail"), -1));

    data.put(0, "set:int16", Stored.set(List.of("1", "2", "3", "-5", "300"), hour + 3));
    data.put(0, "set:int32", Stored.set(List.of("1", "70000", "-70000"), -1));
    data.put(0, "set:int64", Stored.set(List.of("1", "5000000000", "-9223372036854775808", "9223372036854775807"), -1));
    data.put(0, "set:strings", Stored.set(List.of("a", "b", "", "12345678901234567890", "007"), -1));
    List<String> bigIntSet = new ArrayList<>();
    List<String> bigSet = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      bigIntSet.add(Integer.toString(i * 1001 - 300_000));
      bigSet.add(i % 2 == 0 ? "member-" + i : Integer.toString(i));
    }
    data.put(0, "set:big-ints", Stored.set(bigIntSet, -1));
    data.put(0, "set:big", Stored.set(bigSet, -1));

    data.put(0, "hash:small", Stored.hash(List.of("f1", "v1", "int", "42", "neg", "-99999",
        "big", "9223372036854775807", "empty", "", "", "empty-field", "bin\u0000", "\u00ff", "8388608", "-4096"), -1));
    List<String> bigHash = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      bigHash.add("field-" + i);
      bigHash.add(i % 2 == 0 ? Integer.toString(i * i) : "value-" + "q".repeat(i % 30));
    }
    data.put(0, "hash:big", Stored.hash(bigHash, hour + 4));
    data.put(0, "hash:long-value", Stored.hash(List.of("f", "V".repeat(100), "g", "1"), -1));

    Map<String, Double> smallZset = new LinkedHashMap<>();
    smallZset.put("a", 1.5);
    smallZset.put("b", Double.NEGATIVE_INFINITY);
    smallZset.put("c", Double.POSITIVE_INFINITY);
    smallZset.put("d", 0.0);
    // No -0.0 here: Redis 7.0 turns a -0.0 score into "0" in a listpack (zset:big has one).
    smallZset.put("e", -0.5);
    smallZset.put("f", 3.0);
    smallZset.put("g", -7.0);
    smallZset.put("h", 1e300);
    smallZset.put("i", 0.1);
    smallZset.put("j", 123456789012.0);
    smallZset.put("k", 2.5e-10);
    smallZset.put("l", -4096.0);
    smallZset.put("12", 4095.0);
    data.put(0, "zset:small", Stored.zset(smallZset, hour + 5));
    Map<String, Double> bigZset = new LinkedHashMap<>();
    for (int i = 0; i < 200; i++) {
      bigZset.put("member-" + i, i % 4 == 0 ? (double) (i - 100) : random.nextGaussian() * 1000);
    }
    bigZset.put("minus-zero", -0.0);
    bigZset.put("minus-inf", Double.NEGATIVE_INFINITY);
    data.put(0, "zset:big", Stored.zset(bigZset, -1));
    data.put(0, "zset:long-member", Stored.zset(Map.of("m".repeat(100), 1.0, "x", 2.0), -1));

    data.put(3, "db3:string", Stored.string("three", hour + 6));
    data.put(3, "db3:list", Stored.list(List.of("1", "2", "3"), -1));
    data.put(3, "db3:zset", Stored.zset(Map.of("one", 1.0), -1));
    data.put(15, "db15:hash", Stored.hash(List.of("last", "db"), hour + 7));
    return data;
  }

  void put(int db, String key, Stored value) {
    dbs.computeIfAbsent(db, d -> new LinkedHashMap<>()).put(key, value);
  }

  /** As RdbContents holds what a file delivered: key → value per db, keys sorted. */
  Map<Integer, Map<String, Stored>> expected() {
    Map<Integer, Map<String, Stored>> expected = new TreeMap<>();
    dbs.forEach((db, keys) -> expected.put(db, new TreeMap<>(keys)));
    return expected;
  }

  /** Compares db by db and key by key, so a failure names the key rather than printing everything. */
  static void assertSameContents(Map<Integer, Map<String, Stored>> expected, Map<Integer, Map<String, Stored>> actual) {
    assertEquals(expected.keySet(), actual.keySet(), "databases");
    for (Integer db : expected.keySet()) {
      assertEquals(expected.get(db).keySet(), actual.get(db).keySet(), "keys of db " + db);
      for (String key : expected.get(db).keySet()) {
        assertEquals(expected.get(db).get(key), actual.get(db).get(key), "key " + key + " of db " + db);
      }
    }
  }

  void fill(RealRedis redis) throws IOException {
    for (Map.Entry<Integer, Map<String, Stored>> db : dbs.entrySet()) {
      redis.call("SELECT", db.getKey());
      for (Map.Entry<String, Stored> entry : db.getValue().entrySet()) {
        put(redis, entry.getKey(), entry.getValue());
      }
    }
  }

  private static void put(RealRedis redis, String key, Stored value) throws IOException {
    switch (value.type()) {
      case "string" -> redis.call("SET", key, value.content());
      case "list" -> redis.call(command("RPUSH", key, value.listContent()));
      case "set" -> redis.call(command("SADD", key, new ArrayList<>(value.setContent())));
      case "hash" -> {
        List<String> fieldsAndValues = new ArrayList<>();
        value.hashContent().forEach((field, v) -> {
          fieldsAndValues.add(field);
          fieldsAndValues.add(v);
        });
        redis.call(command("HSET", key, fieldsAndValues));
      }
      default -> {
        List<String> scoresAndMembers = new ArrayList<>();
        value.zsetContent().forEach((member, score) -> {
          scoresAndMembers.add(scoreText(score));
          scoresAndMembers.add(member);
        });
        redis.call(command("ZADD", key, scoresAndMembers));
      }
    }
    if (value.expireAtMs() >= 0) {
      redis.call("PEXPIREAT", key, value.expireAtMs());
    }
  }

  /** A score as ZADD reads it (strtod): Java's text for finite values, Redis's spelling of the infinities. */
  static String scoreText(double score) {
    return Double.isInfinite(score) ? (score > 0 ? "inf" : "-inf") : Double.toString(score);
  }

  private static Object[] command(String name, String key, List<String> args) {
    List<Object> command = new ArrayList<>(List.of(name, key));
    command.addAll(args);
    return command.toArray();
  }

  void write(RdbWriter writer) throws IOException {
    for (Map.Entry<Integer, Map<String, Stored>> db : dbs.entrySet()) {
      long expires = db.getValue().values().stream().filter(v -> v.expireAtMs() >= 0).count();
      writer.selectDb(db.getKey(), db.getValue().size(), expires);
      for (Map.Entry<String, Stored> entry : db.getValue().entrySet()) {
        writer.entry(Bytes.of(entry.getKey()), entry.getValue().toRdbValue(), entry.getValue().expireAtMs());
      }
    }
  }

  /** Reads every key back from a running Redis with its own commands and compares. */
  void assertMatches(RealRedis redis) throws IOException, InterruptedException {
    for (int db = 0; db < 16; db++) {
      Map<String, Stored> keys = dbs.getOrDefault(db, Map.of());
      assertEquals(keys.size() + "\n", redis.cli("-n", Integer.toString(db), "DBSIZE"), "DBSIZE of db " + db);
      redis.call("SELECT", db);
      for (Map.Entry<String, Stored> entry : keys.entrySet()) {
        String key = entry.getKey();
        Stored expected = entry.getValue();
        long pttl = redis.number("PTTL", key);
        long now = System.currentTimeMillis();
        if (expected.expireAtMs() < 0) {
          assertEquals(-1, pttl, "PTTL of " + key);
        } else {
          // Tolerance for the time between PTTL's clock and ours, not a timing assertion.
          assertTrue(Math.abs(now + pttl - expected.expireAtMs()) < 5_000,
              "PTTL of " + key + " is " + pttl + ", expected about " + (expected.expireAtMs() - now));
        }
        assertEquals(expected.type(), redis.text("TYPE", key), "TYPE of " + key);
        Object content = content(redis, key, expected.type());
        assertEquals(expected, new Stored(expected.type(), content, expected.expireAtMs()), "value of " + key);
      }
    }
  }

  private static Object content(RealRedis redis, String key, String type) throws IOException {
    return switch (type) {
      case "string" -> redis.text("GET", key);
      case "list" -> redis.texts("LRANGE", key, 0, -1);
      case "set" -> Stored.set(redis.texts("SMEMBERS", key), -1).content();
      case "hash" -> Stored.hash(redis.texts("HGETALL", key), -1).content();
      default -> {
        List<String> membersAndScores = redis.texts("ZRANGE", key, 0, -1, "WITHSCORES");
        Map<String, Double> scores = new TreeMap<>();
        for (int i = 0; i < membersAndScores.size(); i += 2) {
          scores.put(membersAndScores.get(i), DecimalText.parseDouble(Bytes.of(membersAndScores.get(i + 1))));
        }
        yield scores;
      }
    };
  }

  static byte[] randomBytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  static byte[] everyByte() {
    byte[] bytes = new byte[256];
    for (int i = 0; i < 256; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }

  /** Text with repeats LZF can find, but not a single repeated pattern. */
  static String semiRandomText(Random random, int length) {
    String[] words = {"alpha", "beta", "gamma", "delta", "redis", "verdis", "rdb", "snapshot", " ", "\n"};
    StringBuilder text = new StringBuilder(length);
    while (text.length() < length) {
      text.append(words[random.nextInt(words.length)]);
      if (random.nextInt(7) == 0) {
        text.append(random.nextInt(100_000));
      }
    }
    text.setLength(length);
    return text.toString();
  }
}

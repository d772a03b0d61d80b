package io.verdis.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.verdis.it.RawClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset holding every type Verdis stores in each encoding a redis-server 7.0 gives it (so its
 * RDB files and DUMP payloads use them all: listpack, quicklist nodes, intset, hash table, skip list,
 * integer-encoded and LZF-compressed strings), with binary elements, special scores, TTLs and several
 * databases. Written with Redis's commands, on a real redis-server.
 */
public final class EveryType {
  private static final long HOUR_MS = 3_600_000;

  private EveryType() {
  }

  /**
   * Key → the encoding Redis must report for it in db 0: checked, so the dataset really covers them.
   * Also fills db 3 and db 15.
   */
  public static Map<String, String> build(RawClient redis) throws IOException {
    Map<String, String> encodings = new LinkedHashMap<>();
    ok(redis, "SELECT", 0);
    ok(redis, "SET", "string:int", "12345");
    ok(redis, "SET", "string:lzf", "compress me ".repeat(50));
    encodings.put("string:int", "int");
    encodings.put("string:lzf", "raw");

    redis.request("RPUSH", "list:small", "a", "1", "-7", "", "\r\n\0\u00ff", "9223372036854775807");
    encodings.put("list:small", "quicklist");
    List<Object> big = new ArrayList<>(List.of("RPUSH", "list:nodes"));
    for (int i = 0; i < 1000; i++) {
      big.add(i % 3 == 0 ? Integer.toString(i) : "element-" + i + "-" + "x".repeat(i % 50));
    }
    redis.request(big.toArray());
    redis.request("RPUSH", "list:wide", "y".repeat(20_000), "small", "z".repeat(70_000));
    encodings.put("list:nodes", "quicklist");
    encodings.put("list:wide", "quicklist");

    redis.request("SADD", "set:intset", "1", "-2", "300", "70000", "-4294967296", "9223372036854775807");
    encodings.put("set:intset", "intset");
    redis.request("SADD", "set:strings", "a", "b", "\0binary\u00ff", "");
    encodings.put("set:strings", "hashtable");
    List<Object> manyInts = new ArrayList<>(List.of("SADD", "set:many-ints"));
    for (int i = 0; i < 600; i++) {
      manyInts.add(Integer.toString(i * 7 - 1000));
    }
    redis.request(manyInts.toArray());
    encodings.put("set:many-ints", "hashtable");

    redis.request("HSET", "hash:small", "name", "Ada", "born", "1815", "", "empty field", "bin\0", "\u00ff");
    encodings.put("hash:small", "listpack");
    List<Object> fields = new ArrayList<>(List.of("HSET", "hash:large"));
    for (int i = 0; i < 600; i++) {
      fields.add("field:" + i);
      fields.add(i % 2 == 0 ? Integer.toString(i) : "value " + i);
    }
    redis.request(fields.toArray());
    encodings.put("hash:large", "hashtable");
    redis.request("HSET", "hash:long-value", "f", "v".repeat(100));
    encodings.put("hash:long-value", "hashtable");

    redis.request("ZADD", "zset:small", "1.5", "a", "0.1", "b", "inf", "c", "-inf", "d", "-0", "e", "3", "f",
        "1e300", "g", "-2.5e-300", "h");
    encodings.put("zset:small", "listpack");
    List<Object> members = new ArrayList<>(List.of("ZADD", "zset:large"));
    for (int i = 0; i < 300; i++) {
      members.add(Double.toString(i / 7.0));
      members.add("member:" + i);
    }
    redis.request(members.toArray());
    encodings.put("zset:large", "skiplist");
    redis.request("ZADD", "zset:long-member", "1", "m".repeat(100), "2", "n");
    encodings.put("zset:long-member", "skiplist");

    for (int i = 1; i <= 250; i++) {
      // Same fields for most (packed as values only), other fields for some, binary values, several nodes.
      if (i % 7 == 0) {
        redis.request("XADD", "stream:nodes", i + "-" + i, "other", "\0bin\u00ff" + i);
      } else {
        redis.request("XADD", "stream:nodes", i + "-0", "kind", "job", "n", Integer.toString(i));
      }
    }
    redis.request("XDEL", "stream:nodes", "1-0", "50-0", "51-0");
    encodings.put("stream:nodes", "stream");
    redis.request("XADD", "stream:groups", "1-1", "a", "1");
    redis.request("XADD", "stream:groups", "2-1", "b", "2");
    redis.request("XADD", "stream:groups", "3-1", "c", "3");
    redis.request("XGROUP", "CREATE", "stream:groups", "workers", "0");
    redis.request("XGROUP", "CREATE", "stream:groups", "late", "$");
    redis.request("XREADGROUP", "GROUP", "workers", "alice", "COUNT", "2", "STREAMS", "stream:groups", ">");
    redis.request("XGROUP", "CREATECONSUMER", "stream:groups", "workers", "bob");
    encodings.put("stream:groups", "stream");
    redis.request("XADD", "stream:empty", "5-5", "gone", "soon");
    redis.request("XDEL", "stream:empty", "5-5");
    redis.request("XGROUP", "CREATE", "stream:empty", "g", "$");
    encodings.put("stream:empty", "stream");

    long now = System.currentTimeMillis();
    one(redis, "PEXPIREAT", "list:small", now + 5 * HOUR_MS);
    one(redis, "PEXPIRE", "set:intset", 6 * HOUR_MS);
    one(redis, "EXPIRE", "hash:large", 7200);
    one(redis, "PEXPIREAT", "zset:small", now + 9 * HOUR_MS);

    for (Map.Entry<String, String> key : encodings.entrySet()) {
      assertEquals(key.getValue(), new String((byte[]) redis.request("OBJECT", "ENCODING", key.getKey())),
          "Redis's encoding of " + key.getKey());
    }

    ok(redis, "SELECT", 3);
    redis.request("RPUSH", "list", "in db 3");
    redis.request("SADD", "set", "x", "y");
    redis.request("HSET", "hash", "f", "v");
    redis.request("ZADD", "zset", "1", "one", "2", "two");
    ok(redis, "SET", "string", "db 3");
    ok(redis, "SELECT", 15);
    redis.request("ZADD", "zset", "10", "ten");
    one(redis, "EXPIRE", "zset", 10_000);
    ok(redis, "SELECT", 0);
    return encodings;
  }

  private static void ok(RawClient redis, Object... args) throws IOException {
    assertEquals("OK", redis.request(args));
  }

  private static void one(RawClient redis, Object... args) throws IOException {
    assertEquals(1L, redis.request(args));
  }
}

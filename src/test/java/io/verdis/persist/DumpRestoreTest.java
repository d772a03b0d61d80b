package io.verdis.persist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.it.RawClient;
import io.verdis.it.RealRedis;
import io.verdis.it.SideBySide;
import io.verdis.it.TestServer;
import io.verdis.persist.rdb.Crc64;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DUMP and RESTORE against a real redis-server 7.0: payloads Redis writes (every encoding) restore
 * in Verdis, and what Verdis DUMPs then restores in Redis to the same contents; RESTORE's options
 * and errors are Redis's, reply for reply.
 */
class DumpRestoreTest {
  @TempDir
  static Path tmp;
  private static TestServer server;
  private static RealRedis redis;
  private static RealRedis scratch;
  private RawClient verdis;
  private SideBySide both;

  @BeforeAll
  static void start() throws Exception {
    RealRedis.assumeInstalled();
    server = TestServer.start("--shards", "3");
    redis = RealRedis.start(Files.createDirectories(tmp.resolve("redis")));
    scratch = RealRedis.start(Files.createDirectories(tmp.resolve("scratch")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (scratch != null) {
      scratch.close();
    }
    if (redis != null) {
      redis.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void connect() throws IOException {
    verdis = new RawClient(server.port());
    both = new SideBySide(verdis, redis.client());
    both.same("FLUSHALL");
  }

  @Test
  void everyValueRedisDumpsRestoresInVerdisAndDumpsBackTheSame() throws Exception {
    Map<String, String> encodings = EveryType.build(redis.client());
    TypedImage expected = TypedImage.ofRedis(redis.client());
    for (Map.Entry<Integer, Map<String, TypedImage.Entry>> db : expected.dbs.entrySet()) {
      both.same("SELECT", db.getKey());
      for (Map.Entry<String, TypedImage.Entry> key : db.getValue().entrySet()) {
        byte[] payload = (byte[]) redis.call("DUMP", key.getKey());
        long expireAt = key.getValue().expireAtMs();
        assertEquals("OK", verdis.request("RESTORE", key.getKey(), Math.max(0, expireAt), payload, "ABSTTL"));
        both.same("TYPE", key.getKey());
      }
    }
    both.same("SELECT", 0);
    assertTrue(encodings.size() >= 14, "the dataset covers Redis's encodings: " + encodings);
    TypedImage.throughDump(verdis, scratch.client()).assertSameAs(expected);
  }

  @Test
  void aStringDumpsToTheBytesRedisWrites() throws IOException {
    // Long strings are LZF-compressed, where Verdis's compressor may find other matches than Redis's.
    for (String value : List.of("0", "-128", "32767", "2147483647", "2147483648", "007", "short", "",
        "x".repeat(20), "not compressible: 0123456789abcdefghijklmnopqrstuvwxyz")) {
      both.same("SET", "s", value);
      assertArrayEquals((byte[]) redis.call("DUMP", "s"), (byte[]) verdis.request("DUMP", "s"), value);
    }
  }

  @Test
  void dumpOfAMissingKeyIsNil() throws IOException {
    both.same("DUMP", "nothing");
    assertNull(verdis.request("DUMP", "nothing"));
  }

  @Test
  void restoreRefusesWhatRedisRefusesWithTheSameErrors() throws IOException {
    redis.call("RPUSH", "list", "a", "b");
    byte[] payload = (byte[]) redis.call("DUMP", "list");
    both.copyFromRedis("list");
    both.same("RESTORE", "list", 0, payload);
    both.same("RESTORE", "list", "abc", payload);
    both.same("RESTORE", "new", "abc", payload);
    both.same("RESTORE", "new", -1, payload);
    both.same("RESTORE", "new", 0, payload, "BOGUS");
    both.same("RESTORE", "new", 0, payload, "IDLETIME");
    both.same("RESTORE", "new", 0, payload, "IDLETIME", -1);
    both.same("RESTORE", "new", 0, payload, "IDLETIME", "x");
    both.same("RESTORE", "new", 0, payload, "FREQ", 256);
    both.same("RESTORE", "new", 0, payload, "FREQ", -1);
    both.same("RESTORE", "new", 0, payload, "IDLETIME", 1, "FREQ", 2);
    both.same("RESTORE", "new", 0, payload, "FREQ", 2, "IDLETIME", 1);
    both.same("RESTORE", "new", 0);
    both.same("RESTORE", "new", 0, "short");
    both.same("RESTORE", "new", 0, "");
    byte[] flipped = payload.clone();
    flipped[2] ^= 1;
    both.same("RESTORE", "new", 0, flipped);
    byte[] newerVersion = payload.clone();
    newerVersion[payload.length - 9] = 1;
    both.same("RESTORE", "new", 0, newerVersion);
    both.same("EXISTS", "new");
  }

  @Test
  void payloadsWithAValidFooterButBadContentsAreBadDataFormat() throws IOException {
    byte[] nan = doubleBytes(Double.NaN);
    byte[] one = doubleBytes(1);
    List<byte[]> payloads = List.of(
        payload(0, 50, 'a', 'b'),
        payload(0, 5, 'a', 'b'),
        payload(8, 0),
        payload(1, 0),
        payload(2, 0),
        payload(2, 2, 1, 'a', 1, 'a'),
        payload(4, 2, 1, 'f', 1, 'v', 1, 'f', 1, 'w'),
        payload(5, concat(new byte[] {2, 1, 'm'}, one, new byte[] {1, 'm'}, one)),
        payload(5, concat(new byte[] {1, 1, 'm'}, nan)),
        payload(11, 0));
    for (byte[] payload : payloads) {
      both.same("RESTORE", "bad", 0, payload);
    }
    both.same("EXISTS", "bad");
    assertEquals("OK", redis.call("RESTORE", "good", 0, payload(2, 2, 1, 'a', 1, 'b')), "the builder itself is right");
    both.same("RESTORE", "good", 0, payload(2, 2, 1, 'a', 1, 'b'), "REPLACE");
    both.same("TYPE", "good");
  }

  @Test
  void aTtlExpiresTheRestoredKeyAndATtlInThePastCreatesNothing() throws IOException {
    byte[] payload = payload(0, 1, 'v');
    both.same("RESTORE", "relative", 100_000, payload);
    long pttl = (Long) verdis.request("PTTL", "relative");
    assertTrue(pttl > 90_000 && pttl <= 100_000, "PTTL " + pttl);
    long at = System.currentTimeMillis() + 200_000;
    both.same("RESTORE", "absolute", at, payload, "ABSTTL");
    assertEquals(at, verdis.request("PEXPIRETIME", "absolute"));
    both.same("RESTORE", "past", 1, payload, "ABSTTL");
    both.same("EXISTS", "past");
    both.same("RESTORE", "overflow", Long.MAX_VALUE, payload);
    both.same("EXISTS", "overflow");
    both.same("SET", "replaced", "old");
    both.same("RESTORE", "replaced", 1, payload, "ABSTTL", "REPLACE");
    both.same("EXISTS", "replaced");
    both.same("RESTORE", "forever", 0, payload);
    both.same("PTTL", "forever");
    both.same("GET", "forever");
  }

  @Test
  void restoreReplaceDropsTheOldTtlAndIdletimeSetsTheAccessTime() throws IOException {
    byte[] payload = payload(0, 1, 'v');
    both.same("SET", "k", "old", "EX", 1000);
    both.same("RESTORE", "k", 0, payload, "REPLACE", "IDLETIME", 5000);
    both.same("TTL", "k");
    both.same("OBJECT", "IDLETIME", "k");
    both.same("RESTORE", "f", 0, payload, "FREQ", 100);
  }

  @Test
  void objectFreqAndIdletimeAndRestoreFollowTheMaxmemoryPolicy() throws IOException {
    byte[] payload = payload(0, 1, 'v');
    try {
      // No decay: a minute passing between two replies would otherwise lower one counter only.
      both.same("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu", "lfu-decay-time", "0");
      both.same("SET", "k", "v");
      both.same("OBJECT", "FREQ", "k");
      both.same("GET", "k");
      both.same("OBJECT", "FREQ", "k");
      both.same("OBJECT", "IDLETIME", "k");
      both.same("OBJECT", "IDLETIME", "nothing");
      both.same("OBJECT", "FREQ", "nothing");
      both.same("RESTORE", "f", 0, payload, "FREQ", 100);
      both.same("OBJECT", "FREQ", "f");
      both.same("RESTORE", "i", 0, payload, "IDLETIME", 1000);
      both.same("OBJECT", "FREQ", "i");
      both.same("CONFIG", "SET", "maxmemory-policy", "volatile-lfu", "lfu-log-factor", "0");
      both.same("RPUSH", "l", "a");
      for (int i = 0; i < 20; i++) {
        both.same("LINDEX", "l", 0);
      }
      both.same("OBJECT", "FREQ", "l");
      // One name at a time: a glob answers in the order of Redis's config dict, which is seeded at random.
      both.same("CONFIG", "GET", "lfu-log-factor");
      both.same("CONFIG", "GET", "lfu-decay-time");
      both.same("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
      both.same("SET", "n", "v");
      both.same("OBJECT", "FREQ", "n");
      both.same("OBJECT", "IDLETIME", "n");
      both.same("RESTORE", "g", 0, payload, "FREQ", 100);
      both.same("OBJECT", "IDLETIME", "g");
      both.same("RESTORE", "j", 0, payload, "IDLETIME", 1000);
      both.same("OBJECT", "IDLETIME", "j");
    } finally {
      both.same("CONFIG", "SET", "maxmemory-policy", "noeviction", "lfu-log-factor", "10", "lfu-decay-time", "1");
    }
  }

  @Test
  void copyTypeAndObjectEncodingWorkOnCollections() throws IOException {
    redis.call("RPUSH", "list", "a", "b", "c");
    redis.call("SADD", "set", "x", "y");
    redis.call("HSET", "hash", "f", "v");
    redis.call("ZADD", "zset", "1", "m");
    for (String key : List.of("list", "set", "hash", "zset")) {
      both.copyFromRedis(key);
      both.same("TYPE", key);
      both.same("COPY", key, key + ":copy");
      both.same("TYPE", key + ":copy");
      assertTrue(verdis.request("OBJECT", "ENCODING", key) instanceof byte[]);
      assertEquals(TypedImage.contents(scratchOf(key), "copy", (String) redis.call("TYPE", key)),
          TypedImage.contents(scratchOf(key + ":copy"), "copy", (String) redis.call("TYPE", key)));
    }
    both.same("COPY", "list", "list:copy");
    both.same("COPY", "list", "list:copy", "REPLACE");
    both.same("OBJECT", "ENCODING", "nothing");
  }

  @Test
  void aCopyChangesIndependentlyOfItsSource() throws IOException {
    both.same("RPUSH", "list", "a", "b");
    both.same("COPY", "list", "copy");
    both.same("RPUSH", "copy", "c");
    both.same("LRANGE", "list", 0, -1);
    both.same("LRANGE", "copy", 0, -1);
  }

  /** Verdis's value of {@code key} restored as "copy" in the scratch redis-server; its connection. */
  private RawClient scratchOf(String key) throws IOException {
    RawClient client = scratch.client();
    assertEquals("OK", client.request("RESTORE", "copy", 0, verdis.request("DUMP", key), "REPLACE"));
    return client;
  }

  /** A DUMP payload: the type byte, {@code body}, RDB version 10 and the right CRC-64. */
  private static byte[] payload(int type, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(type);
    out.writeBytes(body);
    out.write(10);
    out.write(0);
    long crc = Crc64.of(out.toByteArray());
    for (int i = 0; i < 8; i++) {
      out.write((int) (crc >>> (8 * i)));
    }
    return out.toByteArray();
  }

  private static byte[] payload(int type, int... body) {
    byte[] bytes = new byte[body.length];
    for (int i = 0; i < body.length; i++) {
      bytes[i] = (byte) body[i];
    }
    return payload(type, bytes);
  }

  private static byte[] doubleBytes(double value) {
    long bits = Double.doubleToRawLongBits(value);
    byte[] bytes = new byte[8];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (bits >>> (8 * i));
    }
    return bytes;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}

package io.verdis.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.it.Info;
import io.verdis.it.RawClient;
import io.verdis.it.RealRedis;
import io.verdis.persist.aof.AofManifest;
import io.verdis.persist.aof.AofRecordReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lists, sets, hashes and sorted sets through every file format, both ways between Verdis and a
 * real redis-server 7.0: Redis's dump.rdb (every encoding 7.0 writes) loaded by Verdis; Verdis's
 * snapshot, checked by redis-check-rdb and loaded by Redis; Verdis's rewritten AOF (RESP base of
 * RPUSH/SADD/HMSET/ZADD batches, or an RDB preamble) loaded by Redis and by Verdis; Redis's
 * RDB-preamble AOF loaded by Verdis. Each time the loading side must hold exactly what Redis held.
 */
class AggregatePersistenceTest {
  @TempDir
  Path tmp;

  @Test
  void verdisLoadsRedisSnapshotOfEveryTypeAndRedisLoadsVerdisSnapshotBack() throws Exception {
    RealRedis.assumeInstalled();
    TypedImage expected = redisDump(tmp.resolve("redis"));
    Path verdisDir = Files.createDirectories(tmp.resolve("verdis"));
    Files.copy(tmp.resolve("redis/dump.rdb"), verdisDir.resolve("dump.rdb"));
    try (RealRedis scratch = RealRedis.start(Files.createDirectories(tmp.resolve("scratch")));
         VerdisProcess verdis = VerdisProcess.start(verdisDir, "--appendonly", "no", "--shards", "4")) {
      assertTrue(verdis.log().contains("DB loaded from disk"), verdis.log());
      try (RawClient client = verdis.client()) {
        TypedImage.throughDump(client, scratch.client()).assertSameAs(expected);
        List<String> info = Info.lines(client, "persistence");
        assertTrue(info.contains("rdb_last_load_keys_loaded:" + expected.keyCount())
            && info.contains("rdb_last_load_keys_expired:1"), String.join("\n", info));
        assertEquals("OK", client.request("SAVE"));
      }
      assertEquals(0, verdis.shutdown("NOSAVE"), verdis.log());
    }
    Path back = Files.createDirectories(tmp.resolve("back"));
    Files.copy(verdisDir.resolve("dump.rdb"), back.resolve("dump.rdb"));
    String check = RealRedis.checkRdb(back.resolve("dump.rdb"));
    assertTrue(check.contains("RDB looks OK"), check);
    try (RealRedis redis = RealRedis.start(back)) {
      assertTrue(redis.log().contains("DB loaded from disk"), redis.log());
      TypedImage.ofRedis(redis.client()).assertSameAs(expected);
    }
  }

  /**
   * Verdis rewrites its AOF with a RESP base: Redis's rewrite format (RPUSH, SADD, HMSET, ZADD of
   * at most 64 elements, XADD per stream entry, then PEXPIREAT), which redis-check-aof accepts and Redis loads.
   */
  @Test
  void redisLoadsTheRespBaseVerdisRewroteFromEveryType() throws Exception {
    RealRedis.assumeInstalled();
    TypedImage expected = redisDump(tmp.resolve("redis"));
    Path verdisDir = verdisRewrite("no", expected);

    List<List<String>> records = baseRecords(verdisDir);
    Set<String> commands = Set.of("SELECT", "SET", "RPUSH", "SADD", "HMSET", "ZADD", "PEXPIREAT");
    // A stream is rewritten entry by entry, then its counters, groups and pending entries, as Redis's rewriteStreamObject.
    Set<String> streamCommands = Set.of("XADD", "XSETID", "XGROUP", "XCLAIM");
    for (List<String> record : records) {
      if (streamCommands.contains(record.get(0))) {
        continue;
      }
      assertTrue(commands.contains(record.get(0)), "unexpected record " + record.get(0));
      int perItem = record.get(0).equals("HMSET") || record.get(0).equals("ZADD") ? 2 : 1;
      assertTrue(record.size() - 2 <= 64 * perItem, record.get(0) + " of " + (record.size() - 2) + " arguments");
    }
    assertEquals(List.of("RPUSH", "RPUSH", "RPUSH", "RPUSH", "RPUSH", "RPUSH", "RPUSH", "RPUSH", "RPUSH", "RPUSH",
        "RPUSH", "RPUSH", "RPUSH", "RPUSH", "RPUSH", "RPUSH"),
        records.stream().filter(r -> r.get(1).equals("list:nodes")).map(r -> r.get(0)).toList(),
        "1000 elements in commands of 64");
    assertTrue(records.contains(List.of("ZADD", "zset", "10", "ten")), "scores as %.17g");
    assertTrue(records.stream().anyMatch(r -> r.get(0).equals("ZADD") && r.contains("0.10000000000000001")));

    Path redisDir = Files.createDirectories(tmp.resolve("back"));
    TestDirs.copy(verdisDir.resolve("appendonlydir"), redisDir.resolve("appendonlydir"));
    RealRedis.Result check = RealRedis.checkAof(redisDir, "",
        redisDir.resolve("appendonlydir/appendonly.aof.manifest").toString());
    assertEquals(0, check.status(), check.output());
    try (RealRedis redis = RealRedis.startWithAof(redisDir)) {
      assertTrue(redis.log().contains("DB loaded from append only file"), redis.log());
      TypedImage.ofRedis(redis.client()).assertSameAs(expected);
    }
  }

  @Test
  void verdisRestartsOnItsOwnRdbPreambleAofOfEveryType() throws Exception {
    RealRedis.assumeInstalled();
    TypedImage expected = redisDump(tmp.resolve("redis"));
    Path verdisDir = verdisRewrite("yes", expected);
    assertTrue(AofManifest.load(verdisDir.resolve("appendonlydir/appendonly.aof.manifest")).base().name()
        .endsWith(".rdb"));
    assertRestartHolds(verdisDir, "yes", expected);
  }

  @Test
  void verdisRestartsOnItsOwnRespBaseOfEveryType() throws Exception {
    RealRedis.assumeInstalled();
    TypedImage expected = redisDump(tmp.resolve("redis"));
    assertRestartHolds(verdisRewrite("no", expected), "no", expected);
  }

  /** Redis's default AOF: an RDB preamble holding every type; nothing after the rewrite. */
  @Test
  void verdisLoadsRedisRdbPreambleAofOfEveryType() throws Exception {
    RealRedis.assumeInstalled();
    Path redisDir = Files.createDirectories(tmp.resolve("redis"));
    TypedImage expected;
    try (RealRedis redis = RealRedis.startWithAof(redisDir, "--aof-use-rdb-preamble", "yes")) {
      EveryType.build(redis.client());
      redis.rewrite();
      expected = TypedImage.ofRedis(redis.client());
      redis.shutdownNoSave();
    }
    Path verdisDir = TestDirs.copy(redisDir.resolve("appendonlydir"), tmp.resolve("verdis/appendonlydir")).getParent();
    try (RealRedis scratch = RealRedis.start(Files.createDirectories(tmp.resolve("scratch")));
         VerdisProcess verdis = VerdisProcess.start(verdisDir, "--appendonly", "yes", "--shards", "4")) {
      assertTrue(verdis.log().contains("DB loaded from append only file"), verdis.log());
      try (RawClient client = verdis.client()) {
        TypedImage.throughDump(client, scratch.client()).assertSameAs(expected);
      }
      assertEquals(0, verdis.shutdown("NOSAVE"), verdis.log());
    }
  }

  /** A stream in Redis's snapshot (type 19, with a group, a pending entry and a deleted entry) loads as Redis saved it. */
  @Test
  void aRedisSnapshotHoldingAStreamLoads() throws Exception {
    RealRedis.assumeInstalled();
    Path dir = Files.createDirectories(tmp.resolve("dir"));
    String[][] reads = {
        {"XRANGE", "events", "-", "+"},
        {"XLEN", "events"},
        {"XREADGROUP", "GROUP", "g", "alice", "STREAMS", "events", "0"},
        {"XREADGROUP", "GROUP", "g", "bob", "STREAMS", "events", ">"},
    };
    List<String> expected = new java.util.ArrayList<>();
    try (RealRedis redis = RealRedis.start(dir)) {
      redis.call("HSET", "user:1", "name", "Ada");
      for (int i = 1; i <= 150; i++) {
        redis.call("XADD", "events", i + "-1", "kind", "login", "n", Integer.toString(i));
      }
      redis.call("XDEL", "events", "3-1");
      redis.call("XGROUP", "CREATE", "events", "g", "0");
      redis.call("XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "events", ">");
      assertEquals("OK", redis.call("SAVE"));
      for (String[] read : reads) {
        expected.add(redis.client().send(RawClient.command(read)).readReply());
      }
      redis.shutdownNoSave();
    }
    try (VerdisProcess verdis = VerdisProcess.start(dir, "--appendonly", "no");
         RawClient client = verdis.client()) {
      for (int i = 0; i < reads.length; i++) {
        assertEquals(expected.get(i), client.send(RawClient.command(reads[i])).readReply(), String.join(" ", reads[i]));
      }
    }
  }

  /**
   * Redis's dump.rdb in {@code dir} of {@link EveryType}, plus a list whose time has passed but which
   * nothing expired yet (a loader skips it); what Redis held when it saved.
   */
  private static TypedImage redisDump(Path dir) throws Exception {
    Files.createDirectories(dir);
    try (RealRedis redis = RealRedis.start(dir, "--enable-debug-command", "local")) {
      EveryType.build(redis.client());
      TypedImage image = TypedImage.ofRedis(redis.client());
      redis.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
      redis.call("RPUSH", "expired:list", "past its time");
      redis.call("PEXPIRE", "expired:list", 1);
      assertEquals("OK", redis.call("SAVE"));
      redis.shutdownNoSave();
      return image;
    }
  }

  /**
   * Verdis loads Redis's dump.rdb in tmp/redis with the AOF on (so it writes a base at once), is
   * asked for a BGREWRITEAOF, then shut down; its directory.
   */
  private Path verdisRewrite(String rdbPreamble, TypedImage expected) throws Exception {
    Path verdisDir = Files.createDirectories(tmp.resolve("verdis"));
    Files.copy(tmp.resolve("redis/dump.rdb"), verdisDir.resolve("dump.rdb"));
    try (VerdisProcess verdis = VerdisProcess.start(verdisDir, "--appendonly", "yes", "--shards", "4",
        "--aof-use-rdb-preamble", rdbPreamble)) {
      try (RawClient client = verdis.client()) {
        Info.await(client, "persistence", "aof_rewrite_in_progress:0");
        assertEquals("Background append only file rewriting started", client.request("BGREWRITEAOF"));
        Info.await(client, "persistence", "aof_rewrite_in_progress:0", "aof_last_bgrewrite_status:ok");
        assertEquals(expected.keyCount(), dbsizeSum(client));
      }
      assertEquals(0, verdis.shutdown("NOSAVE"), verdis.log());
    }
    Files.delete(verdisDir.resolve("dump.rdb"));
    return verdisDir;
  }

  private static void assertRestartHolds(Path verdisDir, String rdbPreamble, TypedImage expected) throws Exception {
    try (RealRedis scratch = RealRedis.start(Files.createDirectories(verdisDir.resolveSibling("scratch")));
         VerdisProcess verdis = VerdisProcess.start(verdisDir, "--appendonly", "yes", "--shards", "3",
             "--aof-use-rdb-preamble", rdbPreamble)) {
      assertTrue(verdis.log().contains("DB loaded from append only file"), verdis.log());
      try (RawClient client = verdis.client()) {
        TypedImage.throughDump(client, scratch.client()).assertSameAs(expected);
      }
      assertEquals(0, verdis.shutdown("NOSAVE"), verdis.log());
    }
  }

  private static long dbsizeSum(RawClient client) throws Exception {
    long keys = 0;
    for (int db = 0; db < KeyspaceImage.DATABASES; db++) {
      client.request("SELECT", db);
      keys += (Long) client.request("DBSIZE");
    }
    client.request("SELECT", 0);
    return keys;
  }

  /** The records of the base file, arguments as ISO-8859-1 text. */
  private static List<List<String>> baseRecords(Path verdisDir) throws Exception {
    Path dir = verdisDir.resolve("appendonlydir");
    AofManifest manifest = AofManifest.load(dir.resolve("appendonly.aof.manifest"));
    List<List<String>> records = new ArrayList<>();
    try (AofRecordReader reader = new AofRecordReader(dir.resolve(manifest.base().name()))) {
      byte[][] argv;
      while ((argv = reader.next()) != null) {
        List<String> args = new ArrayList<>();
        for (byte[] arg : argv) {
          args.add(new String(arg, StandardCharsets.ISO_8859_1));
        }
        records.add(args);
      }
    }
    return records;
  }
}

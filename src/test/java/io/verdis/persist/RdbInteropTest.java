package io.verdis.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.it.Info;
import io.verdis.it.RawClient;
import io.verdis.it.RealRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RDB snapshots both ways between Verdis and a real redis-server 7.0, and the migration path from
 * Redis: a dump.rdb one wrote is loaded by the other, which must then hold exactly what the first
 * held, every key of every database with its value and expiry.
 */
class RdbInteropTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"SAVE", "BGSAVE"})
  void redisLoadsTheSnapshotVerdisWrote(String command) throws Exception {
    RealRedis.assumeInstalled();
    Path verdisDir = tmp.resolve("verdis");
    KeyspaceImage expected;
    try (VerdisProcess verdis = VerdisProcess.startWithPizzaria(verdisDir, "--appendonly", "no", "--shards", "4")) {
      try (RawClient client = verdis.client()) {
        new Workload(client).run(() -> { });
        Workload.pizzaria(verdis.pizzariaPort());
        expected = KeyspaceImage.read(client);
        if (command.equals("SAVE")) {
          assertEquals("OK", client.request("SAVE"));
        } else {
          assertEquals("Background saving started", client.request("BGSAVE"));
          Info.await(client, "persistence", "rdb_bgsave_in_progress:0", "rdb_saves:1");
        }
        assertTrue(Info.lines(client, "persistence").contains("rdb_last_bgsave_status:ok"));
      }
      assertEquals(0, verdis.shutdown("NOSAVE"), verdis.log());
    }
    Workload.assertShape(expected);
    assertFalse(Files.exists(verdisDir.resolve("appendonlydir")), "appendonly no writes no AOF");

    Path redisDir = Files.createDirectories(tmp.resolve("redis"));
    Files.copy(verdisDir.resolve("dump.rdb"), redisDir.resolve("dump.rdb"));
    String check = RealRedis.checkRdb(redisDir.resolve("dump.rdb"));
    assertTrue(check.contains("RDB looks OK"), check);
    try (RealRedis redis = RealRedis.start(redisDir)) {
      assertTrue(redis.log().contains("DB loaded from disk"), redis.log());
      KeyspaceImage.read(redis.client()).assertSameAs(expected);
    }
  }

  @Test
  void verdisLoadsTheSnapshotRedisWrote() throws Exception {
    RealRedis.assumeInstalled();
    KeyspaceImage expected = redisDump(tmp.resolve("redis"), redis -> {
      // Redis saves keys whose time has passed as long as nothing expired them; a loader skips them.
      redis.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
      for (int i = 0; i < 3; i++) {
        redis.call("SET", "expired:" + i, "in the file, past its time", "PX", 1);
      }
    });

    Path verdisDir = Files.createDirectories(tmp.resolve("verdis"));
    Files.copy(tmp.resolve("redis/dump.rdb"), verdisDir.resolve("dump.rdb"));
    try (VerdisProcess verdis = VerdisProcess.start(verdisDir, "--appendonly", "no", "--shards", "4")) {
      assertTrue(verdis.log().contains("DB loaded from disk"), verdis.log());
      try (RawClient client = verdis.client()) {
        KeyspaceImage.read(client).assertSameAs(expected);
        List<String> info = Info.lines(client, "persistence");
        assertTrue(info.contains("rdb_last_load_keys_loaded:" + expected.keyCount())
            && info.contains("rdb_last_load_keys_expired:3"), String.join("\n", info));
      }
      assertEquals(0, verdis.shutdown("NOSAVE"), verdis.log());
    }
    assertFalse(Files.exists(verdisDir.resolve("appendonlydir")), "appendonly no writes no AOF");
  }

  /**
   * Moving from Redis: Verdis, with its default appendonly yes, starts on a directory holding only
   * Redis's dump.rdb, loads it and writes it into a new AOF; without the dump the data is still
   * there after a restart, read from the AOF.
   */
  @Test
  void theDefaultAppendonlyCarriesARedisDumpIntoTheAof() throws Exception {
    RealRedis.assumeInstalled();
    KeyspaceImage expected = redisDump(tmp.resolve("redis"), redis -> { });

    Path verdisDir = Files.createDirectories(tmp.resolve("verdis"));
    Files.copy(tmp.resolve("redis/dump.rdb"), verdisDir.resolve("dump.rdb"));
    try (VerdisProcess verdis = VerdisProcess.start(verdisDir, "--shards", "4")) {
      assertTrue(verdis.log().contains("DB loaded from disk"), verdis.log());
      try (RawClient client = verdis.client()) {
        assertTrue(Info.lines(client, "persistence").contains("aof_enabled:1"));
        KeyspaceImage.read(client).assertSameAs(expected);
      }
      assertEquals(0, verdis.shutdown(), verdis.log());
    }
    assertTrue(Files.exists(verdisDir.resolve("appendonlydir/appendonly.aof.manifest")));
    Files.delete(verdisDir.resolve("dump.rdb"));

    try (VerdisProcess verdis = VerdisProcess.start(verdisDir, "--shards", "4")) {
      assertTrue(verdis.log().contains("DB loaded from append only file"), verdis.log());
      try (RawClient client = verdis.client()) {
        KeyspaceImage.read(client).assertSameAs(expected);
      }
      assertEquals(0, verdis.shutdown("NOSAVE"), verdis.log());
    }
  }

  /**
   * Function libraries ride in the snapshot both ways (opcode FUNCTION2 after the aux fields, before
   * the databases), the long one LZF-compressed: Redis's libraries come up callable in Verdis, and
   * what Verdis saves (with one more) comes up callable in Redis.
   */
  @Test
  void functionLibrariesGoBothWaysInTheSnapshot() throws Exception {
    RealRedis.assumeInstalled();
    Path redisDir = Files.createDirectories(tmp.resolve("redis"));
    try (RealRedis redis = RealRedis.start(redisDir)) {
      FunctionLibraries.load(redis.client());
      assertEquals("OK", redis.call("SAVE"));
      redis.shutdownNoSave();
    }
    Path verdisDir = Files.createDirectories(tmp.resolve("verdis"));
    Files.copy(redisDir.resolve("dump.rdb"), verdisDir.resolve("dump.rdb"));
    try (VerdisProcess verdis = VerdisProcess.start(verdisDir, "--appendonly", "no", "--shards", "4")) {
      assertTrue(verdis.log().contains("DB loaded from disk"), verdis.log());
      try (RawClient client = verdis.client()) {
        FunctionLibraries.assertCallable(client);
        assertEquals("otherlib", FunctionLibraries.text(client.request("FUNCTION", "LOAD", FunctionLibraries.OTHER)));
        assertEquals("OK", client.request("SAVE"));
      }
      assertEquals(0, verdis.shutdown("NOSAVE"), verdis.log());
    }

    Path backDir = Files.createDirectories(tmp.resolve("back"));
    Files.copy(verdisDir.resolve("dump.rdb"), backDir.resolve("dump.rdb"));
    String check = RealRedis.checkRdb(backDir.resolve("dump.rdb"));
    assertTrue(check.contains("RDB looks OK"), check);
    try (RealRedis redis = RealRedis.start(backDir)) {
      FunctionLibraries.assertCallable(redis.client(), "echolib", "getterlib", "otherlib");
      assertEquals("other", redis.text("FCALL", "other", 0));
    }
  }

  /** Something done to Redis between reading what it holds and saving. */
  private interface BeforeSave {
    void run(RealRedis redis) throws Exception;
  }

  /**
   * Redis's dump.rdb in {@code dir} of the workload (strings only: integer-encoded and
   * LZF-compressed values, binary, TTLs, several databases); what Redis held when it saved.
   */
  private static KeyspaceImage redisDump(Path dir, BeforeSave beforeSave) throws Exception {
    Files.createDirectories(dir);
    try (RealRedis redis = RealRedis.start(dir, "--enable-debug-command", "local")) {
      new Workload(redis.client()).run(() -> { });
      KeyspaceImage image = KeyspaceImage.read(redis.client());
      beforeSave.run(redis);
      assertEquals("OK", redis.call("SAVE"));
      redis.shutdownNoSave();
      Workload.assertShape(image);
      return image;
    }
  }
}

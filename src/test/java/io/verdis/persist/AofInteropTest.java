package io.verdis.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.it.Info;
import io.verdis.it.RawClient;
import io.verdis.it.RealRedis;
import io.verdis.persist.aof.AofManifest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The AOF both ways between Verdis and a real redis-server 7.0: one writes a multi-part AOF (a base
 * from a rewrite plus incremental records), the other starts on a copy of the directory and must
 * hold exactly what the first held, every key of every database with its value and expiry.
 */
class AofInteropTest {
  @TempDir
  Path tmp;

  /** After SHUTDOWN NOSAVE, and after kill -9 (with appendfsync always, so every acknowledged write is in the file). */
  @ParameterizedTest(name = "killed: {0}")
  @ValueSource(booleans = {false, true})
  void redisLoadsTheAofVerdisWrote(boolean kill9) throws Exception {
    RealRedis.assumeInstalled();
    Path verdisDir = tmp.resolve("verdis");
    KeyspaceImage expected;
    try (VerdisProcess verdis = VerdisProcess.startWithPizzaria(verdisDir, "--appendonly", "yes", "--shards", "4",
        "--appendfsync", kill9 ? "always" : "everysec")) {
      try (RawClient client = verdis.client()) {
        // The rest of the workload runs while the rewrite writes the new base.
        new Workload(client).run(() ->
            assertEquals("+Background append only file rewriting started\r\n", client.call("BGREWRITEAOF")));
        Workload.pizzaria(verdis.pizzariaPort());
        Info.await(client, "persistence", "aof_rewrite_in_progress:0", "aof_last_bgrewrite_status:ok");
        expected = KeyspaceImage.read(client);
      }
      if (kill9) {
        verdis.kill9();
      } else {
        assertEquals(0, verdis.shutdown("NOSAVE"), verdis.log());
      }
    }
    Workload.assertShape(expected);
    assertEquals("pizzaria|value with | bars", text(expected.dbs.get(0).get("pizza:1").value()));
    AofManifest manifest = AofManifest.load(verdisDir.resolve("appendonlydir/appendonly.aof.manifest"));
    assertTrue(manifest.base() != null && !manifest.incrs().isEmpty(), manifest.render());

    Path redisDir = Files.createDirectories(tmp.resolve("redis"));
    TestDirs.copy(verdisDir.resolve("appendonlydir"), redisDir.resolve("appendonlydir"));
    RealRedis.Result check = RealRedis.checkAof(redisDir, "",
        redisDir.resolve("appendonlydir/appendonly.aof.manifest").toString());
    assertEquals(0, check.status(), check.output());
    assertTrue(check.output().contains("All AOF files and manifest are valid"), check.output());

    try (RealRedis redis = RealRedis.startWithAof(redisDir)) {
      assertTrue(redis.log().contains("DB loaded from append only file"), redis.log());
      KeyspaceImage.read(redis.client()).assertSameAs(expected);
    }
  }

  /** With RESP base files as asked of Redis elsewhere, and with Redis's default RDB-preamble base. */
  @ParameterizedTest(name = "aof-use-rdb-preamble {0}")
  @ValueSource(strings = {"no", "yes"})
  void verdisLoadsTheAofRedisWrote(String rdbPreamble) throws Exception {
    RealRedis.assumeInstalled();
    Path redisDir = Files.createDirectories(tmp.resolve("redis"));
    KeyspaceImage expected;
    try (RealRedis redis = RealRedis.startWithAof(redisDir, "--aof-use-rdb-preamble", rdbPreamble)) {
      new Workload(redis.client()).withTransactions().run(() -> redis.call("BGREWRITEAOF"));
      redis.awaitNoRewrite();
      expected = KeyspaceImage.read(redis.client());
      redis.shutdownNoSave();
    }
    Workload.assertShape(expected);
    AofManifest manifest = AofManifest.load(redisDir.resolve("appendonlydir/appendonly.aof.manifest"));
    assertTrue(manifest.base() != null && !manifest.incrs().isEmpty(), manifest.render());
    assertEquals(rdbPreamble.equals("yes"), manifest.base().name().endsWith(".rdb"), manifest.render());
    String incr = Files.readString(redisDir.resolve("appendonlydir").resolve(
        manifest.incrs().get(manifest.incrs().size() - 1).name()), StandardCharsets.ISO_8859_1);
    assertTrue(incr.contains("MULTI") && incr.contains("EXEC"), "the transaction is in the incremental file");

    Path verdisDir = TestDirs.copy(redisDir.resolve("appendonlydir"), tmp.resolve("verdis/appendonlydir")).getParent();
    try (VerdisProcess verdis = VerdisProcess.start(verdisDir, "--appendonly", "yes", "--shards", "4")) {
      assertTrue(verdis.log().contains("DB loaded from append only file"), verdis.log());
      try (RawClient client = verdis.client()) {
        KeyspaceImage.read(client).assertSameAs(expected);
      }
      assertEquals(0, verdis.shutdown("NOSAVE"), verdis.log());
    }
  }

  /**
   * Function libraries in the AOF both ways, in either base format: Redis's base (FUNCTION LOAD
   * records, or its RDB preamble's functions) and incremental file load in Verdis; Verdis's
   * rewritten base and its incremental file (with a FUNCTION DELETE and a FUNCTION RESTORE) load
   * in Redis, which redis-check-aof finds valid.
   */
  @ParameterizedTest(name = "aof-use-rdb-preamble {0}")
  @ValueSource(strings = {"no", "yes"})
  void functionLibrariesGoBothWaysInTheAof(String rdbPreamble) throws Exception {
    RealRedis.assumeInstalled();
    Path redisDir = Files.createDirectories(tmp.resolve("redis"));
    try (RealRedis redis = RealRedis.startWithAof(redisDir, "--aof-use-rdb-preamble", rdbPreamble)) {
      FunctionLibraries.load(redis.client());
      redis.rewrite();
      assertEquals("otherlib", redis.text("FUNCTION", "LOAD", FunctionLibraries.OTHER));
      redis.shutdownNoSave();
    }

    Path verdisDir = TestDirs.copy(redisDir.resolve("appendonlydir"), tmp.resolve("verdis/appendonlydir")).getParent();
    byte[] restored = FunctionPersistenceTest.payload(FunctionPersistenceTest.library(
        FunctionLibraries.OTHER.replace("otherlib", "restoredlib").replace("'other'", "'restored'")));
    try (VerdisProcess verdis = VerdisProcess.start(verdisDir, "--appendonly", "yes", "--shards", "4",
        "--aof-use-rdb-preamble", rdbPreamble)) {
      assertTrue(verdis.log().contains("DB loaded from append only file"), verdis.log());
      try (RawClient client = verdis.client()) {
        FunctionLibraries.assertCallable(client, "echolib", "getterlib", "otherlib");
        assertEquals("OK", client.request("FUNCTION", "DELETE", "otherlib"));
        FunctionPersistenceTest.rewrite(client);
        assertEquals("OK", client.request("FUNCTION", "RESTORE", restored));
      }
      assertEquals(0, verdis.shutdown("NOSAVE"), verdis.log());
    }

    Path backDir = Files.createDirectories(tmp.resolve("back"));
    TestDirs.copy(verdisDir.resolve("appendonlydir"), backDir.resolve("appendonlydir"));
    RealRedis.Result check = RealRedis.checkAof(backDir, "",
        backDir.resolve("appendonlydir/appendonly.aof.manifest").toString());
    assertEquals(0, check.status(), check.output());
    try (RealRedis redis = RealRedis.startWithAof(backDir, "--aof-use-rdb-preamble", rdbPreamble)) {
      assertTrue(redis.log().contains("DB loaded from append only file"), redis.log());
      FunctionLibraries.assertCallable(redis.client(), "echolib", "getterlib", "restoredlib");
      assertEquals("restored", redis.text("FCALL", "restored", 0));
    }
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}

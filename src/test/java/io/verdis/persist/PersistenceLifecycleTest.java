package io.verdis.persist;

import io.verdis.it.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Persistence as an operator meets it, through real processes: shutdown flushes, SIGTERM too,
 * save points, rewrites by hand and automatic, a rewrite that fails (writes go on), and a disk
 * that fills up and frees again.
 */
class PersistenceLifecycleTest {
  @TempDir
  Path dir;

  @Test
  void shutdownWritesWhatAppendfsyncNoHadNotFlushed() throws Exception {
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes", "--appendfsync", "no");
         RawClient redis = server.client()) {
      for (int i = 0; i < 1000; i++) {
        redis.call("SET", "key:" + i, "value:" + i);
      }
      redis.send(RawClient.command("SHUTDOWN"));
      assertEquals(0, server.awaitExit(30));
    }
    assertAllThere(1000);
  }

  @Test
  void sigtermSavesAndFlushesLikeShutdown() throws Exception {
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes", "--appendfsync", "no");
         RawClient redis = server.client()) {
      for (int i = 0; i < 1000; i++) {
        redis.call("SET", "key:" + i, "value:" + i);
      }
      server.process().destroy();
      server.awaitExit(30);
      assertTrue(server.log().contains("Received SIGTERM"), server.log());
    }
    assertAllThere(1000);
  }

  @Test
  void shutdownSaveWritesASnapshotThatLoadsWithoutTheAof() throws Exception {
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "no");
         RawClient redis = server.client()) {
      for (int i = 0; i < 1000; i++) {
        redis.call("SET", "key:" + i, "value:" + i);
      }
      redis.call("SET", "ttl", "x", "EX", "1000");
      redis.send(RawClient.command("SHUTDOWN", "SAVE"));
      assertEquals(0, server.awaitExit(30));
    }
    assertTrue(Files.exists(dir.resolve("dump.rdb")));
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "no");
         RawClient redis = server.client()) {
      assertEquals(":1001\r\n", redis.call("DBSIZE"));
      long ttl = Long.parseLong(redis.call("TTL", "ttl").substring(1).trim());
      assertTrue(ttl > 900 && ttl <= 1000, "TTL " + ttl);
      assertTrue(redis.call("INFO", "persistence").contains("rdb_last_load_keys_loaded:1001"));
    }
  }

  @Test
  void savePointsSnapshotByThemselves() throws Exception {
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "no", "--save", "1 1");
         RawClient redis = server.client()) {
      long before = integer(redis.call("LASTSAVE"));
      redis.call("SET", "k", "v");
      assertTrue(eventually(() -> Files.exists(dir.resolve("dump.rdb")) && integer(redis.call("LASTSAVE")) > before),
          "no snapshot after a change with save 1 1");
      assertTrue(redis.call("INFO", "persistence").contains("rdb_changes_since_last_save:0"));
    }
  }

  @Test
  void saveAndBgsaveAnswerAsRedis() throws Exception {
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "no");
         RawClient redis = server.client()) {
      redis.call("SET", "k", "v");
      assertEquals("+OK\r\n", redis.call("SAVE"));
      assertEquals("+Background saving started\r\n", redis.call("BGSAVE"));
      assertEquals("-ERR syntax error\r\n", redis.call("BGSAVE", "NOW"));
      assertTrue(eventually(() -> redis.call("INFO", "persistence").contains("rdb_bgsave_in_progress:0")));
      assertTrue(redis.call("INFO", "persistence").contains("rdb_saves:2"));
    }
  }

  @Test
  void bgrewriteaofCompactsTheLogAndDropsTheOldFiles() throws Exception {
    // always: the last INCR must be on disk before the kill -9 below (everysec may lose the last ms).
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes", "--appendfsync", "always");
         RawClient redis = server.client()) {
      for (int i = 0; i < 200; i++) {
        redis.call("INCR", "counter");
      }
      assertEquals("+Background append only file rewriting started\r\n", redis.call("BGREWRITEAOF"));
      assertTrue(eventually(() -> redis.call("INFO", "persistence").contains("aof_rewrites:1")));
      redis.call("INCR", "counter");
      String manifest = Files.readString(dir.resolve("appendonlydir/appendonly.aof.manifest"));
      assertEquals("file appendonly.aof.2.base.aof seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n", manifest);
      try (var files = Files.list(dir.resolve("appendonlydir"))) {
        assertEquals(3, files.count(), "base, incr and manifest only");
      }
      assertTrue(Files.readString(dir.resolve("appendonlydir/appendonly.aof.2.base.aof")).contains("200"));
      server.kill9();
    }
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes");
         RawClient redis = server.client()) {
      assertEquals("$3\r\n201\r\n", redis.call("GET", "counter"));
    }
  }

  @Test
  void withAofUseRdbPreambleTheBaseIsAnRdbFileThatLoadsBack() throws Exception {
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes", "--aof-use-rdb-preamble", "yes",
        "--appendfsync", "always");
         RawClient redis = server.client()) {
      redis.call("SET", "in-base", "1", "EX", "1000");
      redis.call("BGREWRITEAOF");
      assertTrue(eventually(() -> redis.call("INFO", "persistence").contains("aof_rewrites:1")));
      redis.call("SET", "in-incr", "2");
      assertTrue(Files.readString(dir.resolve("appendonlydir/appendonly.aof.manifest"))
          .startsWith("file appendonly.aof.2.base.rdb seq 2 type b\n"));
      server.kill9();
    }
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes");
         RawClient redis = server.client()) {
      assertEquals("$1\r\n1\r\n", redis.call("GET", "in-base"));
      assertEquals("$1\r\n2\r\n", redis.call("GET", "in-incr"));
      assertFalse(redis.call("TTL", "in-base").equals(":-1\r\n"), "the TTL survives the RDB base");
    }
  }

  @Test
  void theAofIsRewrittenAutomaticallyOnceItGrows() throws Exception {
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes",
        "--auto-aof-rewrite-min-size", "20kb", "--auto-aof-rewrite-percentage", "100");
         RawClient redis = server.client()) {
      for (int i = 0; i < 2000; i++) {
        redis.call("SET", "same-key", "value-" + i);
      }
      assertTrue(eventually(() -> !redis.call("INFO", "persistence").contains("aof_rewrites:0\r\n")),
          "no automatic rewrite: " + redis.call("INFO", "persistence"));
      assertTrue(server.log().contains("Starting automatic rewriting of AOF"), server.log());
    }
  }

  @Test
  void aFullDiskRefusesWritesKeepsReadsAndRecoversByItself() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "prlimit (util-linux) is needed to limit file sizes");
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes", "--appendfsync", "always");
         RawClient redis = server.client()) {
      redis.call("SET", "before", "1");
      // RLIMIT_FSIZE: no file of the process may grow further, as if the disk were full.
      long size = Files.size(dir.resolve("appendonlydir/appendonly.aof.1.incr.aof"));
      prlimit(server.pid(), Long.toString(size));
      RawClient second = server.client();
      second.send(RawClient.command("SET", "during", "2"));
      // Until the writer has met the error, a new command may still wait behind the held write.
      assertTrue(eventually(() -> {
        try (RawClient probe = server.client()) {
          probe.readTimeout(500);
          return probe.call("INFO", "persistence").contains("aof_last_write_status:err");
        } catch (java.net.SocketTimeoutException stillHeld) {
          return false;
        }
      }));
      assertTrue(redis.call("SET", "x", "y").startsWith("-MISCONF Errors writing to the AOF file: "));
      assertEquals("$1\r\n1\r\n", redis.call("GET", "before"), "reads keep working");
      assertTrue(redis.call("PING").startsWith("-MISCONF"));
      assertTrue(redis.call("INFO", "persistence").contains("aof_last_write_status:err"));
      prlimit(server.pid(), "unlimited");
      assertTrue(eventually(() -> redis.call("SET", "after", "3").equals("+OK\r\n")));
      assertEquals("+OK\r\n", second.readReply(), "the write held while the disk was full is answered once it is on disk");
      second.close();
      server.kill9();
    }
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes");
         RawClient redis = server.client()) {
      assertEquals("$1\r\n1\r\n", redis.call("GET", "before"));
      assertEquals("$1\r\n2\r\n", redis.call("GET", "during"));
      assertEquals("$1\r\n3\r\n", redis.call("GET", "after"));
      assertEquals("$-1\r\n", redis.call("GET", "x"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"everysec", "always"})
  void aRewriteThatCannotCreateItsFilesFailsAndWritesGoOn(String appendfsync) throws Exception {
    Path aofDir = dir.resolve("appendonlydir");
    Path aside = dir.resolve("appendonlydir-aside");
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes", "--appendfsync", appendfsync);
         RawClient redis = server.client()) {
      redis.call("SET", "before", "1");
      // A read-only directory does not stop root (tests may run as root), a file where the
      // directory must be does: no new file can be created in it. The open incr file, moved away
      // with its directory, stays writable, as an open file does in a directory made read-only.
      Files.move(aofDir, aside);
      Files.writeString(aofDir, "in the way");
      rewriteFailsAndWritesGoOn(redis);
      assertTrue(server.log().contains("Background AOF rewrite terminated with error: could not start a new incr file"),
          server.log());
      Files.delete(aofDir);
      Files.move(aside, aofDir);
      assertEquals("+Background append only file rewriting started\r\n", redis.call("BGREWRITEAOF"));
      assertTrue(eventually(() -> redis.call("INFO", "persistence").contains("aof_last_bgrewrite_status:ok")),
          "the next rewrite succeeds once the directory is usable");
      redis.call("SET", "after", "3");
      redis.send(RawClient.command("SHUTDOWN", "NOSAVE"));
      assertEquals(0, server.awaitExit(30));
    }
    assertFailedRewriteLostNothing();
  }

  @Test
  void aRewriteInAReadOnlyDirectoryFailsAndWritesGoOn() throws Exception {
    assumeTrue(VerdisProcess.permissionsCanBind(), "root without setpriv ignores file modes");
    Path aofDir = dir.resolve("appendonlydir");
    try (VerdisProcess server = VerdisProcess.startBoundByPermissions(dir, "--appendonly", "yes",
        "--appendfsync", "always");
         RawClient redis = server.client()) {
      redis.call("SET", "before", "1");
      Files.setPosixFilePermissions(aofDir, PosixFilePermissions.fromString("r-x------"));
      rewriteFailsAndWritesGoOn(redis);
      assertTrue(server.log().contains("could not start a new incr file: Permission denied"), server.log());
      Files.setPosixFilePermissions(aofDir, PosixFilePermissions.fromString("rwx------"));
      rewriteSucceedsAndWritesGoOn(redis);
      server.kill9();
    }
    assertFailedRewriteLostNothing();
  }

  @Test
  void aRewriteThatCannotWriteItsBaseFailsAndWritesGoOn() throws Exception {
    Path aofDir = dir.resolve("appendonlydir");
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes", "--appendfsync", "always");
         RawClient redis = server.client()) {
      redis.call("SET", "before", "1");
      // The rewrite's temp file cannot be created: a directory (not empty, so not removed) has its name.
      Path temp = Files.createDirectories(aofDir.resolve("temp-rewriteaof-bg-" + server.pid() + ".aof"));
      Files.writeString(temp.resolve("keep"), "x");
      rewriteFailsAndWritesGoOn(redis);
      Files.delete(temp.resolve("keep"));
      Files.delete(temp);
      rewriteSucceedsAndWritesGoOn(redis);
      server.kill9();
    }
    assertFailedRewriteLostNothing();
  }

  @Test
  void aRewriteSkipsNamesTakenByFilesTheManifestDoesNotName() throws Exception {
    Path aofDir = dir.resolve("appendonlydir");
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes", "--appendfsync", "always");
         RawClient redis = server.client()) {
      redis.call("SET", "before", "1");
      // What a crash between creating a file and switching the manifest to it leaves, or a hand put there.
      Files.writeString(aofDir.resolve("appendonly.aof.2.incr.aof"), "not ours to truncate");
      Files.writeString(aofDir.resolve("appendonly.aof.2.base.aof"), "not ours to replace");
      redis.call("BGREWRITEAOF");
      assertTrue(eventually(() -> redis.call("INFO", "persistence").contains("aof_rewrites:1")));
      redis.call("SET", "after", "3");
      assertEquals("file appendonly.aof.3.base.aof seq 3 type b\nfile appendonly.aof.3.incr.aof seq 3 type i\n",
          Files.readString(aofDir.resolve("appendonly.aof.manifest")));
      server.kill9();
    }
    assertEquals("not ours to truncate", Files.readString(aofDir.resolve("appendonly.aof.2.incr.aof")));
    assertEquals("not ours to replace", Files.readString(aofDir.resolve("appendonly.aof.2.base.aof")));
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes");
         RawClient redis = server.client()) {
      assertEquals("$1\r\n1\r\n", redis.call("GET", "before"));
      assertEquals("$1\r\n3\r\n", redis.call("GET", "after"));
    }
  }

  private void assertFailedRewriteLostNothing() throws Exception {
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes");
         RawClient redis = server.client()) {
      assertEquals("$1\r\n1\r\n", redis.call("GET", "before"));
      for (int i = 0; i < 100; i++) {
        assertEquals("$" + ("v" + i).length() + "\r\nv" + i + "\r\n", redis.call("GET", "during:" + i));
      }
      assertEquals("$1\r\n3\r\n", redis.call("GET", "after"));
    }
  }

  private void assertAllThere(int keys) throws Exception {
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes");
         RawClient redis = server.client()) {
      assertEquals(":" + keys + "\r\n", redis.call("DBSIZE"));
      for (int i = 0; i < keys; i += 97) {
        String value = "value:" + i;
        assertEquals("$" + value.length() + "\r\n" + value + "\r\n", redis.call("GET", "key:" + i));
      }
    }
  }

  private static void prlimit(long pid, String bytes) throws Exception {
    Process process = new ProcessBuilder("/usr/bin/prlimit", "--pid", Long.toString(pid), "--fsize=" + bytes + ":unlimited")
        .redirectErrorStream(true).start();
    assertTrue(process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0,
        new String(process.getInputStream().readAllBytes()));
  }

  private static long integer(String reply) {
    return Long.parseLong(reply.substring(1).trim());
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  /**
   * BGREWRITEAOF starts and fails; INFO says so, no rewrite is left in progress, the AOF is still
   * written, and 100 writes after it are acknowledged.
   */
  private static void rewriteFailsAndWritesGoOn(RawClient redis) throws Exception {
    assertEquals("+Background append only file rewriting started\r\n", redis.call("BGREWRITEAOF"));
    assertTrue(eventually(() -> redis.call("INFO", "persistence").contains("aof_last_bgrewrite_status:err")));
    String info = redis.call("INFO", "persistence");
    assertTrue(info.contains("aof_rewrite_in_progress:0"), info);
    assertTrue(info.contains("aof_last_write_status:ok"), info);
    for (int i = 0; i < 100; i++) {
      assertEquals("+OK\r\n", redis.call("SET", "during:" + i, "v" + i), "write " + i + " after the failed rewrite");
    }
  }

  /** The next BGREWRITEAOF, once its files can be made, succeeds, and a write after it is acknowledged. */
  private static void rewriteSucceedsAndWritesGoOn(RawClient redis) throws Exception {
    redis.call("BGREWRITEAOF");
    assertTrue(eventually(() -> redis.call("INFO", "persistence").contains("aof_last_bgrewrite_status:ok")));
    assertEquals("+OK\r\n", redis.call("SET", "after", "3"));
  }

  /** Polls a condition for up to 20 s: a wait for something to happen, not a timing assertion. */
  private static boolean eventually(Check check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (check.holds()) {
        return true;
      }
      Thread.sleep(50);
    }
    return check.holds();
  }
}

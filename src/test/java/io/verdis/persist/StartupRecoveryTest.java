package io.verdis.persist;

import io.verdis.it.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Start-up on a damaged AOF, through real processes: a last record cut short is dropped with a
 * warning (or stops start-up with aof-load-truncated no); damage anywhere else stops start-up
 * with a message naming the file and the offset. Whatever start-up cannot use (a missing manifest
 * or file, a bad manifest, an unreadable RDB, a directory that is not one) stops it the same way,
 * and every file is left byte for byte as it was; only a crashed rewrite's or BGSAVE's own temp
 * files are removed.
 */
class StartupRecoveryTest {
  private static final String INCR = "appendonly.aof.1.incr.aof";

  @TempDir
  Path dir;

  @Test
  void aTruncatedLastRecordIsCutOffWithAWarning() throws Exception {
    long goodSize = writeTwoKeys();
    append("*3\r\n$3\r\nSET\r\n$4\r\nlost\r\n$5\r\nval");
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes");
         RawClient redis = server.client()) {
      assertEquals("$3\r\none\r\n", redis.call("GET", "k1"));
      assertEquals("$3\r\ntwo\r\n", redis.call("GET", "k2"));
      assertEquals("$-1\r\n", redis.call("GET", "lost"));
      assertTrue(server.log().contains("short read while loading the AOF file " + INCR), server.log());
      assertTrue(server.log().contains("loaded anyway because aof-load-truncated is enabled"), server.log());
    }
    assertEquals(goodSize, Files.size(incr()), "the partial record is cut off the file");
  }

  @Test
  void aRecordCutInsideATransactionCutsTheWholeTransactionOff() throws Exception {
    long goodSize = writeTwoKeys();
    append("*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$2\r\nt1\r\n$1\r\n1\r\n*3\r\n$3\r\nSET\r\n$2\r\nt2\r\n$1");
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes");
         RawClient redis = server.client()) {
      assertEquals("$3\r\none\r\n", redis.call("GET", "k1"));
      assertEquals("$-1\r\n", redis.call("GET", "t1"));
      assertEquals(goodSize, Files.size(incr()), "no MULTI is left open for the next records to fall into");
      assertEquals("+OK\r\n", redis.call("SET", "after", "acknowledged"));
      redis.send(RawClient.command("SHUTDOWN", "NOSAVE"));
      assertEquals(0, server.awaitExit(30));
    }
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes");
         RawClient redis = server.client()) {
      assertEquals("$12\r\nacknowledged\r\n", redis.call("GET", "after"));
      assertEquals("$-1\r\n", redis.call("GET", "t1"));
    }
  }

  @Test
  void aTruncatedLastRecordStopsStartUpWhenAofLoadTruncatedIsNo() throws Exception {
    long goodSize = writeTwoKeys();
    append("*2\r\n$3\r\nDEL\r\n$2\r\nk");
    VerdisProcess server = VerdisProcess.launch(dir, "--appendonly", "yes", "--aof-load-truncated", "no");
    assertEquals(1, server.awaitExit(60));
    assertTrue(server.log().contains("Unexpected end of file reading the append only file " + INCR), server.log());
    assertTrue(server.log().contains("record starting at offset " + goodSize), server.log());
    assertTrue(server.log().contains("aof-load-truncated yes"), server.log());
  }

  @Test
  void corruptionBeforeTheEndStopsStartUpNamingFileAndOffset() throws Exception {
    writeTwoKeys();
    byte[] bytes = Files.readAllBytes(incr());
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int secondRecord = text.indexOf("*3", text.indexOf("*3") + 1);
    bytes[secondRecord + 4] = 'X';
    Files.write(incr(), bytes);
    append("*2\r\n$3\r\nDEL\r\n$2\r\nk1\r\n");
    VerdisProcess server = VerdisProcess.launch(dir, "--appendonly", "yes");
    assertEquals(1, server.awaitExit(60));
    assertTrue(server.log().contains("Bad file format reading the append only file " + INCR), server.log());
    assertTrue(server.log().contains("offset " + secondRecord), server.log());
  }

  @Test
  void anUnknownCommandStopsStartUp() throws Exception {
    writeTwoKeys();
    append("*2\r\n$7\r\nNOSUCHC\r\n$1\r\nx\r\n");
    VerdisProcess server = VerdisProcess.launch(dir, "--appendonly", "yes");
    assertEquals(1, server.awaitExit(60));
    assertTrue(server.log().contains("Unknown command 'NOSUCHC' reading the append only file " + INCR), server.log());
  }

  @Test
  void checkAofFixRepairsWhatStartUpRefused() throws Exception {
    long goodSize = writeTwoKeys();
    append("*2\r\n$3\r\nDEL\r\n$2\r\nk");
    Path appendonlydir = dir.resolve("appendonlydir");
    Process check = checkAof("--fix", appendonlydir.toString());
    assertEquals(0, check.waitFor(), new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertEquals(goodSize, Files.size(incr()));
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes", "--aof-load-truncated", "no");
         RawClient redis = server.client()) {
      assertEquals("$3\r\ntwo\r\n", redis.call("GET", "k2"));
    }
  }

  // ---- What start-up cannot use, it refuses: one line naming the file, exit 1, every file untouched.

  @Test
  void aMissingManifestWithAofFilesPresentRefusesNamingThem() throws Exception {
    writeTwoKeys();
    Files.delete(appendonlydir().resolve("appendonly.aof.manifest"));
    String log = refusedLeavingEveryFileAsItWas("--appendonly", "yes");
    assertTrue(log.contains("has no manifest appendonly.aof.manifest but holds appendonly.aof.1.base.aof, "
        + INCR + "."), log);
  }

  @Test
  void aMissingIncrFileTheManifestNamesRefusesAsRedis() throws Exception {
    writeTwoKeys();
    Files.delete(incr());
    String log = refusedLeavingEveryFileAsItWas("--appendonly", "yes");
    assertTrue(log.contains("Unable to obtain the AOF file " + INCR + " length. stat: No such file or directory"), log);
  }

  @Test
  void aMissingBaseFileTheManifestNamesRefuses() throws Exception {
    writeTwoKeys();
    Files.delete(appendonlydir().resolve("appendonly.aof.1.base.aof"));
    String log = refusedLeavingEveryFileAsItWas("--appendonly", "yes");
    assertTrue(log.contains("Unable to obtain the AOF file appendonly.aof.1.base.aof length"), log);
  }

  @Test
  void aManifestWithIncrFilesOutOfOrderRefuses() throws Exception {
    writeTwoKeys();
    manifest("file appendonly.aof.1.base.aof seq 1 type b\nfile " + INCR + " seq 2 type i\n"
        + "file appendonly.aof.1.incr.aof seq 1 type i\n");
    String log = refusedLeavingEveryFileAsItWas("--appendonly", "yes");
    assertTrue(log.contains("Bad AOF manifest " + appendonlydir().resolve("appendonly.aof.manifest")
        + ": Found a non-monotonic sequence number"), log);
  }

  @Test
  void aManifestNamingAFileTwiceRefuses() throws Exception {
    writeTwoKeys();
    manifest("file appendonly.aof.1.base.aof seq 1 type b\nfile " + INCR + " seq 2 type i\n"
        + "file " + INCR + " seq 3 type i\n");
    String log = refusedLeavingEveryFileAsItWas("--appendonly", "yes");
    assertTrue(log.contains("names the file " + INCR + " twice"), log);
  }

  @Test
  void aManifestWithAnUnknownFileTypeRefuses() throws Exception {
    writeTwoKeys();
    manifest("file appendonly.aof.1.base.aof seq 1 type b\nfile " + INCR + " seq 2 type x\n");
    String log = refusedLeavingEveryFileAsItWas("--appendonly", "yes");
    assertTrue(log.contains("Unknown AOF file type"), log);
    assertTrue(log.contains("appendonly.aof.manifest"), log);
  }

  @Test
  void anIncrFileThatIsADirectoryRefuses() throws Exception {
    writeTwoKeys();
    Files.delete(incr());
    Files.createDirectory(incr());
    String log = refusedLeavingEveryFileAsItWas("--appendonly", "yes");
    assertTrue(log.contains("The AOF file " + incr() + " named in the manifest is not a regular file"), log);
  }

  @Test
  void aNewAofGetsItsBaseBeforeAnyManifestNamesAnIncrFile() throws Exception {
    Path rdb = saveOneKeyToDumpRdb();
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes");
         RawClient redis = server.client()) {
      assertEquals("$3\r\none\r\n", redis.call("GET", "k1"));
      assertTrue(server.log().contains("Creating AOF base file appendonly.aof.1.base.aof on server start"), server.log());
      server.kill9();
    }
    // One manifest from the first: the base (the data of dump.rdb) was in place before the incr file was named.
    assertEquals("file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n",
        Files.readString(appendonlydir().resolve("appendonly.aof.manifest")));
    Files.delete(rdb);
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes");
         RawClient redis = server.client()) {
      assertEquals("$3\r\none\r\n", redis.call("GET", "k1"));
    }
  }

  @Test
  void anAofWithoutABaseBesideADumpRdbRefusesNamingBoth() throws Exception {
    Path rdb = saveOneKeyToDumpRdb();
    // What a server leaves that stopped while CONFIG SET appendonly yes was writing the first base.
    Files.createDirectories(appendonlydir());
    Files.writeString(incr(), "*3\r\n$3\r\nSET\r\n$2\r\nk2\r\n$3\r\ntwo\r\n");
    manifest("file " + INCR + " seq 1 type i\n");
    String log = refusedLeavingEveryFileAsItWas("--appendonly", "yes");
    assertTrue(log.contains("names no base file while " + rdb + " exists"), log);
  }

  @Test
  void aSingleFileAofOfRedisSixRefusesNamingIt() throws Exception {
    Path single = dir.resolve("appendonly.aof");
    Files.writeString(single, "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n");
    String log = refusedLeavingEveryFileAsItWas("--appendonly", "yes");
    assertTrue(log.contains("Found " + single + ", a single-file AOF of Redis before 7.0"), log);
  }

  @Test
  void aTruncatedDumpRdbRefusesNamingIt() throws Exception {
    Path rdb = saveOneKeyToDumpRdb();
    byte[] bytes = Files.readAllBytes(rdb);
    Files.write(rdb, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    String log = refusedLeavingEveryFileAsItWas("--appendonly", "no");
    assertTrue(log.contains("Fatal error loading the DB file " + rdb + ": RDB at byte offset"), log);
  }

  @Test
  void aTruncatedRdbBaseOfTheAofRefusesNamingIt() throws Exception {
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes", "--aof-use-rdb-preamble", "yes");
         RawClient redis = server.client()) {
      redis.call("SET", "k1", "one");
      redis.send(RawClient.command("SHUTDOWN", "NOSAVE"));
      assertEquals(0, server.awaitExit(30));
    }
    Path base = appendonlydir().resolve("appendonly.aof.1.base.rdb");
    byte[] bytes = Files.readAllBytes(base);
    Files.write(base, java.util.Arrays.copyOf(bytes, bytes.length - 12));
    String log = refusedLeavingEveryFileAsItWas("--appendonly", "yes");
    assertTrue(log.contains("Fatal error loading the DB file " + base), log);
  }

  @Test
  void aDumpRdbThatCannotBeReadRefusesNamingIt() throws Exception {
    // Root reads any file whatever its mode: a directory in its place is what cannot be read.
    Files.createDirectories(dir.resolve("dump.rdb"));
    String log = refusedLeavingEveryFileAsItWas("--appendonly", "no");
    assertTrue(log.contains("Fatal error loading the DB file " + dir.resolve("dump.rdb") + ": Is a directory"), log);
  }

  @Test
  void aDumpRdbWithoutReadPermissionRefusesNamingIt() throws Exception {
    assumeTrue(VerdisProcess.permissionsCanBind(), "root without setpriv ignores file modes");
    Path rdb = dir.resolve("dump.rdb");
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "no");
         RawClient redis = server.client()) {
      redis.call("SET", "k1", "one");
      redis.send(RawClient.command("SHUTDOWN", "SAVE"));
      assertEquals(0, server.awaitExit(30));
    }
    Files.setPosixFilePermissions(rdb, Set.of());
    String log = refusedBoundByPermissions("--appendonly", "no");
    assertTrue(log.contains("Fatal error loading the DB file " + rdb + ": Permission denied"), log);
  }

  @Test
  void anAofFileWithoutReadPermissionRefusesNamingIt() throws Exception {
    assumeTrue(VerdisProcess.permissionsCanBind(), "root without setpriv ignores file modes");
    writeTwoKeys();
    Files.setPosixFilePermissions(incr(), Set.of());
    String log = refusedBoundByPermissions("--appendonly", "yes");
    assertTrue(log.contains("can't open the append log file " + incr() + " for reading: Permission denied"), log);
  }

  @Test
  void aDirWhereTheAofCannotBeCreatedRefuses() throws Exception {
    assumeTrue(VerdisProcess.permissionsCanBind(), "root without setpriv ignores file modes");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
    try {
      String log = refusedBoundByPermissions("--appendonly", "yes");
      assertTrue(log.contains("Can't create the AOF directory " + appendonlydir() + ": Permission denied"), log);
    } finally {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void aDirThatIsAFileRefuses() throws Exception {
    Path notADir = Files.writeString(dir.resolve("data"), "a file, not a directory");
    VerdisProcess server = VerdisProcess.launch(dir, "--appendonly", "yes", "--dir", notADir.toString());
    assertEquals(1, server.awaitExit(60));
    assertTrue(server.log().contains("The working directory " + notADir + " (dir) is not a directory"), server.log());
    assertEquals("a file, not a directory", Files.readString(notADir));
  }

  @Test
  void anAppendonlydirThatIsAFileRefuses() throws Exception {
    Files.writeString(appendonlydir(), "a file, not a directory");
    String log = refusedLeavingEveryFileAsItWas("--appendonly", "yes");
    assertTrue(log.contains("The AOF directory " + appendonlydir() + " is not a directory"), log);
  }

  @Test
  void theTempFileOfACrashedRewriteIsRemovedAndLogged() throws Exception {
    writeTwoKeys();
    long deadPid = exitedProcessPid();
    Path crashed = Files.writeString(appendonlydir().resolve("temp-rewriteaof-bg-" + deadPid + ".aof"), "half a base");
    // The test's own JVM is alive: its temp file may be another server's work in progress.
    Path alive = Files.writeString(appendonlydir().resolve("temp-rewriteaof-bg-" + ProcessHandle.current().pid()
        + ".aof"), "someone else's");
    Path snapshot = Files.writeString(dir.resolve("temp-" + deadPid + ".rdb"), "half a snapshot");
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes");
         RawClient redis = server.client()) {
      assertEquals("$3\r\ntwo\r\n", redis.call("GET", "k2"));
      assertTrue(server.log().contains("Removed " + crashed + ", the temp file of a crashed AOF rewrite"), server.log());
      assertTrue(server.log().contains("Removed " + snapshot + ", the temp file of a crashed BGSAVE"), server.log());
      assertTrue(server.log().contains("Leaving " + alive + " alone"), server.log());
    }
    assertFalse(Files.exists(crashed));
    assertFalse(Files.exists(snapshot));
    assertEquals("someone else's", Files.readString(alive));
  }

  /** Starts a server that must refuse; checks it exits 1 and leaves every file as it was; returns its log. */
  private String refusedLeavingEveryFileAsItWas(String... directives) throws Exception {
    return refused(VerdisProcess::launch, directives);
  }

  /** As {@link #refusedLeavingEveryFileAsItWas}, with file modes binding the server even as root. */
  private String refusedBoundByPermissions(String... directives) throws Exception {
    return refused(VerdisProcess::launchBoundByPermissions, directives);
  }

  private interface Launcher {
    VerdisProcess launch(Path dir, String... directives) throws IOException;
  }

  private String refused(Launcher launcher, String... directives) throws Exception {
    Map<String, String> before = FileTree.of(dir);
    VerdisProcess server = launcher.launch(dir, directives);
    assertEquals(1, server.awaitExit(60), server.log());
    assertEquals(before, FileTree.of(dir), "files changed by a server that refused to start");
    assertTrue(server.log().contains("Verdis failed to start: "), server.log());
    return server.log();
  }

  private static long exitedProcessPid() throws Exception {
    Process process = new ProcessBuilder("true").start();
    process.waitFor();
    return process.pid();
  }

  private Path appendonlydir() {
    return dir.resolve("appendonlydir");
  }

  private void manifest(String text) throws IOException {
    Files.writeString(appendonlydir().resolve("appendonly.aof.manifest"), text, StandardCharsets.UTF_8);
  }

  /** Writes k1 and k2 through a server that is then shut down; returns the incr file's size. */
  private long writeTwoKeys() throws Exception {
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes");
         RawClient redis = server.client()) {
      redis.call("SET", "k1", "one");
      redis.call("SET", "k2", "two");
      redis.send(RawClient.command("SHUTDOWN", "NOSAVE"));
      assertEquals(0, server.awaitExit(30));
    }
    return Files.size(incr());
  }

  /** Writes k1 into dump.rdb through a server without AOF that is then shut down; returns the file. */
  private Path saveOneKeyToDumpRdb() throws Exception {
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "no");
         RawClient redis = server.client()) {
      redis.call("SET", "k1", "one");
      redis.send(RawClient.command("SHUTDOWN", "SAVE"));
      assertEquals(0, server.awaitExit(30));
    }
    return dir.resolve("dump.rdb");
  }

  private Path incr() {
    return dir.resolve("appendonlydir").resolve(INCR);
  }

  private void append(String text) throws IOException {
    Files.writeString(incr(), text, StandardCharsets.ISO_8859_1, StandardOpenOption.APPEND);
  }

  private static Process checkAof(String... args) throws IOException {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.verdis.server.Verdis", "check-aof"));
    command.addAll(java.util.List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }
}

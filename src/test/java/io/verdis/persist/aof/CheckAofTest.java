package io.verdis.persist.aof;

import static io.verdis.persist.aof.AofTestFiles.ascii;
import static io.verdis.persist.aof.AofTestFiles.concat;
import static io.verdis.persist.aof.AofTestFiles.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.verdis.it.RealRedis;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** check-aof: exit status, --fix, and output compared with redis-check-aof 7.0 on the same files. */
class CheckAofTest {
  private static final byte[] SELECT = record("SELECT", "0");
  private static final byte[] SET = record("SET", "key", "value");
  private static final byte[] PING = record("PING");
  private static final byte[] TRANSACTION = concat(record("MULTI"), record("INCR", "n"), record("EXEC"));

  @TempDir
  Path tmp;

  record Run(int status, String output) {
  }

  private static Run verdis(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status = CheckAof.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return new Run(status, RealRedis.normalize(bytes.toString(StandardCharsets.UTF_8)));
  }

  /** Runs both tools on their own copies of {@code dir}; asserts the same status and output. */
  private Run sameAsRedis(Path dir, String target, String... options) throws Exception {
    Path copy = tmp.resolve("redis-copy");
    copyTree(dir, copy);
    String[] ours = withTarget(options, dir.resolve(target).toString());
    Run verdis = verdis(ours);
    if (RealRedis.checkAofInstalled()) {
      RealRedis.Result redis = RealRedis.checkAof(tmp, "y\n", withTarget(options, copy.resolve(target).toString()));
      assertEquals(redis.output().replace(copy.toString(), dir.toString()), verdis.output());
      assertEquals(redis.status(), verdis.status(), verdis.output());
      for (Path file : list(dir)) {
        assertArrayEquals(Files.readAllBytes(copy.resolve(file.getFileName())), Files.readAllBytes(file),
            "the two tools left " + file.getFileName() + " differently");
      }
    }
    return verdis;
  }

  private Path multiPart(byte[] base, byte[]... incrs) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("appendonlydir"));
    AofManifest manifest = AofManifest.empty().withNewBase("appendonly.aof", false);
    Files.write(dir.resolve(manifest.base().name()), base);
    for (byte[] incr : incrs) {
      manifest = manifest.withNewIncr("appendonly.aof");
      Files.write(dir.resolve(manifest.incrs().get(manifest.incrs().size() - 1).name()), incr);
    }
    manifest.writeTo(dir, "appendonly.aof.manifest");
    return dir;
  }

  @Test
  void validDirectoryPasses() throws Exception {
    byte[] stamp = ascii("#TS:1700000000\r\n");
    Path dir = multiPart(concat(SELECT, SET), concat(stamp, SELECT, TRANSACTION), concat(PING, stamp));
    Run run = sameAsRedis(dir, "appendonly.aof.manifest");
    assertEquals(0, run.status());
    assertEquals("""
        Start checking Multi Part AOF
        Start to check BASE AOF (RESP format).
        AOF analyzed: filename=appendonly.aof.1.base.aof, size=56, ok_up_to=56, ok_up_to_line=13, diff=0
        BASE AOF appendonly.aof.1.base.aof is valid
        Start to check INCR files.
        AOF analyzed: filename=appendonly.aof.1.incr.aof, size=89, ok_up_to=89, ok_up_to_line=29, diff=0
        INCR AOF appendonly.aof.1.incr.aof is valid
        AOF analyzed: filename=appendonly.aof.2.incr.aof, size=30, ok_up_to=30, ok_up_to_line=32, diff=0
        INCR AOF appendonly.aof.2.incr.aof is valid
        All AOF files and manifest are valid
        """, run.output());
    // The directory itself names the same check.
    assertEquals(run, verdis(dir.toString()));
  }

  @Test
  void truncatedLastFileIsInvalidThenFixed() throws Exception {
    byte[] last = concat(SELECT, SET, PING);
    Path dir = multiPart(SET, concat(SELECT, SET), Arrays.copyOf(last, last.length - 3));
    Run check = sameAsRedis(dir, "appendonly.aof.manifest");
    assertEquals(1, check.status());
    assertTrue(check.output().endsWith("0x              40: Expected to read 6 bytes, got 3 bytes\n"
        + "AOF analyzed: filename=appendonly.aof.2.incr.aof, size=67, ok_up_to=56, ok_up_to_line=34, diff=11\n"
        + "AOF appendonly.aof.2.incr.aof is not valid. Use the --fix option to try fixing it.\n"), check.output());

    Run fix = sameAsRedis(dir, "appendonly.aof.manifest", "--fix");
    assertEquals(0, fix.status());
    assertTrue(fix.output().contains("This will shrink the AOF appendonly.aof.2.incr.aof from 67 bytes, "
        + "with 11 bytes, to 56 bytes\nSuccessfully truncated AOF appendonly.aof.2.incr.aof\n"
        + "All AOF files and manifest are valid\n"), fix.output());
    assertArrayEquals(concat(SELECT, SET), Files.readAllBytes(dir.resolve("appendonly.aof.2.incr.aof")));
    assertEquals(0, verdis(dir.toString()).status());
  }

  @Test
  void truncatedTransactionIsCutBeforeItsMulti() throws Exception {
    byte[] last = concat(SELECT, TRANSACTION);
    Path dir = multiPart(SET, Arrays.copyOf(last, last.length - 1));
    assertEquals(1, sameAsRedis(dir, "appendonly.aof.manifest").status());
    assertEquals(0, sameAsRedis(dir, "appendonly.aof.manifest", "--fix").status());
    assertArrayEquals(SELECT, Files.readAllBytes(dir.resolve("appendonly.aof.1.incr.aof")));
  }

  @Test
  void corruptionBeforeTheLastFileCannotBeFixed() throws Exception {
    byte[] middle = concat(SELECT, ascii("*1\r\n$4\r\nPIN\r\n"), SET);
    Path dir = multiPart(SET, middle, concat(SELECT, PING));
    Run fix = sameAsRedis(dir, "appendonly.aof.manifest", "--fix");
    assertEquals(1, fix.status());
    assertTrue(fix.output().endsWith("0x              1f: Expected \\r\\n, got: 0a2a\n"
        + "AOF analyzed: filename=appendonly.aof.1.incr.aof, size=69, ok_up_to=23, ok_up_to_line=15, diff=46\n"
        + "Failed to truncate AOF appendonly.aof.1.incr.aof because it is not the last file\n"), fix.output());
    assertArrayEquals(middle, Files.readAllBytes(dir.resolve("appendonly.aof.1.incr.aof")));
  }

  static Stream<Arguments> singleFiles() {
    return Stream.of(
        Arguments.of("valid with annotations", concat(ascii("#TS:1\r\n"), PING, ascii("#TS:2\r\n"), PING), 0),
        Arguments.of("MULTI without EXEC", concat(PING, record("MULTI"), PING), 1),
        Arguments.of("nested MULTI", concat(PING, record("MULTI"), record("multi"), record("EXEC")), 1),
        Arguments.of("EXEC without MULTI", concat(PING, record("EXEC")), 1),
        Arguments.of("length too short", concat(PING, ascii("*1\r\n$3\r\nPING\r\n"), PING), 1),
        Arguments.of("not a record", concat(PING, ascii("x1\r\n$4\r\nPING\r\n")), 1),
        Arguments.of("bad bulk prefix", concat(PING, ascii("*1\r\n%4\r\nPING\r\n")), 1),
        Arguments.of("negative length", concat(PING, ascii("*1\r\n$-4\r\nPING\r\n")), 1),
        Arguments.of("cut in a payload", concat(PING, ascii("*1\r\n$4\r\nPI")), 1),
        Arguments.of("cut after a header", concat(PING, ascii("*1\r\n")), 1),
        Arguments.of("cut in a header", concat(PING, ascii("*1\r\n$1")), 1),
        Arguments.of("cut in a transaction", concat(PING, record("MULTI"), ascii("*2\r\n")), 1),
        Arguments.of("empty", new byte[0], 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleFiles")
  void oldStyleFilesMatchRedis(String name, byte[] content, int status) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("single"));
    Files.write(dir.resolve("appendonly.aof"), content);
    assertEquals(status, sameAsRedis(dir, "appendonly.aof").status());
    if (status == 1) {
      assertEquals(0, sameAsRedis(dir, "appendonly.aof", "--fix").status());
      assertEquals(0, verdis(dir.resolve("appendonly.aof").toString()).status());
    }
  }

  @ParameterizedTest
  @MethodSource("io.verdis.persist.aof.AofManifestTest#invalidManifests")
  void manifestErrorsMatchRedis(String text, String reason, int line) throws Exception {
    assumeTrue(text.startsWith("file"), "redis-check-aof takes only files starting with 'file' for manifests");
    Path dir = Files.createDirectories(tmp.resolve("m"));
    Files.writeString(dir.resolve("appendonly.aof.manifest"), text);
    Run run = sameAsRedis(dir, "appendonly.aof.manifest");
    assertEquals(1, run.status());
    assertTrue(run.output().endsWith(reason + "\n"), run.output());
  }

  @Test
  void rdbBaseIsCheckedWithTheRdbReader() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("appendonlydir"));
    AofManifest manifest = AofManifest.empty().withNewBase("appendonly.aof", true).withNewIncr("appendonly.aof");
    Files.write(dir.resolve("appendonly.aof.1.base.rdb"), ascii("REDIS0010\u00ff\0\0\0\0\0\0\0\0"));
    Files.write(dir.resolve("appendonly.aof.1.incr.aof"), concat(SELECT, SET));
    manifest.writeTo(dir, "appendonly.aof.manifest");
    Run run = verdis(dir.toString());
    assertEquals(0, run.status());
    assertTrue(run.output().startsWith("""
        Start checking Multi Part AOF
        Start to check BASE AOF (RDB format).
        RDB preamble is OK, proceeding with AOF tail...
        BASE AOF appendonly.aof.1.base.rdb is valid
        Start to check INCR files.
        """), run.output());
  }

  @Test
  void corruptRdbBaseIsInvalid() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("appendonlydir"));
    AofManifest manifest = AofManifest.empty().withNewBase("appendonly.aof", true).withNewIncr("appendonly.aof");
    Files.write(dir.resolve("appendonly.aof.1.base.rdb"), ascii("REDIS0010\u0000\u0003k"));
    Files.write(dir.resolve("appendonly.aof.1.incr.aof"), concat(SELECT, SET));
    manifest.writeTo(dir, "appendonly.aof.manifest");
    Run run = verdis(dir.toString());
    assertEquals(1, run.status());
    assertTrue(run.output().contains("RDB preamble of AOF file is not sane, aborting"), run.output());
  }

  @Test
  void truncateToTimestampCutsAtTheFirstLaterAnnotation() throws Exception {
    byte[] before = concat(ascii("#TS:100\r\n"), SELECT, SET, ascii("#TS:200\r\n"), PING);
    Path dir = multiPart(SET, concat(before, ascii("#TS:300\r\n"), PING, ascii("#TS:400\r\n"), PING));
    Run run = sameAsRedis(dir, "appendonly.aof.manifest", "--truncate-to-timestamp", "250");
    assertEquals(0, run.status());
    assertTrue(run.output().contains("Successfully truncated AOF appendonly.aof.1.incr.aof to timestamp 250\n"),
        run.output());
    assertArrayEquals(before, Files.readAllBytes(dir.resolve("appendonly.aof.1.incr.aof")));
    assertEquals(0, sameAsRedis(dir, "appendonly.aof.manifest", "--truncate-to-timestamp", "250").status());
    assertEquals(1, sameAsRedis(dir, "appendonly.aof.manifest", "--truncate-to-timestamp", "50").status());
  }

  @Test
  void redisOwnDirectoryWithACutTail() throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.startWithAof(Files.createDirectories(tmp.resolve("server")))) {
      for (int i = 0; i < 50; i++) {
        redis.call("SET", "k" + i, "v\r\n" + i);
      }
      redis.rewrite();
      for (int i = 0; i < 50; i++) {
        redis.call("RPUSH", "list", "e" + i);
      }
    }
    Path dir = tmp.resolve("server/appendonlydir");
    Path incr = dir.resolve("appendonly.aof.2.incr.aof");
    long size = Files.size(incr);
    try (FileChannel channel = FileChannel.open(incr, StandardOpenOption.WRITE)) {
      channel.truncate(size - 5);
    }
    assertEquals(1, sameAsRedis(dir, "appendonly.aof.manifest").status());
    assertEquals(0, sameAsRedis(dir, "appendonly.aof.manifest", "--fix").status());
    assertEquals(size - record("RPUSH", "list", "e49").length, Files.size(incr));
  }

  @Test
  void wrongArgumentsAndMissingFiles() throws Exception {
    Run usage = verdis();
    assertEquals(1, usage.status());
    assertTrue(usage.output().startsWith("Usage: verdis check-aof [--fix|--truncate-to-timestamp $timestamp]"));
    assertEquals(1, verdis("--fixx", "a").status());
    assertEquals(new Run(1, "Invalid timestamp, aborting...\n"), verdis("--truncate-to-timestamp", "x", "a"));
    Path missing = tmp.resolve("missing.aof");
    assertEquals(new Run(1, "Cannot open file " + missing + ": No such file or directory\n"),
        verdis(missing.toString()));
    Run noManifest = verdis(tmp.toString());
    assertEquals(1, noManifest.status());
    assertTrue(noManifest.output().startsWith("Cannot find an AOF manifest"), noManifest.output());
  }

  private static String[] withTarget(String[] options, String target) {
    String[] all = Arrays.copyOf(options, options.length + 1);
    all[options.length] = target;
    return all;
  }

  private static Path[] list(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).toArray(Path[]::new);
    }
  }

  private static void copyTree(Path from, Path to) throws Exception {
    if (Files.exists(to)) {
      try (Stream<Path> old = Files.walk(to)) {
        for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(to);
    for (Path file : list(from)) {
      Files.copy(file, to.resolve(file.getFileName()));
    }
  }
}

package io.verdis.persist.aof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.verdis.it.RealRedis;
import io.verdis.persist.aof.AofFileInfo.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The manifest: Redis 7.0's parsing rules, its exact text, and its changes across rewrites. */
class AofManifestTest {
  private static final String AFTER_TWO_REWRITES = """
      file appendonly.aof.3.base.aof seq 3 type b
      file appendonly.aof.2.incr.aof seq 2 type h
      file appendonly.aof.2.base.aof seq 2 type h
      file appendonly.aof.1.incr.aof seq 1 type h
      file appendonly.aof.1.base.aof seq 1 type h
      file appendonly.aof.3.incr.aof seq 3 type i
      """;

  @TempDir
  Path dir;

  @Test
  void redisTextParsesAndRendersUnchanged() throws Exception {
    AofManifest manifest = AofManifest.parse(AFTER_TWO_REWRITES);
    assertEquals(new AofFileInfo("appendonly.aof.3.base.aof", 3, Type.BASE), manifest.base());
    assertEquals(List.of(new AofFileInfo("appendonly.aof.3.incr.aof", 3, Type.INCR)), manifest.incrs());
    assertEquals(4, manifest.history().size());
    assertEquals(new AofFileInfo("appendonly.aof.2.incr.aof", 2, Type.HISTORY), manifest.history().get(0));
    assertEquals(3, manifest.currentBaseSeq());
    assertEquals(3, manifest.currentIncrSeq());
    assertEquals(AFTER_TWO_REWRITES, manifest.render());
    assertEquals(List.of(manifest.base(), manifest.incrs().get(0)), manifest.filesInLoadOrder());
  }

  @Test
  void commentsAreSkippedAndKeysComeInAnyOrderAnyCase() throws Exception {
    AofManifest manifest = AofManifest.parse("# written by hand\n"
        + "  TYPE i Seq 2 file a.2.incr.aof  \r\n"
        + "seq 1 type b file a.1.base.aof future-key 7\n"
        + "file a.3.incr.aof seq 3 type i\n");
    assertEquals("file a.1.base.aof seq 1 type b\n"
        + "file a.2.incr.aof seq 2 type i\n"
        + "file a.3.incr.aof seq 3 type i\n", manifest.render());
    assertEquals(3, manifest.currentIncrSeq());
  }

  @Test
  void seqAndTypeAreReadLikeRedis70() throws Exception {
    // atoll and the first letter of the type, as aofLoadManifestFromFile reads them.
    AofManifest manifest = AofManifest.parse("file a.1.incr.aof seq 1x type incr\n");
    assertEquals(new AofFileInfo("a.1.incr.aof", 1, Type.INCR), manifest.incrs().get(0));
  }

  @Test
  void onlyCommentsIsAnEmptyManifest() throws Exception {
    AofManifest manifest = AofManifest.parse("# nothing yet\n");
    assertNull(manifest.base());
    assertEquals("", manifest.render());
    assertEquals(AofManifest.empty(), manifest);
  }

  @Test
  void namesAreQuotedOnlyWhenNeeded() throws Exception {
    // This is the manifest redis-server 7.0.15 writes for --appendfilename 'my "aof" é'.
    String redis = "file \"my \\\"aof\\\" \\xc3\\xa9.1.base.rdb\" seq 1 type b\n"
        + "file \"my \\\"aof\\\" \\xc3\\xa9.1.incr.aof\" seq 1 type i\n";
    AofManifest manifest = AofManifest.parse(redis);
    assertEquals("my \"aof\" é.1.base.rdb", manifest.base().name());
    assertEquals(redis, manifest.render());

    AofManifest made = AofManifest.empty().withNewBase("my \"aof\" é", true).withNewIncr("my \"aof\" é");
    assertEquals(redis, made.render());
    assertEquals("file 'single'.1.incr.aof seq 1 type i\n",
        AofManifest.empty().withNewIncr("'single'").render());
    assertEquals("file \"tab\\there\\\\.1.incr.aof\" seq 1 type i\n",
        AofManifest.empty().withNewIncr("tab\there\\").render());
    assertEquals("file 'a b.aof' seq 1 type i\n".replace('\'', '"'),
        AofManifest.parse("file 'a b.aof' seq 1 type i\n").render());
  }

  static Stream<Arguments> invalidManifests() {
    String longName = "x".repeat(1024);
    return Stream.of(
        Arguments.of("", "Found an empty AOF manifest", 0),
        Arguments.of("file a.1.base.aof seq 1 type b\n\n", "Invalid AOF manifest file format", 2),
        Arguments.of("file a.1.base.aof seq 1\n", "Invalid AOF manifest file format", 1),
        Arguments.of("file a.1.base.aof seq 1 type b x\n", "Invalid AOF manifest file format", 1),
        Arguments.of("file \"a.1.base.aof seq 1 type b\n", "Invalid AOF manifest file format", 1),
        Arguments.of("file a.1.base.aof seq 0 type b\n", "Invalid AOF manifest file format", 1),
        Arguments.of("file a.1.base.aof seq x type b\n", "Invalid AOF manifest file format", 1),
        Arguments.of("file a.1.base.aof seq 1 type \"\"\n", "Invalid AOF manifest file format", 1),
        Arguments.of("name a.1.base.aof seq 1 type b\n", "Invalid AOF manifest file format", 1),
        Arguments.of("file a.1.base.aof seq 1 type x\n", "Unknown AOF file type", 1),
        Arguments.of("file dir/a.1.base.aof seq 1 type b\n", "File can't be a path, just a filename", 1),
        Arguments.of("file dir\\\\a seq 1 type b\n", "File can't be a path, just a filename", 1),
        Arguments.of("file a.1.base.aof seq 1 type b\nfile a.2.base.aof seq 2 type b\n",
            "Found duplicate base file information", 2),
        Arguments.of("file a.2.incr.aof seq 2 type i\n#\nfile a.1.incr.aof seq 1 type i\n",
            "Found a non-monotonic sequence number", 3),
        Arguments.of("file a.1.incr.aof seq 1 type i\nfile a.1.incr.aof seq 1 type i\n",
            "Found a non-monotonic sequence number", 2),
        Arguments.of("file a.1.incr.aof seq 1 type i", "The AOF manifest file contains too long line", 0),
        Arguments.of("file " + longName + " seq 1 type i\n", "The AOF manifest file contains too long line", 0));
  }

  @ParameterizedTest
  @MethodSource("invalidManifests")
  void invalidManifestsFailWithRedisReasons(String text, String reason, int line) {
    AofManifestException e = assertThrows(AofManifestException.class, () -> AofManifest.parse(text));
    assertEquals(reason, e.reason());
    assertEquals(line, e.lineNumber());
  }

  @Test
  void errorReportIsRedisText() {
    AofManifestException e = assertThrows(AofManifestException.class,
        () -> AofManifest.parse("file a.1.incr.aof seq 1 type i\nfile a.1.incr.aof seq 1 type x\n"));
    assertEquals("\n*** FATAL AOF MANIFEST FILE ERROR ***\n"
        + "Reading the manifest file, at line 2\n"
        + ">>> 'file a.1.incr.aof seq 1 type x'\n"
        + "Unknown AOF file type", e.redisReport());
  }

  @Test
  void rewriteMovesOldBaseAndRewrittenIncrsToHistoryInRedisOrder() {
    // Two rewrites that failed left INCR 1 to 3; the next one starts INCR 4 and succeeds.
    AofManifest manifest = AofManifest.empty().withNewBase("ao", false).withNewIncr("ao")
        .withNewIncr("ao").withNewIncr("ao").withNewIncr("ao").withNewBase("ao", true);
    assertEquals("""
        file ao.2.base.rdb seq 2 type b
        file ao.1.incr.aof seq 1 type h
        file ao.2.incr.aof seq 2 type h
        file ao.3.incr.aof seq 3 type h
        file ao.1.base.aof seq 1 type h
        file ao.4.incr.aof seq 4 type i
        """, manifest.render());
    AofManifest cleaned = manifest.withoutHistory();
    assertEquals("file ao.2.base.rdb seq 2 type b\nfile ao.4.incr.aof seq 4 type i\n", cleaned.render());
    // The numbering goes on even when no INCR file is left in the list.
    AofManifest noIncr = AofManifest.empty().withNewIncr("ao").withNewBase("ao", false);
    assertEquals("file ao.1.base.aof seq 1 type b\nfile ao.1.incr.aof seq 1 type i\n", noIncr.render());
  }

  @Test
  void writeToReplacesTheManifestAtomically() throws Exception {
    AofManifest first = AofManifest.empty().withNewBase("appendonly.aof", false).withNewIncr("appendonly.aof");
    first.writeTo(dir, "appendonly.aof.manifest");
    AofManifest second = first.withNewIncr("appendonly.aof").withNewBase("appendonly.aof", false);
    second.writeTo(dir, "appendonly.aof.manifest");
    assertEquals(second.render(), Files.readString(dir.resolve("appendonly.aof.manifest")));
    assertEquals(second, AofManifest.load(dir.resolve("appendonly.aof.manifest")));
    assertFalse(Files.exists(dir.resolve("temp-appendonly.aof.manifest")));
  }

  @Test
  void manifestsMatchRedisAcrossRewrites() throws Exception {
    RealRedis.assumeInstalled();
    Path manifestFile = dir.resolve("appendonlydir").resolve("appendonly.aof.manifest");
    try (RealRedis redis = RealRedis.startWithAof(dir, "--aof-disable-auto-gc", "yes")) {
      // Start-up with an empty data set: a BASE file first, then the first INCR file.
      AofManifest expected = AofManifest.empty().withNewBase("appendonly.aof", false)
          .withNewIncr("appendonly.aof");
      assertEquals(expected.render(), Files.readString(manifestFile));
      for (int i = 0; i < 3; i++) {
        redis.call("SET", "key" + i, "value");
        redis.rewrite();
        // A rewrite opens a new INCR file as it starts, and installs the new BASE when it ends.
        expected = expected.withNewIncr("appendonly.aof").withNewBase("appendonly.aof", false);
        assertEquals(expected.render(), Files.readString(manifestFile), "after rewrite " + (i + 1));
        assertEquals(expected, AofManifest.load(manifestFile));
      }
      redis.call("CONFIG", "SET", "aof-use-rdb-preamble", "yes");
      redis.rewrite();
      expected = expected.withNewIncr("appendonly.aof").withNewBase("appendonly.aof", true);
      assertEquals(expected.render(), Files.readString(manifestFile));

      // Turning AOF off and on again rewrites into a temporary INCR file, renamed to the next one.
      redis.call("CONFIG", "SET", "appendonly", "no");
      redis.call("CONFIG", "SET", "appendonly", "yes");
      redis.awaitNoRewrite();
      expected = expected.withNewIncr("appendonly.aof").withNewBase("appendonly.aof", true);
      assertEquals(expected.render(), Files.readString(manifestFile));

      redis.call("CONFIG", "SET", "aof-disable-auto-gc", "no");
      expected = expected.withoutHistory();
      assertEquals(expected.render(), Files.readString(manifestFile));
    }
  }
}

package io.verdis.persist.aof;

import static io.verdis.persist.aof.AofTestFiles.ascii;
import static io.verdis.persist.aof.AofTestFiles.concat;
import static io.verdis.persist.aof.AofTestFiles.readAll;
import static io.verdis.persist.aof.AofTestFiles.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.it.RawClient;
import io.verdis.it.RealRedis;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading AOF records: Redis's own files, annotations, truncated tails, corruption, binary data. */
class AofRecordReaderTest {
  private static final byte[] FIRST = record("SELECT", "0");
  private static final byte[] SECOND = record("SET", "key", "value");
  // The last record holds CRLF, NUL and a high byte inside its arguments.
  private static final byte[] LAST = record(ascii("RPUSH"), ascii("list"), ascii("a\r\nb\0\u00ff"), new byte[0]);

  @TempDir
  Path dir;

  @Test
  void readsEveryCommandRedisWrote() throws Exception {
    RealRedis.assumeInstalled();
    List<byte[][]> sent = new ArrayList<>();
    Random random = new Random(42);
    for (int i = 0; i < 500; i++) {
      byte[] value = new byte[random.nextInt(40)];
      random.nextBytes(value);
      sent.add(args("SET", "key:" + i).and(value).done());
      sent.add(args("rpush", "list:" + (i % 7), "x" + i, "y").done());
      if (i % 50 == 0) {
        sent.add(args("MULTI").done());
        sent.add(args("INCRBY", "counter", Integer.toString(i)).done());
        sent.add(args("HSET", "hash", "field\r\n" + i, "").done());
        sent.add(args("EXEC").done());
      }
    }
    Path incr;
    try (RealRedis redis = RealRedis.startWithAof(dir)) {
      RawClient client = redis.client();
      ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
      sent.forEach(command -> pipeline.writeBytes(RawClient.command(command)));
      client.send(pipeline.toByteArray());
      for (int i = 0; i < sent.size(); i++) {
        String reply = client.readReply();
        assertFalse(reply.startsWith("-"), reply);
      }
      AofManifest manifest = AofManifest.load(dir.resolve("appendonlydir/appendonly.aof.manifest"));
      incr = dir.resolve("appendonlydir").resolve(manifest.incrs().get(0).name());
    }
    List<byte[][]> read = new ArrayList<>();
    try (AofRecordReader reader = new AofRecordReader(incr)) {
      assertFalse(reader.startsWithRdbPreamble());
      byte[][] argv;
      while ((argv = reader.next()) != null) {
        read.add(argv);
      }
      assertEquals(reader.size(), reader.offset());
      assertEquals(read.size(), reader.records());
    }
    assertEquals("SELECT 0", text(read.get(0)));
    assertEquals(sent.size(), read.size() - 1);
    for (int i = 0; i < sent.size(); i++) {
      assertArrayEquals(sent.get(i), read.get(i + 1), "command " + i);
    }
  }

  @Test
  void readsRedisBaseFileAfterRewrite() throws Exception {
    RealRedis.assumeInstalled();
    Path base;
    try (RealRedis redis = RealRedis.startWithAof(dir, "--aof-timestamp-enabled", "yes")) {
      for (int i = 0; i < 100; i++) {
        redis.call("SET", "k" + i, "v" + i, "PX", "100000");
        redis.call("SADD", "set", "m" + i);
        redis.call("ZADD", "zset", Integer.toString(i), "m" + i);
      }
      redis.rewrite();
      AofManifest manifest = AofManifest.load(dir.resolve("appendonlydir/appendonly.aof.manifest"));
      base = dir.resolve("appendonlydir").resolve(manifest.base().name());
    }
    List<String> commands = new ArrayList<>();
    List<Long> annotations = new ArrayList<>();
    try (AofRecordReader reader = new AofRecordReader(base)) {
      reader.onAnnotation((offset, line) -> annotations.add(offset));
      byte[][] argv;
      while ((argv = reader.next()) != null) {
        commands.add(new String(argv[0], StandardCharsets.US_ASCII));
      }
      assertEquals(reader.size(), reader.offset());
    }
    // Redis's base file starts with a timestamp annotation when they are enabled.
    assertEquals(List.of(0L), annotations);
    assertEquals(100, commands.stream().filter("SET"::equals).count());
    assertEquals(100, commands.stream().filter("PEXPIREAT"::equals).count());
    assertTrue(commands.contains("SADD") && commands.contains("ZADD"), commands.toString());
  }

  @Test
  void annotationsAreSkippedAndOffsetsCountThem() throws Exception {
    byte[] annotation = ascii("#TS:1700000000\r\n");
    Path file = AofTestFiles.write(dir, "a.aof", concat(annotation, FIRST, annotation, SECOND, annotation));
    List<String> seen = new ArrayList<>();
    try (AofRecordReader reader = new AofRecordReader(file)) {
      reader.onAnnotation((offset, line) -> seen.add(offset + " " + new String(line, StandardCharsets.US_ASCII)));
      assertEquals("SELECT 0", text(reader.next()));
      assertEquals(annotation.length, reader.recordStart());
      assertEquals(annotation.length + FIRST.length, reader.offset());
      assertEquals("SET key value", text(reader.next()));
      assertNull(reader.next());
      assertEquals(Files.size(file), reader.offset());
      assertEquals(2, reader.records());
    }
    int second = annotation.length + FIRST.length;
    int third = second + annotation.length + SECOND.length;
    assertEquals(List.of("0 #TS:1700000000", second + " #TS:1700000000", third + " #TS:1700000000"), seen);
  }

  @ParameterizedTest
  @ValueSource(ints = {64, 100, AofRecordReader.DEFAULT_BUFFER_SIZE})
  void aTailCutAnywhereInTheLastRecordIsTruncated(int bufferSize) throws Exception {
    byte[] whole = concat(FIRST, SECOND, LAST);
    int lastStart = FIRST.length + SECOND.length;
    for (int cut = lastStart + 1; cut < whole.length; cut++) {
      Path file = AofTestFiles.write(dir, "cut.aof", Arrays.copyOf(whole, cut));
      try (AofRecordReader reader = new AofRecordReader(file, 0, bufferSize)) {
        assertEquals("SELECT 0", text(reader.next()));
        assertEquals("SET key value", text(reader.next()));
        AofFormatException e = assertThrows(AofFormatException.class, reader::next, "cut at " + cut);
        assertTrue(e.truncated(), "cut at " + cut + ": " + e.getMessage());
        assertEquals(lastStart, e.offset(), "cut at " + cut);
        assertEquals(lastStart, reader.offset());
        assertEquals(file, e.file());
        // A failed reader stays failed.
        assertSame(e, assertThrows(AofFormatException.class, reader::next));
      }
    }
    Path clean = AofTestFiles.write(dir, "clean.aof", Arrays.copyOf(whole, lastStart));
    assertEquals(2, readAll(clean, bufferSize).size());
  }

  @Test
  void anAnnotationCutBeforeItsNewlineIsTruncated() throws Exception {
    Path file = AofTestFiles.write(dir, "a.aof", concat(FIRST, ascii("#TS:17000")));
    try (AofRecordReader reader = new AofRecordReader(file)) {
      reader.next();
      AofFormatException e = assertThrows(AofFormatException.class, reader::next);
      assertTrue(e.truncated());
      assertEquals(FIRST.length, e.offset());
    }
  }

  static Stream<Arguments> corruptRecords() {
    return Stream.of(
        Arguments.of("x1\r\n$4\r\nPING\r\n", "Expected '*' or '#', got: 'x'"),
        Arguments.of("\r\n*1\r\n$4\r\nPING\r\n", "Expected '*' or '#', got: '\\x0d'"),
        Arguments.of("*1\r\n%4\r\nPING\r\n", "Expected prefix '$', got: '%'"),
        Arguments.of("*1\r\n$3\r\nPING\r\n", "Expected \\r\\n, got: 470d"),
        Arguments.of("*1\r\n$5\r\nPING\r\n*1\r\n", "Expected \\r\\n, got: 0a2a"),
        Arguments.of("*1\r\n$4\r\nPINGxx", "Expected \\r\\n, got: 7878"),
        Arguments.of("*1\r\n$-4\r\nPING\r\n", "Expected to read string of -4 bytes, which is not in the suitable range"),
        Arguments.of("*1\r\n$4x\r\nPING\r\n", "Expected \\r\\n, got: 780d"),
        Arguments.of("*x\r\n", "Expected \\r\\n, got: 780d"),
        Arguments.of("*0\r\n", "Expected a positive number of arguments, got: 0"),
        Arguments.of("*-1\r\n", "Expected a positive number of arguments, got: -1"),
        Arguments.of("*1\n$4\r\nPING\r\n", "Expected \\r\\n, got: 0a24"),
        Arguments.of("*12345678901234567890\r\n", "Expected \\r\\n, got: 3930"));
  }

  @ParameterizedTest
  @MethodSource("corruptRecords")
  void corruptionInTheMiddleIsNotTruncation(String bad, String reason) throws Exception {
    Path file = AofTestFiles.write(dir, "bad.aof", concat(FIRST, ascii(bad), SECOND, LAST));
    try (AofRecordReader reader = new AofRecordReader(file, 0, 64)) {
      assertEquals("SELECT 0", text(reader.next()));
      AofFormatException e = assertThrows(AofFormatException.class, reader::next);
      assertFalse(e.truncated(), e.getMessage());
      assertEquals(reason, e.reason());
      assertEquals(FIRST.length, e.offset(), e.getMessage());
      assertTrue(e.getMessage().startsWith("Bad file format reading the append only file bad.aof: "),
          e.getMessage());
    }
  }

  @Test
  void messageNamesFileReasonAndOffsets() throws Exception {
    Path file = AofTestFiles.write(dir, "appendonly.aof.1.incr.aof", concat(FIRST, ascii("*1\r\n#4\r\n")));
    try (AofRecordReader reader = new AofRecordReader(file)) {
      reader.next();
      AofFormatException e = assertThrows(AofFormatException.class, reader::next);
      assertEquals("Bad file format reading the append only file appendonly.aof.1.incr.aof: "
          + "Expected prefix '$', got: '#' at offset 27 (record starting at offset 23)", e.getMessage());
      assertEquals(27, e.errorOffset());
    }
  }

  @Test
  void aHugeArgumentCountAtTheEndIsTruncatedWithoutAllocatingIt() throws Exception {
    Path file = AofTestFiles.write(dir, "argc.aof", concat(FIRST, ascii("*2000000000\r\n$1\r\na\r\n")));
    try (AofRecordReader reader = new AofRecordReader(file)) {
      reader.next();
      AofFormatException e = assertThrows(AofFormatException.class, reader::next);
      assertTrue(e.truncated());
      assertEquals(FIRST.length, e.offset());
    }
  }

  @Test
  void emptyFileHasNoRecords() throws Exception {
    Path file = AofTestFiles.write(dir, "empty.aof", new byte[0]);
    try (AofRecordReader reader = new AofRecordReader(file)) {
      assertNull(reader.next());
      assertNull(reader.next());
      assertEquals(0, reader.offset());
      assertEquals(0, reader.records());
      assertEquals(0, reader.size());
      assertEquals(-1, reader.recordStart());
      assertFalse(reader.startsWithRdbPreamble());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {64, 97, 1000, AofRecordReader.DEFAULT_BUFFER_SIZE})
  void binaryArgumentsOfEverySizeSurviveBufferBoundaries(int bufferSize) throws Exception {
    Random random = new Random(bufferSize);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    List<byte[][]> expected = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      byte[][] argv = new byte[1 + random.nextInt(4)][];
      for (int j = 0; j < argv.length; j++) {
        // Mostly small, sometimes larger than the small buffers, with CRLF and every byte value.
        argv[j] = new byte[random.nextInt(10) == 0 ? random.nextInt(5000) : random.nextInt(30)];
        random.nextBytes(argv[j]);
        if (argv[j].length > 2) {
          argv[j][1] = '\r';
          argv[j][2] = '\n';
        }
      }
      expected.add(argv);
      file.writeBytes(record(argv));
    }
    Path path = AofTestFiles.write(dir, "binary.aof", file.toByteArray());
    try (AofRecordReader reader = new AofRecordReader(path, 0, bufferSize)) {
      for (byte[][] argv : expected) {
        assertArrayEquals(argv, reader.next());
      }
      assertNull(reader.next());
      assertEquals(file.size(), reader.offset());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {64, AofRecordReader.DEFAULT_BUFFER_SIZE})
  void argumentsLargerThanTheBufferAreReadWhole(int bufferSize) throws Exception {
    byte[] big = new byte[(5 << 20) + 3];
    new Random(7).nextBytes(big);
    Path file = AofTestFiles.write(dir, "big.aof", concat(FIRST, record(ascii("SET"), ascii("big"), big), SECOND));
    try (AofRecordReader reader = new AofRecordReader(file, 0, bufferSize)) {
      assertEquals("SELECT 0", text(reader.next()));
      byte[][] argv = reader.next();
      assertArrayEquals(big, argv[2]);
      assertEquals("SET key value", text(reader.next()));
      assertNull(reader.next());
    }
    Path cut = AofTestFiles.write(dir, "cut.aof", Arrays.copyOf(Files.readAllBytes(file), FIRST.length + 1000));
    try (AofRecordReader reader = new AofRecordReader(cut, 0, bufferSize)) {
      reader.next();
      AofFormatException e = assertThrows(AofFormatException.class, reader::next);
      assertTrue(e.truncated());
      assertEquals(FIRST.length, e.offset());
    }
  }

  @Test
  void rdbPreambleIsDetectedAndAnOffsetSkipsIt() throws Exception {
    byte[] rdb = ascii("REDIS0010\u00fa\u0009redis-ver\u00ff12345678");
    Path file = AofTestFiles.write(dir, "appendonly.aof.1.base.rdb", concat(rdb, FIRST, SECOND));
    try (AofRecordReader reader = new AofRecordReader(file, rdb.length)) {
      assertTrue(reader.startsWithRdbPreamble());
      assertEquals(rdb.length, reader.offset());
      assertEquals("SELECT 0", text(reader.next()));
      assertEquals(rdb.length, reader.recordStart());
      assertEquals("SET key value", text(reader.next()));
      assertNull(reader.next());
      assertEquals(Files.size(file), reader.offset());
    }
  }

  @Test
  void offsetsAndCountsFollowEachRecord() throws Exception {
    Path file = AofTestFiles.write(dir, "o.aof", concat(FIRST, SECOND, LAST));
    try (AofRecordReader reader = new AofRecordReader(file)) {
      assertEquals(0, reader.offset());
      assertNotNull(reader.next());
      assertEquals(FIRST.length, reader.offset());
      assertNotNull(reader.next());
      assertEquals(FIRST.length, reader.recordStart());
      assertEquals(FIRST.length + SECOND.length, reader.offset());
      byte[][] last = reader.next();
      assertArrayEquals(ascii("a\r\nb\0\u00ff"), last[2]);
      assertEquals(0, last[3].length);
      assertEquals(3, reader.records());
      assertEquals(Files.size(file), reader.offset());
    }
  }

  private static String text(byte[][] argv) {
    return String.join(" ", Arrays.stream(argv).map(a -> new String(a, StandardCharsets.UTF_8)).toList());
  }

  private static Args args(String... first) {
    return new Args().and(first);
  }

  /** Builds a binary argv. */
  private static final class Args {
    private final List<byte[]> list = new ArrayList<>();

    Args and(String... args) {
      for (String arg : args) {
        list.add(arg.getBytes(StandardCharsets.UTF_8));
      }
      return this;
    }

    Args and(byte[] arg) {
      list.add(arg);
      return this;
    }

    byte[][] done() {
      return list.toArray(new byte[0][]);
    }
  }
}

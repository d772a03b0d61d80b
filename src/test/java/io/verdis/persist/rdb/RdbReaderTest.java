package io.verdis.persist.rdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.it.RealRedis;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reader behaviour beyond the value encodings: old file versions, and where reading stops. */
class RdbReaderTest {

  /**
   * The plain encodings of RDB versions 4 and 6 (Redis 2.6 and 3.0): ZSET scores as text,
   * EXPIRETIME in seconds, no checksum (version 4) or a zero one (version 6, rdbchecksum no).
   */
  @Test
  void oldFileVersionsReadBackAsRedisLoadsThem(@TempDir Path dir) throws Exception {
    long expireAtSeconds = System.currentTimeMillis() / 1000 + 3600;
    Map<String, Double> zset = new LinkedHashMap<>();
    zset.put("plus-inf", Double.POSITIVE_INFINITY);
    zset.put("minus-inf", Double.NEGATIVE_INFINITY);
    zset.put("one-and-a-half", 1.5);
    zset.put("small", -2.5e-3);
    Dataset data = new Dataset();
    data.put(0, "string", Stored.string("plain", expireAtSeconds * 1000));
    data.put(0, "int8", Stored.string("-100", -1));
    data.put(0, "int16", Stored.string("30000", -1));
    data.put(0, "int32", Stored.string("-2000000000", -1));
    data.put(0, "compressed", Stored.string("old redis ".repeat(30), -1));
    data.put(0, "list", Stored.list(List.of("a", "1", "b"), -1));
    data.put(0, "set", Stored.set(List.of("x", "2"), -1));
    data.put(0, "hash", Stored.hash(List.of("f", "v", "g", "3"), -1));
    data.put(0, "zset", Stored.zset(zset, -1));

    for (int version : new int[] {4, 6}) {
      TestRdbFile file = new TestRdbFile(version).selectDb(0);
      file.out.writeByte(Opcode.EXPIRETIME);
      file.out.writeLittleEndian(expireAtSeconds, 4);
      file.key(RdbType.STRING, "string").out.writeString(Bytes.of("plain"));
      file.key(RdbType.STRING, "int8").out.writeString(Bytes.of("-100"));
      file.key(RdbType.STRING, "int16").out.writeString(Bytes.of("30000"));
      file.key(RdbType.STRING, "int32").out.writeString(Bytes.of("-2000000000"));
      file.key(RdbType.STRING, "compressed").out.writeString(Bytes.of("old redis ".repeat(30)));
      file.key(RdbType.LIST, "list");
      strings(file.out, List.of("a", "1", "b"));
      file.key(RdbType.SET, "set");
      strings(file.out, List.of("x", "2"));
      file.key(RdbType.HASH, "hash").out.writeLength(2);
      file.out.writeString(Bytes.of("f"));
      file.out.writeString(Bytes.of("v"));
      file.out.writeString(Bytes.of("g"));
      file.out.writeString(Bytes.of("3"));
      file.key(RdbType.ZSET, "zset").out.writeLength(4);
      asciiScore(file.out, "plus-inf", 254);
      asciiScore(file.out, "minus-inf", 255);
      asciiScore(file.out, "one-and-a-half", "1.5");
      asciiScore(file.out, "small", "-0.0025000000000000001");
      byte[] bytes = file.finish(false);

      Dataset.assertSameContents(data.expected(), RdbContents.read(bytes).dbs);

      RealRedis.assumeInstalled();
      Path versionDir = Files.createDirectory(dir.resolve("v" + version));
      Files.write(versionDir.resolve("old.rdb"), bytes);
      try (RealRedis redis = RealRedis.start(versionDir, "--dbfilename", "old.rdb")) {
        data.assertMatches(redis);
      }
    }
  }

  /** Redis refuses NaN scores; the codec hands them over and leaves the decision to the server. */
  @Test
  void aNanScoreInAnOldZsetReachesTheVisitor() throws Exception {
    TestRdbFile file = new TestRdbFile(6).selectDb(0);
    file.key(RdbType.ZSET, "z").out.writeLength(1);
    asciiScore(file.out, "m", 253);

    Stored zset = RdbContents.read(file.finish(true)).dbs.get(0).get("z");

    assertTrue(zset.zsetContent().get("m").isNaN());
  }

  @Test
  void readingStopsRightAfterTheChecksumLeavingTheRestOfTheStream() throws Exception {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try (RdbWriter writer = new RdbWriter(file, true)) {
      writer.selectDb(0, 1, 0);
      writer.entry(Bytes.of("k"), new RdbValue.StringValue(Bytes.of("v")), -1);
      writer.finish();
    }
    byte[] aofTail = Bytes.of("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\nb\r\n");
    file.write(aofTail);
    InputStream in = new BufferedInputStream(new ByteArrayInputStream(file.toByteArray()), 16);

    RdbContents contents = new RdbContents();
    RdbReader.read(in, contents);

    assertEquals("1", contents.aux.get("aof-base"));
    assertArrayEquals(aofTail, in.readAllBytes());
  }

  @Test
  void readingAFileWithoutChecksumStopsRightAfterTheEofOpcode() throws Exception {
    byte[] file = new TestRdbFile(4).selectDb(0).finish(false);
    ByteArrayInputStream in = new ByteArrayInputStream(concat(file, Bytes.of("rest")));

    RdbReader.read(in, new RdbContents());

    assertEquals("rest", Bytes.text(in.readAllBytes()));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static void strings(RdbOutput out, List<String> strings) throws IOException {
    out.writeLength(strings.size());
    for (String s : strings) {
      out.writeString(Bytes.of(s));
    }
  }

  private static void asciiScore(RdbOutput out, String member, String score) throws IOException {
    out.writeString(Bytes.of(member));
    out.writeByte(score.length());
    out.writeBytes(Bytes.of(score));
  }

  /** 253, 254 and 255 in place of the length stand for nan, +inf and -inf. */
  private static void asciiScore(RdbOutput out, String member, int special) throws IOException {
    out.writeString(Bytes.of(member));
    out.writeByte(special);
  }
}

package io.verdis.persist.rdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.it.RealRedis;
import io.verdis.persist.rdb.RdbValue.HashValue;
import io.verdis.persist.rdb.RdbValue.ListValue;
import io.verdis.persist.rdb.RdbValue.SetValue;
import io.verdis.persist.rdb.RdbValue.SortedSetValue;
import io.verdis.persist.rdb.RdbValue.StringValue;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RdbWriterTest {

  /** Every type in several databases, with TTLs: redis-check-rdb approves, redis-server loads every key as written. */
  @Test
  void aFileWithEveryTypePassesRedisCheckRdbAndLoadsIntoRedisServer(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    Dataset data = Dataset.everyType();
    long tomorrow = System.currentTimeMillis() + 86_400_000;
    data.put(1, "db1:set", Stored.set(List.of("only", "in", "db1"), tomorrow));
    data.put(7, "db7:list", Stored.list(List.of("seven"), -1));
    data.put(7, "db7:string", Stored.string("7", tomorrow));
    Path file = dir.resolve("written.rdb");
    try (RdbWriter writer = new RdbWriter(new BufferedOutputStream(Files.newOutputStream(file)))) {
      data.write(writer);
      writer.finish();
    }

    String check = RealRedis.checkRdb(file);
    assertTrue(check.contains("RDB looks OK"), check);

    try (RealRedis redis = RealRedis.start(dir, "--dbfilename", "written.rdb")) {
      assertTrue(redis.log().contains("DB loaded from disk"), redis.log());
      data.assertMatches(redis);

      // And what Redis saves of it again reads back the same.
      assertEquals("OK", redis.call("SAVE"));
    }
    Dataset.assertSameContents(data.expected(), RdbContents.read(file).dbs);
  }

  @Test
  void whatTheWriterWritesTheReaderReadsBack() throws Exception {
    Random random = new Random(9);
    Dataset data = Dataset.everyType();
    // Past the reader's 1 MiB allocation step, and incompressible so it is stored raw.
    data.put(4, "huge-random", Stored.string(Bytes.text(Dataset.randomBytes(random, 3_000_000)), 0));
    data.put(4, "huge-text", Stored.string(Dataset.semiRandomText(random, 2_000_000), 1));

    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try (RdbWriter writer = new RdbWriter(file)) {
      data.write(writer);
      writer.finish();
    }

    RdbContents contents = RdbContents.read(file.toByteArray());
    Dataset.assertSameContents(data.expected(), contents.dbs);
    assertEquals(List.of(0, 3, 4, 15), contents.selectedDbs);
  }

  /** Libraries come after the aux fields and before the first database, the long one compressed, and read back as given. */
  @Test
  void functionLibrariesReadBackBeforeTheDatabases() throws Exception {
    String small = "#!lua name=a\nredis.register_function('a', function() return 1 end)";
    String large = "#!lua name=b\n" + "-- a line that repeats\n".repeat(50) + "redis.register_function('b', function() return 2 end)";
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try (RdbWriter writer = new RdbWriter(file)) {
      writer.function(small.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      writer.function(large.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      writer.selectDb(0, 1, 0);
      writer.entry(Bytes.of("k"), new StringValue(Bytes.of("v")), -1);
      writer.finish();
    }
    byte[] bytes = file.toByteArray();
    assertTrue(bytes.length < large.length(), "the long library is LZF-compressed");
    RdbContents contents = RdbContents.read(bytes);
    assertEquals(List.of(small, large), contents.functions);
    assertEquals(List.of(0), contents.selectedDbs);
  }

  @Test
  void theFileStartsWithVersion10AndTheAuxFieldsRedisWrites() throws Exception {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try (RdbWriter writer = new RdbWriter(file)) {
      writer.finish();
    }

    assertEquals("REDIS0010", Bytes.text(file.toByteArray()).substring(0, 9));
    RdbContents contents = RdbContents.read(file.toByteArray());
    assertEquals(List.of("redis-ver", "redis-bits", "ctime", "used-mem", "aof-base"),
        List.copyOf(contents.aux.keySet()));
    assertEquals("64", contents.aux.get("redis-bits"));
    assertEquals("0", contents.aux.get("aof-base"));
    long ctime = Long.parseLong(contents.aux.get("ctime"));
    assertTrue(Math.abs(ctime - System.currentTimeMillis() / 1000) < 600, "ctime is a Unix time in seconds");
    assertTrue(contents.dbs.isEmpty());
  }

  @Test
  void canonicalIntegerStringsTakeRedisIntegerEncodings() throws Exception {
    assertEquals(List.of(0xC0, 0x7B), encodedString("123"));
    assertEquals(List.of(0xC1, 0x39, 0x30), encodedString("12345"));
    assertEquals(List.of(0xC2, 0x00, 0x00, 0x00, 0x80), encodedString("-2147483648"));
    assertEquals(0x0B, encodedString("12345678901").get(0), "beyond 32 bits: raw");
    assertEquals(0x03, encodedString("007").get(0), "not canonical: raw");
    assertEquals(0x02, encodedString("-0").get(0), "not canonical: raw");
  }

  private static List<Integer> encodedString(String value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    RdbOutput out = new RdbOutput(bytes);
    out.writeString(Bytes.of(value));
    out.flush();
    return Bytes.text(bytes.toByteArray()).chars().boxed().toList();
  }

  /** Redis never holds an empty collection and redis-check-rdb rejects one, so none is written. */
  @Test
  void emptyCollectionsAreLeftOut() throws Exception {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try (RdbWriter writer = new RdbWriter(file)) {
      writer.selectDb(0, 5, 1);
      writer.entry(Bytes.of("list"), new ListValue(List.of()), 5);
      writer.entry(Bytes.of("set"), new SetValue(List.of()), -1);
      writer.entry(Bytes.of("hash"), new HashValue(List.of()), -1);
      writer.entry(Bytes.of("zset"), new SortedSetValue(List.of(), new double[0]), -1);
      writer.entry(Bytes.of("empty-string"), new StringValue(new byte[0]), -1);
      writer.finish();
    }

    RdbContents contents = RdbContents.read(file.toByteArray());

    assertEquals(List.of("empty-string"), List.copyOf(contents.dbs.get(0).keySet()));
  }

  @Test
  void malformedValuesAreRejectedBeforeAnythingIsWritten() throws Exception {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try (RdbWriter writer = new RdbWriter(file)) {
      assertThrows(IllegalArgumentException.class,
          () -> writer.entry(Bytes.of("h"), new HashValue(List.of(Bytes.of("field-without-value"))), 100));
      assertThrows(IllegalArgumentException.class,
          () -> writer.entry(Bytes.of("z"), new SortedSetValue(List.of(Bytes.of("m")), new double[2]), -1));
      writer.finish();
    }
    // Nothing half-written: the file parses, and holds no key.
    assertTrue(RdbContents.read(file.toByteArray()).dbs.isEmpty());
  }

  @Test
  void closeClosesTheStreamAndNothingCanBeWrittenAfterFinish() throws Exception {
    boolean[] closed = {false};
    OutputStream out = new ByteArrayOutputStream() {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    RdbWriter writer = new RdbWriter(out);
    writer.finish();
    assertThrows(IllegalStateException.class, () -> writer.entry(Bytes.of("k"), new StringValue(Bytes.of("v")), -1));
    writer.close();
    assertTrue(closed[0]);
  }
}

package io.verdis.persist.rdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.it.RealRedis;
import io.verdis.persist.rdb.RdbValue.StreamValue;
import io.verdis.persist.rdb.RdbValue.StreamValue.Consumer;
import io.verdis.persist.rdb.RdbValue.StreamValue.Entry;
import io.verdis.persist.rdb.RdbValue.StreamValue.Group;
import io.verdis.persist.rdb.RdbValue.StreamValue.Id;
import io.verdis.persist.rdb.RdbValue.StreamValue.Pending;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams through DUMP payloads and RDB files, both ways with a real redis-server 7.0: what Redis
 * dumps reads back as XINFO STREAM FULL shows it, and what the writer writes Redis restores, with
 * deep payload sanitization, into the same stream.
 */
class StreamRdbTest {

  @BeforeAll
  static void requireRedis() {
    RealRedis.assumeInstalled();
  }

  @Test
  void redisDumpsReadBackAsXinfoAndXrangeShowThem(@TempDir Path dir) throws Exception {
    try (RealRedis redis = RealRedis.start(dir)) {
      StreamFixtures.build(redis);
      for (String key : StreamFixtures.KEYS) {
        StreamValue read = StreamFixtures.dumped(redis, key);

        assertEquals(StreamFixtures.text(StreamFixtures.xinfo(redis, key)), StreamFixtures.text(read), key);
        List<?> range = (List<?>) redis.call("XRANGE", key, "-", "+");
        assertEquals(range.size(), read.entries().size(), key);
        for (int i = 0; i < range.size(); i++) {
          List<?> entry = (List<?>) range.get(i);
          assertEquals(StreamFixtures.id(entry.get(0)), read.entries().get(i).id(), key);
          assertEquals(texts((List<?>) entry.get(1)), texts(read.entries().get(i).fieldsAndValues()), key);
        }
      }
    }
  }

  @Test
  void whatTheWriterWritesRedisRestoresWithDeepSanitizationAsItWas(@TempDir Path dir) throws Exception {
    try (RealRedis redis = RealRedis.start(dir)) {
      StreamFixtures.build(redis);
      redis.call("CONFIG", "SET", "sanitize-dump-payload", "yes");
      for (String key : StreamFixtures.KEYS) {
        byte[] payload = Dump.serialize(StreamFixtures.dumped(redis, key));

        assertEquals("OK", redis.call("RESTORE", "copy:" + key, "0", payload));
        assertEquals(StreamFixtures.xinfoText(redis, key), StreamFixtures.xinfoText(redis, "copy:" + key), key);
        assertEquals(StreamFixtures.text(StreamFixtures.dumped(redis, key)), StreamFixtures.text(
            StreamFixtures.dumped(redis, "copy:" + key)), key);
      }
    }
  }

  /**
   * A stream Redis built by XADD alone is in memory exactly as the writer builds it: the same nodes,
   * byte for byte once LZF is undone (Verdis's LZF finds other matches than Redis's lzf_compress).
   */
  @Test
  void aStreamBuiltOnlyByXaddIsWrittenInTheNodesRedisBuilt(@TempDir Path dir) throws Exception {
    try (RealRedis redis = RealRedis.start(dir)) {
      StreamFixtures.build(redis);
      byte[] redisPayload = (byte[]) redis.call("DUMP", "s:plain");

      byte[] payload = Dump.serialize(StreamFixtures.dumped(redis, "s:plain"));

      List<String> nodes = nodes(redisPayload);
      assertTrue(nodes.size() > 3, nodes.toString());
      assertEquals(nodes, nodes(payload));
    }
  }

  /** The nodes of a stream payload: master id, then the listpack in hex. */
  private static List<String> nodes(byte[] payload) throws IOException {
    RdbInput in = new RdbInput(new java.io.ByteArrayInputStream(payload));
    in.readUnsignedByte();
    long count = in.readLength();
    List<String> nodes = new java.util.ArrayList<>();
    for (long i = 0; i < count; i++) {
      String master = RdbStreamIds.text(RdbStreamIds.decode(in.readString()));
      nodes.add(master + " " + java.util.HexFormat.of().formatHex(in.readString()));
    }
    return nodes;
  }

  @Test
  void anRdbFileReadsAndWritesStreamsBothWays(@TempDir Path dir) throws Exception {
    Map<String, StreamValue> dumped = new LinkedHashMap<>();
    Map<String, String> xinfo = new LinkedHashMap<>();
    try (RealRedis redis = RealRedis.start(dir)) {
      StreamFixtures.build(redis);
      for (String key : StreamFixtures.KEYS) {
        dumped.put(key, StreamFixtures.dumped(redis, key));
        xinfo.put(key, StreamFixtures.xinfoText(redis, key));
      }
      assertEquals("OK", redis.call("SAVE"));
    }

    Map<String, StreamValue> saved = new LinkedHashMap<>();
    try (var in = new java.io.BufferedInputStream(Files.newInputStream(dir.resolve("dump.rdb")))) {
      RdbReader.read(in, (db, key, value, expireAtMs) -> saved.put(Bytes.text(key), (StreamValue) value));
    }
    assertEquals(new TreeSet<>(dumped.keySet()), new TreeSet<>(saved.keySet()));
    for (String key : dumped.keySet()) {
      assertEquals(StreamFixtures.text(dumped.get(key)), StreamFixtures.text(saved.get(key)), key);
    }

    Path file = dir.resolve("written.rdb");
    try (RdbWriter writer = new RdbWriter(new BufferedOutputStream(Files.newOutputStream(file)))) {
      writer.selectDb(0, saved.size(), 0);
      for (Map.Entry<String, StreamValue> entry : saved.entrySet()) {
        writer.entry(Bytes.of(entry.getKey()), entry.getValue(), -1);
      }
      writer.finish();
    }
    String check = RealRedis.checkRdb(file);
    assertTrue(check.contains("RDB looks OK"), check);
    try (RealRedis redis = RealRedis.start(dir, "--dbfilename", "written.rdb", "--sanitize-dump-payload", "yes")) {
      for (String key : StreamFixtures.KEYS) {
        assertEquals(xinfo.get(key), StreamFixtures.xinfoText(redis, key), key);
      }
    }
  }

  /**
   * Redis 5 and 6 wrote no counters (type 15): the reader sets them as Redis 7.0 does when it loads
   * such a stream, which the same payload restored into redis-server shows.
   */
  @Test
  void aStreamOfRedis6GetsTheCountersRedis7GivesIt(@TempDir Path dir) throws Exception {
    try (RealRedis redis = RealRedis.start(dir)) {
      StreamFixtures.build(redis);
      for (String key : StreamFixtures.KEYS) {
        byte[] payload = OldStreamPayload.of(StreamFixtures.dumped(redis, key), RdbType.STREAM_LISTPACKS);

        StreamValue read = (StreamValue) Dump.deserialize(payload);

        assertEquals("OK", redis.call("RESTORE", "v6:" + key, "0", payload));
        assertEquals(StreamFixtures.text(StreamFixtures.xinfo(redis, "v6:" + key)), StreamFixtures.text(read), key);
        assertEquals(read.entries().size(), read.entriesAdded());
      }
    }
  }

  /** Redis 7.2 adds each consumer's active time (type 21); Redis 7.0 has none, so it is dropped. */
  @Test
  void aStreamOfRedis72ReadsWithoutTheActiveTimes(@TempDir Path dir) throws Exception {
    try (RealRedis redis = RealRedis.start(dir)) {
      StreamFixtures.build(redis);
      for (String key : StreamFixtures.KEYS) {
        StreamValue value = StreamFixtures.dumped(redis, key);

        StreamValue read = (StreamValue) Dump.deserialize(OldStreamPayload.of(value, RdbType.STREAM_LISTPACKS_3));

        assertEquals(StreamFixtures.text(value), StreamFixtures.text(read), key);
      }
    }
  }

  @Test
  void anEmptyStreamIsNoEmptyCollection() throws Exception {
    StreamValue empty = new StreamValue(List.of(), new Id(5, 1), Id.ZERO, new Id(5, 1), 3, List.of());

    assertEquals(false, ValueEncoder.isEmptyCollection(empty));
    assertEquals(RdbType.STREAM_LISTPACKS_2, ValueEncoder.typeOf(empty));
    assertEquals(StreamFixtures.text(empty), StreamFixtures.text((StreamValue) Dump.deserialize(Dump.serialize(empty))));
  }

  @Test
  void inconsistentStreamsAreRefusedBeforeAnythingIsWritten() {
    Entry a = new Entry(new Id(1, 0), List.of(Bytes.of("f"), Bytes.of("v")));
    Entry b = new Entry(new Id(2, 0), List.of(Bytes.of("f"), Bytes.of("v")));
    Id last = new Id(2, 0);
    List<StreamValue> bad = List.of(
        new StreamValue(List.of(b, a), last, a.id(), Id.ZERO, 2, List.of()),
        new StreamValue(List.of(new Entry(a.id(), List.of(Bytes.of("f")))), last, a.id(), Id.ZERO, 1, List.of()),
        new StreamValue(List.of(a), last, a.id(), Id.ZERO, 1, List.of(
            new Group(Bytes.of("g"), a.id(), 1, List.of(new Pending(a.id(), 1, 1)), List.of()))),
        new StreamValue(List.of(a), last, a.id(), Id.ZERO, 1, List.of(
            new Group(Bytes.of("g"), a.id(), 1, List.of(), List.of(new Consumer(Bytes.of("c"), 1, List.of(a.id())))))),
        new StreamValue(List.of(a), last, a.id(), Id.ZERO, 1, List.of(
            new Group(Bytes.of("g"), a.id(), 1, List.of(), List.of()), new Group(Bytes.of("g"), a.id(), 1, List.of(), List.of()))));
    for (StreamValue stream : bad) {
      assertThrows(IllegalArgumentException.class, () -> Dump.serialize(stream), StreamFixtures.text(stream));
    }
  }

  @Test
  void aCorruptNodeFailsNamingTheProblem() throws Exception {
    Entry a = new Entry(new Id(1, 0), List.of(Bytes.of("f"), Bytes.of("v")));
    byte[] listpack = StreamNode.encode(List.of(a)).get(0).listpack();
    // The entry's lp-count, one before the end marker: 4 (flags, ms, seq, one value) becomes 5.
    listpack[listpack.length - 3] = 5;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    RdbOutput out = new RdbOutput(bytes);
    out.writeByte(RdbType.STREAM_LISTPACKS_2.code);
    out.writeLength(1);
    out.writeString(RdbStreamIds.encode(a.id()));
    out.writeString(listpack);
    Dump.finish(out);

    RdbFormatException e = assertThrows(RdbFormatException.class, () -> Dump.deserialize(bytes.toByteArray()));

    assertTrue(e.getMessage().contains("lp-count"), e.getMessage());
  }

  private static List<String> texts(List<?> elements) {
    return elements.stream().map(element -> Bytes.text((byte[]) element)).toList();
  }

  /** A stream payload of an older or newer type, built from a value with the parts of that type. */
  private static final class OldStreamPayload {
    static byte[] of(StreamValue stream, RdbType type) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      RdbOutput out = new RdbOutput(bytes);
      out.writeByte(type.code);
      List<StreamNode.Encoded> nodes = StreamNode.encode(stream.entries());
      out.writeLength(nodes.size());
      for (StreamNode.Encoded node : nodes) {
        out.writeString(RdbStreamIds.encode(node.master()));
        out.writeString(node.listpack());
      }
      out.writeLength(stream.entries().size());
      id(out, stream.lastId());
      if (type != RdbType.STREAM_LISTPACKS) {
        id(out, stream.firstId());
        id(out, stream.maxDeletedId());
        out.writeUnsignedLength(stream.entriesAdded());
      }
      out.writeLength(stream.groups().size());
      for (Group group : stream.groups()) {
        out.writeString(group.name());
        id(out, group.lastId());
        if (type != RdbType.STREAM_LISTPACKS) {
          out.writeUnsignedLength(group.entriesRead());
        }
        out.writeLength(group.pending().size());
        for (Pending pending : group.pending()) {
          out.writeBytes(RdbStreamIds.encode(pending.id()));
          out.writeLittleEndian(pending.deliveryTimeMs(), 8);
          out.writeLength(pending.deliveryCount());
        }
        out.writeLength(group.consumers().size());
        for (Consumer consumer : group.consumers()) {
          out.writeString(consumer.name());
          out.writeLittleEndian(consumer.seenTimeMs(), 8);
          if (type == RdbType.STREAM_LISTPACKS_3) {
            out.writeLittleEndian(consumer.seenTimeMs() + 12345, 8);
          }
          out.writeLength(consumer.pending().size());
          for (Id id : consumer.pending()) {
            out.writeBytes(RdbStreamIds.encode(id));
          }
        }
      }
      // Redis 7.0 takes payloads of its own RDB version at most; 7.2 wrote type 21 with version 11.
      out.writeLittleEndian(type == RdbType.STREAM_LISTPACKS_3 ? 11 : RdbWriter.VERSION, 2);
      out.writeLittleEndian(out.checksum(), 8);
      out.flush();
      return bytes.toByteArray();
    }

    private static void id(RdbOutput out, Id id) throws IOException {
      out.writeUnsignedLength(id.ms());
      out.writeUnsignedLength(id.seq());
    }
  }
}

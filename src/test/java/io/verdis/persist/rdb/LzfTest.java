package io.verdis.persist.rdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.it.RealRedis;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LzfTest {

  /** Inputs with every kind of redundancy: long runs, overlapping copies, far and near matches. */
  private static List<byte[]> samples() {
    Random random = new Random(11);
    return List.of(
        Bytes.of("a".repeat(21)),
        Bytes.of("a".repeat(100_000)),
        Bytes.of("redis rdb lzf ".repeat(500)),
        Bytes.of(Dataset.semiRandomText(random, 50_000)),
        Bytes.of("abc".repeat(7) + Bytes.text(Dataset.randomBytes(random, 9000)) + "abc".repeat(3000)),
        Bytes.of(Dataset.semiRandomText(random, 300_000)));
  }

  @Test
  void decompressesStringsThatRedisCompressed(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir)) {
      for (byte[] sample : samples()) {
        redis.call("SET", "k", sample);
        DumpPayload payload = DumpPayload.parse((byte[]) redis.call("DUMP", "k"));
        DumpPayload.LzfString lzf = DumpPayload.LzfString.parse(payload.body());
        assertEquals(sample.length, lzf.length());
        assertEquals(lzf.compressedLength(), lzf.compressed().length);

        assertArrayEquals(sample, Lzf.decompress(lzf.compressed(), lzf.length()));
      }
    }
  }

  /** RESTORE makes Redis decompress our output with its own lzf_d.c and check our CRC-64. */
  @Test
  void redisDecompressesStringsWeCompressed(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir)) {
      for (byte[] sample : samples()) {
        byte[] compressed = Lzf.compress(sample, sample.length - 4);
        assertNotNull(compressed);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        RdbOutput out = new RdbOutput(body);
        out.writeString(sample);
        out.flush();
        assertEquals(0xC3, body.toByteArray()[0] & 0xff, "RdbOutput stores a compressible string with LZF");

        assertEquals("OK", redis.call("RESTORE", "k", 0, DumpPayload.build(body.toByteArray(), 10), "REPLACE"));

        assertArrayEquals(sample, (byte[]) redis.call("GET", "k"));
      }
    }
  }

  @Test
  void roundTripsDataOfEveryRedundancyAndSize() {
    Random random = new Random(5);
    for (int round = 0; round < 300; round++) {
      int length = random.nextInt(round < 200 ? 300 : 70_000);
      byte[] data = new byte[length];
      int alphabet = 1 + random.nextInt(round % 3 == 0 ? 256 : 4);
      for (int i = 0; i < length; i++) {
        data[i] = (byte) random.nextInt(alphabet);
      }
      byte[] compressed = Lzf.compress(data, length + length / 16 + 64);
      assertNotNull(compressed, "output bound large enough for any input");

      assertArrayEquals(data, Lzf.decompress(compressed, length), "round " + round);
    }
    for (byte[] sample : samples()) {
      assertArrayEquals(sample, Lzf.decompress(Lzf.compress(sample, sample.length), sample.length));
    }
  }

  @Test
  void compressesRepetitiveDataWellAndGivesUpOnRandomData() {
    byte[] repetitive = Bytes.of("a".repeat(100_000));
    // One back reference copies at most 264 bytes, so about 3 bytes per 264.
    assertTrue(Lzf.compress(repetitive, repetitive.length).length < 1_200);

    byte[] random = Dataset.randomBytes(new Random(6), 1000);
    assertNull(Lzf.compress(random, random.length - 4));
  }

  @Test
  void rejectsABackReferenceBeforeTheStart() {
    // A 3-byte copy from distance 1 with nothing written yet.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Lzf.decompress(new byte[] {0x20, 0x00}, 3));
    assertTrue(e.getMessage().contains("before the start"), e.getMessage());
  }

  @Test
  void rejectsDataThatDoesNotExpandToTheAnnouncedLength() {
    byte[] compressed = Lzf.compress(Bytes.of("b".repeat(100)), 100);
    assertThrows(IllegalArgumentException.class, () -> Lzf.decompress(compressed, 99));
    assertThrows(IllegalArgumentException.class, () -> Lzf.decompress(compressed, 101));
    // A literal run that claims more bytes than follow.
    assertThrows(IllegalArgumentException.class, () -> Lzf.decompress(new byte[] {0x05, 'a', 'b'}, 6));
  }
}

package io.verdis.persist.rdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.verdis.it.RealRedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Crc64Test {

  @Test
  void checkValueOfRedisCrc64IsE9c6d914c4b8d9ca() {
    assertEquals(0xe9c6d914c4b8d9caL, Crc64.of("123456789".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void emptyInputGivesZero() {
    assertEquals(0, Crc64.of(new byte[0]));
  }

  /** The 8-bytes-at-a-time path and the byte-at-a-time path must agree at every length and alignment. */
  @Test
  void blockUpdatesAgreeWithByteUpdatesAtAnyLengthAndOffset() {
    Random random = new Random(3);
    byte[] data = Dataset.randomBytes(random, 1000);
    for (int offset = 0; offset < 9; offset++) {
      for (int length = 0; length < 100; length++) {
        Crc64 bytewise = new Crc64();
        for (int i = offset; i < offset + length; i++) {
          bytewise.update(data[i]);
        }
        Crc64 blockwise = new Crc64();
        blockwise.update(data, offset, length);
        assertEquals(bytewise.value(), blockwise.value(), "offset " + offset + ", length " + length);
      }
    }
  }

  @Test
  void updatesInPiecesGiveTheSameChecksumAsOneUpdate() {
    byte[] data = Dataset.randomBytes(new Random(4), 10_000);
    Crc64 pieces = new Crc64();
    pieces.update(data, 0, 17);
    pieces.update(data, 17, 5000);
    pieces.update(data, 5017, data.length - 5017);
    assertEquals(Crc64.of(data), pieces.value());
  }

  @Test
  void checksumOfARedisDumpPayloadMatchesTheOneRedisComputed(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir)) {
      for (String value : new String[] {"x", "hello world", "12345", "compressible ".repeat(50)}) {
        redis.call("SET", "k", value);
        byte[] payload = (byte[]) redis.call("DUMP", "k");
        byte[] covered = java.util.Arrays.copyOf(payload, payload.length - 8);
        assertEquals(DumpPayload.parse(payload).checksum(), Crc64.of(covered), "DUMP of " + value);
      }
    }
  }
}

package io.verdis.persist.rdb;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The DUMP/RESTORE payload of a string, as Redis builds it (createDumpPayload): the type byte, the
 * string in RDB encoding, the RDB version as 2 bytes little-endian and the CRC-64 of all that, 8 bytes
 * little-endian. A second, independent source of Redis's LZF and CRC-64 for the tests.
 */
record DumpPayload(int type, byte[] body, int rdbVersion, long checksum) {

  static DumpPayload parse(byte[] payload) {
    int n = payload.length;
    return new DumpPayload(payload[0] & 0xff, Arrays.copyOfRange(payload, 1, n - 10),
        (payload[n - 10] & 0xff) | (payload[n - 9] & 0xff) << 8, littleEndian(payload, n - 8));
  }

  /** A string payload with {@code body} as the encoded string; the checksum computed with Crc64. */
  static byte[] build(byte[] body, int rdbVersion) {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    payload.write(0);
    payload.writeBytes(body);
    payload.write(rdbVersion);
    payload.write(rdbVersion >>> 8);
    long crc = Crc64.of(payload.toByteArray());
    for (int i = 0; i < 8; i++) {
      payload.write((int) (crc >>> (8 * i)));
    }
    return payload.toByteArray();
  }

  static long littleEndian(byte[] bytes, int at) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value |= (long) (bytes[at + i] & 0xff) << (8 * i);
    }
    return value;
  }

  /** Splits an LZF string encoding (0xC3, compressed length, length, data) into its parts. */
  record LzfString(int compressedLength, int length, byte[] compressed) {
    static LzfString parse(byte[] body) {
      if ((body[0] & 0xff) != 0xC3) {
        throw new AssertionError("not an LZF string: first byte " + Integer.toHexString(body[0] & 0xff));
      }
      int[] at = {1};
      int compressedLength = length(body, at);
      int length = length(body, at);
      return new LzfString(compressedLength, length, Arrays.copyOfRange(body, at[0], body.length));
    }

    /** An RDB length, 6, 14 or 32 bits, read independently of RdbInput. */
    private static int length(byte[] bytes, int[] at) {
      int first = bytes[at[0]++] & 0xff;
      return switch (first >>> 6) {
        case 0 -> first;
        case 1 -> (first & 0x3f) << 8 | (bytes[at[0]++] & 0xff);
        default -> {
          int value = 0;
          for (int i = 0; i < 4; i++) {
            value = value << 8 | (bytes[at[0]++] & 0xff);
          }
          yield value;
        }
      };
    }
  }
}

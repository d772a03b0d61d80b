package io.verdis.persist.rdb;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Redis's CRC-64 (Jones polynomial 0xad93d23594c935a9, reflected input and output, initial value 0,
 * no final xor), as in redis/src/crc64.c: the checksum at the end of an RDB file and of a DUMP payload.
 * {@code crc64(0, "123456789") == 0xe9c6d914c4b8d9ca}.
 */
public final class Crc64 {
  /** The Jones polynomial with its bits reversed, for the reflected (LSB-first) algorithm. */
  private static final long REFLECTED_POLY = Long.reverse(0xad93d23594c935a9L);
  /** Slicing-by-8: TABLES[k][b] is the CRC of byte b followed by k zero bytes. */
  private static final long[][] TABLES = new long[8][256];
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  static {
    for (int b = 0; b < 256; b++) {
      long crc = b;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ REFLECTED_POLY : crc >>> 1;
      }
      TABLES[0][b] = crc;
    }
    for (int k = 1; k < 8; k++) {
      for (int b = 0; b < 256; b++) {
        long previous = TABLES[k - 1][b];
        TABLES[k][b] = (previous >>> 8) ^ TABLES[0][(int) previous & 0xff];
      }
    }
  }

  private long crc;

  public static long of(byte[] bytes) {
    Crc64 crc = new Crc64();
    crc.update(bytes, 0, bytes.length);
    return crc.value();
  }

  public void update(int b) {
    crc = TABLES[0][(int) (crc ^ b) & 0xff] ^ (crc >>> 8);
  }

  public void update(byte[] bytes, int offset, int length) {
    long c = crc;
    int i = offset;
    int end = offset + length;
    for (; end - i >= 8; i += 8) {
      c ^= (long) LONG_LE.get(bytes, i);
      c = TABLES[7][(int) c & 0xff]
          ^ TABLES[6][(int) (c >>> 8) & 0xff]
          ^ TABLES[5][(int) (c >>> 16) & 0xff]
          ^ TABLES[4][(int) (c >>> 24) & 0xff]
          ^ TABLES[3][(int) (c >>> 32) & 0xff]
          ^ TABLES[2][(int) (c >>> 40) & 0xff]
          ^ TABLES[1][(int) (c >>> 48) & 0xff]
          ^ TABLES[0][(int) (c >>> 56)];
    }
    for (; i < end; i++) {
      c = TABLES[0][(int) (c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    }
    crc = c;
  }

  public long value() {
    return crc;
  }
}

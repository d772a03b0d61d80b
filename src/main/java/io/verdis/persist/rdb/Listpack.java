package io.verdis.persist.rdb;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes and builds a listpack (redis/src/listpack.c), the compact encoding of small lists, sets,
 * hashes and sorted sets since Redis 7.0 and of stream nodes since 5.0:
 * {@code <total bytes u32le> <count u16le> <entry>… <0xFF>}, each entry
 * {@code <encoding + data> <backlen>}, where backlen repeats the size of encoding + data in 1 to 5
 * bytes so the list can be walked backwards.
 */
final class Listpack {
  /** Total bytes and count. */
  private static final int HEADER = 6;
  private static final int END = 0xFF;
  /** The count saturates here; the entries must then be counted. */
  private static final int UNKNOWN_COUNT = 0xFFFF;

  private Listpack() {}

  static List<byte[]> entries(Blob lp) throws RdbFormatException {
    long totalBytes = lp.littleEndian(4);
    if (totalBytes != lp.length()) {
      throw lp.error("the header says " + totalBytes + " bytes");
    }
    int count = (int) lp.littleEndian(2);
    List<byte[]> entries = new ArrayList<>(Math.min(count, 1024));
    while (lp.peek() != END) {
      int start = lp.position;
      entries.add(entryData(lp));
      checkBacklen(lp, lp.position - start);
    }
    lp.u8();
    lp.expectEnd();
    if (count != UNKNOWN_COUNT && count != entries.size()) {
      throw lp.error("the header says " + count + " entries, there are " + entries.size());
    }
    return entries;
  }

  private static byte[] entryData(Blob lp) throws RdbFormatException {
    int encoding = lp.u8();
    if ((encoding & 0x80) == 0) {
      return DecimalText.of(encoding); // 0xxxxxxx: 7-bit unsigned integer
    }
    if ((encoding & 0xC0) == 0x80) {
      return lp.take(encoding & 0x3f); // 10xxxxxx: string of up to 63 bytes
    }
    if ((encoding & 0xE0) == 0xC0) {
      // 110xxxxx yyyyyyyy: 13-bit two's complement integer, high bits first.
      int unsigned = (encoding & 0x1f) << 8 | lp.u8();
      return DecimalText.of(unsigned >= 1 << 12 ? unsigned - (1 << 13) : unsigned);
    }
    if ((encoding & 0xF0) == 0xE0) {
      return lp.take((encoding & 0x0f) << 8 | lp.u8()); // 1110xxxx yyyyyyyy: string of up to 4095 bytes
    }
    return switch (encoding) {
      case 0xF0 -> lp.take(lp.littleEndian(4));
      case 0xF1 -> DecimalText.of(lp.signedLittleEndian(2));
      case 0xF2 -> DecimalText.of(lp.signedLittleEndian(3));
      case 0xF3 -> DecimalText.of(lp.signedLittleEndian(4));
      case 0xF4 -> DecimalText.of(lp.signedLittleEndian(8));
      default -> throw lp.error("unknown entry encoding 0x" + Integer.toHexString(encoding));
    };
  }

  /** The backlen must be exactly what lpEncodeBacklen writes for an entry of this size. */
  private static void checkBacklen(Blob lp, int entryLength) throws RdbFormatException {
    int width = entryLength <= 127 ? 1
        : entryLength < 16383 ? 2
        : entryLength < 2097151 ? 3
        : entryLength < 268435455 ? 4
        : 5;
    int at = lp.position;
    long value = 0;
    for (int i = 0; i < width; i++) {
      int b = lp.u8();
      // The first byte written is the most significant and has no continuation bit; the rest have it.
      if ((b & 0x80) != (i == 0 ? 0 : 0x80)) {
        throw lp.error("malformed back length at byte " + at);
      }
      value = value << 7 | (b & 0x7f);
    }
    if (value != entryLength) {
      throw lp.error("the back length says " + value + " bytes, the entry has " + entryLength);
    }
  }

  /**
   * Builds a listpack as Redis's lpAppend and lpAppendInteger do, so that Redis's validation takes it
   * and its readers find what they expect: each entry in the smallest encoding that holds it, and a
   * string that reads as a 64-bit integer (lpStringToInt64) stored as that integer.
   */
  static final class Builder {
    private final ByteArrayOutputStream entries = new ByteArrayOutputStream();
    private final byte[] scratch = new byte[9];
    private int count;

    Builder appendInteger(long value) {
      int width = ListpackSize.integerWidth(value);
      int length;
      if (width == 0) {
        scratch[0] = (byte) value;
        length = 1;
      } else if (width == 1) {
        long unsigned = value < 0 ? (1 << 13) + value : value;
        scratch[0] = (byte) (0xC0 | unsigned >>> 8);
        scratch[1] = (byte) unsigned;
        length = 2;
      } else {
        scratch[0] = (byte) switch (width) {
          case 2 -> 0xF1;
          case 3 -> 0xF2;
          case 4 -> 0xF3;
          default -> 0xF4;
        };
        for (int i = 0; i < width; i++) {
          scratch[1 + i] = (byte) (value >>> (8 * i));
        }
        length = 1 + width;
      }
      entries.write(scratch, 0, length);
      return finishEntry(length);
    }

    Builder append(byte[] string) {
      if (DecimalText.isCanonicalLong(string)) {
        return appendInteger(DecimalText.parseLong(string));
      }
      int length = string.length;
      int header;
      if (length < 64) {
        entries.write(0x80 | length);
        header = 1;
      } else if (length < 4096) {
        entries.write(0xE0 | length >>> 8);
        entries.write(length);
        header = 2;
      } else {
        entries.write(0xF0);
        for (int i = 0; i < 4; i++) {
          entries.write(length >>> (8 * i));
        }
        header = 5;
      }
      entries.write(string, 0, length);
      return finishEntry(header + length);
    }

    /** The entries of {@code other} after this one's. */
    Builder appendAll(Builder other) {
      entries.writeBytes(other.entries.toByteArray());
      count += other.count;
      return this;
    }

    int count() {
      return count;
    }

    /** The size of the entries, without the header and the end marker. */
    int entryBytes() {
      return entries.size();
    }

    /** The size of the listpack {@link #toByteArray} would return now. */
    int byteSize() {
      return HEADER + entries.size() + 1;
    }

    byte[] toByteArray() {
      int total = byteSize();
      byte[] lp = new byte[total];
      for (int i = 0; i < 4; i++) {
        lp[i] = (byte) (total >>> (8 * i));
      }
      // The count saturates: a reader then counts the entries (lpLength).
      int header = Math.min(count, UNKNOWN_COUNT);
      lp[4] = (byte) header;
      lp[5] = (byte) (header >>> 8);
      byte[] body = entries.toByteArray();
      System.arraycopy(body, 0, lp, HEADER, body.length);
      lp[total - 1] = (byte) END;
      return lp;
    }

    /** Writes the backlen of an entry of {@code length} bytes, as lpEncodeBacklen: most significant 7 bits first. */
    private Builder finishEntry(int length) {
      int width = ListpackSize.backlenWidth(length);
      for (int i = width - 1; i >= 0; i--) {
        int bits = (length >>> (7 * i)) & 0x7f;
        entries.write(i == width - 1 ? bits : bits | 0x80);
      }
      count++;
      return this;
    }
  }
}

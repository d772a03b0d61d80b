package io.verdis.persist.rdb;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a listpack (redis/src/listpack.c), the compact encoding of small lists, sets, hashes and
 * sorted sets since Redis 7.0: {@code <total bytes u32le> <count u16le> <entry>… <0xFF>}, each entry
 * {@code <encoding + data> <backlen>}, where backlen repeats the size of encoding + data in 1 to 5
 * bytes so the list can be walked backwards.
 */
final class Listpack {
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
}

package io.verdis.persist.rdb;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a ziplist (redis/src/ziplist.c), the compact encoding of small lists, hashes and sorted sets
 * in RDB files up to version 9:
 * {@code <zlbytes u32le> <zltail u32le> <zllen u16le> <entry>… <0xFF>}, each entry
 * {@code <prevlen: 1 byte, or 0xFE + u32le> <encoding> <data>}.
 */
final class Ziplist {
  private static final int END = 0xFF;
  private static final int BIG_PREVLEN = 0xFE;
  /** zllen saturates here; the entries must then be counted. */
  private static final int UNKNOWN_COUNT = 0xFFFF;

  private Ziplist() {}

  static List<byte[]> entries(Blob zl) throws RdbFormatException {
    long totalBytes = zl.littleEndian(4);
    if (totalBytes != zl.length()) {
      throw zl.error("the header says " + totalBytes + " bytes");
    }
    long tail = zl.littleEndian(4);
    int count = (int) zl.littleEndian(2);
    List<byte[]> entries = new ArrayList<>(Math.min(count, 1024));
    int previousEntryLength = 0;
    int lastEntryStart = 10;
    while (zl.peek() != END) {
      int start = zl.position;
      int prevlen = zl.u8();
      if (prevlen == BIG_PREVLEN) {
        prevlen = (int) zl.littleEndian(4);
      }
      if (prevlen != previousEntryLength) {
        throw zl.error("the entry says the previous one has " + prevlen + " bytes, it has " + previousEntryLength);
      }
      entries.add(entryData(zl));
      previousEntryLength = zl.position - start;
      lastEntryStart = start;
    }
    zl.u8();
    zl.expectEnd();
    if (tail != lastEntryStart) {
      throw zl.error("the header puts the last entry at " + tail + ", it is at " + lastEntryStart);
    }
    if (count != UNKNOWN_COUNT && count != entries.size()) {
      throw zl.error("the header says " + count + " entries, there are " + entries.size());
    }
    return entries;
  }

  private static byte[] entryData(Blob zl) throws RdbFormatException {
    int encoding = zl.u8();
    return switch (encoding >>> 6) {
      case 0 -> zl.take(encoding & 0x3f);
      case 1 -> zl.take((encoding & 0x3f) << 8 | zl.u8());
      case 2 -> {
        if (encoding != 0x80) {
          throw zl.error("unknown string encoding 0x" + Integer.toHexString(encoding));
        }
        yield zl.take(zl.bigEndian(4));
      }
      default -> DecimalText.of(integer(zl, encoding));
    };
  }

  private static long integer(Blob zl, int encoding) throws RdbFormatException {
    return switch (encoding) {
      case 0xC0 -> zl.signedLittleEndian(2);
      case 0xD0 -> zl.signedLittleEndian(4);
      case 0xE0 -> zl.signedLittleEndian(8);
      case 0xF0 -> zl.signedLittleEndian(3);
      case 0xFE -> zl.signedLittleEndian(1);
      default -> {
        // 1111xxxx with xxxx in 0001..1101: the value 0..12 lives in the encoding byte itself.
        if (encoding >= 0xF1 && encoding <= 0xFD) {
          yield (encoding & 0x0f) - 1;
        }
        throw zl.error("unknown integer encoding 0x" + Integer.toHexString(encoding));
      }
    };
  }
}

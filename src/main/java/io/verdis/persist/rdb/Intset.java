package io.verdis.persist.rdb;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes an intset (redis/src/intset.c), the encoding of small sets of integers:
 * {@code <width u32le: 2, 4 or 8> <count u32le> <count little-endian integers of that width>}.
 */
final class Intset {
  private Intset() {}

  static List<byte[]> members(Blob set) throws RdbFormatException {
    int width = (int) set.littleEndian(4);
    if (width != 2 && width != 4 && width != 8) {
      throw set.error("unknown integer width " + width);
    }
    long count = set.littleEndian(4);
    if (count * width != set.length() - 8L) {
      throw set.error(count + " members of " + width + " bytes do not fill " + (set.length() - 8) + " bytes");
    }
    List<byte[]> members = new ArrayList<>((int) count);
    for (long i = 0; i < count; i++) {
      members.add(DecimalText.of(set.signedLittleEndian(width)));
    }
    return members;
  }
}

package io.verdis.persist.rdb;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a zipmap (redis/src/zipmap.c), the small-hash encoding of RDB files from Redis before 2.6:
 * {@code <count u8> (<len> field <len> <free u8> value <free bytes>)… <0xFF>}, where a length is one
 * byte below 254, or 254 followed by a u32le.
 */
final class Zipmap {
  private static final int END = 0xFF;
  private static final int BIG_LENGTH = 254;

  private Zipmap() {}

  static List<byte[]> fieldsAndValues(Blob zm) throws RdbFormatException {
    zm.u8(); // The pair count, which saturates at 254; the end marker is what counts.
    List<byte[]> fieldsAndValues = new ArrayList<>();
    while (zm.peek() != END) {
      fieldsAndValues.add(zm.take(length(zm)));
      long valueLength = length(zm);
      int free = zm.u8();
      fieldsAndValues.add(zm.take(valueLength));
      zm.skip(free);
    }
    zm.u8();
    zm.expectEnd();
    return fieldsAndValues;
  }

  private static long length(Blob zm) throws RdbFormatException {
    int first = zm.u8();
    if (first == END) {
      throw zm.error("the map ends in the middle of a pair");
    }
    return first == BIG_LENGTH ? zm.littleEndian(4) : first;
  }
}

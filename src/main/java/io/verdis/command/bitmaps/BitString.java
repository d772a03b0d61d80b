package io.verdis.command.bitmaps;

/**
 * Bits of a string value as Redis's bitops.c addresses them: bit 0 is the most significant bit of
 * the first byte; bits past the end read as 0. Reads take null for a missing key. Writers change the
 * array they are given, which must be a private copy (stored arrays may be shared with replies).
 */
final class BitString {
  private BitString() {
  }

  static int get(byte[] value, long offset) {
    long index = offset >> 3;
    if (value == null || index >= value.length) {
      return 0;
    }
    return (value[(int) index] >> (7 - (int) (offset & 7))) & 1;
  }

  static void set(byte[] value, long offset, int bit) {
    int index = (int) (offset >> 3);
    int mask = 1 << (7 - (int) (offset & 7));
    value[index] = (byte) (bit == 0 ? value[index] & ~mask : value[index] | mask);
  }

  /** Redis's getUnsignedBitfield: {@code bits} (1..64) bits from offset, most significant first. */
  static long getUnsigned(byte[] value, long offset, int bits) {
    long result = 0;
    for (int j = 0; j < bits; j++) {
      result = (result << 1) | get(value, offset + j);
    }
    return result;
  }

  /** Redis's getSignedBitfield: as {@link #getUnsigned}, the top bit extended as the sign. */
  static long getSigned(byte[] value, long offset, int bits) {
    long result = getUnsigned(value, offset, bits);
    if (bits < 64 && (result & (1L << (bits - 1))) != 0) {
      result |= -1L << bits;
    }
    return result;
  }

  /** Redis's setUnsignedBitfield (and setSignedBitfield, the same bits): the low {@code bits} bits of number. */
  static void setField(byte[] value, long offset, int bits, long number) {
    for (int j = 0; j < bits; j++) {
      set(value, offset + j, (int) ((number >>> (bits - 1 - j)) & 1));
    }
  }

  /** The set bits from bit {@code first} to bit {@code last}, both inside value (Redis's redisPopcount plus edge masks). */
  static long count(byte[] value, long first, long last) {
    int firstByte = (int) (first >> 3);
    int lastByte = (int) (last >> 3);
    long count = 0;
    for (int i = firstByte; i <= lastByte; i++) {
      count += Integer.bitCount(value[i] & 0xFF);
    }
    count -= Integer.bitCount((value[firstByte] & 0xFF) >>> (8 - (first & 7)));
    count -= Integer.bitCount(value[lastByte] & ((1 << (7 - (last & 7))) - 1));
    return count;
  }

  /** The first bit equal to {@code bit} from {@code first} to {@code last} (inside value), or -1. */
  static long find(byte[] value, long first, long last, int bit) {
    int skip = bit == 1 ? 0 : 0xFF;
    long offset = first;
    while (offset <= last) {
      // Whole bytes that cannot hold the bit are skipped at once, as redisBitpos skips words.
      if ((offset & 7) == 0 && offset + 7 <= last && (value[(int) (offset >> 3)] & 0xFF) == skip) {
        offset += 8;
      } else if (get(value, offset) == bit) {
        return offset;
      } else {
        offset++;
      }
    }
    return -1;
  }
}

package io.verdis.types;

import io.verdis.command.Args;

/**
 * The bytes an element takes in Redis's listpack (redis/src/listpack.c lpEncodeGetType and
 * lpEncodeBacklen): a canonical integer as 1 to 9 bytes by its range, any other string as its
 * bytes after a 1, 2 or 5 byte header; then the back length, 1 to 5 bytes. Verdis stores lists its
 * own way, but counts their size this way so that a list changes encoding when Redis's would.
 */
final class ListpackSize {
  /** A listpack's total-bytes and count header, and its end byte. */
  static final int HEADER = 7;

  private ListpackSize() {
  }

  /** Bytes {@code element} takes as a listpack entry. */
  static int entry(byte[] element) {
    int encoded = encoded(element);
    return encoded + backlen(encoded);
  }

  private static int encoded(byte[] element) {
    int length = element.length;
    if (length <= 20) {
      long value = Args.parseLongOr(element, Long.MIN_VALUE);
      if (value != Long.MIN_VALUE || Args.isCanonicalLong(element)) {
        return integerSize(value);
      }
    }
    return length < 64 ? 1 + length : length < 4096 ? 2 + length : 5 + length;
  }

  private static int integerSize(long value) {
    if (value >= 0 && value <= 127) {
      return 1;
    } else if (value >= -4096 && value <= 4095) {
      return 2;
    } else if (value >= -32768 && value <= 32767) {
      return 3;
    } else if (value >= -8388608 && value <= 8388607) {
      return 4;
    } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
      return 5;
    }
    return 9;
  }

  private static int backlen(int encoded) {
    return encoded <= 127 ? 1 : encoded < 16383 ? 2 : encoded < 2097151 ? 3 : encoded < 268435455 ? 4 : 5;
  }
}

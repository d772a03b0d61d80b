package io.verdis.persist.rdb;

/**
 * The bytes an element takes in one of Redis's listpacks (listpack.c's encodings): what Redis's
 * stream decides its node boundaries by (stream-node-max-bytes), so Verdis can cut nodes where
 * Redis cuts them without building the listpack itself.
 */
public final class ListpackSize {
  /** Total-bytes and count header, and the end marker. */
  public static final int EMPTY = 7;

  private ListpackSize() {
  }

  /** An element holding {@code value}: stored as an integer when it is one's canonical text (lpStringToInt64). */
  public static int ofString(byte[] value) {
    if (DecimalText.isCanonicalLong(value)) {
      return ofInteger(DecimalText.parseLong(value));
    }
    int length = value.length;
    int encoded = (length < 64 ? 1 : length < 4096 ? 2 : 5) + length;
    return encoded + backlenWidth(encoded);
  }

  /** An integer element (lpAppendInteger), backlen included. */
  public static int ofInteger(long value) {
    int encoded = 1 + integerWidth(value);
    return encoded + backlenWidth(encoded);
  }

  /** Bytes after the encoding byte for an integer: 0 (7-bit), 1 (13-bit), then 2, 3, 4 or 8. */
  static int integerWidth(long value) {
    if (value >= 0 && value <= 127) {
      return 0;
    } else if (value >= -4096 && value <= 4095) {
      return 1;
    } else if (value == (short) value) {
      return 2;
    } else if (value >= -(1 << 23) && value < 1 << 23) {
      return 3;
    }
    return value == (int) value ? 4 : 8;
  }

  /** Bytes of the backlen after an entry of {@code length} bytes (lpEncodeBacklen). */
  static int backlenWidth(int length) {
    return length <= 127 ? 1
        : length < 16383 ? 2
        : length < 2097151 ? 3
        : length < 268435455 ? 4
        : 5;
  }
}

package io.verdis.persist.rdb;

import java.nio.charset.StandardCharsets;

/** Numbers as the decimal text Redis stores and replies with. */
final class DecimalText {
  private DecimalText() {}

  static byte[] of(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Whether {@code text} is a canonical 32-bit integer: the strings Redis stores in an RDB file as
   * INT8/16/32 (rdbTryIntegerEncoding), because they read back identical. "007", "+1", "-0" and
   * " 1" are not canonical and stay strings.
   */
  static boolean isCanonicalInt(byte[] text) {
    if (text.length == 0 || text.length > 11) {
      return false;
    }
    int i = text[0] == '-' ? 1 : 0;
    if (i == text.length || (text[i] == '0' && (text.length > 1))) {
      return false;
    }
    long value = 0;
    for (; i < text.length; i++) {
      int digit = text[i] - '0';
      if (digit < 0 || digit > 9) {
        return false;
      }
      value = value * 10 + digit;
    }
    value = text[0] == '-' ? -value : value;
    return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE;
  }

  /**
   * Whether {@code text} is a canonical 64-bit integer: what a listpack stores as an integer
   * (lpStringToInt64), with the same rules as {@link #isCanonicalInt} and the range of a long.
   */
  static boolean isCanonicalLong(byte[] text) {
    if (text.length == 0 || text.length > 20) {
      return false;
    }
    int i = text[0] == '-' ? 1 : 0;
    if (i == text.length || (text[i] == '0' && text.length > 1)) {
      return false;
    }
    // Accumulated as a negative number, so that Long.MIN_VALUE fits.
    long negated = 0;
    for (; i < text.length; i++) {
      int digit = text[i] - '0';
      if (digit < 0 || digit > 9 || negated < (Long.MIN_VALUE + digit) / 10) {
        return false;
      }
      negated = negated * 10 - digit;
    }
    return text[0] == '-' || negated != Long.MIN_VALUE;
  }

  /** Parses a canonical integer already checked by {@link #isCanonicalLong}. */
  static long parseLong(byte[] text) {
    return Long.parseLong(new String(text, StandardCharsets.US_ASCII));
  }

  /** Parses a canonical integer already checked by {@link #isCanonicalInt}. */
  static int parseInt(byte[] text) {
    return Integer.parseInt(new String(text, StandardCharsets.US_ASCII));
  }

  /**
   * Parses a score as C's strtod does for what Redis writes: decimal and exponent forms, and the
   * spellings "inf", "-inf", "+inf", "nan" that Java's parser does not know.
   *
   * @throws NumberFormatException when the text is no number
   */
  static double parseDouble(byte[] text) {
    String s = new String(text, StandardCharsets.US_ASCII);
    String unsigned = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
    boolean negative = s.startsWith("-");
    if (unsigned.equalsIgnoreCase("inf") || unsigned.equalsIgnoreCase("infinity")) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (unsigned.equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    return Double.parseDouble(s);
  }
}

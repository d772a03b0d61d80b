package io.verdis.command.keys;

import io.verdis.command.Args;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * SORT's numeric reading of a weight, as Redis's {@code strtod(s, &end)} followed by its check
 * {@code *end != '\0' || errno == ERANGE || isnan(score)}: the text ends at its first NUL byte, may
 * start with white space, and must then be one whole C number (decimal or exponent form, hexadecimal,
 * "inf", "infinity"); an empty text reads as 0. A NaN, an overflow or an underflow is refused.
 */
final class Strtod {
  private static final Pattern DECIMAL = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern HEX =
      Pattern.compile("0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)([pP][+-]?\\d+)?");
  private static final Pattern NON_ZERO = Pattern.compile("[1-9a-fA-F]");

  private Strtod() {
  }

  /** The number in {@code text}, or NaN (never a valid weight) where Redis reports a conversion error. */
  static double parse(byte[] text) {
    int end = 0;
    while (end < text.length && text[end] != 0) {
      end++;
    }
    if (end == 0) {
      return 0.0;
    }
    long integer = end == text.length ? Args.parseLongOr(text, Long.MIN_VALUE) : Long.MIN_VALUE;
    if (integer != Long.MIN_VALUE) {
      return (double) integer;
    }
    int i = 0;
    while (i < end && isSpace(text[i])) {
      i++;
    }
    String number = new String(text, i, end - i, StandardCharsets.ISO_8859_1);
    String unsigned = number.startsWith("+") || number.startsWith("-") ? number.substring(1) : number;
    boolean negative = number.startsWith("-");
    if (unsigned.equalsIgnoreCase("inf") || unsigned.equalsIgnoreCase("infinity")) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    double value;
    if (DECIMAL.matcher(unsigned).matches()) {
      value = Double.parseDouble(number);
    } else if (HEX.matcher(unsigned).matches()) {
      value = Double.parseDouble(unsigned.indexOf('p') >= 0 || unsigned.indexOf('P') >= 0 ? number : number + "p0");
    } else {
      return Double.NaN;
    }
    boolean overflow = Double.isInfinite(value);
    boolean underflow = Math.abs(value) < Double.MIN_NORMAL && hasNonZeroDigit(unsigned);
    return overflow || underflow ? Double.NaN : value;
  }

  /** Whether the significand has a non-zero digit (then a result of 0 or a subnormal is an underflow). */
  private static boolean hasNonZeroDigit(String s) {
    String significand = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2).split("[pP]")[0] : s.split("[eE]")[0];
    return NON_ZERO.matcher(significand).find();
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || (b >= '\t' && b <= '\r');
  }
}

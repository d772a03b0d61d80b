package io.verdis.command.sortedsets;

import io.verdis.command.Args;
import io.verdis.command.CommandException;

import java.nio.charset.StandardCharsets;

/**
 * C's strtod on bytes, and the two ways Redis's sorted-set code checks its result. Scores and
 * weights go through getDoubleFromObject (the whole argument, no leading space, no NaN, no
 * overflow or underflow to zero); range bounds go straight to strtod (leading spaces allowed,
 * an empty bound is 0, "1e999" is inf). Both accept what strtod accepts: "inf", "infinity",
 * hexadecimal ("0x1p-3"), and a NUL byte ends a range bound as it ends a C string.
 */
public final class Strtod {
  private Strtod() {
  }

  /** A score or weight as getDoubleFromObject takes it; fails with {@code error} when invalid. */
  public static double parseWhole(byte[] arg, String error) {
    double value = arg.length == 0 || isSpace(arg[0]) ? Double.NaN : whole(arg);
    if (Double.isNaN(value)) {
      throw new CommandException(error);
    }
    return value;
  }

  private static double whole(byte[] arg) {
    long integer = Args.parseLongOr(arg, Long.MIN_VALUE);
    if (integer != Long.MIN_VALUE && Math.abs(integer) <= 1L << 53) {
      return integer;
    }
    int end = numberEnd(arg, 0);
    if (end != arg.length) {
      return Double.NaN;
    }
    double value = value(arg, 0, end);
    boolean literalInfinity = Character.toLowerCase(arg[digitsStart(arg, 0)]) == 'i';
    if (Double.isInfinite(value) && !literalInfinity) {
      return Double.NaN;
    }
    if (value == 0 && hasNonZeroMantissa(arg, end)) {
      return Double.NaN;
    }
    return value;
  }

  /**
   * A range bound from {@code from} on, as zslParseRange checks strtod: NaN when invalid (text
   * after the number, no number at all unless the bound is empty, or NaN itself).
   */
  static double parseBound(byte[] arg, int from) {
    int start = from;
    while (start < arg.length && isSpace(arg[start])) {
      start++;
    }
    int end = numberEnd(arg, start);
    if (end == start) {
      return atEnd(arg, from) ? 0 : Double.NaN;
    }
    return atEnd(arg, end) ? value(arg, start, end) : Double.NaN;
  }

  private static boolean atEnd(byte[] arg, int i) {
    return i == arg.length || arg[i] == 0;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || (b >= '\t' && b <= '\r');
  }

  private static int digitsStart(byte[] s, int i) {
    return i < s.length && (s[i] == '+' || s[i] == '-') ? i + 1 : i;
  }

  /** The end of the longest prefix from {@code start} that strtod converts, or start when none. */
  static int numberEnd(byte[] s, int start) {
    int i = digitsStart(s, start);
    if (matches(s, i, "inf")) {
      return matches(s, i + 3, "inity") ? i + 8 : i + 3;
    }
    if (matches(s, i, "nan")) {
      int end = i + 3;
      if (end < s.length && s[end] == '(') {
        int k = end + 1;
        while (k < s.length && (Character.isLetterOrDigit(s[k]) || s[k] == '_')) {
          k++;
        }
        if (k < s.length && s[k] == ')') {
          end = k + 1;
        }
      }
      return end;
    }
    boolean hex = i + 1 < s.length && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X');
    if (hex) {
      int end = mantissaEnd(s, i + 2, 16);
      return end < 0 ? i + 1 : exponentEnd(s, end, 'p');
    }
    int end = mantissaEnd(s, i, 10);
    return end < 0 ? start : exponentEnd(s, end, 'e');
  }

  /** digits [. digits] with at least one digit: its end, or -1. */
  private static int mantissaEnd(byte[] s, int i, int radix) {
    int digits = 0;
    while (i < s.length && Character.digit(s[i], radix) >= 0) {
      i++;
      digits++;
    }
    if (i < s.length && s[i] == '.') {
      i++;
      while (i < s.length && Character.digit(s[i], radix) >= 0) {
        i++;
        digits++;
      }
    }
    return digits == 0 ? -1 : i;
  }

  /** An exponent is taken only when digits follow its letter and optional sign. */
  private static int exponentEnd(byte[] s, int i, char letter) {
    if (i < s.length && Character.toLowerCase(s[i]) == letter) {
      int k = digitsStart(s, i + 1);
      if (k < s.length && s[k] >= '0' && s[k] <= '9') {
        while (k < s.length && s[k] >= '0' && s[k] <= '9') {
          k++;
        }
        return k;
      }
    }
    return i;
  }

  private static boolean matches(byte[] s, int i, String word) {
    if (i + word.length() > s.length) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if (Character.toLowerCase(s[i + k]) != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** The value of a prefix that {@link #numberEnd} accepted. */
  private static double value(byte[] s, int start, int end) {
    String text = new String(s, start, end - start, StandardCharsets.ISO_8859_1);
    int i = digitsStart(s, start) - start;
    boolean negative = text.charAt(0) == '-';
    char first = Character.toLowerCase(text.charAt(i));
    if (first == 'i') {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (first == 'n') {
      return Double.NaN;
    }
    if (text.length() > i + 1 && Character.toLowerCase(text.charAt(i + 1)) == 'x'
        && text.toLowerCase(java.util.Locale.ROOT).indexOf('p') < 0) {
      text = text + "p0";
    }
    return Double.parseDouble(text);
  }

  /** Whether the mantissa of a converted number has a non-zero digit (a zero result is then an underflow). */
  private static boolean hasNonZeroMantissa(byte[] s, int end) {
    int i = digitsStart(s, 0);
    boolean hex = i + 1 < end && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X');
    int radix = hex ? 16 : 10;
    for (int k = hex ? i + 2 : i; k < end; k++) {
      char c = Character.toLowerCase((char) s[k]);
      if ((hex && c == 'p') || (!hex && c == 'e')) {
        break;
      }
      if (Character.digit(c, radix) > 0) {
        return true;
      }
    }
    return false;
  }
}

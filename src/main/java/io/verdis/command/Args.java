package io.verdis.command;

import java.nio.charset.StandardCharsets;

/** Parses arguments the way Redis does (util.c's string2ll, string2ld), with Redis's errors. */
public final class Args {
  private Args() {
  }

  public static boolean is(byte[] arg, String lowerCaseWord) {
    if (arg.length != lowerCaseWord.length()) {
      return false;
    }
    for (int i = 0; i < arg.length; i++) {
      int b = arg[i];
      if (b >= 'A' && b <= 'Z') {
        b += 'a' - 'A';
      }
      if (b != lowerCaseWord.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  public static String text(byte[] arg) {
    return new String(arg, StandardCharsets.UTF_8);
  }

  public static long parseLong(byte[] arg) {
    return parseLong(arg, Errors.NOT_INTEGER);
  }

  public static long parseLong(byte[] arg, String error) {
    long value = parseLongOr(arg, Long.MIN_VALUE);
    if (value == Long.MIN_VALUE && !isLongMin(arg)) {
      throw new CommandException(error);
    }
    return value;
  }

  /** Redis's getIntFromObjectOrReply: an integer, then within int range (with its own error). */
  public static int parseInt(byte[] arg) {
    long value = parseLong(arg);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new CommandException("ERR value is out of range, value must between " + Integer.MIN_VALUE
          + " and " + Integer.MAX_VALUE);
    }
    return (int) value;
  }


  /** Whether {@code bytes} is exactly the canonical decimal form of a long (Redis's string2ll). */
  public static boolean isCanonicalLong(byte[] bytes) {
    return parseLongOr(bytes, Long.MIN_VALUE) != Long.MIN_VALUE || isLongMin(bytes);
  }

  /** Redis's string2ll: optional '-', no '+', no spaces, no leading zeros, no overflow. */
  public static long parseLongOr(byte[] s, long otherwise) {
    int length = s.length;
    if (length == 0 || length > 20) {
      return otherwise;
    }
    if (length == 1 && s[0] == '0') {
      return 0;
    }
    boolean negative = s[0] == '-';
    int i = negative ? 1 : 0;
    if (i == length || s[i] < '1' || s[i] > '9') {
      return otherwise;
    }
    long value = 0;
    for (; i < length; i++) {
      int digit = s[i] - '0';
      if (digit < 0 || digit > 9) {
        return otherwise;
      }
      if (value > (Long.MAX_VALUE - digit) / 10) {
        return negative && isLongMin(s) ? Long.MIN_VALUE : otherwise;
      }
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }

  private static final byte[] LONG_MIN = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

  private static boolean isLongMin(byte[] s) {
    return java.util.Arrays.equals(s, LONG_MIN);
  }

  /**
   * A float as Redis's strtold-based parsing accepts it: decimal or exponent notation, "inf" and
   * "-inf" (any case), no surrounding spaces, no NaN, nothing after the number.
   */
  public static double parseDouble(byte[] arg) {
    return parseDouble(arg, Errors.NOT_FLOAT);
  }

  public static double parseDouble(byte[] arg, String error) {
    String text = new String(arg, StandardCharsets.ISO_8859_1);
    if (!looksLikeFloat(text)) {
      throw new CommandException(error);
    }
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
    if (unsigned.equals("inf") || unsigned.equals("infinity")) {
      return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return Double.parseDouble(text);
  }

  private static boolean looksLikeFloat(String s) {
    if (s.isEmpty() || s.length() > 5000) {
      return false;
    }
    int i = 0;
    int n = s.length();
    if (s.charAt(i) == '+' || s.charAt(i) == '-') {
      i++;
    }
    String rest = s.substring(i).toLowerCase(java.util.Locale.ROOT);
    if (rest.equals("inf") || rest.equals("infinity")) {
      return true;
    }
    int digits = 0;
    while (i < n && Character.isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && Character.isDigit(s.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exponentDigits = 0;
      while (i < n && Character.isDigit(s.charAt(i))) {
        i++;
        exponentDigits++;
      }
      if (exponentDigits == 0) {
        return false;
      }
    }
    return i == n;
  }

  public static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] bytes(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }
}

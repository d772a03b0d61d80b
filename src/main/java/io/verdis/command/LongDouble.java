package io.verdis.command;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Redis's float increments (HINCRBYFLOAT) compute in C's {@code long double}: x87 extended
 * precision, a 64-bit significand. Doubles give other digits ("1.1" + "2.2" is 3.3 in Redis,
 * 3.3000000000000003 in double), so this class emulates it exactly: values are BigDecimals that
 * are always exactly representable as a long double, every operation rounds to nearest-even at
 * 64 significant bits (with x87 subnormals and overflow), parsing follows glibc's strtold as
 * Redis's string2ld accepts it, and formatting follows ld2string's human mode ("%.17Lf", trailing
 * zeros dropped).
 */
public final class LongDouble {
  /** Redis's MAX_LONG_DOUBLE_CHARS: string2ld refuses texts this long or longer. */
  private static final int MAX_CHARS = 5 * 1024;
  /** Bits of the significand, the integer bit included. */
  private static final int PRECISION = 64;
  /** Values must stay below 2^MAX_EXPONENT. */
  private static final int MAX_EXPONENT = 16384;
  /** The weight of the last bit of the smallest subnormal: 2^-16445. */
  private static final int MIN_QUANTUM = -16382 - (PRECISION - 1);
  /** Decimal exponents beyond this are overflow or underflow whatever the digits (at most 5120 of them). */
  private static final long EXPONENT_CLAMP = 100_000;
  private static final BigInteger FIVE = BigInteger.valueOf(5);

  private LongDouble() {
  }

  /** Whether {@code text} is an infinity that strtold reads ("inf", "-Infinity", any case). */
  public static boolean isInfinity(byte[] text) {
    if (text.length == 0 || text.length >= MAX_CHARS || isSpace(text[0])) {
      return false;
    }
    String s = new String(text, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
    int from = s.startsWith("+") || s.startsWith("-") ? 1 : 0;
    String word = s.substring(from);
    return word.equals("inf") || word.equals("infinity");
  }

  /**
   * The finite long double Redis's string2ld reads from {@code text}, or null when it refuses it
   * (junk, spaces, NaN, overflow, a non-zero value that underflows to zero) or reads an infinity.
   * The whole text must be the number: string2ld checks that strtold consumed every byte.
   * Decimal and hexadecimal ("0x1.8p3") forms are accepted, as strtold does.
   */
  public static BigDecimal parse(byte[] text) {
    if (text.length == 0 || text.length >= MAX_CHARS || isSpace(text[0])) {
      return null;
    }
    String s = new String(text, StandardCharsets.ISO_8859_1);
    int i = s.startsWith("+") || s.startsWith("-") ? 1 : 0;
    boolean negative = s.startsWith("-");
    boolean hex = s.length() > i + 2 && s.charAt(i) == '0' && (s.charAt(i + 1) | 0x20) == 'x'
        && startsHexMantissa(s, i + 2);
    BigDecimal exact = hex ? hexValue(s, i + 2) : decimalValue(s, i);
    if (exact == null) {
      return null;
    }
    if (exact.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal rounded = round(negative ? exact.negate() : exact);
    return rounded == null || rounded.signum() == 0 ? null : rounded;
  }

  /** {@code a + b} as a long double, or null when the sum overflows to infinity. */
  public static BigDecimal add(BigDecimal a, BigDecimal b) {
    return round(a.add(b));
  }

  /** Redis's ld2string in LD_STR_HUMAN mode: "%.17Lf" without trailing zeros, "-0" as "0". */
  public static byte[] format(BigDecimal value) {
    String text = value.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
    int end = text.length();
    while (text.charAt(end - 1) == '0') {
      end--;
    }
    if (text.charAt(end - 1) == '.') {
      end--;
    }
    text = text.substring(0, end);
    if (text.equals("-0")) {
      text = "0";
    }
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * {@code x} rounded to the nearest long double (ties to even), or null when that is beyond the
   * largest finite one. A value below half the smallest subnormal becomes zero.
   */
  static BigDecimal round(BigDecimal x) {
    if (x.signum() == 0) {
      return BigDecimal.ZERO;
    }
    // The decimal exponent settles values far from the range without big arithmetic:
    // the largest long double is about 1.19e4932, half the smallest subnormal about 1.8e-4951.
    long decimalExponent = (long) x.precision() - x.scale() - 1;
    if (decimalExponent > 4932) {
      return null;
    }
    if (decimalExponent < -4952) {
      return BigDecimal.ZERO;
    }
    BigInteger numerator = x.unscaledValue().abs();
    BigInteger denominator = BigInteger.ONE;
    if (x.scale() < 0) {
      numerator = numerator.multiply(BigInteger.TEN.pow(-x.scale()));
    } else {
      denominator = BigInteger.TEN.pow(x.scale());
    }
    long exponent = floorLog2(numerator, denominator);
    if (exponent >= MAX_EXPONENT) {
      return null;
    }
    // The weight of the last significand bit: 2^quantum.
    long quantum = Math.max(exponent - (PRECISION - 1), MIN_QUANTUM);
    BigInteger scaledNumerator = quantum < 0 ? numerator.shiftLeft((int) -quantum) : numerator;
    BigInteger scaledDenominator = quantum > 0 ? denominator.shiftLeft((int) quantum) : denominator;
    BigInteger[] division = scaledNumerator.divideAndRemainder(scaledDenominator);
    BigInteger significand = division[0];
    int half = division[1].shiftLeft(1).compareTo(scaledDenominator);
    if (half > 0 || (half == 0 && significand.testBit(0))) {
      significand = significand.add(BigInteger.ONE);
    }
    if (significand.signum() == 0) {
      return BigDecimal.ZERO;
    }
    if (significand.bitLength() + quantum > MAX_EXPONENT) {
      return null;
    }
    BigDecimal value = binary(significand, quantum);
    return x.signum() < 0 ? value.negate() : value;
  }

  /** {@code significand * 2^exponent}, exactly. */
  private static BigDecimal binary(BigInteger significand, long exponent) {
    if (exponent >= 0) {
      return new BigDecimal(significand.shiftLeft((int) exponent));
    }
    // 2^-k = 5^k / 10^k
    return new BigDecimal(significand.multiply(FIVE.pow((int) -exponent)), (int) -exponent);
  }

  /** floor(log2(n / d)) for positive n and d. */
  private static long floorLog2(BigInteger n, BigInteger d) {
    long guess = (long) n.bitLength() - d.bitLength();
    int cmp = guess >= 0 ? n.compareTo(d.shiftLeft((int) guess)) : n.shiftLeft((int) -guess).compareTo(d);
    return cmp >= 0 ? guess : guess - 1;
  }

  /** digits [. digits] [e [sign] digits], the whole rest of the text; null otherwise. */
  private static BigDecimal decimalValue(String s, int i) {
    int n = s.length();
    StringBuilder digits = new StringBuilder();
    int fraction = 0;
    while (i < n && isDigit(s.charAt(i))) {
      digits.append(s.charAt(i++));
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        digits.append(s.charAt(i++));
        fraction++;
      }
    }
    if (digits.length() == 0) {
      return null;
    }
    long exponent = 0;
    if (i < n && (s.charAt(i) | 0x20) == 'e') {
      int end = exponentEnd(s, i + 1);
      if (end < 0) {
        return null;
      }
      exponent = parseExponent(s, i + 1, end);
      i = end;
    }
    if (i != n) {
      return null;
    }
    BigInteger unscaled = new BigInteger(digits.toString());
    if (unscaled.signum() == 0) {
      return BigDecimal.ZERO;
    }
    return scaled(new BigDecimal(unscaled), exponent - fraction, true);
  }

  private static boolean startsHexMantissa(String s, int i) {
    return i < s.length() && (isHexDigit(s.charAt(i))
        || (s.charAt(i) == '.' && i + 1 < s.length() && isHexDigit(s.charAt(i + 1))));
  }

  /** hexdigits [. hexdigits] [p [sign] digits] after "0x", the whole rest of the text; null otherwise. */
  private static BigDecimal hexValue(String s, int i) {
    int n = s.length();
    BigInteger mantissa = BigInteger.ZERO;
    long fractionBits = 0;
    while (i < n && isHexDigit(s.charAt(i))) {
      mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(Character.digit(s.charAt(i++), 16)));
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isHexDigit(s.charAt(i))) {
        mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(Character.digit(s.charAt(i++), 16)));
        fractionBits += 4;
      }
    }
    long exponent = 0;
    if (i < n && (s.charAt(i) | 0x20) == 'p') {
      int end = exponentEnd(s, i + 1);
      if (end < 0) {
        return null;
      }
      exponent = parseExponent(s, i + 1, end);
      i = end;
    }
    if (i != n) {
      return null;
    }
    if (mantissa.signum() == 0) {
      return BigDecimal.ZERO;
    }
    return scaled(new BigDecimal(mantissa), exponent - fractionBits, false);
  }

  /**
   * {@code value * 10^exponent} (or {@code 2^exponent}), exactly, when that may be a long double;
   * an exponent far out of range gives a value sure to overflow or to underflow to zero.
   */
  private static BigDecimal scaled(BigDecimal value, long exponent, boolean decimal) {
    if (exponent > EXPONENT_CLAMP) {
      return BigDecimal.TEN.pow(MAX_EXPONENT);
    }
    if (exponent < -EXPONENT_CLAMP) {
      return BigDecimal.ONE.movePointLeft(2 * MAX_EXPONENT);
    }
    if (decimal) {
      return value.scaleByPowerOfTen((int) exponent);
    }
    BigDecimal power = binary(BigInteger.ONE, exponent);
    return value.multiply(power);
  }

  /**
   * The end of an exponent's [sign] digits starting at {@code from}, or -1 when no digit follows
   * (strtold then stops before the 'e', which leaves junk behind and string2ld refuses the text).
   */
  private static int exponentEnd(String s, int from) {
    int i = from;
    if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int digitsFrom = i;
    while (i < s.length() && isDigit(s.charAt(i))) {
      i++;
    }
    return i == digitsFrom ? -1 : i;
  }

  /** The exponent's value, clamped well beyond any that could give a finite non-zero long double. */
  private static long parseExponent(String s, int from, int end) {
    boolean negative = s.charAt(from) == '-';
    int i = s.charAt(from) == '+' || negative ? from + 1 : from;
    long value = 0;
    for (; i < end; i++) {
      value = Math.min(value * 10 + (s.charAt(i) - '0'), EXPONENT_CLAMP * 10);
    }
    return negative ? -value : value;
  }

  /** C's isspace in the C locale. */
  private static boolean isSpace(byte b) {
    return b == ' ' || (b >= '\t' && b <= '\r');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHexDigit(char c) {
    return Character.digit(c, 16) >= 0 && c < 128;
  }
}

package io.verdis.net;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Doubles as Redis 7.0 prints them in replies (addReplyDouble): C's {@code "%.17g"}, with
 * "inf" and "-inf" for the infinities. Seventeen significant digits of the exact binary value,
 * correctly rounded (so 0.1 is "0.10000000000000001"), trailing zeros dropped, exponent form
 * below 1e-4 and from 1e17 on ("1e+100", "1.5e-05"), and -0.0 as "-0".
 */
public final class DoubleText {
  private static final MathContext SEVENTEEN_DIGITS = new MathContext(17, RoundingMode.HALF_EVEN);
  private static final byte[] INF = ascii("inf");
  private static final byte[] MINUS_INF = ascii("-inf");
  private static final byte[] ZERO = ascii("0");
  private static final byte[] MINUS_ZERO = ascii("-0");
  /** Below this, an integral double prints as its plain digits under %.17g. */
  private static final double PLAIN_INTEGERS = 1e17;

  private DoubleText() {
  }

  /** Whether {@code value} prints as a plain integer: then {@code (long) value} is its text. */
  public static boolean isPlainInteger(double value) {
    return value == Math.rint(value) && Math.abs(value) < PLAIN_INTEGERS && !(value == 0 && 1 / value < 0);
  }

  public static byte[] format(double value) {
    if (value == 0) {
      return 1 / value < 0 ? MINUS_ZERO : ZERO;
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? INF : MINUS_INF;
    }
    if (isPlainInteger(value)) {
      return ascii(Long.toString((long) value));
    }
    return ascii(general(value));
  }

  private static String general(double value) {
    BigDecimal rounded = new BigDecimal(value).round(SEVENTEEN_DIGITS);
    String digits = rounded.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - rounded.scale();
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    digits = digits.substring(0, end);
    StringBuilder text = new StringBuilder(26);
    if (value < 0) {
      text.append('-');
    }
    if (exponent < -4 || exponent >= 17) {
      text.append(digits.charAt(0));
      if (digits.length() > 1) {
        text.append('.').append(digits, 1, digits.length());
      }
      text.append('e').append(exponent < 0 ? '-' : '+');
      int magnitude = Math.abs(exponent);
      if (magnitude < 10) {
        text.append('0');
      }
      text.append(magnitude);
    } else if (exponent < 0) {
      text.append("0.");
      for (int i = -1; i > exponent; i--) {
        text.append('0');
      }
      text.append(digits);
    } else if (digits.length() <= exponent + 1) {
      text.append(digits);
      for (int i = digits.length(); i <= exponent; i++) {
        text.append('0');
      }
    } else {
      text.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
    }
    return text.toString();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}

package io.verdis.types;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * A double as Redis 7.0 prints a score with C's {@code "%.17g"} (the AOF rewrite's ZADD, RESP2 score
 * replies): 17 significant digits, correctly rounded, trailing zeros dropped, exponent form below 1e-4
 * and from 1e17 on; "inf", "-inf" and "nan" spelled as C spells them. 17 digits read back to the same
 * double.
 */
public final class ScoreText {
  private static final MathContext SEVENTEEN_DIGITS = new MathContext(17, RoundingMode.HALF_EVEN);

  private ScoreText() {
  }

  public static byte[] bytes(double value) {
    return format(value).getBytes(StandardCharsets.US_ASCII);
  }

  public static String format(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (value == 0) {
      return Double.doubleToRawLongBits(value) < 0 ? "-0" : "0";
    }
    BigDecimal rounded = new BigDecimal(value).round(SEVENTEEN_DIGITS);
    int exponent = rounded.precision() - rounded.scale() - 1;
    if (exponent >= -4 && exponent < 17) {
      return rounded.stripTrailingZeros().toPlainString();
    }
    String digits = rounded.unscaledValue().abs().toString().replaceFirst("0+$", "");
    StringBuilder text = new StringBuilder(value < 0 ? "-" : "");
    text.append(digits.charAt(0));
    if (digits.length() > 1) {
      text.append('.').append(digits, 1, digits.length());
    }
    text.append(exponent < 0 ? "e-" : "e+");
    int magnitude = Math.abs(exponent);
    if (magnitude < 10) {
      text.append('0');
    }
    return text.append(magnitude).toString();
  }
}

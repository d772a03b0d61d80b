package io.verdis.script.lua;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers written as glibc's printf writes them on x86-64, because that is how the Lua 5.1 in Redis turns numbers
 * into text: {@code tostring} and {@code ..} use "%.14g", {@code string.format} hands its conversions to sprintf,
 * lua-cjson writes "%.14g" too. Java's own formatting differs ({@code %g} keeps trailing zeros, doubles round from
 * their shortest decimal form instead of their exact binary value, NaN is "NaN"), so conversions are done here on
 * the exact value, rounding half to even as the C library does.
 */
public final class CFormat {
  /** The NaN x86 produces for 0/0 (sign bit set): C prints it "-nan", and Redis shows tostring(0/0) so. */
  public static final double X86_NAN = Double.longBitsToDouble(0xfff8000000000000L);

  private static final double TWO_63 = 0x1p63;

  private CFormat() {
  }

  /** Lua 5.1's number to string: "%.14g", with integers below 10^14 (the common case) done without BigDecimal. */
  public static String luaNumber(double v) {
    if (v == (long) v && Math.abs(v) < 1e14 && (v != 0 || 1 / v > 0)) {
      return Long.toString((long) v);
    }
    return g(v, 14, false);
  }

  /** "%.{precision}g", or "%#.{precision}g" when {@code alternate}. */
  public static String g(double v, int precision, boolean alternate) {
    return format(v, 'g', "", precision, alternate);
  }

  /**
   * One floating conversion ({@code e E f F g G}) with its flags (any of "-+ #0"), width (-1: none) and precision
   * (-1: none, which is 6).
   */
  public static String format(double v, char conversion, String flags, int width, int precision) {
    return pad(format(v, conversion, flags, precision, flags.indexOf('#') >= 0), flags, width,
        !Double.isNaN(v) && !Double.isInfinite(v));
  }

  private static String format(double v, char conversion, String flags, int precision, boolean alternate) {
    boolean upper = Character.isUpperCase(conversion);
    boolean negative = (Double.doubleToRawLongBits(v) & Long.MIN_VALUE) != 0;
    String sign = negative ? "-" : flags.indexOf('+') >= 0 ? "+" : flags.indexOf(' ') >= 0 ? " " : "";
    String body;
    if (Double.isNaN(v)) {
      body = upper ? "NAN" : "nan";
    } else if (Double.isInfinite(v)) {
      body = upper ? "INF" : "inf";
    } else {
      BigDecimal exact = new BigDecimal(Math.abs(v));
      int p = precision < 0 ? 6 : precision;
      body = switch (Character.toLowerCase(conversion)) {
        case 'f' -> fixed(exact, p, alternate);
        case 'e' -> exponent(exact, p, alternate, upper);
        default -> general(exact, p, alternate, upper);
      };
    }
    return sign + body;
  }

  private static String fixed(BigDecimal exact, int precision, boolean alternate) {
    String text = exact.setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
    return precision == 0 && alternate ? text + "." : text;
  }

  private static String exponent(BigDecimal exact, int precision, boolean alternate, boolean upper) {
    String digits;
    int exp;
    if (exact.signum() == 0) {
      digits = "0".repeat(precision + 1);
      exp = 0;
    } else {
      BigDecimal rounded = exact.round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
      digits = rounded.unscaledValue().toString();
      exp = digits.length() - 1 - rounded.scale();
      digits = (digits + "0".repeat(precision + 1)).substring(0, precision + 1);
    }
    StringBuilder text = new StringBuilder().append(digits.charAt(0));
    if (precision > 0 || alternate) {
      text.append('.').append(digits, 1, digits.length());
    }
    text.append(upper ? 'E' : 'e').append(exp < 0 ? '-' : '+');
    int abs = Math.abs(exp);
    return text.append(abs < 10 ? "0" : "").append(abs).toString();
  }

  /** %g: C99 7.19.6.1 — style e when the exponent X is below -4 or at least P, else f with P-1-X decimals. */
  private static String general(BigDecimal exact, int precision, boolean alternate, boolean upper) {
    int p = precision == 0 ? 1 : precision;
    int x = 0;
    if (exact.signum() != 0) {
      BigDecimal rounded = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      x = rounded.precision() - 1 - rounded.scale();
    }
    String text = p > x && x >= -4 ? fixed(exact, p - 1 - x, alternate) : exponent(exact, p - 1, alternate, upper);
    return alternate ? text : stripZeros(text);
  }

  private static String stripZeros(String text) {
    int e = Math.max(text.indexOf('e'), text.indexOf('E'));
    String mantissa = e < 0 ? text : text.substring(0, e);
    if (mantissa.indexOf('.') < 0) {
      return text;
    }
    int end = mantissa.length();
    while (mantissa.charAt(end - 1) == '0') {
      end--;
    }
    if (mantissa.charAt(end - 1) == '.') {
      end--;
    }
    return mantissa.substring(0, end) + (e < 0 ? "" : text.substring(e));
  }

  /**
   * An integer conversion ({@code d i o u x X c}) of a value already converted to C's long, with flags, width and
   * precision (the minimum number of digits) as printf applies them.
   */
  public static String integer(long value, char conversion, String flags, int width, int precision) {
    boolean alternate = flags.indexOf('#') >= 0;
    String digits;
    String prefix = "";
    switch (conversion) {
      case 'd', 'i' -> {
        digits = value == Long.MIN_VALUE ? "9223372036854775808" : Long.toString(Math.abs(value));
        prefix = value < 0 ? "-" : flags.indexOf('+') >= 0 ? "+" : flags.indexOf(' ') >= 0 ? " " : "";
      }
      case 'o' -> digits = Long.toOctalString(value);
      case 'u' -> digits = Long.toUnsignedString(value);
      case 'x' -> digits = Long.toHexString(value);
      case 'X' -> digits = Long.toHexString(value).toUpperCase();
      default -> throw new IllegalArgumentException("not an integer conversion: " + conversion);
    }
    if (precision == 0 && value == 0) {
      digits = "";
    }
    if (precision > digits.length()) {
      digits = "0".repeat(precision - digits.length()) + digits;
    }
    if (alternate && conversion == 'o' && !digits.startsWith("0")) {
      digits = "0" + digits;
    }
    if (alternate && value != 0 && (conversion == 'x' || conversion == 'X')) {
      prefix = conversion == 'x' ? "0x" : "0X";
    }
    return pad(prefix + digits, flags, width, precision < 0);
  }

  /** Width: spaces on the left, on the right with '-', or zeros after the sign and "0x" with '0' where allowed. */
  static String pad(String text, String flags, int width, boolean zeroAllowed) {
    if (width <= text.length()) {
      return text;
    }
    String fill;
    if (flags.indexOf('-') >= 0) {
      return text + " ".repeat(width - text.length());
    }
    if (zeroAllowed && flags.indexOf('0') >= 0) {
      fill = "0".repeat(width - text.length());
      int after = text.startsWith("0x") || text.startsWith("0X") ? 2
          : !text.isEmpty() && "+- ".indexOf(text.charAt(0)) >= 0 ? 1 : 0;
      return text.substring(0, after) + fill + text.substring(after);
    }
    return " ".repeat(width - text.length()) + text;
  }

  /** C's (long) cast of a double on x86-64: out of range and NaN give LONG_MIN, as cvttsd2si does. */
  public static long toLong(double v) {
    return v >= -TWO_63 && v < TWO_63 ? (long) v : Long.MIN_VALUE;
  }

  /** C's (unsigned long) cast of a double as gcc compiles it on x86-64 (the bits, as a Java long). */
  public static long toUnsignedLong(double v) {
    return v < TWO_63 ? toLong(v) : toLong(v - TWO_63) ^ Long.MIN_VALUE;
  }

  /** C's (double) of an unsigned long (given as its bits). */
  public static double unsignedToDouble(long bits) {
    if (bits >= 0) {
      return bits;
    }
    // Halve keeping the lowest bit (so rounding stays correct), convert, double: what compilers emit.
    return (double) ((bits >>> 1) | (bits & 1)) * 2.0;
  }
}

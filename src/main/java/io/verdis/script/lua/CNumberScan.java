package io.verdis.script.lua;

import java.math.BigInteger;

import org.luaj.vm2.LuaString;

/**
 * Text to number as the Lua 5.1 in Redis reads it: {@code luaO_str2d} on top of glibc's strtod (so " 10 ", "1e2",
 * "0x10", "-0x1p4", "inf" and "nan" are numbers, "0x" and "1e" are not), and strtoul for {@code tonumber(s, base)}.
 * LuaJ's own scanner rejects several of these and throws on "0x".
 */
public final class CNumberScan {
  private CNumberScan() {
  }

  /** luaO_str2d: the number the whole string spells, surrounded by white space only; null if none. */
  public static Double str2d(LuaString s) {
    if (s.m_length > 0 && s.m_length < 16) {
      // The common case, a plain decimal integer ("42", ARGV numbers), without building a String.
      long value = 0;
      int i = s.m_offset;
      int end = s.m_offset + s.m_length;
      boolean negative = s.m_bytes[i] == '-';
      if (negative && s.m_length > 1) {
        i++;
      }
      while (i < end && s.m_bytes[i] >= '0' && s.m_bytes[i] <= '9') {
        value = value * 10 + (s.m_bytes[i++] - '0');
      }
      if (i == end) {
        return negative ? -(double) value : (double) value;
      }
    }
    String text = cString(s);
    int[] end = new int[1];
    Double value = strtod(text, 0, end);
    if (value == null) {
      return null;
    }
    int i = end[0];
    while (i < text.length() && isSpace(text.charAt(i))) {
      i++;
    }
    return i == text.length() ? value : null;
  }

  /** glibc strtod in the C locale from {@code start}; the end of what it read in end[0]; null if nothing. */
  static Double strtod(String text, int start, int[] end) {
    int i = start;
    int n = text.length();
    while (i < n && isSpace(text.charAt(i))) {
      i++;
    }
    boolean negative = false;
    if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      negative = text.charAt(i) == '-';
      i++;
    }
    double value;
    if (text.regionMatches(true, i, "inf", 0, 3)) {
      i += text.regionMatches(true, i, "infinity", 0, 8) ? 8 : 3;
      value = Double.POSITIVE_INFINITY;
    } else if (text.regionMatches(true, i, "nan", 0, 3)) {
      i += 3;
      int close = i < n && text.charAt(i) == '(' ? text.indexOf(')', i) : -1;
      if (close > 0 && text.substring(i + 1, close).chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_')) {
        i = close + 1;
      }
      value = Double.NaN;
    } else if (text.regionMatches(true, i, "0x", 0, 2) && hexDigitsAt(text, i + 2)) {
      int[] hexEnd = new int[1];
      value = hex(text, i + 2, hexEnd);
      i = hexEnd[0];
    } else {
      int digitsStart = i;
      int digits = 0;
      while (i < n && isDigit(text.charAt(i))) {
        i++;
        digits++;
      }
      if (i < n && text.charAt(i) == '.') {
        i++;
        while (i < n && isDigit(text.charAt(i))) {
          i++;
          digits++;
        }
      }
      if (digits == 0) {
        return null;
      }
      if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
        int e = i + 1;
        if (e < n && (text.charAt(e) == '+' || text.charAt(e) == '-')) {
          e++;
        }
        if (e < n && isDigit(text.charAt(e))) {
          while (e < n && isDigit(text.charAt(e))) {
            e++;
          }
          i = e;
        }
      }
      value = Double.parseDouble(text.substring(digitsStart, i));
    }
    end[0] = i;
    return negative ? -value : value;
  }

  private static boolean hexDigitsAt(String text, int i) {
    return i < text.length() && (Character.digit(text.charAt(i), 16) >= 0
        || text.charAt(i) == '.' && i + 1 < text.length() && Character.digit(text.charAt(i + 1), 16) >= 0);
  }

  /** A hexadecimal float after "0x": digits, optional fraction, optional binary exponent; Java rounds it. */
  private static double hex(String text, int i, int[] end) {
    int n = text.length();
    StringBuilder literal = new StringBuilder("0x");
    while (i < n && Character.digit(text.charAt(i), 16) >= 0) {
      literal.append(text.charAt(i++));
    }
    if (i < n && text.charAt(i) == '.') {
      literal.append('.');
      i++;
      while (i < n && Character.digit(text.charAt(i), 16) >= 0) {
        literal.append(text.charAt(i++));
      }
    }
    String exponent = "0";
    if (i < n && (text.charAt(i) == 'p' || text.charAt(i) == 'P')) {
      int e = i + 1;
      if (e < n && (text.charAt(e) == '+' || text.charAt(e) == '-')) {
        e++;
      }
      if (e < n && isDigit(text.charAt(e))) {
        while (e < n && isDigit(text.charAt(e))) {
          e++;
        }
        exponent = text.substring(i + 1, e);
        i = e;
      }
    }
    end[0] = i;
    if (literal.length() == 3 && literal.charAt(2) == '.') {
      return 0;
    }
    return Double.parseDouble(literal + "p" + exponent);
  }

  /**
   * tonumber(s, base) for base 2..36: strtoul (white space, a sign, "0x" in base 16, digits; a negative value wraps
   * modulo 2^64 and an overflow gives ULONG_MAX), then only white space may follow. Null if not a number.
   */
  static Double strtoul(LuaString s, int base) {
    String text = cString(s);
    int i = 0;
    int n = text.length();
    while (i < n && isSpace(text.charAt(i))) {
      i++;
    }
    boolean negative = false;
    if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      negative = text.charAt(i) == '-';
      i++;
    }
    if (base == 16 && text.regionMatches(true, i, "0x", 0, 2) && i + 2 < n && Character.digit(text.charAt(i + 2), 16) >= 0) {
      i += 2;
    }
    int start = i;
    while (i < n && Character.digit(text.charAt(i), base) >= 0) {
      i++;
    }
    if (i == start) {
      return null;
    }
    while (i < n && isSpace(text.charAt(i))) {
      i++;
    }
    if (i != n) {
      return null;
    }
    BigInteger value = new BigInteger(text.substring(start, i - trailingSpaces(text, i)), base);
    long bits = value.bitLength() > 64 ? -1L : value.longValue();
    if (negative && value.bitLength() <= 64) {
      bits = -bits;
    }
    return CFormat.unsignedToDouble(bits);
  }

  private static int trailingSpaces(String text, int end) {
    int count = 0;
    while (end - count > 0 && isSpace(text.charAt(end - count - 1))) {
      count++;
    }
    return count;
  }

  /** The string as C sees it: one char per byte, up to the first NUL. */
  private static String cString(LuaString s) {
    StringBuilder text = new StringBuilder(s.m_length);
    for (int i = 0; i < s.m_length; i++) {
      byte b = s.m_bytes[s.m_offset + i];
      if (b == 0) {
        break;
      }
      text.append((char) (b & 0xff));
    }
    return text.toString();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isSpace(char c) {
    return c == ' ' || c >= '\t' && c <= '\r';
  }
}

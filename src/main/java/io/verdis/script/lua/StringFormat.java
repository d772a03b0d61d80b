package io.verdis.script.lua;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * string.format as Lua 5.1's str_format (lstrlib.c): each conversion's flags, width and precision (two digits at
 * most) go to C's sprintf, %d/%i take the number as a C long, %o/%u/%x/%X as an unsigned long, %c a byte, %q
 * quotes as 5.1 does, %s takes strings and numbers only. LuaJ's own format drops widths and precisions of several
 * conversions ("%5.2f" gives "3.14159"), formats %d of 2^40 as 0 and has no %e or %g as C has them.
 */
final class StringFormat {
  private static final String FLAGS = "-+ #0";

  private StringFormat() {
  }

  static Varargs format(Varargs args) {
    LuaString format = LuaArgs.checkString(args, 1, "format");
    ByteArrayOutputStream out = new ByteArrayOutputStream(format.m_length + 16);
    int arg = 1;
    int i = 0;
    int n = format.m_length;
    while (i < n) {
      int c = byteAt(format, i++);
      if (c != '%') {
        out.write(c);
        continue;
      }
      if (i < n && byteAt(format, i) == '%') {
        out.write('%');
        i++;
        continue;
      }
      // scanformat
      int flagsStart = i;
      while (i < n && FLAGS.indexOf(byteAt(format, i)) >= 0) {
        i++;
      }
      if (i - flagsStart >= FLAGS.length() + 1) {
        throw new LuaError("invalid format (repeated flags)");
      }
      String flags = ascii(format, flagsStart, i);
      int widthStart = i;
      i = skipDigits(format, i, 2);
      int width = i > widthStart ? Integer.parseInt(ascii(format, widthStart, i)) : -1;
      int precision = -1;
      if (i < n && byteAt(format, i) == '.') {
        i++;
        int precisionStart = i;
        i = skipDigits(format, i, 2);
        precision = i > precisionStart ? Integer.parseInt(ascii(format, precisionStart, i)) : 0;
      }
      if (i < n && isDigit(byteAt(format, i))) {
        throw new LuaError("invalid format (width or precision too long)");
      }
      int conversion = i < n ? byteAt(format, i++) : 0;
      if (++arg > args.narg()) {
        throw LuaArgs.argError(arg, "format", "no value");
      }
      switch (conversion) {
        case 'c' -> out.writeBytes(padBytes(
            new byte[] {(byte) LuaArgs.checkInt(args, arg, "format")}, flags, width));
        case 'd', 'i', 'o', 'u', 'x', 'X' -> {
          double number = LuaArgs.checkNumber(args, arg, "format");
          long value = conversion == 'd' || conversion == 'i' ? CFormat.toLong(number) : CFormat.toUnsignedLong(number);
          ascii(out, CFormat.integer(value, conversion == 'i' ? 'd' : (char) conversion, flags, width, precision));
        }
        case 'e', 'E', 'f', 'g', 'G' ->
            ascii(out, CFormat.format(LuaArgs.checkNumber(args, arg, "format"), (char) conversion, flags, width,
                precision));
        case 'q' -> quote(out, LuaArgs.checkString(args, arg, "format"));
        case 's' -> {
          LuaString s = LuaArgs.checkString(args, arg, "format");
          if (precision < 0 && s.m_length >= 100) {
            // 5.1 adds a long string as it is, "no precision and string is too long to be formatted".
            out.write(s.m_bytes, s.m_offset, s.m_length);
          } else {
            // Through sprintf: the string ends at its first NUL and the precision cuts it.
            int length = 0;
            while (length < s.m_length && s.m_bytes[s.m_offset + length] != 0
                && (precision < 0 || length < precision)) {
              length++;
            }
            byte[] bytes = new byte[length];
            System.arraycopy(s.m_bytes, s.m_offset, bytes, 0, length);
            out.writeBytes(padBytes(bytes, flags, width));
          }
        }
        default -> throw new LuaError("invalid option '%" + (char) conversion + "' to 'format'");
      }
    }
    return LuaString.valueOf(out.toByteArray());
  }

  /** addquoted: '"', '\\' and newline escaped by a backslash, "\r" and "\000" spelled out. */
  private static void quote(ByteArrayOutputStream out, LuaString s) {
    out.write('"');
    for (int i = 0; i < s.m_length; i++) {
      int c = byteAt(s, i);
      switch (c) {
        case '"', '\\', '\n' -> {
          out.write('\\');
          out.write(c);
        }
        case '\r' -> ascii(out, "\\r");
        case 0 -> ascii(out, "\\000");
        default -> out.write(c);
      }
    }
    out.write('"');
  }

  /** Width for %c and %s, which pad bytes (spaces; '-' pads on the right). */
  private static byte[] padBytes(byte[] text, String flags, int width) {
    if (width <= text.length) {
      return text;
    }
    byte[] padded = new byte[width];
    Arrays.fill(padded, (byte) ' ');
    System.arraycopy(text, 0, padded, flags.indexOf('-') >= 0 ? 0 : width - text.length, text.length);
    return padded;
  }

  private static int skipDigits(LuaString s, int i, int most) {
    for (int k = 0; k < most && i < s.m_length && isDigit(byteAt(s, i)); k++) {
      i++;
    }
    return i;
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static int byteAt(LuaString s, int i) {
    return s.m_bytes[s.m_offset + i] & 0xff;
  }

  private static String ascii(LuaString s, int from, int to) {
    return new String(s.m_bytes, s.m_offset + from, to - from, StandardCharsets.ISO_8859_1);
  }

  private static void ascii(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  static LuaValue function() {
    return LuaArgs.function("format", StringFormat::format);
  }
}

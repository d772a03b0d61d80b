package io.verdis.script.lua;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The {@code struct} table as Redis bundles it (Roberto Ierusalimschy's struct.c, deps/lua/src/lua_struct.c):
 * pack, unpack and size over the format language {@code > < ![n] x b B h H l L T i[n] I[n] c[n] s f d ' '}, with
 * the sizes of x86-64 Linux (short 2, int 4, long and size_t 8, default alignment 8), little endian by default,
 * integers as C's long, and struct.c's error texts.
 */
final class StructLibrary {
  private static final int MAX_INT_SIZE = 32;
  private static final int MAX_ALIGN = 8;

  private StructLibrary() {
  }

  static LuaTable create() {
    LuaTable struct = new LuaTable();
    struct.set("pack", LuaArgs.function("pack", StructLibrary::pack));
    struct.set("unpack", LuaArgs.function("unpack", StructLibrary::unpack));
    struct.set("size", LuaArgs.function("size", StructLibrary::size));
    return struct;
  }

  /** The format being read, with the options (endianness, alignment) seen so far. */
  private static final class Format {
    final byte[] text;
    final String function;
    int i;
    boolean little = true;
    int align = 1;

    Format(LuaString format, String function) {
      // The format is a C string: it ends at the first NUL.
      byte[] bytes = LuaArgs.bytes(format);
      int end = 0;
      while (end < bytes.length && bytes[end] != 0) {
        end++;
      }
      this.text = Arrays.copyOf(bytes, end);
      this.function = function;
    }

    boolean more() {
      return i < text.length;
    }

    int next() {
      return text[i++] & 0xff;
    }

    /** getnum: a decimal number at the current position, or {@code otherwise}. */
    int number(int otherwise) {
      if (!more() || !isDigit(text[i])) {
        return otherwise;
      }
      int a = 0;
      do {
        int digit = text[i] - '0';
        if (a > Integer.MAX_VALUE / 10 || a * 10 > Integer.MAX_VALUE - digit) {
          throw new LuaError("integral size overflow");
        }
        a = a * 10 + digit;
        i++;
      } while (more() && isDigit(text[i]));
      return a;
    }

    /** optsize: the size of option {@code opt}, reading its number; 0 for options that are not data. */
    int size(int opt) {
      return switch (opt) {
        case 'B', 'b', 'x' -> 1;
        case 'H', 'h' -> 2;
        case 'L', 'l', 'T', 'd' -> 8;
        case 'f' -> 4;
        case 'c' -> number(1);
        case 'i', 'I' -> {
          int size = number(4);
          if (size > MAX_INT_SIZE) {
            throw new LuaError("integral size " + size + " is larger than limit of " + MAX_INT_SIZE);
          }
          yield size;
        }
        default -> 0;
      };
    }

    /** gettoalign: padding before an item of {@code size} at {@code position}. */
    int padding(long position, int opt, int size) {
      if (size == 0 || opt == 'c') {
        return 0;
      }
      int a = Math.min(size, align);
      return (int) ((a - (position & (a - 1))) & (a - 1));
    }

    /** controloptions: ' ', '>', '<', '!n'; anything else is not an option. */
    void control(int opt) {
      switch (opt) {
        case ' ' -> {
        }
        case '>' -> little = false;
        case '<' -> little = true;
        case '!' -> {
          int a = number(MAX_ALIGN);
          if (a <= 0 || (a & (a - 1)) != 0) {
            throw new LuaError("alignment " + a + " is not a power of 2");
          }
          align = a;
        }
        default -> throw LuaArgs.argError(1, function, "invalid format option '" + (char) opt + "'");
      }
    }
  }

  private static Varargs pack(Varargs args) {
    // struct.c pushes a nil after the arguments, so a missing first one is "got nil", not "got no value".
    LuaValue[] withMark = new LuaValue[args.narg() + 1];
    for (int i = 0; i < args.narg(); i++) {
      withMark[i] = args.arg(i + 1);
    }
    withMark[args.narg()] = LuaValue.NIL;
    Format format = new Format(LuaArgs.checkString(args, 1, "pack"), "pack");
    args = LuaValue.varargsOf(withMark);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int arg = 2;
    long total = 0;
    while (format.more()) {
      int opt = format.next();
      int size = format.size(opt);
      int padding = format.padding(total, opt, size);
      total += padding;
      for (int p = 0; p < padding; p++) {
        out.write(0);
      }
      switch (opt) {
        case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' -> {
          double n = LuaArgs.checkNumber(args, arg++, "pack");
          long value = n < 0 ? CFormat.toLong(n) : CFormat.toUnsignedLong(n);
          putInteger(out, value, size, format.little);
        }
        case 'x' -> out.write(0);
        case 'f' -> putInteger(out, Float.floatToRawIntBits((float) LuaArgs.checkNumber(args, arg++, "pack")), 4,
            format.little);
        case 'd' -> putInteger(out, Double.doubleToRawLongBits(LuaArgs.checkNumber(args, arg++, "pack")), 8,
            format.little);
        case 'c', 's' -> {
          LuaString s = LuaArgs.checkString(args, arg++, "pack");
          if (size == 0) {
            size = s.m_length;
          }
          if (s.m_length < size) {
            // struct.c checks after moving to the next argument, so it names that one.
            throw LuaArgs.argError(arg, "pack", "string too short");
          }
          out.write(s.m_bytes, s.m_offset, size);
          if (opt == 's') {
            out.write(0);
            size++;
          }
        }
        default -> format.control(opt);
      }
      total += size;
    }
    return LuaString.valueOf(out.toByteArray());
  }

  /** putinteger: the low {@code size} bytes of the value, then zeros past 8 bytes (C shifts a 64-bit long). */
  private static void putInteger(ByteArrayOutputStream out, long value, int size, boolean little) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[little ? i : size - 1 - i] = (byte) (i < 8 ? value >>> (8 * i) : 0);
    }
    out.write(bytes, 0, size);
  }

  private static Varargs unpack(Varargs args) {
    Format format = new Format(LuaArgs.checkString(args, 1, "unpack"), "unpack");
    LuaString data = LuaArgs.checkString(args, 2, "unpack");
    long ld = data.m_length;
    // A size_t in struct.c: a negative offset wraps to a huge position, so what fails is the data length check.
    long offset = LuaArgs.optInteger(args, 3, "unpack", 1);
    if (offset == 0) {
      throw LuaArgs.argError(3, "unpack", "offset must be 1 or greater");
    }
    long pos = offset - 1;
    List<LuaValue> results = new ArrayList<>();
    while (format.more()) {
      int opt = format.next();
      long size = format.size(opt);
      pos += format.padding(pos, opt, (int) size);
      checkLength(size, pos, ld);
      switch (opt) {
        case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' ->
            results.add(LuaValue.valueOf(getInteger(data, (int) pos, (int) size, format.little,
                opt >= 'a')));
        case 'x' -> {
        }
        case 'f' -> results.add(LuaValue.valueOf(
            (double) Float.intBitsToFloat((int) rawBits(data, (int) pos, 4, format.little))));
        case 'd' -> results.add(LuaValue.valueOf(Double.longBitsToDouble(rawBits(data, (int) pos, 8, format.little))));
        case 'c' -> {
          if (size == 0) {
            LuaValue previous = results.isEmpty() ? LuaValue.NIL : results.get(results.size() - 1);
            Double length = results.isEmpty() ? null : LuaArgs.toNumber(previous);
            if (length == null) {
              throw new LuaError("format 'c0' needs a previous size");
            }
            size = CFormat.toUnsignedLong(length);
            results.remove(results.size() - 1);
            checkLength(size, pos, ld);
          }
          results.add(data.substring((int) pos, (int) (pos + size)));
        }
        case 's' -> {
          int end = (int) pos;
          while (end < ld && data.m_bytes[data.m_offset + end] != 0) {
            end++;
          }
          if (end == ld) {
            throw new LuaError("unfinished string in data");
          }
          results.add(data.substring((int) pos, end));
          size = end - pos + 1;
        }
        default -> format.control(opt);
      }
      pos += size;
    }
    results.add(LuaValue.valueOf((double) (pos + 1)));
    return LuaValue.varargsOf(results.toArray(new LuaValue[0]));
  }

  private static void checkLength(long size, long pos, long ld) {
    if (Long.compareUnsigned(size, ld) > 0 || Long.compareUnsigned(pos, ld - size) > 0) {
      throw LuaArgs.argError(2, "unpack", "data string too short");
    }
  }

  private static long rawBits(LuaString data, int pos, int size, boolean little) {
    long value = 0;
    for (int i = 0; i < size; i++) {
      int b = data.m_bytes[data.m_offset + pos + (little ? size - 1 - i : i)] & 0xff;
      value = value << 8 | b;
    }
    return value;
  }

  /** getinteger: big or little endian into a 64-bit long (earlier bytes shift out past 8), sign-extended if signed. */
  private static double getInteger(LuaString data, int pos, int size, boolean little, boolean signed) {
    long l = rawBits(data, pos, size, little);
    if (!signed) {
      return CFormat.unsignedToDouble(l);
    }
    // C shifts by size*8-1 on a 64-bit value; x86 and Java both take the count modulo 64.
    long mask = -1L << (size * 8 - 1);
    if ((l & mask) != 0) {
      l |= mask;
    }
    return l;
  }

  private static Varargs size(Varargs args) {
    Format format = new Format(LuaArgs.checkString(args, 1, "size"), "size");
    long pos = 0;
    while (format.more()) {
      int opt = format.next();
      int size = format.size(opt);
      pos += format.padding(pos, opt, size);
      if (opt == 's') {
        throw LuaArgs.argError(1, "size", "option 's' has no fixed size");
      } else if (opt == 'c' && size == 0) {
        throw LuaArgs.argError(1, "size", "option 'c0' has no fixed size");
      }
      if (!isAlphanumeric(opt)) {
        format.control(opt);
      }
      pos += size;
    }
    return LuaValue.valueOf((double) pos);
  }

  /** C's isalnum in the C locale. */
  private static boolean isAlphanumeric(int c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }
}

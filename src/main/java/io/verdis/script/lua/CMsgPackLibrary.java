package io.verdis.script.lua;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The {@code cmsgpack} table as Redis bundles it (lua-cmsgpack 0.4.0, deps/lua/src/lua_cmsgpack.c): pack (each
 * argument encoded, concatenated), unpack, unpack_one, unpack_limit. Integers take the smallest encoding, other
 * numbers float 32 when that is exact and double otherwise; a table is an array when its keys are exactly 1..n
 * (an empty table too), otherwise a map in table order; tables nested deeper than 16 and values msgpack has no type
 * for (functions, cjson.null) are nil. Unpacking knows the types 0.4.0 knows (no bin or ext) and its errors.
 */
final class CMsgPackLibrary {
  private static final int MAX_NESTING = 16;
  private static final double TWO_63 = 0x1p63;

  private CMsgPackLibrary() {
  }

  static LuaTable create() {
    LuaTable cmsgpack = new LuaTable();
    cmsgpack.set("pack", LuaArgs.function("pack", CMsgPackLibrary::pack));
    cmsgpack.set("unpack", LuaArgs.function("unpack", args -> unpack(args, "unpack", 0, 0)));
    cmsgpack.set("unpack_one", LuaArgs.function("unpack_one", args -> {
      int offset = (int) LuaArgs.optInteger(args, 2, "unpack_one", 0);
      return unpack(args, "unpack_one", 1, offset);
    }));
    cmsgpack.set("unpack_limit", LuaArgs.function("unpack_limit", args -> {
      int limit = (int) LuaArgs.checkInteger(args, 2, "unpack_limit");
      int offset = (int) LuaArgs.optInteger(args, 3, "unpack_limit", 0);
      return unpack(args, "unpack_limit", limit, offset);
    }));
    cmsgpack.set("_NAME", "cmsgpack");
    cmsgpack.set("_VERSION", "lua-cmsgpack 0.4.0");
    cmsgpack.set("_COPYRIGHT", "Copyright (C) 2012, Salvatore Sanfilippo");
    cmsgpack.set("_DESCRIPTION", "MessagePack C implementation for Lua");
    return cmsgpack;
  }

  private static Varargs pack(Varargs args) {
    if (args.narg() == 0) {
      throw LuaArgs.argError(0, "pack", "MessagePack pack needs input.");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 1; i <= args.narg(); i++) {
      encode(out, args.arg(i), 0);
    }
    return LuaString.valueOf(out.toByteArray());
  }

  private static void encode(ByteArrayOutputStream out, LuaValue value, int level) {
    switch (value.type()) {
      case LuaValue.TSTRING -> encodeBytes(out, value.checkstring());
      case LuaValue.TBOOLEAN -> out.write(value.toboolean() ? 0xc3 : 0xc2);
      case LuaValue.TNUMBER -> encodeNumber(out, value.todouble());
      case LuaValue.TTABLE -> {
        if (level == MAX_NESTING) {
          out.write(0xc0);
        } else if (isArray(value.checktable())) {
          encodeArray(out, value.checktable(), level);
        } else {
          encodeMap(out, value.checktable(), level);
        }
      }
      default -> out.write(0xc0);
    }
  }

  private static void encodeBytes(ByteArrayOutputStream out, LuaString s) {
    int length = s.m_length;
    if (length < 32) {
      out.write(0xa0 | length);
    } else if (length <= 0xff) {
      out.write(0xd9);
      out.write(length);
    } else if (length <= 0xffff) {
      out.write(0xda);
      bigEndian(out, length, 2);
    } else {
      out.write(0xdb);
      bigEndian(out, length, 4);
    }
    out.write(s.m_bytes, s.m_offset, length);
  }

  private static void encodeNumber(ByteArrayOutputStream out, double n) {
    // IS_INT64_EQUIVALENT: (int64_t)n == n, false for 2^63 and beyond, where x86 gives INT64_MIN.
    if (!Double.isInfinite(n) && n >= -TWO_63 && n < TWO_63 && (long) n == n) {
      encodeInteger(out, (long) n);
      return;
    }
    float f = (float) n;
    if (n == (double) f) {
      out.write(0xca);
      bigEndian(out, Float.floatToRawIntBits(f), 4);
    } else {
      out.write(0xcb);
      bigEndian(out, Double.doubleToRawLongBits(n), 8);
    }
  }

  private static void encodeInteger(ByteArrayOutputStream out, long n) {
    if (n >= 0) {
      if (n <= 127) {
        out.write((int) n);
      } else if (n <= 0xff) {
        out.write(0xcc);
        out.write((int) n);
      } else if (n <= 0xffff) {
        out.write(0xcd);
        bigEndian(out, n, 2);
      } else if (n <= 0xffffffffL) {
        out.write(0xce);
        bigEndian(out, n, 4);
      } else {
        out.write(0xcf);
        bigEndian(out, n, 8);
      }
    } else if (n >= -32) {
      out.write((int) n & 0xff);
    } else if (n >= -128) {
      out.write(0xd0);
      out.write((int) n & 0xff);
    } else if (n >= -32768) {
      out.write(0xd1);
      bigEndian(out, n, 2);
    } else if (n >= -2147483648L) {
      out.write(0xd2);
      bigEndian(out, n, 4);
    } else {
      out.write(0xd3);
      bigEndian(out, n, 8);
    }
  }

  /** table_is_an_array: every key a positive number that is an int, and as many keys as the largest one. */
  private static boolean isArray(LuaTable table) {
    long count = 0;
    double max = 0;
    LuaValue key = LuaValue.NIL;
    while (true) {
      key = table.next(key).arg1();
      if (key.isnil()) {
        break;
      }
      if (key.type() != LuaValue.TNUMBER) {
        return false;
      }
      double n = key.todouble();
      if (n <= 0 || n != LuaArgs.toInt(n)) {
        return false;
      }
      max = Math.max(max, n);
      count++;
    }
    return max == count;
  }

  private static void encodeArray(ByteArrayOutputStream out, LuaTable table, int level) {
    int length = table.rawlen();
    header(out, length, 0x90, 0xdc, 0xdd);
    for (int i = 1; i <= length; i++) {
      encode(out, table.get(i), level + 1);
    }
  }

  private static void encodeMap(ByteArrayOutputStream out, LuaTable table, int level) {
    int length = 0;
    LuaValue key = LuaValue.NIL;
    while (!(key = table.next(key).arg1()).isnil()) {
      length++;
    }
    header(out, length, 0x80, 0xde, 0xdf);
    key = LuaValue.NIL;
    while (true) {
      Varargs entry = table.next(key);
      key = entry.arg1();
      if (key.isnil()) {
        break;
      }
      encode(out, key, level + 1);
      encode(out, entry.arg(2), level + 1);
    }
  }

  private static void header(ByteArrayOutputStream out, int length, int fix, int code16, int code32) {
    if (length < 16) {
      out.write(fix | length);
    } else if (length <= 0xffff) {
      out.write(code16);
      bigEndian(out, length, 2);
    } else {
      out.write(code32);
      bigEndian(out, length, 4);
    }
  }

  private static void bigEndian(ByteArrayOutputStream out, long value, int size) {
    for (int i = size - 1; i >= 0; i--) {
      out.write((int) (value >>> (8 * i)) & 0xff);
    }
  }

  /**
   * mp_unpack_full. limit 0 with offset 0 decodes everything and returns just the values (so unpack_limit(s, 0)
   * does too, as in Redis); otherwise the next offset (-1 at the end) comes first.
   */
  private static Varargs unpack(Varargs args, String function, int limit, int offset) {
    LuaString s = LuaArgs.checkString(args, 1, function);
    int length = s.m_length;
    boolean all = limit == 0 && offset == 0;
    if (offset < 0 || limit < 0) {
      // lua_cmsgpack prints the input length where it means the limit.
      throw new LuaError("Invalid request to unpack with offset of " + offset + " and limit of " + length + ".");
    } else if (offset > length) {
      throw new LuaError("Start offset " + offset + " greater than input length " + length + ".");
    }
    if (all) {
      limit = Integer.MAX_VALUE;
    }
    Cursor cursor = new Cursor(s.m_bytes, s.m_offset + offset, length - offset);
    List<LuaValue> values = new ArrayList<>();
    if (!all) {
      values.add(LuaValue.NIL);
    }
    for (int count = 0; cursor.left > 0 && count < limit; count++) {
      // The argument and every value decoded so far are on lua_cmsgpack's Lua stack.
      cursor.slots = 1 + count;
      values.add(cursor.decode());
    }
    if (!all) {
      values.set(0, LuaValue.valueOf(cursor.left == 0 ? -1 : length - cursor.left));
    }
    return LuaValue.varargsOf(values.toArray(new LuaValue[0]));
  }

  /**
   * mp_cur: a position in the input and what is left; decode throws Redis's errors on bad input. It also counts the
   * Lua stack slots lua_cmsgpack would use (each open array holds its table and an index, each map its table and a
   * key) because the C stack limit of Lua 5.1 (LUAI_MAXCSTACK) is what stops deep or long input there.
   */
  private static final class Cursor {
    private final byte[] bytes;
    private int p;
    private int left;
    int slots;

    Cursor(byte[] bytes, int p, int left) {
      this.bytes = bytes;
      this.p = p;
      this.left = left;
    }

    private void need(int n) {
      if (left < n) {
        throw new LuaError("Missing bytes in input.");
      }
    }

    private void consume(int n) {
      p += n;
      left -= n;
    }

    private int u8(int at) {
      return bytes[p + at] & 0xff;
    }

    private long bigEndian(int at, int size) {
      long value = 0;
      for (int i = 0; i < size; i++) {
        value = value << 8 | u8(at + i);
      }
      return value;
    }

    /** An array or map being filled: what is left of it, and for a map the key whose value comes next. */
    private static final class Open {
      final LuaTable table = new LuaTable();
      final boolean map;
      long left;
      int index = 1;
      LuaValue key;

      Open(boolean map, long left) {
        this.map = map;
        this.left = left;
      }
    }

    private final ArrayDeque<Open> open = new ArrayDeque<>();

    /**
     * mp_decode_to_lua_type, with the arrays and maps being filled on a stack of our own rather than Java's
     * (scripts run on event loop threads, whose stack would run out before Lua's limit).
     */
    LuaValue decode() {
      while (true) {
        LuaValue value = item();
        if (value == null) {
          continue;
        }
        while (true) {
          Open table = open.peek();
          if (table == null) {
            return value;
          }
          if (table.map && table.key == null) {
            table.key = value;
            slots++;
            break;
          }
          if (table.map) {
            if (table.key.isnil()) {
              throw new LuaError("table index is nil");
            }
            if (table.key.type() == LuaValue.TNUMBER && Double.isNaN(table.key.todouble())) {
              throw new LuaError("table index is NaN");
            }
            table.table.set(table.key, value);
            table.key = null;
          } else {
            table.table.set(table.index++, value);
          }
          slots--;
          if (--table.left > 0) {
            slots += table.map ? 0 : 1;
            break;
          }
          open.pop();
          slots--;
          value = table.table;
        }
      }
    }

    /** The value starting here, or null when it is an array or map just opened (filled by decode). */
    private LuaValue item() {
      need(1);
      if (slots + 1 > CJsonEncoder.LUA_MAX_C_STACK) {
        throw new LuaError("stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)");
      }
      int code = u8(0);
      switch (code) {
        case 0xcc, 0xd0 -> {
          need(2);
          LuaValue value = LuaValue.valueOf(code == 0xcc ? u8(1) : (byte) u8(1));
          consume(2);
          return value;
        }
        case 0xcd, 0xd1 -> {
          need(3);
          long raw = bigEndian(1, 2);
          consume(3);
          return LuaValue.valueOf(code == 0xcd ? (int) raw : (short) raw);
        }
        case 0xce, 0xd2 -> {
          need(5);
          long raw = bigEndian(1, 4);
          consume(5);
          return LuaValue.valueOf(code == 0xce ? (double) raw : (double) (int) raw);
        }
        case 0xcf, 0xd3 -> {
          need(9);
          long raw = bigEndian(1, 8);
          consume(9);
          // lua_cmsgpack pushes uint 64 through lua_pushinteger, a signed 64-bit lua_Integer in 5.1.
          return LuaValue.valueOf((double) raw);
        }
        case 0xc0 -> {
          consume(1);
          return LuaValue.NIL;
        }
        case 0xc2, 0xc3 -> {
          consume(1);
          return LuaValue.valueOf(code == 0xc3);
        }
        case 0xca -> {
          need(5);
          float f = Float.intBitsToFloat((int) bigEndian(1, 4));
          consume(5);
          return LuaValue.valueOf((double) f);
        }
        case 0xcb -> {
          need(9);
          double d = Double.longBitsToDouble(bigEndian(1, 8));
          consume(9);
          return LuaValue.valueOf(d);
        }
        case 0xd9 -> {
          need(2);
          return string(2, u8(1));
        }
        case 0xda -> {
          need(3);
          return string(3, bigEndian(1, 2));
        }
        case 0xdb -> {
          need(5);
          return string(5, bigEndian(1, 4));
        }
        case 0xdc -> {
          need(3);
          long n = bigEndian(1, 2);
          consume(3);
          return array(n);
        }
        case 0xdd -> {
          need(5);
          long n = bigEndian(1, 4);
          consume(5);
          return array(n);
        }
        case 0xde -> {
          need(3);
          long n = bigEndian(1, 2);
          consume(3);
          return map(n);
        }
        case 0xdf -> {
          need(5);
          long n = bigEndian(1, 4);
          consume(5);
          return map(n);
        }
        default -> {
          if ((code & 0x80) == 0) {
            consume(1);
            return LuaValue.valueOf(code);
          } else if ((code & 0xe0) == 0xe0) {
            consume(1);
            return LuaValue.valueOf((byte) code);
          } else if ((code & 0xe0) == 0xa0) {
            return string(1, code & 0x1f);
          } else if ((code & 0xf0) == 0x90) {
            consume(1);
            return array(code & 0xf);
          } else if ((code & 0xf0) == 0x80) {
            consume(1);
            return map(code & 0xf);
          }
          throw new LuaError("Bad data format in input.");
        }
      }
    }

    private LuaValue string(int header, long length) {
      if (left < header + length) {
        throw new LuaError("Missing bytes in input.");
      }
      LuaString value = LuaString.valueOf(Arrays.copyOfRange(bytes, p + header, p + header + (int) length));
      consume(header + (int) length);
      return value;
    }

    /** An array of {@code length} elements: its table and room for an index on the stack, as lua_cmsgpack. */
    private LuaValue array(long length) {
      Open table = new Open(false, length);
      slots++;
      if (slots + 1 > CJsonEncoder.LUA_MAX_C_STACK) {
        throw new LuaError("stack overflow (in function mp_decode_to_lua_array)");
      }
      if (length == 0) {
        slots--;
        return table.table;
      }
      slots++;
      open.push(table);
      return null;
    }

    private LuaValue map(long length) {
      Open table = new Open(true, length);
      if (length == 0) {
        return table.table;
      }
      slots++;
      open.push(table);
      return null;
    }
  }
}

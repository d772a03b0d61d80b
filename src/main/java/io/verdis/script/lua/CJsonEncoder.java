package io.verdis.script.lua;

import java.io.ByteArrayOutputStream;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * cjson.encode as lua-cjson 2.1.0 writes JSON: a table is an array when its keys are all integers from 1 (holes
 * become null, too sparse ones are an error or an object), otherwise an object in table order; numbers "%.14g"
 * (encode_number_precision); strings escaped by lua-cjson's table ("/" as "\/", control bytes as \\u00XX, bytes
 * above 127 as they are); its error texts.
 */
final class CJsonEncoder {
  private static final byte[][] ESCAPES = new byte[256][];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPES[c] = String.format("\\u%04x", c).getBytes();
    }
    ESCAPES['\b'] = "\\b".getBytes();
    ESCAPES['\t'] = "\\t".getBytes();
    ESCAPES['\n'] = "\\n".getBytes();
    ESCAPES['\f'] = "\\f".getBytes();
    ESCAPES['\r'] = "\\r".getBytes();
    ESCAPES['"'] = "\\\"".getBytes();
    ESCAPES['\\'] = "\\\\".getBytes();
    ESCAPES['/'] = "\\/".getBytes();
    ESCAPES[0x7f] = "\\u007f".getBytes();
  }

  private final CJsonLibrary.Config config;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  CJsonEncoder(CJsonLibrary.Config config) {
    this.config = config;
  }

  /** The C stack Lua 5.1 lets a C function use (LUAI_MAXCSTACK): lua-cjson checks room for 3 more slots per level. */
  static final int LUA_MAX_C_STACK = 8000;

  /** How deep the encoder is, for the error should Java's stack run out first. */
  private int deepest;

  Varargs encode(LuaValue value) {
    try {
      append(value, 0, 1);
    } catch (StackOverflowError e) {
      // Only past max depths far above the default 1000, on a thread with a small stack: fail as the limit would.
      throw new LuaError("Cannot serialise, excessive nesting (" + deepest + ")");
    }
    return LuaString.valueOf(out.toByteArray());
  }

  /**
   * {@code slots}: what lua-cjson would hold on the Lua stack here (the argument, then each enclosing array's
   * element or object's key and value), since running out of it is the other way its "excessive nesting" happens.
   */
  private void append(LuaValue value, int depth, int slots) {
    switch (value.type()) {
      case LuaValue.TSTRING -> appendString(value.checkstring());
      case LuaValue.TNUMBER -> appendNumber(value);
      case LuaValue.TBOOLEAN -> ascii(value.toboolean() ? "true" : "false");
      case LuaValue.TNIL -> ascii("null");
      case LuaValue.TTABLE -> {
        depth++;
        deepest = depth;
        if (depth > config.encodeMaxDepth || slots + 3 > LUA_MAX_C_STACK) {
          throw new LuaError("Cannot serialise, excessive nesting (" + depth + ")");
        }
        LuaTable table = value.checktable();
        int length = arrayLength(table);
        if (length > 0) {
          appendArray(table, length, depth, slots);
        } else {
          appendObject(table, depth, slots);
        }
      }
      default -> {
        if (value == CJsonLibrary.NULL) {
          ascii("null");
        } else {
          throw cannotSerialise(value, "type not supported");
        }
      }
    }
  }

  /** lua_array_length: the largest key if every key is an integer >= 1 and the array is not too sparse; else -1. */
  private int arrayLength(LuaTable table) {
    double max = 0;
    int items = 0;
    LuaValue key = LuaValue.NIL;
    while (true) {
      Varargs entry = table.next(key);
      key = entry.arg1();
      if (key.isnil()) {
        break;
      }
      if (key.type() != LuaValue.TNUMBER) {
        return -1;
      }
      double k = key.todouble();
      if (k == 0 || Math.floor(k) != k || k < 1) {
        return -1;
      }
      max = Math.max(max, k);
      items++;
    }
    int length = LuaArgs.toInt(max);
    if (config.sparseRatio > 0 && length > (long) items * config.sparseRatio && length > config.sparseSafe) {
      if (!config.sparseConvert) {
        throw cannotSerialise(table, "excessively sparse array");
      }
      return -1;
    }
    return length;
  }

  private void appendArray(LuaTable table, int length, int depth, int slots) {
    out.write('[');
    for (int i = 1; i <= length; i++) {
      if (i > 1) {
        out.write(',');
      }
      append(table.rawget(i), depth, slots + 1);
    }
    out.write(']');
  }

  private void appendObject(LuaTable table, int depth, int slots) {
    out.write('{');
    boolean comma = false;
    LuaValue key = LuaValue.NIL;
    while (true) {
      Varargs entry = table.next(key);
      key = entry.arg1();
      if (key.isnil()) {
        break;
      }
      if (comma) {
        out.write(',');
      }
      comma = true;
      if (key.type() == LuaValue.TNUMBER) {
        out.write('"');
        appendNumber(key);
        out.write('"');
        out.write(':');
      } else if (key.type() == LuaValue.TSTRING) {
        appendString(key.checkstring());
        out.write(':');
      } else {
        throw cannotSerialise(key, "table key must be a number or string");
      }
      append(entry.arg(2), depth, slots + 2);
    }
    out.write('}');
  }

  private void appendNumber(LuaValue value) {
    double number = value.todouble();
    boolean invalid = Double.isNaN(number) || Double.isInfinite(number);
    if (invalid && config.encodeInvalidNumbers == 0) {
      throw cannotSerialise(value, "must not be NaN or Inf");
    }
    if (invalid && config.encodeInvalidNumbers == 2) {
      ascii("null");
      return;
    }
    if (Double.isNaN(number)) {
      // lua-cjson writes "nan" itself "since some platforms may encode as -nan".
      ascii("nan");
      return;
    }
    ascii(config.encodeNumberPrecision == 14 ? CFormat.luaNumber(number)
        : CFormat.g(number, config.encodeNumberPrecision, false));
  }

  private void appendString(LuaString s) {
    out.write('"');
    for (int i = 0; i < s.m_length; i++) {
      int b = s.m_bytes[s.m_offset + i] & 0xff;
      byte[] escape = ESCAPES[b];
      if (escape == null) {
        out.write(b);
      } else {
        out.write(escape, 0, escape.length);
      }
    }
    out.write('"');
  }

  private void ascii(String text) {
    for (int i = 0; i < text.length(); i++) {
      out.write(text.charAt(i));
    }
  }

  private static LuaError cannotSerialise(LuaValue value, String reason) {
    return new LuaError("Cannot serialise " + value.typename() + ": " + reason);
  }
}

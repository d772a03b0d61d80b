package io.verdis.script.lua;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;

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

  /** A table being written: an array's next index, or an object's last key. */
  private static final class Open {
    final LuaTable table;
    final int length;
    final int depth;
    final int slots;
    int index = 1;
    LuaValue key = LuaValue.NIL;

    Open(LuaTable table, int length, int depth, int slots) {
      this.table = table;
      this.length = length;
      this.depth = depth;
      this.slots = slots;
    }

    boolean array() {
      return length > 0;
    }
  }

  /**
   * json_append_data, with the tables being written on a stack of our own rather than Java's: scripts run on event
   * loop threads, whose stack would run out before lua-cjson's depth limits.
   */
  Varargs encode(LuaValue value) {
    ArrayDeque<Open> open = new ArrayDeque<>();
    append(value, 0, 1, open);
    while (!open.isEmpty()) {
      Open table = open.peek();
      if (table.array()) {
        if (table.index > table.length) {
          out.write(']');
          open.pop();
          continue;
        }
        if (table.index > 1) {
          out.write(',');
        }
        append(table.table.rawget(table.index++), table.depth, table.slots + 1, open);
        continue;
      }
      boolean first = table.key.isnil();
      Varargs entry = table.table.next(table.key);
      table.key = entry.arg1();
      if (table.key.isnil()) {
        out.write('}');
        open.pop();
        continue;
      }
      if (!first) {
        out.write(',');
      }
      if (table.key.type() == LuaValue.TNUMBER) {
        out.write('"');
        appendNumber(table.key);
        out.write('"');
        out.write(':');
      } else if (table.key.type() == LuaValue.TSTRING) {
        appendString(table.key.checkstring());
        out.write(':');
      } else {
        throw cannotSerialise(table.key, "table key must be a number or string");
      }
      append(entry.arg(2), table.depth, table.slots + 2, open);
    }
    return LuaString.valueOf(out.toByteArray());
  }

  /**
   * One value: a scalar is written; a table is checked against the depth limits, opened and pushed. {@code slots}:
   * what lua-cjson would hold on the Lua stack here (the argument, then each enclosing array's element or object's
   * key and value), since running out of it is the other way its "excessive nesting" happens.
   */
  private void append(LuaValue value, int depth, int slots, ArrayDeque<Open> open) {
    switch (value.type()) {
      case LuaValue.TSTRING -> appendString(value.checkstring());
      case LuaValue.TNUMBER -> appendNumber(value);
      case LuaValue.TBOOLEAN -> ascii(value.toboolean() ? "true" : "false");
      case LuaValue.TNIL -> ascii("null");
      case LuaValue.TTABLE -> {
        depth++;
        if (depth > config.encodeMaxDepth || slots + 3 > LUA_MAX_C_STACK) {
          throw new LuaError("Cannot serialise, excessive nesting (" + depth + ")");
        }
        LuaTable table = value.checktable();
        int length = arrayLength(table);
        out.write(length > 0 ? '[' : '{');
        open.push(new Open(table, Math.max(length, 0), depth, slots));
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

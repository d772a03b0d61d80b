package io.verdis.script.lua;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Lua 5.1's lauxlib argument checks (luaL_checknumber, luaL_checklstring, luaL_argerror …) with their error texts,
 * "bad argument #1 to 'band' (number expected, got string)", which LuaJ words differently; and the one way the
 * libraries here declare a Lua function.
 */
final class LuaArgs {
  private LuaArgs() {
  }

  /** The body of a library function. */
  interface Body {
    Varargs invoke(Varargs args);
  }

  /** A Lua function named {@code name} (the name errors and tostring show). */
  static VarArgFunction function(String name, Body body) {
    return new Named(name, body);
  }

  private static final class Named extends VarArgFunction {
    private final Body body;

    Named(String name, Body body) {
      this.name = name;
      this.body = body;
    }

    @Override
    public Varargs invoke(Varargs args) {
      return body.invoke(args);
    }
  }

  static LuaError argError(int n, String function, String message) {
    return new LuaError("bad argument #" + n + " to '" + function + "' (" + message + ")");
  }

  static LuaError typeError(Varargs args, int n, String function, String expected) {
    String got = n > args.narg() ? "no value" : args.arg(n).typename();
    return argError(n, function, expected + " expected, got " + got);
  }

  /** lua_tonumber: numbers, and strings that spell one (as Lua 5.1 reads them); null otherwise. */
  static Double toNumber(LuaValue value) {
    return switch (value.type()) {
      case LuaValue.TNUMBER -> value.todouble();
      case LuaValue.TSTRING -> CNumberScan.str2d(value.checkstring());
      default -> null;
    };
  }

  static double checkNumber(Varargs args, int n, String function) {
    Double value = toNumber(args.arg(n));
    if (value == null) {
      throw typeError(args, n, function, "number");
    }
    return value;
  }

  /** luaL_checkinteger: the number cast to C's long. */
  static long checkInteger(Varargs args, int n, String function) {
    return CFormat.toLong(checkNumber(args, n, function));
  }

  static long optInteger(Varargs args, int n, String function, long otherwise) {
    return args.isnoneornil(n) ? otherwise : checkInteger(args, n, function);
  }

  /** luaL_checkint: the number cast to C's int (out of range: INT_MIN, as x86 does). */
  static int checkInt(Varargs args, int n, String function) {
    return toInt(checkNumber(args, n, function));
  }

  static int toInt(double value) {
    return value >= Integer.MIN_VALUE && value < 0x1p31 ? (int) value : Integer.MIN_VALUE;
  }

  /** luaL_checklstring: strings, and numbers as their "%.14g" text. */
  static LuaString checkString(Varargs args, int n, String function) {
    LuaValue value = args.arg(n);
    return switch (value.type()) {
      case LuaValue.TSTRING -> value.checkstring();
      case LuaValue.TNUMBER -> LuaString.valueOf(value.tojstring());
      default -> throw typeError(args, n, function, "string");
    };
  }

  static LuaTable checkTable(Varargs args, int n, String function) {
    if (!args.arg(n).istable()) {
      throw typeError(args, n, function, "table");
    }
    return args.arg(n).checktable();
  }

  static LuaValue checkAny(Varargs args, int n, String function) {
    if (n > args.narg()) {
      throw argError(n, function, "value expected");
    }
    return args.arg(n);
  }

  /** The bytes of a Lua string (a copy when the string is a slice of a larger array). */
  static byte[] bytes(LuaString s) {
    if (s.m_offset == 0 && s.m_length == s.m_bytes.length) {
      return s.m_bytes;
    }
    byte[] copy = new byte[s.m_length];
    System.arraycopy(s.m_bytes, s.m_offset, copy, 0, s.m_length);
    return copy;
  }
}

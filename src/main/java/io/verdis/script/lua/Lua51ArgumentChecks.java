package io.verdis.script.lua;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Lua 5.1's argument errors for the LuaJ functions kept as they are. LuaJ words them "bad argument: table expected,
 * got nil" (no argument number, no function name); 5.1 says "bad argument #1 to 'ipairs' (table expected, got no
 * value)". Each function is wrapped by a check of its arguments as the 5.1 C function makes them, in the same order,
 * before LuaJ's runs; numbers given as strings are converted as 5.1 reads them.
 *
 * <p>A signature has one letter per argument: n number, s string (or number), t table, f function, a any value;
 * r a gsub replacement (string, number, table or function); upper case when the argument may be absent or nil; a
 * final '+' repeats the last letter for every further argument.
 */
final class Lua51ArgumentChecks {
  private Lua51ArgumentChecks() {
  }

  static void install(Globals globals) {
    wrap(globals, "ipairs", "t");
    wrap(globals, "pairs", "t");
    wrap(globals, "next", "tA");
    wrap(globals, "rawequal", "aa");
    wrap(globals, "rawget", "ta");
    wrap(globals, "rawset", "taa");
    wrap(globals, "getmetatable", "a");
    wrap(globals, "tostring", "a");
    wrap(globals, "type", "a");
    wrap(globals, "assert", "a");
    wrap(globals, "pcall", "a");
    LuaValue setmetatable = globals.get("setmetatable");
    globals.set("setmetatable", LuaArgs.function("setmetatable", args -> {
      LuaArgs.checkTable(args, 1, "setmetatable");
      if (!args.arg(2).isnil() && !args.arg(2).istable()) {
        throw LuaArgs.argError(2, "setmetatable", "nil or table expected");
      }
      return setmetatable.invoke(args);
    }));
    globals.set("select", LuaArgs.function("select", Lua51ArgumentChecks::select));

    LuaTable string = globals.get("string").checktable();
    wrap(string, "byte", "sNN");
    string.set("char", LuaArgs.function("char", Lua51ArgumentChecks::stringChar));
    wrapPattern(string, "find", "ssN");
    wrapPattern(string, "match", "ssN");
    wrapPattern(string, "gmatch", "ss");
    wrapPattern(string, "gfind", "ss");
    wrapPattern(string, "gsub", "ssrN");
    wrap(string, "len", "s");
    wrap(string, "reverse", "s");
    wrap(string, "sub", "snN");

    LuaTable math = globals.get("math").checktable();
    for (String name : new String[] {"abs", "acos", "asin", "atan", "ceil", "cos", "cosh", "deg", "exp", "floor",
        "frexp", "modf", "rad", "sin", "sinh", "sqrt", "tan", "tanh"}) {
      wrap(math, name, "n");
    }
    for (String name : new String[] {"atan2", "fmod", "mod", "ldexp", "pow"}) {
      wrap(math, name, "nn");
    }
    wrap(math, "max", "n+");
    wrap(math, "min", "n+");

    LuaTable table = globals.get("table").checktable();
    wrap(table, "sort", "tF");
  }

  /** luaB_select: '#' counts, a negative index counts from the end, past the end gives nothing. */
  private static Varargs select(Varargs args) {
    int n = args.narg();
    LuaValue first = args.arg1();
    if (first.type() == LuaValue.TSTRING && first.checkstring().m_length > 0
        && first.checkstring().luaByte(0) == '#') {
      return LuaValue.valueOf(n - 1);
    }
    int i = LuaArgs.checkInt(args, 1, "select");
    if (i < 0) {
      i = n + i;
    } else if (i > n) {
      i = n;
    }
    if (i < 1) {
      throw LuaArgs.argError(1, "select", "index out of range");
    }
    return args.subargs(i + 1);
  }

  /** str_char: each argument a number whose int is a byte. */
  private static Varargs stringChar(Varargs args) {
    byte[] bytes = new byte[args.narg()];
    for (int i = 1; i <= bytes.length; i++) {
      int c = LuaArgs.checkInt(args, i, "char");
      if ((c & 0xff) != c) {
        throw LuaArgs.argError(i, "char", "invalid value");
      }
      bytes[i - 1] = (byte) c;
    }
    return LuaString.valueOf(bytes);
  }

  /**
   * As {@link #wrap}, and LuaJ's matcher failing with a Java exception on a malformed pattern (it indexes past the
   * end of "%f" or "[a") becomes the error 5.1 raises for it.
   */
  private static void wrapPattern(LuaTable library, String name, String signature) {
    LuaValue original = library.get(name);
    library.set(name, LuaArgs.function(name, args -> {
      Varargs checked = check(args, name, signature, false);
      try {
        return original.invoke(checked);
      } catch (RuntimeException e) {
        if (e instanceof LuaError) {
          throw e;
        }
        throw new LuaError(malformed(checked.checkstring(2)));
      }
    }));
  }

  /** The first error 5.1's matcher reports for a pattern it cannot read. */
  static String malformed(LuaString pattern) {
    int n = pattern.m_length;
    for (int i = 0; i < n; i++) {
      int c = pattern.luaByte(i);
      if (c == '%') {
        if (i + 1 >= n) {
          return "malformed pattern (ends with '%')";
        }
        int next = pattern.luaByte(i + 1);
        if (next == 'b' && i + 3 >= n) {
          return "unbalanced pattern";
        }
        if (next == 'f' && (i + 2 >= n || pattern.luaByte(i + 2) != '[')) {
          return "missing '[' after '%f' in pattern";
        }
        i++;
      } else if (c == '[') {
        int j = i + 1;
        if (j < n && pattern.luaByte(j) == '^') {
          j++;
        }
        do {
          if (j >= n) {
            return "malformed pattern (missing ']')";
          }
          if (pattern.luaByte(j++) == '%' && j < n) {
            j++;
          }
        } while (j >= n || pattern.luaByte(j) != ']');
        i = j;
      }
    }
    return "malformed pattern";
  }

  private static void wrap(LuaTable library, String name, String signature) {
    LuaValue original = library.get(name);
    boolean repeat = signature.endsWith("+");
    String letters = repeat ? signature.substring(0, signature.length() - 1) : signature;
    library.set(name, LuaArgs.function(name, args -> original.invoke(check(args, name, letters, repeat))));
  }

  /** The arguments checked against the signature, with numeric strings made numbers where numbers are expected. */
  static Varargs check(Varargs args, String function, String letters, boolean repeat) {
    // With '+', every argument given is checked, and at least one is needed when the letter is lower case.
    int count = repeat ? Math.max(args.narg(), Character.isLowerCase(letters.charAt(0)) ? letters.length() : 0)
        : letters.length();
    LuaValue[] checked = null;
    for (int n = 1; n <= count; n++) {
      char letter = letters.charAt(Math.min(n, letters.length()) - 1);
      boolean optional = Character.isUpperCase(letter) && !repeat;
      LuaValue value = args.arg(n);
      if (optional && value.isnil()) {
        continue;
      }
      switch (Character.toLowerCase(letter)) {
        case 'n' -> {
          if (value.type() != LuaValue.TNUMBER) {
            double number = LuaArgs.checkNumber(args, n, function);
            checked = checked != null ? checked : copy(args);
            checked[n - 1] = LuaValue.valueOf(number);
          }
        }
        case 's' -> LuaArgs.checkString(args, n, function);
        case 't' -> LuaArgs.checkTable(args, n, function);
        case 'r' -> {
          if (!value.isstring() && !value.istable() && !value.isfunction()) {
            throw LuaArgs.argError(n, function, "string/function/table expected");
          }
        }
        case 'f' -> {
          if (!value.isfunction()) {
            throw LuaArgs.typeError(args, n, function, "function");
          }
        }
        default -> LuaArgs.checkAny(args, n, function);
      }
    }
    return checked == null ? args : LuaValue.varargsOf(checked);
  }

  private static LuaValue[] copy(Varargs args) {
    LuaValue[] values = new LuaValue[args.narg()];
    for (int i = 0; i < values.length; i++) {
      values[i] = args.arg(i + 1);
    }
    return values;
  }
}

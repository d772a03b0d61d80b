package io.verdis.script.lua;

import java.io.ByteArrayOutputStream;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The table library of Lua 5.1 (ltablib.c) where LuaJ's 5.2 one differs: getn, setn, maxn, foreach and foreachi,
 * which 5.2 dropped; insert (a position past the end grows the array, too many arguments is an error), remove
 * (nothing at all outside 1..n) and concat (Redis's error text for a value that is not a string).
 */
final class Lua51Table {
  private Lua51Table() {
  }

  static void install(LuaTable table) {
    table.set("getn", LuaArgs.function("getn", args -> LuaValue.valueOf(LuaArgs.checkTable(args, 1, "getn").length())));
    table.set("setn", LuaArgs.function("setn", args -> {
      LuaArgs.checkTable(args, 1, "setn");
      throw new LuaError("'setn' is obsolete");
    }));
    table.set("maxn", LuaArgs.function("maxn", Lua51Table::maxn));
    table.set("foreach", LuaArgs.function("foreach", Lua51Table::foreach));
    table.set("foreachi", LuaArgs.function("foreachi", Lua51Table::foreachi));
    table.set("insert", LuaArgs.function("insert", Lua51Table::insert));
    table.set("remove", LuaArgs.function("remove", Lua51Table::remove));
    table.set("concat", LuaArgs.function("concat", Lua51Table::concat));
  }

  private static Varargs maxn(Varargs args) {
    LuaTable table = LuaArgs.checkTable(args, 1, "maxn");
    double max = 0;
    LuaValue key = LuaValue.NIL;
    while (!(key = table.next(key).arg1()).isnil()) {
      if (key.type() == LuaValue.TNUMBER && key.todouble() > max) {
        max = key.todouble();
      }
    }
    return LuaValue.valueOf(max);
  }

  private static Varargs foreach(Varargs args) {
    LuaTable table = LuaArgs.checkTable(args, 1, "foreach");
    LuaValue function = checkFunction(args, 2, "foreach");
    LuaValue key = LuaValue.NIL;
    while (true) {
      Varargs entry = table.next(key);
      key = entry.arg1();
      if (key.isnil()) {
        return LuaValue.NIL;
      }
      LuaValue result = function.call(key, entry.arg(2));
      if (!result.isnil()) {
        return result;
      }
    }
  }

  private static Varargs foreachi(Varargs args) {
    LuaTable table = LuaArgs.checkTable(args, 1, "foreachi");
    LuaValue function = checkFunction(args, 2, "foreachi");
    int length = table.length();
    for (int i = 1; i <= length; i++) {
      LuaValue result = function.call(LuaValue.valueOf(i), table.rawget(i));
      if (!result.isnil()) {
        return result;
      }
    }
    return LuaValue.NIL;
  }

  private static LuaValue checkFunction(Varargs args, int n, String function) {
    if (!args.arg(n).isfunction()) {
      throw LuaArgs.typeError(args, n, function, "function");
    }
    return args.arg(n);
  }

  private static Varargs insert(Varargs args) {
    LuaTable table = LuaArgs.checkTable(args, 1, "insert");
    int e = table.length() + 1;
    int pos;
    switch (args.narg()) {
      case 2 -> pos = e;
      case 3 -> {
        pos = LuaArgs.checkInt(args, 2, "insert");
        if (pos > e) {
          e = pos;
        }
        for (int i = e; i > pos; i--) {
          table.rawset(i, table.rawget(i - 1));
        }
      }
      default -> throw new LuaError("wrong number of arguments to 'insert'");
    }
    table.rawset(pos, args.arg(args.narg()));
    return LuaValue.NONE;
  }

  private static Varargs remove(Varargs args) {
    LuaTable table = LuaArgs.checkTable(args, 1, "remove");
    int e = table.length();
    int pos = args.isnoneornil(2) ? e : LuaArgs.checkInt(args, 2, "remove");
    if (pos < 1 || pos > e) {
      return LuaValue.NONE;
    }
    LuaValue removed = table.rawget(pos);
    for (; pos < e; pos++) {
      table.rawset(pos, table.rawget(pos + 1));
    }
    table.rawset(e, LuaValue.NIL);
    return removed;
  }

  private static Varargs concat(Varargs args) {
    LuaString separator = args.isnoneornil(2) ? LuaValue.EMPTYSTRING : LuaArgs.checkString(args, 2, "concat");
    LuaTable table = LuaArgs.checkTable(args, 1, "concat");
    int i = args.isnoneornil(3) ? 1 : LuaArgs.checkInt(args, 3, "concat");
    int last = args.isnoneornil(4) ? table.length() : LuaArgs.checkInt(args, 4, "concat");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (; i <= last; i++) {
      LuaValue value = table.rawget(i);
      if (value.type() != LuaValue.TSTRING && value.type() != LuaValue.TNUMBER) {
        throw new LuaError("invalid value (" + value.typename() + ") at index " + i + " in table for 'concat'");
      }
      LuaString s = value.strvalue();
      out.write(s.m_bytes, s.m_offset, s.m_length);
      if (i != last) {
        out.write(separator.m_bytes, separator.m_offset, separator.m_length);
      }
    }
    return LuaString.valueOf(out.toByteArray());
  }
}

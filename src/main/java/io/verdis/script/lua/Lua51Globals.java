package io.verdis.script.lua;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Turns LuaJ's 5.2-flavoured base, string, table and math libraries into the Lua 5.1 that Redis scripts see:
 * adds what 5.1 has and LuaJ lacks (unpack, loadstring, gcinfo, math.mod, math.log10, string.gfind, and the table
 * functions of {@link Lua51Table}), takes away what 5.2 added (table.pack, table.unpack, rawlen, bit32), and
 * replaces the functions whose 5.1 behaviour LuaJ does not have: tonumber (strtod's syntax), string.format (C's
 * printf), string.upper/lower (bytes, not Java's Unicode case mapping, which rewrites bytes above 127), string.rep
 * (LuaJ fails on a negative count), math.log (one argument), math.random (Redis's generator, {@link RedisRandom}),
 * load (functions only, as 5.1), xpcall (no extra arguments).
 */
final class Lua51Globals {
  private static final LuaValue TEXT_ONLY = LuaValue.valueOf("t");

  private Lua51Globals() {
  }

  /**
   * The globals a loaded chunk sees, as 5.1's loadstring gives it the global table scripts see: _G, which a sandbox
   * may have set to a protected view after this install, looked up when the chunk is loaded.
   */
  private static LuaValue scriptGlobals(Globals globals) {
    LuaValue g = globals.rawget("_G");
    return g.istable() ? g : globals;
  }

  static void install(Globals globals) {
    LuaTable table = globals.get("table").checktable();
    LuaTable string = globals.get("string").checktable();
    LuaTable math = globals.get("math").checktable();
    LuaValue luajUnpack = table.get("unpack");
    LuaValue luajLoad = globals.get("load");
    LuaValue luajXpcall = globals.get("xpcall");

    globals.set("_VERSION", "Lua 5.1");
    globals.set("rawlen", LuaValue.NIL);
    globals.set("bit32", LuaValue.NIL);
    table.set("pack", LuaValue.NIL);
    table.set("unpack", LuaValue.NIL);

    globals.set("unpack", LuaArgs.function("unpack", args -> {
      LuaArgs.checkTable(args, 1, "unpack");
      return luajUnpack.invoke(args);
    }));
    globals.set("loadstring", LuaArgs.function("loadstring", args -> {
      LuaString chunk = LuaArgs.checkString(args, 1, "loadstring");
      LuaValue name = chunkId(args.isnoneornil(2) ? chunk : LuaArgs.checkString(args, 2, "loadstring"));
      // Text only: Redis refuses precompiled chunks, and LuaJ's would not be 5.1's anyway.
      return luajLoad.invoke(LuaValue.varargsOf(new LuaValue[] {chunk, name, TEXT_ONLY, scriptGlobals(globals)}));
    }));
    globals.set("load", LuaArgs.function("load", args -> {
      if (!args.arg1().isfunction()) {
        throw LuaArgs.typeError(args, 1, "load", "function");
      }
      LuaValue name = chunkId(args.isnoneornil(2) ? LuaValue.valueOf("=(load)") : LuaArgs.checkString(args, 2, "load"));
      return luajLoad.invoke(
          LuaValue.varargsOf(new LuaValue[] {args.arg1(), name, TEXT_ONLY, scriptGlobals(globals)}));
    }));
    globals.set("xpcall", LuaArgs.function("xpcall", args -> luajXpcall.invoke(args.arg1(), args.arg(2))));
    globals.set("gcinfo", LuaArgs.function("gcinfo", args -> {
      Runtime runtime = Runtime.getRuntime();
      return LuaValue.valueOf((int) ((runtime.totalMemory() - runtime.freeMemory()) / 1024));
    }));
    globals.set("tonumber", LuaArgs.function("tonumber", Lua51Globals::tonumber));

    Lua51Table.install(table);

    math.set("mod", math.get("fmod"));
    math.set("log10", LuaArgs.function("log10",
        args -> LuaValue.valueOf(Math.log10(LuaArgs.checkNumber(args, 1, "log10")))));
    math.set("log", LuaArgs.function("log", args -> LuaValue.valueOf(Math.log(LuaArgs.checkNumber(args, 1, "log")))));

    string.set("gfind", string.get("gmatch"));
    string.set("upper", LuaArgs.function("upper", args -> asciiCase(LuaArgs.checkString(args, 1, "upper"), true)));
    string.set("lower", LuaArgs.function("lower", args -> asciiCase(LuaArgs.checkString(args, 1, "lower"), false)));
    string.set("format", StringFormat.function());
    string.set("rep", LuaArgs.function("rep", Lua51Globals::rep));
    RedisRandom.install(math);
  }

  /**
   * The chunk name as Lua 5.1's luaO_chunkid shows it in messages ([string "first line..."], a file name, or a
   * '='-name as given), passed to LuaJ as a '='-name so that LuaJ shows it as it is.
   */
  static LuaValue chunkId(LuaString source) {
    String text = source.tojstring();
    // LUA_IDSIZE, as errors raised while the chunk runs show it. (5.1's lexer uses 80 for syntax errors: one name
    // cannot serve both, so a syntax error in a chunk whose first line passes 43 bytes shows less of it than Redis.)
    final int idSize = 60;
    String id;
    if (text.startsWith("=")) {
      id = text.substring(1, Math.min(text.length(), idSize));
    } else if (text.startsWith("@")) {
      String file = text.substring(1);
      int room = idSize - " '...' ".length() - 1;
      id = file.length() > room ? "..." + file.substring(file.length() - room) : file;
    } else {
      int length = 0;
      while (length < text.length() && text.charAt(length) != '\n' && text.charAt(length) != '\r') {
        length++;
      }
      int room = idSize - " [string \"...\"] ".length() - 1;
      length = Math.min(length, room);
      id = "[string \"" + (length < text.length() ? text.substring(0, length) + "..." : text) + "\"]";
    }
    return LuaValue.valueOf("=" + id);
  }

  /** luaB_tonumber: base 10 reads numbers as the lexer's strtod does; other bases go through strtoul. */
  private static Varargs tonumber(Varargs args) {
    int base = args.isnoneornil(2) ? 10 : LuaArgs.checkInt(args, 2, "tonumber");
    if (base == 10) {
      LuaValue value = LuaArgs.checkAny(args, 1, "tonumber");
      Double number = LuaArgs.toNumber(value);
      return number == null ? LuaValue.NIL : value.type() == LuaValue.TNUMBER ? value : LuaValue.valueOf(number);
    }
    LuaString text = LuaArgs.checkString(args, 1, "tonumber");
    if (base < 2 || base > 36) {
      throw LuaArgs.argError(2, "tonumber", "base out of range");
    }
    Double number = CNumberScan.strtoul(text, base);
    return number == null ? LuaValue.NIL : LuaValue.valueOf(number);
  }

  /** str_rep: n copies (none when n <= 0; 5.1 has no separator). */
  private static Varargs rep(Varargs args) {
    LuaString s = LuaArgs.checkString(args, 1, "rep");
    int n = LuaArgs.checkInt(args, 2, "rep");
    if (n <= 0 || s.m_length == 0) {
      return LuaValue.EMPTYSTRING;
    }
    if ((long) s.m_length * n > Integer.MAX_VALUE - 8) {
      throw new LuaError("not enough memory");
    }
    byte[] bytes = new byte[s.m_length * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(s.m_bytes, s.m_offset, bytes, i * s.m_length, s.m_length);
    }
    return LuaString.valueOf(bytes);
  }

  /** C's toupper/tolower in the C locale: ASCII letters only, every other byte as it is. */
  private static LuaValue asciiCase(LuaString s, boolean upper) {
    byte[] bytes = new byte[s.m_length];
    for (int i = 0; i < bytes.length; i++) {
      byte b = s.m_bytes[s.m_offset + i];
      if (upper && b >= 'a' && b <= 'z') {
        b -= 32;
      } else if (!upper && b >= 'A' && b <= 'Z') {
        b += 32;
      }
      bytes[i] = b;
    }
    return LuaString.valueOf(bytes);
  }
}

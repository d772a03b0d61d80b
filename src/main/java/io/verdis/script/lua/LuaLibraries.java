package io.verdis.script.lua;

import org.luaj.vm2.Globals;

/**
 * What Redis 7.0 adds to a script's Lua on top of the standard libraries, for LuaJ: the bundled cjson, cmsgpack,
 * bit and struct libraries, and the Lua 5.1 behaviour LuaJ lacks (see {@link Lua51Globals}; numbers print as
 * 5.1's "%.14g" through our org.luaj.vm2.LuaDouble). Call once on globals that already hold LuaJ's base, string,
 * table and math libraries, before the sandbox protects them.
 */
public final class LuaLibraries {
  private LuaLibraries() {
  }

  public static void install(Globals globals) {
    Lua51Globals.install(globals);
    Lua51ArgumentChecks.install(globals);
    globals.set("cjson", CJsonLibrary.create());
    globals.set("cmsgpack", CMsgPackLibrary.create());
    globals.set("bit", BitLibrary.create());
    globals.set("struct", StructLibrary.create());
  }
}

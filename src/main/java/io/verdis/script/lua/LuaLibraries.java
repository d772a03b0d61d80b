package io.verdis.script.lua;

import org.luaj.vm2.Globals;

/**
 * What Redis 7.0 adds to a script's Lua on top of the standard libraries, for LuaJ: the bundled cjson, cmsgpack,
 * bit and struct libraries ({@link CJsonLibrary}, {@link CMsgPackLibrary}, {@link BitLibrary},
 * {@link StructLibrary}), and the Lua 5.1 behaviour LuaJ lacks ({@link Lua51Globals}, {@link Lua51Table},
 * {@link Lua51ArgumentChecks}). Numbers print as 5.1's "%.14g", and strings read as numbers as 5.1 reads them,
 * through our own org.luaj.vm2.LuaDouble, LuaInteger and LuaString, which shadow LuaJ's. Call once on globals that
 * already hold LuaJ's base, string, table and math libraries, before the sandbox protects them.
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

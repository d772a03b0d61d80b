package io.verdis.script.lua;

import org.luaj.vm2.Globals;

/** Redis's bundled Lua libraries and the Lua 5.1 globals LuaJ lacks (placeholder until the libraries land). */
public final class LuaLibraries {
  private LuaLibraries() {
  }

  public static void install(Globals globals) {
    globals.set("unpack", globals.get("table").get("unpack"));
    globals.set("loadstring", globals.get("load"));
  }
}

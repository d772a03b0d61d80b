package io.verdis.script;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;

/**
 * What scripts see as their globals: empty, reading through its metatable, refusing every write
 * once frozen, rawset(_G, …) included (Redis 7's read-only globals). A Globals, since LuaJ runs its
 * debug hooks (the watchdog) only for closures whose environment is one.
 */
final class ReadOnlyGlobals extends Globals {
  private boolean frozen;

  void freeze() {
    frozen = true;
  }

  @Override
  public void set(int key, LuaValue value) {
    refuseIfFrozen(1);
    super.set(key, value);
  }

  @Override
  public void set(LuaValue key, LuaValue value) {
    refuseIfFrozen(1);
    super.set(key, value);
  }

  @Override
  public void rawset(int key, LuaValue value) {
    refuseIfFrozen(0);
    super.rawset(key, value);
  }

  @Override
  public void rawset(LuaValue key, LuaValue value) {
    refuseIfFrozen(0);
    super.rawset(key, value);
  }

  @Override
  public LuaValue setmetatable(LuaValue metatable) {
    refuseIfFrozen(0);
    return super.setmetatable(metatable);
  }

  private void refuseIfFrozen(int level) {
    if (frozen) {
      throw ReadOnlyTable.refusal(level);
    }
  }
}

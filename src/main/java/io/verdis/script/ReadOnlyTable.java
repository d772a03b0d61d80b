package io.verdis.script;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * A table read-only once frozen, as Redis 7 makes the redis table and every library table
 * (lua_enablereadonlytable): a script cannot change redis.call, string.format … for the scripts
 * after it on this thread. A metatable's __newindex
 * would not do, as it sees only the keys a table lacks; here every write is refused, rawset too.
 * As in Redis, an assignment's error says where it is in the script ("user_script:1: …"), that
 * of a library function (rawset, setmetatable, table.insert) does not.
 *
 * <p>A Globals, so that it can also be the environment scripts run in (their read-only globals):
 * LuaJ runs its debug hooks, the watchdog, only for closures whose environment is one.
 */
public final class ReadOnlyTable extends Globals {
  private static final String REFUSAL = "Attempt to modify a readonly table";
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

  /** LuaJ's sort swaps array slots itself; Lua's writes only when there are two elements or more. */
  @Override
  public void sort(LuaValue comparator) {
    if (rawlen() > 1) {
      refuseIfFrozen(0);
    }
    super.sort(comparator);
  }

  /** {@code level} 1: the error names the script line running; 0: it does not. */
  private void refuseIfFrozen(int level) {
    if (frozen) {
      throw refusal(level);
    }
  }

  static LuaError refusal(int level) {
    return new LuaError(REFUSAL, level);
  }

  /** A frozen copy of {@code table}'s entries (a library table LuaJ built). */
  static ReadOnlyTable copyOf(LuaTable table) {
    ReadOnlyTable copy = new ReadOnlyTable();
    LuaValue key = LuaValue.NIL;
    while (true) {
      org.luaj.vm2.Varargs next = table.next(key);
      key = next.arg1();
      if (key.isnil()) {
        break;
      }
      copy.rawset(key, next.arg(2));
    }
    copy.freeze();
    return copy;
  }
}

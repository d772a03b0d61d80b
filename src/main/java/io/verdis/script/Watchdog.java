package io.verdis.script;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * LuaJ calls its debug library on every instruction of a script: this one only counts them and,
 * every so often, stops a script SCRIPT KILL or FUNCTION KILL marked (Redis's count hook). It keeps
 * no call stack, so scripts pay a counter, not a debugger; the {@code debug} table is not exposed.
 */
final class Watchdog extends DebugLib {
  private static final int CHECK_EVERY = 1 << 10;
  private ScriptRun run;
  private int ticks;
  private Prototype[] frames = new Prototype[32];
  private int depth;
  private Prototype lastPrototype;
  private int lastPc;
  private long loadDeadline;

  /** The error a killed run stops with. */
  static LuaError killed(ScriptRun run) {
    return new LuaError(RespToLua.single(RespToLua.ERR, LuaValue.valueOf(run.function()
        ? "ERR Script killed by user with FUNCTION KILL..." : "ERR Script killed by user with SCRIPT KILL...")));
  }

  /** FUNCTION LOAD runs a library's code with every shard held: past 500 ms it fails, as in Redis. */
  void loadDeadline(long nanos) {
    loadDeadline = nanos == 0 ? 0 : System.nanoTime() + nanos;
  }

  void watch(ScriptRun run) {
    this.run = run;
    this.ticks = 0;
    this.depth = 0;
    this.lastPrototype = null;
  }

  /**
   * "chunk:line" of the last Lua instruction run, or null: where an error raised by a function
   * the script tail-called (return redis.call(…)) happened, since LuaJ leaves no frame for it
   * (Lua 5.1 calls a C function in a tail position as a plain call, so Redis names that line).
   */
  String lastLine() {
    Prototype p = lastPrototype;
    if (p == null || p.lineinfo == null || lastPc < 0 || lastPc >= p.lineinfo.length) {
      return null;
    }
    return p.shortsource() + ":" + p.lineinfo[lastPc];
  }

  @Override
  public void onInstruction(int pc, Varargs v, int top) {
    lastPc = pc;
    lastPrototype = depth > 0 ? frames[depth - 1] : null;
    if (++ticks == CHECK_EVERY) {
      ticks = 0;
      ScriptRun current = run;
      if (current != null && current.killed()) {
        throw killed(current);
      }
      if (loadDeadline != 0 && System.nanoTime() > loadDeadline) {
        loadDeadline = 0;
        throw new LuaError(RespToLua.single(RespToLua.ERR, LuaValue.valueOf("ERR FUNCTION LOAD timeout")));
      }
    }
  }

  @Override
  public void onCall(LuaFunction f) {
    push(null);
  }

  @Override
  public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
    push(c.p);
  }

  @Override
  public void onReturn() {
    if (depth > 0) {
      frames[--depth] = null;
    }
  }

  private void push(Prototype p) {
    if (depth == frames.length) {
      frames = java.util.Arrays.copyOf(frames, depth * 2);
    }
    frames[depth++] = p;
  }

  @Override
  public String traceback(int level) {
    return "";
  }
}

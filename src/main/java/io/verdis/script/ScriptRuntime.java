package io.verdis.script;

import io.verdis.command.CommandException;
import io.verdis.command.NeedsEveryShard;
import io.verdis.script.lua.LuaLibraries;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaErrorAccess;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.CoroutineLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JseMathLib;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The Lua interpreter of one thread (LuaJ's globals are not thread-safe): Redis's sandbox, the
 * {@code redis} table, and a closure per script compiled once for the whole node. A script runs
 * with KEYS and ARGV set and the globals read-only, as in Redis 7.
 */
public final class ScriptRuntime {
  private static final ThreadLocal<ScriptRuntime> OF_THREAD = new ThreadLocal<>();
  /** Made once: LuaJ turns a Java string into a Lua one by encoding and interning it, on every use. */
  private static final LuaString KEYS = LuaString.valueOf("KEYS");
  private static final LuaString ARGV = LuaString.valueOf("ARGV");
  private static final String[] REMOVED = {
      "print", "dofile", "loadfile", "require", "module", "package", "debug", "rawlen", "bit32", "os", "io",
      "luajava"};

  private final Scripting scripting;
  private final Globals globals = new Globals();
  /** What scripts see as their globals: reading through to {@link #globals}, refusing writes. */
  private final ReadOnlyTable readOnlyGlobals = new ReadOnlyTable();
  private final Watchdog watchdog = new Watchdog();
  private final RedisApi redis;
  private final Map<Script, LuaClosure> closures = new IdentityHashMap<>();
  private final Map<FunctionLibrary, Map<String, LuaValue>> libraries = new IdentityHashMap<>();
  private final LibraryLoader loader;
  private long generation;
  private long functionsGeneration;
  private volatile ScriptRun run;

  private ScriptRuntime(Scripting scripting) {
    this.scripting = scripting;
    globals.load(new BaseLib());
    globals.load(new PackageLib());
    globals.load(new TableLib());
    globals.load(new StringLib());
    globals.load(new CoroutineLib());
    globals.load(new JseMathLib());
    globals.load(watchdog);
    LoadState.install(globals);
    LuaC.install(globals);
    LuaLibraries.install(globals);
    for (String name : REMOVED) {
      globals.rawset(name, LuaValue.NIL);
    }
    globals.rawset("_VERSION", LuaValue.valueOf("Lua 5.1"));
    watchCoroutines();
    freezeLibraries();
    globals.rawset("collectgarbage", new CollectGarbage());
    globals.rawset("pcall", new ProtectedCall());
    globals.rawset("xpcall", new ProtectedCallWithHandler());
    redis = new RedisApi(this, scripting);
    globals.rawset("redis", redis.table());
    globals.rawset("_G", readOnlyGlobals);
    watched(readOnlyGlobals);
    LuaTable meta = new LuaTable();
    meta.rawset(LuaValue.INDEX, new GlobalLookup());
    meta.rawset(LuaValue.NEWINDEX, READ_ONLY_ASSIGNMENT);
    readOnlyGlobals.setmetatable(meta);
    readOnlyGlobals.freeze();
    loader = new LibraryLoader(this, redis.table());
  }

  /**
   * Every library table becomes read-only, as in Redis 7: a script that did string.format = nil
   * would break the scripts after it on this thread. Strings' methods ("x"):upper() keep working
   * through the frozen string table.
   */
  private void freezeLibraries() {
    LuaValue key = LuaValue.NIL;
    java.util.List<LuaValue> names = new java.util.ArrayList<>();
    while (true) {
      Varargs next = globals.next(key);
      key = next.arg1();
      if (key.isnil()) {
        break;
      }
      if (next.arg(2) instanceof LuaTable && !(next.arg(2) instanceof ReadOnlyTable) && next.arg(2) != globals) {
        names.add(key);
      }
    }
    for (LuaValue name : names) {
      ReadOnlyTable frozen = ReadOnlyTable.copyOf((LuaTable) globals.rawget(name));
      if (name.tojstring().equals("string")) {
        frozen = sharedStringTable(frozen);
      }
      globals.rawset(name, frozen);
    }
  }

  static final LuaValue READ_ONLY_ASSIGNMENT = new GlobalAssignment();

  /** A metatable making {@code table} read-only, and reading a missing field of it an error (Redis's readonly tables). */
  static LuaTable readOnly(LuaTable table) {
    LuaTable meta = new LuaTable();
    meta.rawset(LuaValue.INDEX, new TwoArgFunction() {
      @Override
      public LuaValue call(LuaValue self, LuaValue key) {
        throw new LuaError("Script attempted to access nonexistent global variable '" + key.tojstring() + "'");
      }
    });
    meta.rawset(LuaValue.NEWINDEX, READ_ONLY_ASSIGNMENT);
    return meta;
  }

  private static ReadOnlyTable sharedString;

  /**
   * Strings' methods ("x"):upper() go through LuaJ's one metatable for every string, in every
   * thread: so every runtime shares one frozen string table (its functions keep no state), and
   * getmetatable('').__index == string holds everywhere, as in Redis.
   */
  private static synchronized ReadOnlyTable sharedStringTable(ReadOnlyTable candidate) {
    if (sharedString == null) {
      sharedString = candidate;
      ReadOnlyTable metatable = new ReadOnlyTable();
      metatable.rawset(LuaValue.INDEX, candidate);
      metatable.freeze();
      LuaString.s_metatable = metatable;
    }
    return sharedString;
  }

  /** Makes {@code environment} run this thread's watchdog (LuaJ's hooks follow a closure's environment). */
  void watched(Globals environment) {
    environment.debuglib = watchdog;
    environment.running = globals.running;
  }

  /** A script's global {@code key}; a missing one is an error. */
  LuaValue global(LuaValue key) {
    LuaValue value = globals.rawget(key);
    if (value.isnil()) {
      throw new LuaError("Script attempted to access nonexistent global variable '" + key.tojstring() + "'");
    }
    return value;
  }

  /** Runs library code as FUNCTION LOAD does; returns what it registered. */
  Map<String, LibraryLoader.Registered> loadLibrary(Prototype prototype) {
    return loader.load(prototype);
  }

  /** The callback of function {@code name} of {@code library}, the library loaded on this thread on first use. */
  LuaValue function(FunctionLibrary library, String name, long currentGeneration) {
    if (functionsGeneration != currentGeneration) {
      libraries.clear();
      functionsGeneration = currentGeneration;
    }
    Map<String, LuaValue> callbacks = libraries.get(library);
    if (callbacks == null) {
      callbacks = new java.util.HashMap<>();
      for (LibraryLoader.Registered registered : loader.load(library.prototype()).values()) {
        callbacks.put(registered.name(), registered.callback());
      }
      libraries.put(library, callbacks);
    }
    return callbacks.get(name);
  }

  /** This thread's runtime for {@code scripting}'s node. */
  static ScriptRuntime of(Scripting scripting) {
    ScriptRuntime runtime = OF_THREAD.get();
    if (runtime == null || runtime.scripting != scripting) {
      runtime = new ScriptRuntime(scripting);
      OF_THREAD.set(runtime);
      scripting.registered(runtime);
    }
    return runtime;
  }

  /** The run in progress on this thread (redis.call's context). */
  ScriptRun run() {
    return run;
  }

  /** A closure of {@code prototype} reading this runtime's read-only globals. */
  LuaClosure closure(Prototype prototype) {
    return new LuaClosure(prototype, readOnlyGlobals);
  }

  LuaClosure closure(Prototype prototype, Globals environment) {
    return new LuaClosure(prototype, environment);
  }

  /** Runs an EVAL script: its body with KEYS and ARGV set. Returns what it returned. */
  LuaValue eval(Script script, ScriptRun run, byte[][] keys, byte[][] args) {
    if (generation != scripting.generation()) {
      closures.clear();
      generation = scripting.generation();
    }
    LuaClosure closure = closures.computeIfAbsent(script, s -> closure(s.prototype()));
    globals.rawset(KEYS, strings(keys));
    globals.rawset(ARGV, strings(args));
    return call(closure, run, LuaValue.NONE);
  }

  /** Runs a function of a library: called with the keys and arguments tables. */
  LuaValue fcall(LuaValue function, ScriptRun run, byte[][] keys, byte[][] args) {
    return call(function, run, LuaValue.varargsOf(strings(keys), strings(args)));
  }

  private LuaValue call(LuaValue function, ScriptRun run, Varargs args) {
    this.run = run;
    watchdog.watch(run);
    try {
      LuaValue result = function.invoke(args).arg1();
      rethrowIfStopped(run);
      return result;
    } catch (MovingToEveryShard e) {
      throw new NeedsEveryShard();
    } catch (LuaError e) {
      throw new CommandException(replyOf(e, run, watchdog.lastLine()));
    } catch (StackOverflowError e) {
      throw new CommandException("ERR Error running script: stack overflow script: " + run.name());
    } finally {
      this.run = null;
      watchdog.watch(null);
      globals.rawset(KEYS, LuaValue.NIL);
      globals.rawset(ARGV, LuaValue.NIL);
    }
  }

  /**
   * The error reply for a script that failed as Redis 7 words it: an error table's text as it is,
   * a string message after "ERR ", then " script: <name>, on @<chunk>:<line>." when Lua knows where.
   */
  static String replyOf(LuaError e, ScriptRun run, String lastLine) {
    String message = messageOf(e);
    if (lastLine != null && LuaErrorAccess.lacksPosition(e) && message.startsWith("ERR ")) {
      message = "ERR " + lastLine + ": " + message.substring(4);
    }
    String where = LuaErrorAccess.fileline(e);
    if (where == null) {
      where = lastLine;
    }
    if (where != null && run != null) {
      message += " script: " + run.name() + ", on @" + where + ".";
    }
    return message;
  }

  /** An error's text as a reply: an error table's err field as it is, a string message after "ERR ". */
  static String messageOf(LuaError e) {
    LuaValue value = LuaErrorAccess.value(e);
    if (value.istable()) {
      LuaValue err = value.get(RespToLua.ERR);
      return err.isstring() ? err.tojstring() : "ERR unknown error";
    }
    return "ERR " + value.tojstring();
  }

  private static LuaTable strings(byte[][] values) {
    LuaTable table = new LuaTable(values.length, 0);
    for (int i = 0; i < values.length; i++) {
      table.rawset(i + 1, LuaString.valueOf(values[i]));
    }
    return table;
  }

  /** Reading a global that does not exist is an error in Redis's sandbox, not nil. */
  private final class GlobalLookup extends TwoArgFunction {
    @Override
    public LuaValue call(LuaValue table, LuaValue key) {
      LuaValue value = globals.rawget(key);
      if (value.isnil()) {
        throw new LuaError("Script attempted to access nonexistent global variable '" + key.tojstring() + "'");
      }
      return value;
    }
  }

  private static final class GlobalAssignment extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      throw new LuaError("Attempt to modify a readonly table");
    }
  }

  /**
   * A script running on one shard touched a key of another before writing anything: it stops
   * there (no pcall catches this) and runs again from the start with every shard held.
   */
  static final class MovingToEveryShard extends LuaError {
    MovingToEveryShard() {
      super("the script runs again with every shard held");
    }
  }

  /**
   * A run SCRIPT KILL stopped, or that must run again with every shard held, stops whatever
   * catches errors in it (pcall, xpcall, a coroutine): as Redis's hook raises again on every line.
   */
  void rethrowIfStopped(ScriptRun current) {
    if (current == null || !current.stopped()) {
      return;
    }
    if (current.movesToEveryShard()) {
      throw new MovingToEveryShard();
    }
    throw Watchdog.killed(current);
  }

  private void stopIfStopped() {
    rethrowIfStopped(run);
  }

  /** A run may make this many coroutines: each is a Java thread in LuaJ. */
  private static final int COROUTINES_PER_RUN = 64;

  /** coroutine.create, resume and wrap, watched: see {@link #rethrowIfStopped} and {@link #COROUTINES_PER_RUN}. */
  private void watchCoroutines() {
    LuaTable coroutine = (LuaTable) globals.rawget("coroutine");
    LuaValue create = coroutine.rawget("create");
    LuaValue resume = coroutine.rawget("resume");
    LuaValue wrap = coroutine.rawget("wrap");
    coroutine.rawset("create", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        countCoroutine();
        return create.invoke(args);
      }
    });
    coroutine.rawset("resume", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        Varargs result = resume.invoke(args);
        stopIfStopped();
        return result;
      }
    });
    coroutine.rawset("wrap", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        countCoroutine();
        LuaValue wrapped = wrap.invoke(args).arg1();
        return new VarArgFunction() {
          @Override
          public Varargs invoke(Varargs inner) {
            try {
              return wrapped.invoke(inner);
            } finally {
              stopIfStopped();
            }
          }
        };
      }
    });
  }

  private void countCoroutine() {
    ScriptRun current = run;
    if (current != null && !current.mayCreateCoroutine(COROUTINES_PER_RUN)) {
      throw new LuaError("too many coroutines in one script (" + COROUTINES_PER_RUN + ")");
    }
  }

  void loadDeadline(long nanos) {
    watchdog.loadDeadline(nanos);
  }

  /** What pcall hands a script for an error: Redis gives the text of an error table ({err=…}), not the table. */
  private static LuaValue caught(LuaError e) {
    LuaValue value = LuaErrorAccess.value(e);
    if (value.istable()) {
      LuaValue err = value.rawget(RespToLua.ERR);
      if (err.isstring()) {
        return err;
      }
    }
    return value;
  }

  /** pcall as Lua 5.1's: the message of a string error starts "chunk:line: ", with no traceback. */
  private final class ProtectedCall extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      LuaValue function = args.checkvalue(1);
      try {
        return LuaValue.varargsOf(LuaValue.TRUE, function.invoke(args.subargs(2)));
      } catch (MovingToEveryShard e) {
        throw e;
      } catch (LuaError e) {
        stopIfStopped();
        return LuaValue.varargsOf(LuaValue.FALSE, caught(e));
      } catch (StackOverflowError e) {
        return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("stack overflow"));
      }
    }
  }

  /** xpcall(f, handler): as pcall, the error going through the handler first. */
  private final class ProtectedCallWithHandler extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      LuaValue function = args.checkvalue(1);
      LuaValue handler = args.checkvalue(2);
      try {
        return LuaValue.varargsOf(LuaValue.TRUE, function.invoke(LuaValue.NONE));
      } catch (MovingToEveryShard e) {
        throw e;
      } catch (LuaError e) {
        stopIfStopped();
        return LuaValue.varargsOf(LuaValue.FALSE, handler.call(caught(e)));
      } catch (StackOverflowError e) {
        return LuaValue.varargsOf(LuaValue.FALSE, handler.call(LuaValue.valueOf("stack overflow")));
      }
    }
  }

  /** collectgarbage reports and does nothing: a script must not trigger a full collection of the server's heap. */
  private static final class CollectGarbage extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      String option = args.optjstring(1, "collect");
      if (option.equals("count")) {
        Runtime runtime = Runtime.getRuntime();
        return LuaValue.valueOf((runtime.totalMemory() - runtime.freeMemory()) / 1024.0);
      }
      return LuaValue.ZERO;
    }
  }
}

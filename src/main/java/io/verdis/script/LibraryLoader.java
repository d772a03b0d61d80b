package io.verdis.script;

import io.verdis.command.CommandException;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a function library's code as Redis 7.0 does at FUNCTION LOAD: its globals hold nothing but
 * a {@code redis} table with register_function, log, the LOG_* levels and REDIS_VERSION; the
 * functions it registers see the full script globals once loading is over.
 */
final class LibraryLoader {
  /** A function as redis.register_function gave it. */
  record Registered(String name, LuaValue callback, String description, ScriptFlags flags) {
  }

  private static final String NAME_RULE =
      "ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long";

  /** Redis's limit on a library's top-level code at FUNCTION LOAD. */
  private static final long LOAD_TIMEOUT_NANOS = 500_000_000L;

  private final ScriptRuntime runtime;
  private final LuaTable loadingApi = new LuaTable();
  private Map<String, Registered> registering;

  LibraryLoader(ScriptRuntime runtime, LuaTable redis) {
    this.runtime = runtime;
    loadingApi.rawset("register_function", new Register());
    for (String name : new String[] {"log", "LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE", "LOG_WARNING", "REDIS_VERSION",
        "REDIS_VERSION_NUM"}) {
      loadingApi.rawset(name, redis.rawget(name));
    }
    loadingApi.setmetatable(ScriptRuntime.readOnly(loadingApi));
  }

  /** Runs the library; returns the functions it registered, in order, or fails as Redis words it. */
  Map<String, Registered> load(Prototype prototype) {
    Globals environment = new Globals();
    boolean[] loading = {true};
    LuaTable meta = new LuaTable();
    meta.rawset(LuaValue.INDEX, new TwoArgFunction() {
      @Override
      public LuaValue call(LuaValue table, LuaValue key) {
        if (!loading[0]) {
          return runtime.global(key);
        }
        if (key.isstring() && key.tojstring().equals("redis")) {
          return loadingApi;
        }
        throw new LuaError("Script attempted to access nonexistent global variable '" + key.tojstring() + "'");
      }
    });
    meta.rawset(LuaValue.NEWINDEX, ScriptRuntime.READ_ONLY_ASSIGNMENT);
    environment.setmetatable(meta);
    runtime.watched(environment);
    Map<String, Registered> registered = new LinkedHashMap<>();
    registering = registered;
    runtime.loadDeadline(LOAD_TIMEOUT_NANOS);
    try {
      runtime.closure(prototype, environment).call();
    } catch (LuaError e) {
      throw new CommandException("ERR Error registering functions: " + ScriptRuntime.messageOf(e));
    } finally {
      runtime.loadDeadline(0);
      registering = null;
      loading[0] = false;
    }
    if (registered.isEmpty()) {
      throw new CommandException("ERR No functions registered");
    }
    return registered;
  }

  /** Whether {@code name} is a valid library or function name: letters, digits and underscores. */
  static boolean validName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  static String nameRule() {
    return NAME_RULE;
  }

  private static LuaError failure(String message) {
    return new LuaError(RespToLua.single(RespToLua.ERR, LuaValue.valueOf(message)));
  }

  /** redis.register_function(name, callback) or redis.register_function{function_name=…, callback=…, flags=…, description=…}. */
  private final class Register extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      if (registering == null) {
        throw failure("ERR redis.register_function can only be called on FUNCTION LOAD command");
      }
      LuaValue name;
      LuaValue callback;
      LuaValue description = LuaValue.NIL;
      LuaValue flags = LuaValue.NIL;
      if (args.narg() == 1) {
        if (!args.arg1().istable()) {
          throw failure("ERR calling redis.register_function with a single argument is only applicable to Lua table"
              + " (representing named arguments).");
        }
        LuaTable named = (LuaTable) args.arg1();
        name = LuaValue.NIL;
        callback = LuaValue.NIL;
        LuaValue key = LuaValue.NIL;
        while (true) {
          Varargs next = named.next(key);
          key = next.arg1();
          if (key.isnil()) {
            break;
          }
          switch (key.isstring() ? key.tojstring() : "") {
            case "function_name" -> name = next.arg(2);
            case "callback" -> callback = next.arg(2);
            case "description" -> description = next.arg(2);
            case "flags" -> flags = next.arg(2);
            default -> throw failure("ERR unknown argument given to redis.register_function");
          }
        }
      } else if (args.narg() == 2) {
        name = args.arg1();
        callback = args.arg(2);
        if (!name.isstring() || name.isnumber()) {
          throw failure("ERR first argument to redis.register_function must be a string");
        }
        if (!callback.isfunction()) {
          throw failure("ERR second argument to redis.register_function must be a function");
        }
      } else {
        throw failure("ERR wrong number of arguments to redis.register_function");
      }
      if (!name.isstring() || name.isnumber()) {
        throw failure("ERR function_name argument given to redis.register_function must be a string");
      }
      if (!callback.isfunction()) {
        throw failure("ERR callback argument given to redis.register_function must be a function");
      }
      if (!description.isnil() && !description.isstring()) {
        throw failure("ERR description argument given to redis.register_function must be a string");
      }
      String functionName = name.tojstring();
      if (!validName(functionName)) {
        throw failure(NAME_RULE);
      }
      if (registering.containsKey(functionName)) {
        throw failure("ERR Function already exists in the library");
      }
      registering.put(functionName, new Registered(functionName, callback,
          description.isnil() ? null : description.tojstring(), flags(flags)));
      return LuaValue.NONE;
    }

    private ScriptFlags flags(LuaValue flags) {
      if (flags.isnil()) {
        return new ScriptFlags(java.util.EnumSet.noneOf(ScriptFlags.Flag.class), true);
      }
      if (!flags.istable()) {
        throw failure("ERR flags argument to redis.register_function must be a table representing function flags");
      }
      List<String> names = new ArrayList<>();
      for (int i = 1; !flags.get(i).isnil(); i++) {
        LuaValue flag = flags.get(i);
        if (!flag.isstring()) {
          throw failure("ERR unknown flag given");
        }
        names.add(flag.tojstring());
      }
      try {
        return ScriptFlags.of(names, "ERR unknown flag given");
      } catch (CommandException e) {
        throw failure(e.getMessage());
      }
    }
  }
}

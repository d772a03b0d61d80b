package io.verdis.script;

import io.netty.buffer.ByteBuf;
import io.verdis.cluster.ClusterRouter;
import io.verdis.command.Args;
import io.verdis.command.CommandFlag;
import io.verdis.command.CommandSpec;
import io.verdis.command.Errors;
import io.verdis.command.KeyspaceCall;
import io.verdis.command.KeyspaceCommand;
import io.verdis.net.DoubleText;
import io.verdis.net.RespWriter;
import io.verdis.server.ServerState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code redis} table scripts see: redis.call and redis.pcall run a command where the script
 * runs (on the stores its call holds), and the helpers Redis 7.0 gives (error_reply, status_reply,
 * sha1hex, log, setresp, set_repl, replicate_commands, breakpoint, debug, acl_check_cmd, the
 * LOG_*, REPL_* and REDIS_VERSION constants).
 */
final class RedisApi {
  private static final Logger LOG = Logger.getLogger("io.verdis.script");
  private static final LuaString OK_FIELD = LuaString.valueOf("ok");
  private static final Level[] LOG_LEVELS = {Level.FINE, Level.CONFIG, Level.INFO, Level.WARNING};

  private final ScriptRuntime runtime;
  private final Scripting scripting;
  private final RespWriter scratch = RespWriter.allocate(256);
  private final LuaTable table = new LuaTable();

  RedisApi(ScriptRuntime runtime, Scripting scripting) {
    this.runtime = runtime;
    this.scripting = scripting;
    table.rawset("call", new Call(true));
    table.rawset("pcall", new Call(false));
    table.rawset("error_reply", new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue message) {
        return RespToLua.single(RespToLua.ERR, message.checkstring());
      }
    });
    table.rawset("status_reply", new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue message) {
        return RespToLua.single(OK_FIELD, message.checkstring());
      }
    });
    table.rawset("sha1hex", new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue text) {
        if (!text.isstring()) {
          throw new LuaError("wrong number of arguments");
        }
        return LuaValue.valueOf(Sha1Hex.of(LuaToResp.bytes(text.checkstring())));
      }
    });
    table.rawset("log", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        log(args);
        return LuaValue.NONE;
      }
    });
    table.rawset("setresp", new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue version) {
        int resp = version.isnumber() ? version.toint() : 0;
        if (resp != 2 && resp != 3) {
          throw new LuaError("RESP version must be 2 or 3.");
        }
        current().resp(resp);
        return LuaValue.NONE;
      }
    });
    table.rawset("set_repl", new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue flags) {
        int mode = flags.isnumber() ? flags.toint() : -1;
        if ((mode & ~ScriptRun.REPL_ALL) != 0) {
          throw new LuaError("Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
        }
        current().replicate(mode);
        return LuaValue.NONE;
      }
    });
    table.rawset("replicate_commands", new ZeroArgFunction() {
      @Override
      public LuaValue call() {
        return LuaValue.TRUE;
      }
    });
    table.rawset("breakpoint", new ZeroArgFunction() {
      @Override
      public LuaValue call() {
        return LuaValue.FALSE;
      }
    });
    table.rawset("debug", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        return LuaValue.NONE;
      }
    });
    table.rawset("acl_check_cmd", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        if (args.narg() == 0 || scripting.server().commands().resolve(arguments(args)) == null) {
          throw new LuaError("Invalid command passed to redis.acl_check_cmd()");
        }
        return LuaValue.TRUE;
      }
    });
    table.rawset("LOG_DEBUG", 0);
    table.rawset("LOG_VERBOSE", 1);
    table.rawset("LOG_NOTICE", 2);
    table.rawset("LOG_WARNING", 3);
    table.rawset("REPL_NONE", 0);
    table.rawset("REPL_AOF", ScriptRun.REPL_AOF);
    table.rawset("REPL_SLAVE", ScriptRun.REPL_REPLICA);
    table.rawset("REPL_REPLICA", ScriptRun.REPL_REPLICA);
    table.rawset("REPL_ALL", ScriptRun.REPL_ALL);
    String version = ServerState.REDIS_COMPATIBLE_VERSION;
    table.rawset("REDIS_VERSION", version);
    String[] parts = version.split("\\.");
    table.rawset("REDIS_VERSION_NUM",
        (Integer.parseInt(parts[0]) << 16) | (Integer.parseInt(parts[1]) << 8) | Integer.parseInt(parts[2]));
  }

  LuaTable table() {
    return table;
  }

  private ScriptRun current() {
    ScriptRun run = runtime.run();
    if (run == null) {
      throw new LuaError("This function can only be called from a running script");
    }
    return run;
  }

  private void log(Varargs args) {
    if (args.narg() < 2) {
      throw new LuaError("redis.log() requires two arguments or more.");
    }
    if (!args.arg1().isnumber()) {
      throw new LuaError("First argument must be a number (log level).");
    }
    int level = args.arg1().toint();
    if (level < 0 || level >= LOG_LEVELS.length) {
      throw new LuaError("Invalid debug level.");
    }
    StringBuilder message = new StringBuilder();
    for (int i = 2; i <= args.narg(); i++) {
      if (i > 2) {
        message.append(' ');
      }
      message.append(args.arg(i).tojstring());
    }
    LOG.log(LOG_LEVELS[level], message.toString());
  }

  /** The arguments of a redis.call as bytes: strings as they are, numbers as %.17g (Redis's luaArgsToRedisArgv). */
  private static byte[][] arguments(Varargs args) {
    byte[][] argv = new byte[args.narg()][];
    for (int i = 0; i < argv.length; i++) {
      LuaValue arg = args.arg(i + 1);
      if (arg.type() == LuaValue.TNUMBER) {
        argv[i] = DoubleText.format(arg.todouble());
      } else if (arg.type() == LuaValue.TSTRING) {
        argv[i] = LuaToResp.bytes(arg.checkstring());
      } else {
        return null;
      }
    }
    return argv;
  }

  /** redis.call (errors raise, as a table {err=…}) and redis.pcall (errors are returned). */
  private final class Call extends VarArgFunction {
    private final boolean raise;

    Call(boolean raise) {
      this.raise = raise;
    }

    @Override
    public Varargs invoke(Varargs args) {
      ScriptRun run = current();
      LuaValue result = run(run, args);
      if (raise) {
        LuaValue error = RespToLua.error(result);
        if (error != null) {
          throw new LuaError(result);
        }
      }
      return result;
    }
  }

  private LuaValue run(ScriptRun run, Varargs args) {
    if (args.narg() == 0) {
      return failure("ERR Please specify at least one argument for this redis lib call");
    }
    byte[][] argv = arguments(args);
    if (argv == null) {
      return failure("ERR Lua redis lib command arguments must be strings or integers");
    }
    ServerState server = scripting.server();
    CommandSpec spec = server.commands().resolve(argv);
    if (spec == null || spec.isContainer()) {
      return failure(spec == null && server.commands().find(argv[0]) == null
          ? "ERR Unknown Redis command called from script" : server.commands().unknownError(argv));
    }
    if (!spec.arityAccepts(argv.length)) {
      return failure("ERR Wrong number of args calling Redis command from script");
    }
    if (spec.has(CommandFlag.NOSCRIPT)) {
      return failure("ERR This Redis command is not allowed from script");
    }
    if (spec.has(CommandFlag.WRITE) && run.readOnly()) {
      return failure("ERR Write commands are not allowed from read-only scripts.");
    }
    if (spec.fullName().equals("select")) {
      return select(run, argv);
    }
    scratch.rewind(0);
    scratch.protocol(run.resp());
    if (spec.handler() instanceof KeyspaceCommand) {
      String refusal = keyspaceRefusal(run, spec, argv, server);
      if (refusal != null) {
        return failure(refusal);
      }
      KeyspaceCall call = run.call();
      if (!call.runFromScript(spec, argv, run.db(), scratch, run)) {
        run.touchedEverything();
        scripting.roamed(run);
        return failure("ERR Verdis ran this script on the shard of its keys and it touched a key of another shard:"
            + " declare every key the script uses in KEYS (it runs with every shard held from now on)");
      }
      if (spec.has(CommandFlag.WRITE)) {
        run.wrote(); // as Redis marks a script that ran a write command, changed or not: SCRIPT KILL refuses it
      }
    } else {
      new ScriptClientCall(server, run.call().client(), argv, scratch).run(spec);
    }
    ByteBuf reply = scratch.buffer();
    try {
      return RespToLua.read(reply);
    } finally {
      reply.readerIndex(0);
      scratch.rewind(0);
    }
  }

  /**
   * Why this command may not run here, or null: in a cluster, a key of a slot another node owns
   * (Redis's "non local key"); and it notes which keys the script touched beyond those it declared.
   */
  private String keyspaceRefusal(ScriptRun run, CommandSpec spec, byte[][] argv, ServerState server) {
    int[] indexes = spec.keys().hasKeys() ? spec.keys().indexes(argv) : null;
    if (indexes == null) {
      run.touchedEverything();
    } else {
      for (int index : indexes) {
        run.touched(argv[index]);
      }
    }
    io.verdis.cluster.Cluster cluster = server.cluster();
    if (cluster != null && run.call().client() != null
        && !ClusterRouter.servedHere(cluster.view(), spec, argv, run.call().client().importing())) {
      return "ERR Script attempted to access a non local key in a cluster node";
    }
    return null;
  }

  /** SELECT inside a script changes the database of its later commands only (Redis 7). */
  private LuaValue select(ScriptRun run, byte[][] argv) {
    long index = Args.parseLongOr(argv[1], Long.MIN_VALUE);
    if (index == Long.MIN_VALUE) {
      return failure(Errors.NOT_INTEGER);
    }
    if (index < 0 || index >= run.call().databaseCount()) {
      return failure(Errors.DB_INDEX);
    }
    run.db((int) index);
    return RespToLua.single(OK_FIELD, LuaValue.valueOf("OK"));
  }

  private static LuaValue failure(String message) {
    return RespToLua.single(RespToLua.ERR, LuaValue.valueOf(message));
  }
}

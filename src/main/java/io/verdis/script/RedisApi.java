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
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;

import java.nio.charset.StandardCharsets;
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
  private final ReadOnlyTable table = new ReadOnlyTable();

  RedisApi(ScriptRuntime runtime, Scripting scripting) {
    this.runtime = runtime;
    this.scripting = scripting;
    table.rawset("call", new Call(true));
    table.rawset("pcall", new Call(false));
    table.rawset("error_reply", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        if (!oneString(args)) {
          return errorTable("wrong number or type of arguments");
        }
        byte[] message = LuaToResp.bytes(args.checkstring(1));
        byte[] coded = message.length > 0 && message[0] == '-' ? message : dashed(message);
        return errorTable(coded);
      }
    });
    table.rawset("status_reply", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        if (!oneString(args)) {
          return errorTable("wrong number or type of arguments");
        }
        return RespToLua.single(OK_FIELD, args.arg1());
      }
    });
    table.rawset("sha1hex", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        if (args.narg() != 1) {
          throw raise("wrong number of arguments");
        }
        // lua_tolstring: a number as its text, anything else as no bytes at all.
        LuaValue text = args.arg1();
        byte[] bytes = text.isstring() ? LuaToResp.bytes(text.checkstring()) : new byte[0];
        return LuaValue.valueOf(Sha1Hex.of(bytes));
      }
    });
    table.rawset("log", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        log(args);
        return LuaValue.NONE;
      }
    });
    table.rawset("setresp", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        ScriptRun run = current("redis.setresp");
        if (args.narg() != 1) {
          throw raise("redis.setresp() requires one argument.");
        }
        int resp = args.arg1().isnumber() ? (int) args.arg1().todouble() : 0;
        if (resp != 2 && resp != 3) {
          throw raise("RESP version must be 2 or 3.");
        }
        run.resp(resp);
        return LuaValue.NONE;
      }
    });
    table.rawset("set_repl", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        ScriptRun run = current("redis.set_repl");
        if (args.narg() != 1) {
          // sic: Redis 7.0's wording, though it takes one
          throw raise("redis.set_repl() requires two arguments.");
        }
        // lua_tonumber: what is not a number is 0, REPL_NONE.
        int mode = args.arg1().isnumber() ? (int) args.arg1().todouble() : 0;
        if ((mode & ~ScriptRun.REPL_ALL) != 0) {
          throw raise("Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
        }
        run.replicate(mode);
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
        ScriptRun run = current("redis.acl_check_cmd");
        LuaValue refused = argumentsRefusal(args);
        if (refused != null) {
          throw new LuaError(refused);
        }
        byte[][] argv = arguments(args);
        CommandSpec spec = scripting.server().commands().resolve(argv);
        if (spec == null || (spec.isContainer() && args.narg() > 1)) {
          throw raise("Invalid command passed to redis.acl_check_cmd()");
        }
        io.verdis.client.ClientSession client = run.call().client();
        io.verdis.acl.User user = client == null ? null : client.user();
        return LuaValue.valueOf(user == null || user.mayRun(spec, argv));
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
    table.freeze();
  }

  LuaTable table() {
    return table;
  }

  /** The run in progress; {@code what} (e.g. "redis.setresp") names the function in the error outside one. */
  private ScriptRun current(String what) {
    ScriptRun run = runtime.run();
    if (run == null) {
      throw raise(what + " can only be called inside a script invocation");
    }
    return run;
  }

  private void log(Varargs args) {
    if (args.narg() < 2) {
      throw raise("redis.log() requires two arguments or more.");
    }
    if (!args.arg1().isnumber()) {
      throw raise("First argument must be a number (log level).");
    }
    int level = (int) args.arg1().todouble();
    if (level < 0 || level >= LOG_LEVELS.length) {
      throw raise("Invalid debug level.");
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
        double number = arg.todouble();
        argv[i] = Double.isNaN(number) ? LuaToResp.nanText() : DoubleText.format(number);
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
      ScriptRun run = current("redis.call/pcall");
      runtime.rethrowIfStopped(run);
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
    LuaValue refused = argumentsRefusal(args);
    if (refused != null) {
      return refused;
    }
    byte[][] argv = arguments(args);
    ServerState server = scripting.server();
    CommandSpec spec = server.commands().resolve(argv);
    if (spec == null) {
      return failure("ERR Unknown Redis command called from script");
    }
    // A container alone (CONFIG) is Redis's command of arity -2: the arity check below refuses it.
    if (!spec.arityAccepts(argv.length) || spec.isContainer()) {
      return failure("ERR Wrong number of args calling Redis command from script");
    }
    if (spec.has(CommandFlag.NOSCRIPT)) {
      return failure("ERR This Redis command is not allowed from script");
    }
    io.verdis.acl.AclDenial denied = aclDenial(server, run, spec, argv);
    if (denied != null) {
      return failure(denied.scriptError());
    }
    if (spec.has(CommandFlag.WRITE) && run.readOnly()) {
      return failure("ERR Write commands are not allowed from read-only scripts.");
    }
    if (spec.has(CommandFlag.WRITE) && !run.call().fromPrimary()
        && server.replication().replicaOf().active() && server.config().replicaReadOnly()) {
      // Redis's scriptVerifyWriteCommandAllow: a script on a read-only replica may read only.
      return failure(io.verdis.command.Errors.READONLY);
    }
    // Only an EVAL script without flags gets here with too few replicas: one that declares it may
    // write was refused before it ran (Redis's scriptVerifyWriteCommandAllow and scriptPrepareForRun).
    String noReplicas = spec.has(CommandFlag.WRITE) ? server.replication().writeRefusal() : null;
    if (noReplicas != null) {
      return failure(noReplicas);
    }
    if (changesSomething(spec) && !run.call().holdsEveryShard()) {
      // A script runs on fewer shards only while it has never written: it has not written in
      // this run either, so it starts again with every shard held (see Footprint). A PUBLISH
      // counts: run twice, it would deliver its message twice.
      run.wrote();
      run.mustMove();
      throw new ScriptRuntime.MovingToEveryShard();
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
      if (spec.has(CommandFlag.DENYOOM) && !run.hasWritten() && !call.fromPrimary() && !call.makeRoom()) {
        // Redis's scriptVerifyOOM: a script that has not written yet may not start to over maxmemory.
        return failure(io.verdis.command.Errors.OOM);
      }
      if (!call.runFromScript(spec, argv, run.db(), scratch, run)) {
        // It runs on fewer shards, so it has not written (see above): it starts again with every shard held.
        run.touchedEverything();
        run.mustMove();
        throw new ScriptRuntime.MovingToEveryShard();
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
   * Redis's scriptVerifyACL: the script runs with its caller's ACL user, and a refusal is logged
   * in the lua context. Null when the command may run.
   */
  private static io.verdis.acl.AclDenial aclDenial(ServerState server, ScriptRun run, CommandSpec spec, byte[][] argv) {
    io.verdis.client.ClientSession client = run.call().client();
    io.verdis.acl.User user = client == null ? null : client.user();
    if (user == null || user.unrestricted()) {
      return null;
    }
    io.verdis.acl.AclDenial denied = user.check(spec, argv);
    if (denied != null) {
      server.acl().logDenial(denied, io.verdis.acl.AclLog.Context.LUA, spec, argv, client);
    }
    return denied;
  }

  /** A write, or a command with effects outside the keyspace (PUBLISH, SPUBLISH …) that a second run would repeat. */
  private static boolean changesSomething(CommandSpec spec) {
    return spec.has(CommandFlag.WRITE) || spec.has(CommandFlag.PUBSUB) || spec.has(CommandFlag.MAY_REPLICATE);
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
    if (cluster == null || run.call().client() == null) {
      return null;
    }
    if (!ClusterRouter.servedHere(cluster.view(), spec, argv, run.call().client().importing())) {
      return "ERR Script attempted to access a non local key in a cluster node";
    }
    for (int i = 0; indexes != null && i < indexes.length; i++) {
      if (!run.staysInSlot(io.verdis.shard.SlotTable.slotOf(argv[indexes[i]]))) {
        return "ERR Script attempted to access keys that do not hash to the same slot";
      }
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

  /**
   * Why the arguments of a redis.call, pcall or acl_check_cmd cannot make a command (none, or one
   * neither string nor number), as the error table Redis's luaArgsToRedisArgv makes; else null.
   */
  private static LuaValue argumentsRefusal(Varargs args) {
    if (args.narg() == 0) {
      return errorTable("Please specify at least one argument for this redis lib call");
    }
    for (int i = 1; i <= args.narg(); i++) {
      int type = args.arg(i).type();
      if (type != LuaValue.TNUMBER && type != LuaValue.TSTRING) {
        return errorTable("Lua redis lib command arguments must be strings or integers");
      }
    }
    return null;
  }

  /**
   * A command's refusal in redis.call: Redis marks the error tables of redis.call and pcall with
   * ignore_error_stats_update (the command, or the refusal, counted the error already).
   */
  private static LuaValue failure(String message) {
    return RespToLua.failure(LuaValue.valueOf(message));
  }

  private static boolean oneString(Varargs args) {
    return args.narg() == 1 && args.arg1().type() == LuaValue.TSTRING;
  }

  /** An error table as Redis's luaPushError makes it, from text without an error code: "ERR " goes in front. */
  private static LuaTable errorTable(String message) {
    return errorTable(Args.bytes(message));
  }

  /**
   * Redis's luaPushErrorBuff: "-CODE text" keeps its code (a single word after '-' becomes
   * "ERR word"), text without the '-' gets "ERR " in front, and line breaks at either end go.
   */
  private static LuaTable errorTable(byte[] message) {
    String text = new String(message, StandardCharsets.ISO_8859_1);
    String code = "ERR";
    if (text.startsWith("-")) {
      int space = text.indexOf(' ');
      if (space < 0) {
        text = text.substring(1);
      } else {
        code = text.substring(1, space);
        text = text.substring(space + 1);
      }
    }
    text = text.replaceAll("^[\\r\\n]+|[\\r\\n]+$", "");
    byte[] full = (code + " " + text).getBytes(StandardCharsets.ISO_8859_1);
    return RespToLua.single(RespToLua.ERR, LuaString.valueOf(full));
  }

  /** The error redis.setresp, redis.log … raise: the table of {@link #errorTable(String)}, no "user_script:1: " in front. */
  private static LuaError raise(String message) {
    return new LuaError(errorTable(message));
  }

  private static byte[] dashed(byte[] message) {
    byte[] bytes = new byte[message.length + 1];
    bytes[0] = '-';
    System.arraycopy(message, 0, bytes, 1, message.length);
    return bytes;
  }
}

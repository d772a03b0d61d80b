package io.verdis.script;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.KeyspaceCall;
import io.verdis.persist.RecordBuffer;
import io.verdis.server.ServerState;
import io.vertx.core.Context;
import io.vertx.core.internal.VertxInternal;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.compiler.LuaC;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node's scripting: the EVAL scripts compiled so far (by SHA1), the scripts running now (for
 * SCRIPT KILL and the BUSY replies), and the context scripts that hold shards run on: a worker of
 * their own, so a long script stops no event loop and SCRIPT KILL always gets through.
 */
public final class Scripting {
  private static final byte[][] MULTI = {Args.bytes("MULTI")};
  private static final byte[][] EXEC = {Args.bytes("EXEC")};

  private final ServerState server;
  private final Map<String, Script> scripts = new ConcurrentHashMap<>();
  /** Every thread's interpreter, each with the run it is in (if any): what BUSY and KILL look at. */
  private final java.util.List<ScriptRuntime> runtimes = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Scripts running now on any thread: zero on the path of every command, so nothing more is read. */
  private final java.util.concurrent.atomic.AtomicInteger runningCount = new java.util.concurrent.atomic.AtomicInteger();
  private final Functions functions = new Functions(this);
  private volatile long generation;
  private volatile Context context;
  private volatile io.verdis.shard.EveryShardLane lane;

  public Scripting(ServerState server) {
    this.server = server;
  }

  ServerState server() {
    return server;
  }

  public Functions functions() {
    return functions;
  }

  /** Bumped by SCRIPT FLUSH: each thread drops its closures of the scripts flushed. */
  long generation() {
    return generation;
  }

  /** Where scripts that hold shards run (see the class comment). */
  public Context context() {
    Context current = context;
    if (current == null) {
      synchronized (this) {
        if (context == null) {
          context = ((VertxInternal) server.vertx()).createWorkerContext();
        }
        current = context;
      }
    }
    return current;
  }

  /** Where the scripts that need every shard run, back to back under one hold per burst. */
  public io.verdis.shard.EveryShardLane lane() {
    io.verdis.shard.EveryShardLane current = lane;
    if (current == null) {
      synchronized (this) {
        if (lane == null) {
          lane = new io.verdis.shard.EveryShardLane(server, context());
        }
        current = lane;
      }
    }
    return current;
  }

  /**
   * Whether the script an EVAL, EVALSHA or FCALL would run declares no-writes (a shebang's flags,
   * a cached script's, a function's): CLIENT PAUSE WRITE lets it run, as Redis 7.0's
   * evalGetCommandFlags and fcallGetCommandFlags do. Any thread.
   */
  public boolean declaresNoWrites(String command, byte[][] argv) {
    ScriptFlags flags;
    switch (command) {
      case "eval" -> {
        try {
          flags = ScriptFlags.ofShebang(argv[1]);
        } catch (CommandException invalid) {
          return false; // refused when it runs
        }
      }
      case "evalsha" -> {
        Script script = script(new String(argv[1], java.nio.charset.StandardCharsets.UTF_8));
        flags = script == null ? null : script.flags();
      }
      case "fcall" -> {
        LibraryFunction function = functions.function(new String(argv[1], java.nio.charset.StandardCharsets.UTF_8));
        flags = function == null ? null : function.flags();
      }
      default -> flags = null;
    }
    return flags != null && flags.has(ScriptFlags.Flag.NO_WRITES);
  }

  public Script script(String sha) {
    Script script = scripts.get(sha);
    return script != null ? script : scripts.get(sha.toLowerCase(java.util.Locale.ROOT));
  }

  /** Compiles {@code body} (once per SHA1) and keeps it: EVAL and SCRIPT LOAD. */
  public Script load(byte[] body) {
    String sha = Sha1Hex.of(body);
    Script known = scripts.get(sha);
    if (known != null) {
      return known;
    }
    ScriptFlags flags = ScriptFlags.ofShebang(body);
    Prototype prototype = compile(body, ScriptFlags.shebangLength(body), "@user_script", "ERR Error compiling script (new function): ");
    Script script = new Script(sha, body, flags, prototype);
    Script raced = scripts.putIfAbsent(sha, script);
    return raced == null ? script : raced;
  }

  /**
   * Lua bytecode for {@code source} (from {@code skip}, keeping line numbers); a syntax error is
   * Redis's reply, {@code errorPrefix} then Lua's message.
   */
  static Prototype compile(byte[] source, int skip, String chunk, String errorPrefix) {
    try {
      return LuaC.instance.compile(new ByteArrayInputStream(source, skip, source.length - skip), chunk);
    } catch (LuaError e) {
      throw new CommandException(errorPrefix + syntaxError(e));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Lua's message for a syntax error, as Redis shows it (LexState is shadowed to word it as 5.1's). */
  private static String syntaxError(LuaError e) {
    return org.luaj.vm2.LuaErrorAccess.value(e).tojstring().strip();
  }

  public boolean exists(String sha) {
    return scripts.containsKey(sha.toLowerCase(java.util.Locale.ROOT));
  }

  /** SCRIPT FLUSH: the scripts go, and with the next run on each thread, their closures. */
  public void flush() {
    scripts.clear();
    generation++;
  }

  public int count() {
    return scripts.size();
  }

  /** Heap the cached scripts take, roughly (INFO's used_memory_scripts_eval). */
  public long memory() {
    long total = 0;
    for (Script script : scripts.values()) {
      total += script.memory();
    }
    return total;
  }

  /**
   * Runs an EVAL script in {@code call} (the shards it holds) and writes its reply. Whatever it
   * changed goes to the AOF as the commands it ran, wrapped in MULTI/EXEC when there are several,
   * even when it failed half-way (as Redis keeps and propagates a failed script's writes).
   */
  public void eval(KeyspaceCall call, Script script, byte[][] keys, byte[][] args, boolean readOnly) {
    refuseInCluster(script.flags());
    if (readOnly && script.flags().declared() && !script.flags().has(ScriptFlags.Flag.NO_WRITES)) {
      throw new CommandException("ERR Can not execute a script with write flag using *_ro command.");
    }
    if (!readOnly && script.flags().declared() && !script.flags().has(ScriptFlags.Flag.NO_WRITES)) {
      refuseWriteWithoutReplicas();
    }
    ScriptRun run = new ScriptRun(call, keys, script.sha(), false,
        readOnly || script.flags().has(ScriptFlags.Flag.NO_WRITES), script.footprint(), script.flags());
    runningCount.incrementAndGet();
    try {
      LuaValue result = ScriptRuntime.of(this).eval(script, run, keys, args);
      LuaToResp.write(result, call.reply(), run.resp());
    } finally {
      finish(run);
    }
  }

  /** FCALL and FCALL_RO: runs function {@code name} in {@code call} and writes its reply. */
  public void fcall(KeyspaceCall call, String name, byte[][] keys, byte[][] args, boolean readOnly) {
    LibraryFunction function = functions.function(name);
    if (function == null) {
      throw new CommandException("ERR Function not found");
    }
    boolean noWrites = function.flags().has(ScriptFlags.Flag.NO_WRITES);
    if (readOnly && !noWrites) {
      throw new CommandException("ERR Can not execute a script with write flag using *_ro command.");
    }
    FunctionLibrary library = functions.library(function.library());
    refuseInCluster(function.flags());
    if (!noWrites) {
      refuseWriteWithoutReplicas();
    }
    ScriptRun run = new ScriptRun(call, keys, name, true, readOnly || noWrites, function.footprint(), function.flags());
    runningCount.incrementAndGet();
    try {
      ScriptRuntime runtime = ScriptRuntime.of(this);
      LuaValue callback = runtime.function(library, name, functions.generation());
      LuaValue result = runtime.fcall(callback, run, keys, args);
      LuaToResp.write(result, call.reply(), run.resp());
    } finally {
      finish(run);
    }
  }

  /**
   * A script that declares it may write (flags without no-writes, every function without it) is a
   * write command to Redis's processCommand: refused before it runs while min-replicas-to-write is
   * not met. A script without flags is refused at its first write instead (see RedisApi).
   */
  private void refuseWriteWithoutReplicas() {
    String refused = server.replication().writeRefusal();
    if (refused != null) {
      throw new CommandException(refused);
    }
  }

  private void refuseInCluster(ScriptFlags flags) {
    if (server.cluster() != null && flags.has(ScriptFlags.Flag.NO_CLUSTER)) {
      throw new CommandException("ERR Can not run script on cluster, 'no-cluster' flag is set.");
    }
  }

  /** The function running now, for FUNCTION STATS (null when none). */
  public ScriptRun runningFunction() {
    for (ScriptRun run : running()) {
      if (run.isFunction()) {
        return run;
      }
    }
    return null;
  }

  private void finish(ScriptRun run) {
    runningCount.decrementAndGet();
    run.footprint().ran(run.touchedUndeclared() || run.hasWritten());
    if (!run.hasEffects()) {
      return;
    }
    RecordBuffer effects = run.effects();
    KeyspaceCall call = run.call();
    if (effects.recordCount() > 1 && !call.inTransaction()) {
      RecordBuffer wrapped = new RecordBuffer();
      wrapped.append(call.selectedDb(), MULTI);
      wrapped.appendAll(effects);
      wrapped.append(call.selectedDb(), EXEC);
      effects = wrapped;
    }
    call.appendEffects(effects);
  }

  /** A new thread's interpreter: registered, so BUSY and KILL see the scripts it runs. */
  void registered(ScriptRuntime runtime) {
    runtimes.add(runtime);
  }

  private java.util.List<ScriptRun> running() {
    java.util.List<ScriptRun> runs = new java.util.ArrayList<>(2);
    for (ScriptRuntime runtime : runtimes) {
      ScriptRun run = runtime.run();
      if (run != null) {
        runs.add(run);
      }
    }
    return runs;
  }

  /** The script that has been running for longer than {@code thresholdMs}, or null: other clients get -BUSY. */
  public ScriptRun busy(long thresholdMs) {
    for (ScriptRun run : running()) {
      if (run.runningMillis() >= thresholdMs) {
        return run;
      }
    }
    return null;
  }

  /** The -BUSY reply other clients get while a script has run past busy-reply-threshold, or null (on every command: one read when none runs). */
  public String busyRefusal() {
    if (runningCount.get() == 0) {
      return null;
    }
    ScriptRun run = busy(server.config().busyReplyThreshold());
    if (run == null) {
      return null;
    }
    return run.isFunction()
        ? "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE."
        : "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
  }

  /** SCRIPT KILL ({@code function} false) or FUNCTION KILL: stops the busy script, if it has not written. */
  public void kill(boolean function) {
    ScriptRun target = null;
    long threshold = server.config().busyReplyThreshold();
    for (ScriptRun run : running()) {
      // As in Redis, only a script that has made the server busy can be killed: before that, the
      // kill would have waited its turn behind the script, and found none.
      if (run.isFunction() == function && run.runningMillis() >= threshold) {
        target = run;
      }
    }
    if (target == null) {
      throw new CommandException("NOTBUSY No scripts in execution right now.");
    }
    if (target.hasWritten()) {
      throw new CommandException("UNKILLABLE Sorry the script already executed write commands against the dataset."
          + " You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.");
    }
    target.kill();
  }
}

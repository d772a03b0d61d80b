package io.verdis.script;

import io.verdis.command.KeyspaceCall;
import io.verdis.persist.RecordBuffer;

import java.util.Arrays;

/**
 * One run of a script or function: where its commands go, what it may do, what it changed.
 * Made on the thread that runs it; SCRIPT KILL and the BUSY check read it from others.
 */
public final class ScriptRun implements java.util.function.Supplier<RecordBuffer> {
  /** Redis's redis.REPL_* bits: where the effects of the commands that follow go. */
  static final int REPL_AOF = 1;
  static final int REPL_REPLICA = 2;
  static final int REPL_ALL = REPL_AOF | REPL_REPLICA;

  private final KeyspaceCall call;
  private final byte[][] keys;
  private final String name;
  private final boolean function;
  private final boolean readOnly;
  private final Footprint footprint;
  private final ScriptFlags flags;
  /** Cluster mode: the slot of the keys it touched so far (-1: none yet), for scripts that may not cross slots. */
  private int slot = -1;
  private final long startNanos = System.nanoTime();
  private RecordBuffer effects;
  private int db;
  private int resp = 2;
  private int replicate = REPL_ALL;
  private boolean touchedUndeclared;
  private volatile boolean wrote;
  private volatile boolean killed;
  /** It met a write or another shard's key on fewer shards than all: it must stop, whatever catches errors. */
  private boolean mustMove;
  private int coroutines;

  ScriptRun(KeyspaceCall call, byte[][] keys, String name, boolean function, boolean readOnly, Footprint footprint,
            ScriptFlags flags) {
    this.footprint = footprint;
    this.flags = flags;
    this.call = call;
    this.keys = keys;
    this.name = name;
    this.function = function;
    this.readOnly = readOnly;
    this.db = call.selectedDb();
  }

  KeyspaceCall call() {
    return call;
  }

  /** The sha of an EVAL script, the name of a function: errors name it ("script: …"). */
  public String name() {
    return name;
  }

  /** The command that started it (FUNCTION STATS). */
  public byte[][] command() {
    return call.argv();
  }

  boolean function() {
    return function;
  }

  boolean readOnly() {
    return readOnly;
  }

  int db() {
    return db;
  }

  void db(int db) {
    this.db = db;
  }

  /** The protocol redis.call's replies come in (redis.setresp). */
  int resp() {
    return resp;
  }

  void resp(int resp) {
    this.resp = resp;
  }

  int replicate() {
    return replicate;
  }

  void replicate(int replicate) {
    this.replicate = replicate;
  }

  /** The AOF records of what it changed so far, made on the first write (most runs of most scripts only read). */
  RecordBuffer effects() {
    if (effects == null) {
      effects = new RecordBuffer();
    }
    return effects;
  }

  /** Where a write's record goes: {@link #effects()}, or nowhere after redis.set_repl without REPL_AOF. */
  @Override
  public RecordBuffer get() {
    return (replicate & REPL_AOF) != 0 ? effects() : new RecordBuffer();
  }

  boolean hasEffects() {
    return effects != null && effects.recordCount() > 0;
  }

  /** Whether {@code key} is one of the keys the script was given. */
  void touched(byte[] key) {
    if (touchedUndeclared) {
      return;
    }
    for (byte[] declared : keys) {
      if (Arrays.equals(declared, key)) {
        return;
      }
    }
    touchedUndeclared = true;
  }

  /** A command with no keys that reads or writes the keyspace (DBSIZE, FLUSHALL, SCAN …). */
  void touchedEverything() {
    touchedUndeclared = true;
  }

  boolean touchedUndeclared() {
    return touchedUndeclared;
  }

  Footprint footprint() {
    return footprint;
  }

  /**
   * Cluster mode, a script that declared its flags without allow-cross-slot-keys: whether
   * {@code keySlot} is the slot of every key it touched before (Redis 7 refuses another one).
   */
  boolean staysInSlot(int keySlot) {
    if (!flags.declared() || flags.has(ScriptFlags.Flag.ALLOW_CROSS_SLOT_KEYS)) {
      return true;
    }
    if (slot < 0) {
      slot = keys.length > 0 ? io.verdis.shard.SlotTable.slotOf(keys[0]) : keySlot;
    }
    return slot == keySlot;
  }

  void wrote() {
    wrote = true;
  }

  public boolean hasWritten() {
    return wrote;
  }

  public long runningMillis() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  public boolean isFunction() {
    return function;
  }

  /** SCRIPT KILL / FUNCTION KILL: the script stops at its next check. */
  public void kill() {
    killed = true;
  }

  boolean killed() {
    return killed;
  }

  void mustMove() {
    mustMove = true;
  }

  /** Whether it must stop: killed, or to run again with every shard held. pcall and coroutines cannot catch that. */
  boolean stopped() {
    return mustMove || killed;
  }

  boolean movesToEveryShard() {
    return mustMove;
  }

  /** Counts a coroutine made: each is a Java thread in LuaJ, so a run may make only so many. */
  boolean mayCreateCoroutine(int limit) {
    return ++coroutines <= limit;
  }
}

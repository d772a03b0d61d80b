package io.verdis.command;

import io.verdis.client.ClientSession;
import io.verdis.client.Watch;
import io.verdis.net.RespWriter;
import io.verdis.pubsub.NotifyType;
import io.verdis.server.ServerState;
import io.verdis.shard.Database;

/**
 * One call of a {@link KeyspaceCommand}: its arguments, where its reply goes, and the databases
 * it may touch. Runs on the owning shard's event loop, or on a coordinator while every shard it
 * needs is held; handlers cannot tell the difference and need not.
 */
public abstract class KeyspaceCall {
  protected byte[][] argv;
  protected CommandSpec spec;
  protected int selectedDb;
  protected RespWriter reply;
  protected byte[][] propagated;
  protected java.util.List<byte[][]> propagatedEach;
  private static final byte[][] MULTI = {Args.bytes("MULTI")};
  private static final byte[][] EXEC = {Args.bytes("EXEC")};

  /** The full name of the running command ("set", "object|encoding"), for error texts. */
  public final String commandName() {
    return spec.fullName();
  }

  public final byte[][] argv() {
    return argv;
  }

  public final byte[] arg(int index) {
    return argv[index];
  }

  public final int argc() {
    return argv.length;
  }

  public final RespWriter reply() {
    return reply;
  }

  /** The database the client has SELECTed. */
  public final Database db() {
    return database(selectedDb);
  }

  public final int selectedDb() {
    return selectedDb;
  }

  /**
   * What the AOF records for this call instead of its own arguments, when those would not replay
   * to the same result (Redis's rewriteClientCommandVector): a relative expiry as an absolute one,
   * INCRBYFLOAT as the SET of its result. A write is recorded only if it changed something; so is a
   * read-only command that changed something and set its record (PFCOUNT refreshing its cache, which
   * Redis propagates on server.dirty).
   */
  public final void propagateAs(byte[]... record) {
    propagated = record;
  }

  /** The record set by {@link #propagateAs}, or null for the arguments as they came. */
  public final byte[][] propagated() {
    return propagated;
  }

  /**
   * As {@link #propagateAs} with any number of records, none included (Redis's alsoPropagate with
   * the command itself not propagated): XREADGROUP is logged as the XCLAIM and XGROUP SETID of what
   * it delivered, as Redis logs it.
   */
  public final void propagateEach(java.util.List<byte[][]> records) {
    propagatedEach = records;
  }

  /**
   * Adds this call's AOF records for {@code argv} (run in {@code db}) to {@code records}, once the
   * caller knows it is to be logged: the records set by {@link #propagateEach}, else the one set by
   * {@link #propagateAs}, else the arguments as they came. With {@code wrapSeveral} (not inside
   * MULTI/EXEC or a script, which are wrapped as a whole), several records set by propagateEach are
   * wrapped in MULTI/EXEC, as Redis 7.0's propagatePendingCommands wraps what a command propagated.
   */
  public final void recordTo(io.verdis.persist.RecordBuffer records, int db, byte[][] argv, boolean wrapSeveral) {
    if (propagatedEach != null) {
      boolean wrapped = wrapSeveral && propagatedEach.size() > 1;
      if (wrapped) {
        records.append(db, MULTI);
      }
      for (byte[][] record : propagatedEach) {
        records.append(db, record);
      }
      if (wrapped) {
        records.append(db, EXEC);
      }
    } else {
      records.append(db, propagated == null ? argv : propagated);
    }
  }

  /** Whether a write that changed something is logged: write commands, and others that set their record. */
  public final boolean logs() {
    return spec.has(CommandFlag.WRITE) || propagated != null || propagatedEach != null;
  }

  /**
   * A keyspace event about key in the selected database (Redis's notifyKeyspaceEvent), published
   * if its class is on in notify-keyspace-events. Call it where Redis does, after the change.
   */
  public final void notify(NotifyType type, String event, byte[] key) {
    server().keyspaceEvents().notify(type, event, key, selectedDb);
  }

  /** As {@link #notify(NotifyType, String, byte[])} for a key in database {@code db} (MOVE, COPY ... DB). */
  public final void notify(NotifyType type, String event, byte[] key, int db) {
    server().keyspaceEvents().notify(type, event, key, db);
  }

  /**
   * For a blocking command (BLPOP, BZPOPMIN …) that found nothing to take: the client waits until
   * one of {@code keys} (in the selected database) gets a value or {@code deadlineMs} passes
   * ({@link BlockingTimeout#NONE}: no limit). When a key gets one, the command runs again from the
   * start, with the same arguments, and replies then; clients blocked on a key are served first
   * come, first served. A wait that times out answers a null array. Where a client cannot wait
   * (inside MULTI/EXEC) the command answers at once: a null array, or a null bulk string with
   * {@code nullBulkOnTimeout} (BLMOVE, as Redis does there).
   * The handler must write no reply of its own after calling this.
   */
  public abstract void block(long deadlineMs, boolean nullBulkOnTimeout, byte[]... keys);

  /**
   * As {@link #block}, the command running again as {@code retryArgv} rather than its own arguments
   * when woken (XREAD: {@code $} replaced by the id it stood for when the client blocked, as Redis
   * resolves it once; and the COUNT a blocked read uses by default).
   */
  public abstract void block(long deadlineMs, byte[][] retryArgv, byte[]... keys);

  /**
   * True when this run serves a client that was blocked and got woken (Redis's
   * serveClientsBlockedOnKey): it may then see only the keys of the shard that woke it (see
   * {@link #holdsKey}).
   */
  public abstract boolean woken();

  /** Whether a script runs this call through redis.call (XREAD … BLOCK is refused there, as Redis refuses it). */
  public abstract boolean fromScript();

  /** Whether {@code key} lives in a store this call holds (always, except for a woken blocked client). */
  public abstract boolean holdsKey(byte[] key);

  /** WATCH: {@code watch} is touched by any later write to key (in the selected database). */
  public abstract void watch(byte[] key, Watch watch);

  /** The client running this call (WATCH registers with it); null while replaying the AOF. */
  public abstract ClientSession client();

  /**
   * True while the dataset is being loaded at start-up: keys do not expire, and a TTL already in
   * the past is set rather than applied (Redis's checkAlreadyExpired during loading).
   */
  public abstract boolean loading();

  /** The commands running are the primary's, applied on this replica (Redis's master client). */
  public abstract boolean fromPrimary();

  public abstract Database database(int index);

  public abstract int databaseCount();

  /** The cached time of this call in ms, the same for every key it touches (as Redis's mstime cache). */
  public abstract long now();

  /** SWAPDB: exchanges the contents of two databases in every shard this call holds. */
  public abstract void swapDatabases(int first, int second);

  public abstract ServerState server();

  /**
   * redis.call from a script running in this call: runs {@code spec} on the stores this call
   * holds, its reply in {@code reply}, and adds its AOF record, if it changed something, to
   * the buffer {@code effects} gives (asked only then). Nothing blocks (a blocking command answers its timeout reply). Returns false,
   * running nothing, when one of its keys lives in a shard this call does not hold (or it has no
   * keys and this call does not hold every shard).
   */
  public abstract boolean runFromScript(CommandSpec spec, byte[][] argv, int db, RespWriter reply,
                                        java.util.function.Supplier<io.verdis.persist.RecordBuffer> effects);

  /** Whether this call holds every shard (a script running on fewer may not write: see Footprint). */
  public abstract boolean holdsEveryShard();

  /** Adds what a script changed to this call's AOF records, after the records of the commands before it. */
  public abstract void appendEffects(io.verdis.persist.RecordBuffer effects);

  /** A write that changed no key (FUNCTION LOAD): counted as a change, so the AOF records it. */
  public abstract void changedOutsideKeys();

  /**
   * Before a command that may grow memory (flagged denyoom): evicts from the shards this call runs
   * on what maxmemory-policy allows until each is under its share of maxmemory; false when one
   * stays over it, and the command must be refused with {@link Errors#OOM}.
   */
  public abstract boolean makeRoom();

  /** Whether this call runs inside MULTI/EXEC, whose records are wrapped already: a script's effects are not wrapped again. */
  public abstract boolean inTransaction();

  /**
   * FLUSHALL, FLUSHDB: every tracking client is told that every key went (a null invalidation,
   * Redis's trackingInvalidateKeysOnFlush) and the keys they read are forgotten.
   */
  public abstract void flushedForTracking();

  /** The database number in {@code arg}, checked as MOVE and COPY DB do (getIntFromObject, then selectDb). */
  public final int databaseIndex(byte[] arg) {
    int index = Args.parseInt(arg);
    if (index < 0 || index >= databaseCount()) {
      throw new CommandException(Errors.DB_INDEX);
    }
    return index;
  }

}

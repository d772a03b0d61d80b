package io.verdis.shard;

import io.verdis.client.ClientSession;
import io.verdis.client.Watch;
import io.verdis.command.CommandFlag;
import io.verdis.command.CommandInvoker;
import io.verdis.command.CommandSpec;
import io.verdis.command.KeyspaceCommand;
import io.verdis.command.KeyspaceCall;
import io.verdis.net.RespWriter;
import io.verdis.persist.RecordBuffer;
import io.verdis.server.ServerState;

/** The call context the executor reuses for every command it runs. */
abstract class ShardCall extends KeyspaceCall {
  private final ServerState server;
  private ClientSession client;
  private BlockRequest blockRequest;
  private boolean woken;
  /** Runs redis.call for a script (Redis's CLIENT_LUA caller). */
  private boolean script;
  private boolean canBlock = true;
  private boolean bounced;
  private boolean inTransaction;
  private ShardCall nested;
  /** The command being run remembers its reads for its client's tracking, its script's reads too. */
  private boolean remembersReads;

  ShardCall(ServerState server) {
    this.server = server;
  }

  final void prepare(CommandSpec spec, byte[][] argv, int db, RespWriter reply, ClientSession client) {
    this.client = client;
    this.spec = spec;
    this.argv = argv;
    this.selectedDb = db;
    this.reply = reply;
    this.propagated = null;
    this.propagatedEach = null;
    this.blockRequest = null;
    this.woken = false;
    this.bounced = false;
    runningFor(client);
  }

  /** Set before each command is run (see CommandBatch#remembersReads). */
  final void remembersReads(boolean remembers) {
    this.remembersReads = remembers;
  }

  /** Tells the stores this call touches whose command runs now (see TrackedKeys#writer). */
  abstract void runningFor(ClientSession client);

  /** The store holding key (one this call holds). */
  abstract ShardStore storeOf(byte[] key);

  /** The stores this call holds. */
  abstract Iterable<ShardStore> stores();

  /**
   * A tracking client ran a read-only command: its keys are remembered, each in its own shard's
   * table (Redis's trackingRememberKeys, called from call()). The read-only script commands are not
   * remembered themselves, as in Redis.
   */
  final void rememberReads(CommandSpec spec, byte[][] argv) {
    if (!spec.has(CommandFlag.READONLY) || client == null || spec.handler() instanceof io.verdis.command.RoamingCommand) {
      return;
    }
    int[] indexes = spec.keys().indexes(argv);
    if (indexes != null) {
      for (int index : indexes) {
        storeOf(argv[index]).rememberRead(argv[index], client);
      }
    }
  }

  @Override
  public final void flushedForTracking() {
    server.tracking().flushed();
    for (ShardStore store : stores()) {
      store.forgetTrackedReads();
    }
  }

  @Override
  public boolean makeRoom() {
    for (ShardStore store : stores()) {
      if (!store.makeRoom()) {
        return false;
      }
    }
    return true;
  }

  /** The command just prepared was not run: its slot is not served here now (see CommandBatch#bounce). */
  final void bounced() {
    bounced = true;
  }

  final boolean wasBounced() {
    return bounced;
  }

  @Override
  public final ServerState server() {
    return server;
  }

  @Override
  public final ClientSession client() {
    return client;
  }

  /** What a blocking command asked for: to wait on keys until the deadline; retryArgv may be null. */
  record BlockRequest(long deadlineMs, boolean nullBulkOnTimeout, byte[][] keys, byte[][] retryArgv) {
  }

  @Override
  public final void block(long deadlineMs, boolean nullBulkOnTimeout, byte[]... keys) {
    request(new BlockRequest(deadlineMs, nullBulkOnTimeout, keys, null));
  }

  @Override
  public final void block(long deadlineMs, byte[][] retryArgv, byte[]... keys) {
    request(new BlockRequest(deadlineMs, false, keys, retryArgv));
  }

  private void request(BlockRequest request) {
    if (!canBlock || loading()) {
      if (request.nullBulkOnTimeout()) {
        reply.nullBulk();
      } else {
        reply.nullArray();
      }
      return;
    }
    blockRequest = request;
  }

  /** The command just prepared serves a blocked client that was woken (see {@link #woken()}). */
  final void servesWoken() {
    woken = true;
  }

  @Override
  public final boolean fromScript() {
    return script;
  }

  @Override
  public final boolean woken() {
    return woken;
  }

  @Override
  public final boolean holdsKey(byte[] key) {
    return holds(server.shards().shardOf(key));
  }

  /** The block() request of the command just run, or null; cleared by the next prepare. */
  final BlockRequest blockRequest() {
    return blockRequest;
  }

  @Override
  public final boolean runFromScript(CommandSpec spec, byte[][] argv, int db, RespWriter reply,
                                     java.util.function.Supplier<RecordBuffer> effects) {
    if (!covers(spec, argv)) {
      return false;
    }
    if (nested == null) {
      nested = nestedCall();
      nested.canBlock(false);
      nested.script = true;
    }
    nested.prepare(spec, argv, db, reply, client);
    boolean record = recording();
    long dirtyBefore = record ? nested.dirty() : 0;
    CommandInvoker.invoke(spec, nested, argv, reply, server, client, System.nanoTime());
    if (remembersReads) {
      // As Redis: a script's read-only commands are remembered for the client that ran it.
      nested.rememberReads(spec, argv);
    }
    if (record && nested.dirty() != dirtyBefore && nested.logs()) {
      nested.recordTo(effects.get(), db, argv, false);
    }
    return true;
  }

  @Override
  public final void appendEffects(RecordBuffer effects) {
    if (recording()) {
      records().appendAll(effects);
    }
  }

  @Override
  public final boolean inTransaction() {
    return inTransaction;
  }

  final void inTransaction(boolean inTransaction) {
    this.inTransaction = inTransaction;
  }

  /** Whether every key of this command (every shard, for a keyless one) is in a store this call holds. */
  private boolean covers(CommandSpec spec, byte[][] argv) {
    if (!spec.keys().hasKeys()) {
      return !(spec.handler() instanceof KeyspaceCommand) || holdsEveryShard();
    }
    int[] indexes = spec.keys().indexes(argv);
    if (indexes == null) {
      return holdsEveryShard();
    }
    for (int index : indexes) {
      if (!holds(server.shards().shardOf(argv[index]))) {
        return false;
      }
    }
    return true;
  }

  /** A call of the same kind, on the same stores, for the commands a script runs. */
  abstract ShardCall nestedCall();

  abstract boolean holds(int shard);


  /** Inside MULTI/EXEC nothing blocks: a blocking command that finds nothing answers its timeout reply. */
  final void canBlock(boolean canBlock) {
    this.canBlock = canBlock;
  }

  /** Registers client as waiting on the keys of its block request, each in the shard owning it. */
  abstract void await(BlockedClient client, BlockRequest request);

  /** Changes made so far in the stores this call touches: a write that changed nothing is not logged. */
  abstract long dirty();

  /** Whether writes are being logged. */
  abstract boolean recording();

  /** Where this call's AOF records go. */
  abstract RecordBuffer records();

  /** Runs on the shard's own event loop with its own store. */
  static final class Local extends ShardCall {
    private final ShardStore store;
    private final RecordBuffer records;

    Local(ServerState server, ShardStore store) {
      this(server, store, store.records());
    }

    /** Writing its records to {@code records}: a coordinator serving blocked clients of a held shard. */
    Local(ServerState server, ShardStore store, RecordBuffer records) {
      super(server);
      this.store = store;
      this.records = records;
    }

    ShardStore store() {
      return store;
    }

    @Override
    void runningFor(ClientSession client) {
      store.runningFor(client);
    }

    @Override
    ShardStore storeOf(byte[] key) {
      return store;
    }

    @Override
    Iterable<ShardStore> stores() {
      return java.util.List.of(store);
    }

    /** The common case, a write on one shard: no list of stores to walk. */
    @Override
    public boolean makeRoom() {
      return store.makeRoom();
    }

    @Override
    ShardCall nestedCall() {
      return new Local(server(), store, records);
    }

    @Override
    public void changedOutsideKeys() {
      store.changed(1);
    }

    @Override
    boolean holds(int shard) {
      return shard == store.id();
    }

    @Override
    public boolean holdsEveryShard() {
      return server().shards().count() == 1;
    }

    @Override
    public Database database(int index) {
      return store.database(index);
    }

    @Override
    public int databaseCount() {
      return store.databaseCount();
    }

    @Override
    public long now() {
      return store.clock().nowMs();
    }

    @Override
    public boolean loading() {
      return store.clock().obeysRecords();
    }

    @Override
    public boolean fromPrimary() {
      return store.clock().fromPrimary();
    }

    @Override
    public void swapDatabases(int first, int second) {
      store.swapDatabases(first, second);
      store.changed(1);
    }

    @Override
    public void watch(byte[] key, Watch watch) {
      database(selectedDb()).peek(key);
      store.watch(selectedDb(), key, watch);
    }

    @Override
    void await(BlockedClient client, BlockRequest request) {
      for (byte[] key : request.keys()) {
        store.await(client.db(), key, client);
      }
    }

    @Override
    long dirty() {
      return store.dirty();
    }

    @Override
    boolean recording() {
      return store.recording();
    }

    @Override
    RecordBuffer records() {
      return records;
    }
  }

  /** Runs on a coordinator while it holds the shards {@code shardIds} (all those the command may touch). */
  static final class Held extends ShardCall {
    private final ShardSet shards;
    private final int[] shardIds;
    private final Database[] routed;
    private final long now;
    private final RecordBuffer records;

    Held(ServerState server, ShardSet shards, int[] shardIds, long now, RecordBuffer records) {
      super(server);
      this.shards = shards;
      this.shardIds = shardIds;
      this.routed = new Database[shards.store(0).databaseCount()];
      this.now = now;
      this.records = records;
    }

    @Override
    ShardCall nestedCall() {
      return new Held(server(), shards, shardIds, now, records);
    }

    @Override
    public void changedOutsideKeys() {
      shards.store(shardIds[0]).changed(1);
    }

    int[] shardIds() {
      return shardIds;
    }

    @Override
    void runningFor(ClientSession client) {
      for (int shard : shardIds) {
        shards.store(shard).runningFor(client);
      }
    }

    @Override
    ShardStore storeOf(byte[] key) {
      return shards.store(shards.shardOf(key));
    }

    @Override
    Iterable<ShardStore> stores() {
      java.util.List<ShardStore> held = new java.util.ArrayList<>(shardIds.length);
      for (int shard : shardIds) {
        held.add(shards.store(shard));
      }
      return held;
    }

    @Override
    boolean holds(int shard) {
      for (int id : shardIds) {
        if (id == shard) {
          return true;
        }
      }
      return false;
    }

    @Override
    public boolean holdsEveryShard() {
      return shardIds.length == shards.count();
    }

    @Override
    public Database database(int index) {
      Database db = routed[index];
      if (db == null) {
        db = routed[index] = shards.routed(index);
      }
      return db;
    }

    @Override
    public int databaseCount() {
      return routed.length;
    }

    @Override
    public long now() {
      return now;
    }

    @Override
    public boolean loading() {
      return shards.store(shardIds[0]).clock().obeysRecords();
    }

    @Override
    public boolean fromPrimary() {
      return shards.store(shardIds[0]).clock().fromPrimary();
    }

    @Override
    public void swapDatabases(int first, int second) {
      for (int i = 0; i < shards.count(); i++) {
        shards.store(i).swapDatabases(first, second);
        shards.store(i).changed(1);
      }
      routed[first] = null;
      routed[second] = null;
    }

    @Override
    public void watch(byte[] key, Watch watch) {
      int shard = shards.shardOf(key);
      database(selectedDb()).peek(key);
      shards.store(shard).watch(selectedDb(), key, watch);
    }

    @Override
    void await(BlockedClient client, BlockRequest request) {
      for (byte[] key : request.keys()) {
        shards.store(shards.shardOf(key)).await(client.db(), key, client);
      }
    }

    /** Whether a command blocked here must run again through its connection when woken (see BlockedClient). */
    boolean writesBeyond(byte[][] argv, BlockRequest request) {
      int[] indexes = spec.keys().indexes(argv);
      int awaitedShard = shards.shardOf(request.keys()[0]);
      if (indexes == null) {
        return true;
      }
      for (int index : indexes) {
        if (shards.shardOf(argv[index]) != awaitedShard && !awaited(argv[index], request)) {
          return true;
        }
      }
      return false;
    }

    private static boolean awaited(byte[] key, BlockRequest request) {
      for (byte[] awaitedKey : request.keys()) {
        if (java.util.Arrays.equals(awaitedKey, key)) {
          return true;
        }
      }
      return false;
    }

    @Override
    long dirty() {
      long total = 0;
      for (int shard : shardIds) {
        total += shards.store(shard).dirty();
      }
      return total;
    }

    @Override
    boolean recording() {
      return shards.store(shardIds[0]).recording();
    }

    @Override
    RecordBuffer records() {
      return records;
    }
  }
}

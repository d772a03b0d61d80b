package io.verdis.shard;

import io.verdis.client.Watch;
import io.verdis.persist.RecordBuffer;
import io.verdis.pubsub.KeyspaceEvents;
import io.verdis.pubsub.NotifyType;

import java.util.ArrayDeque;
import java.util.HashSet;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The data one shard owns: its databases, its clock, and the AOF records its writes produced
 * and not yet handed to the writer. Touched only by the shard's event loop, or by a coordinator
 * while the shard is held for it.
 */
public final class ShardStore implements KeyspaceListener {
  private final int id;
  private final ShardClock clock = new ShardClock();
  private final Keyspace[] databases;
  private final RecordBuffer records = new RecordBuffer();
  private final ShardFigures figures;
  /** Chunks of this shard's records handed to the AOF writer and not fsynced yet (appendfsync always). */
  private final AtomicInteger unsynced = new AtomicInteger();
  /** Whether writes are logged: the AOF is on and start-up loading is over. */
  private volatile boolean recording;
  private long dirty;
  private long dirtyCounted;
  /** Per database, the clients watching or blocked on its keys; null while there are none. */
  private final KeyObservers[] observers;
  /** Keys that got a value while clients were blocked on them, in the order they got it. */
  private final ArrayDeque<KeyBytes> ready = new ArrayDeque<>();
  private final HashSet<KeyBytes> readySet = new HashSet<>();
  /** The keys tracking clients read and the prefixes broadcast clients want (CLIENT TRACKING). */
  private TrackedKeys tracked = new TrackedKeys(null, () -> { });
  /** Set before the shard runs anything (see {@link #keyspaceEvents(KeyspaceEvents)}). */
  private KeyspaceEvents events = KeyspaceEvents.off();
  private final Evictor evictor = new Evictor(this);

  public ShardStore(int id, int databaseCount) {
    this.id = id;
    this.databases = new Keyspace[databaseCount];
    this.observers = new KeyObservers[databaseCount];
    this.figures = new ShardFigures(databaseCount);
    for (int i = 0; i < databaseCount; i++) {
      databases[i] = new Keyspace(clock, this);
    }
  }

  public int id() {
    return id;
  }

  /** The counters and summary the metrics read without touching the data. */
  public ShardFigures figures() {
    return figures;
  }

  public ShardClock clock() {
    return clock;
  }

  public Keyspace database(int index) {
    return databases[index];
  }

  public int databaseCount() {
    return databases.length;
  }

  /** SWAPDB: the databases trade contents; watchers and blocked clients stay with the number. */
  public void swapDatabases(int first, int second) {
    Keyspace kept = databases[first];
    databases[first] = databases[second];
    databases[second] = kept;
    attach(first);
    attach(second);
    if (observers[first] != null) {
      observers[first].swapped(databases[second], databases[first]);
    }
    if (observers[second] != null) {
      observers[second].swapped(databases[first], databases[second]);
    }
  }

  /**
   * WATCH key in database db: watch is touched by any later write to it. The key joins the watch's
   * list before the release is checked, and the releasing connection sets the flag before reading
   * that list: either it sees the key and unregisters it, or this sees the release and does.
   */
  public void watch(int db, byte[] key, Watch watch) {
    observers(db).watch(key, watch);
    watch.added(id, db, key);
    if (watch.released()) {
      unwatch(db, key, watch);
    }
  }

  public void unwatch(int db, byte[] key, Watch watch) {
    if (observers[db] != null) {
      observers[db].unwatch(key, watch);
      detachIfIdle(db);
    }
  }

  void await(int db, byte[] key, BlockedClient client) {
    observers(db).await(key, client);
    client.awaits(id, key);
  }

  /** Forgets client on every key of this shard it waited on (it was answered, or went away). */
  public void stopAwaiting(BlockedClient client) {
    KeyObservers forDb = observers[client.db()];
    if (forDb == null) {
      return;
    }
    for (BlockedClient.AwaitedKey key : client.keys()) {
      if (key.shard() == id) {
        forDb.stopAwaiting(key.key(), client);
      }
    }
    detachIfIdle(client.db());
  }

  /** See {@link KeyObservers#slotsLeaving}: called on this shard's thread once the slots are frozen. */
  public void slotsLeaving(java.util.function.IntPredicate leaving) {
    for (KeyObservers forDb : observers) {
      if (forDb != null) {
        forDb.slotsLeaving(leaving);
      }
    }
  }

  void ready(KeyBytes key) {
    if (readySet.add(key)) {
      ready.add(key);
    }
  }

  /** The next key that got a value while clients waited on it, or null. */
  KeyBytes nextReady() {
    KeyBytes key = ready.poll();
    if (key != null) {
      readySet.remove(key);
    }
    return key;
  }

  boolean hasReady() {
    return !ready.isEmpty();
  }

  KeyObservers observersIfAny(int db) {
    return observers[db];
  }

  void detachIfIdle(int db) {
    if (observers[db] != null && observers[db].idle()) {
      observers[db] = null;
      attach(db);
    }
  }

  private KeyObservers observers(int db) {
    if (observers[db] == null) {
      observers[db] = new KeyObservers(db, this);
      attach(db);
    }
    return observers[db];
  }

  /** Gives database db the observers it needs now: none while nobody watches, blocks or tracks (writes then pay nothing). */
  private void attach(int db) {
    KeyObserver observer = observers[db];
    if (!tracked.idle()) {
      observer = observer == null ? tracked : new ObserverPair(observer, tracked);
    }
    databases[db].observer(observer);
  }

  private void attachAll() {
    for (int db = 0; db < databases.length; db++) {
      attach(db);
    }
  }

  /** Set by the shard before it runs anything: where invalidations go. */
  public void tracking(io.verdis.client.Tracking tracking) {
    this.tracked = new TrackedKeys(tracking, this::attachAll);
  }

  /**
   * tracking-table-max-keys, shared evenly by the shards (each keeps its part of the table): past
   * it, keys are forgotten with an invalidation, as Redis's trackingLimitUsedSlots.
   */
  void trackedKeysLimit(int maxKeys, int shards) {
    tracked.limit(maxKeys == 0 ? 0 : Math.max(1, (maxKeys + shards - 1) / shards));
  }

  /** The client whose command runs now (a NOLOOP tracker is not told of its own writes). */
  void runningFor(io.verdis.client.ClientSession client) {
    tracked.writer(client);
  }

  /** A tracking client read key (Redis's trackingRememberKeys). */
  void rememberRead(byte[] key, io.verdis.client.ClientSession client) {
    boolean wasIdle = tracked.idle();
    tracked.remember(key, client);
    if (wasIdle) {
      attachAll();
    }
  }

  /**
   * A BCAST client's prefixes (empty: it stops broadcasting): it hears of every write to a key of
   * this shard starting with one of them. Called on this shard's thread.
   */
  public void broadcast(io.verdis.client.ClientSession client, java.util.List<byte[]> prefixes) {
    tracked.broadcast(client, prefixes);
    attachAll();
  }

  /** After FLUSHALL/FLUSHDB told every tracking client that everything went: the keys read are forgotten. */
  void forgetTrackedReads() {
    tracked.forgetReaders();
    attachAll();
  }

  /** Keys and client-key pairs tracking clients read here (INFO's tracking_total_keys and _items), from any thread. */
  public int trackedKeys() {
    return tracked.keyCount();
  }

  public long trackedItems() {
    return tracked.itemCount();
  }

  /** Changes made so far (Redis's server.dirty, for this shard). */
  public long dirty() {
    return dirty;
  }

  /** Changes since the last call: what the {@code save} points count, reported once each. */
  public long takeChanges() {
    long changes = dirty - dirtyCounted;
    dirtyCounted = dirty;
    return changes;
  }

  public RecordBuffer records() {
    return records;
  }

  public AtomicInteger unsynced() {
    return unsynced;
  }

  public boolean recording() {
    return recording;
  }

  /** Set by persistence while the shard is held (or before it runs), so logging starts at a known point. */
  public void recording(boolean recording) {
    this.recording = recording;
  }

  /** Every database as it is now (call while holding the shard). */
  public KeyspaceSnapshot[] snapshot() {
    KeyspaceSnapshot[] snapshots = new KeyspaceSnapshot[databases.length];
    for (int i = 0; i < databases.length; i++) {
      snapshots[i] = databases[i].snapshot();
    }
    return snapshots;
  }

  @Override
  public void changed(int changes) {
    dirty += changes;
  }

  /** Where the events this store's keyspaces report go: the server's, set by the shard before it starts. */
  public void keyspaceEvents(KeyspaceEvents events) {
    this.events = events;
  }

  @Override
  public void expired(Keyspace keyspace, byte[] key) {
    if (recording) {
      records.appendDelete(indexOf(keyspace), key);
    }
    notify(NotifyType.EXPIRED, "expired", keyspace, key);
  }

  /** Evictions reach the AOF and replicas as DEL, as Redis's propagateDeletion. */
  @Override
  public void evicted(Keyspace keyspace, byte[] key) {
    if (recording) {
      records.appendDelete(indexOf(keyspace), key);
    }
    notify(NotifyType.EVICTED, "evicted", keyspace, key);
  }

  /** The bytes this shard's databases hold by the estimate maxmemory is measured against. */
  public long usedBytes() {
    long used = 0;
    for (Keyspace keyspace : databases) {
      used += keyspace.usedBytes();
    }
    return used;
  }

  /** This shard's share of maxmemory and the policy it evicts by; set on the shard's thread. */
  public void evictionSettings(EvictionSettings settings) {
    evictor.settings(settings);
  }

  /**
   * Before a command that may grow memory: evicts what the policy allows until the shard is under
   * its share of maxmemory; false when it stays over it (the command is refused with -OOM).
   */
  boolean makeRoom() {
    return evictor.makeRoom();
  }

  /** The last eviction run stopped at its time limit with the shard still over it: more is to do. */
  boolean evictionRunning() {
    return evictor.running();
  }

  /** Whether the last eviction run left this shard over its share of maxmemory; from any thread. */
  public boolean outOfMemory() {
    return evictor.outOfMemory();
  }

  @Override
  public void created(Keyspace keyspace, byte[] key) {
    notify(NotifyType.NEW, "new", keyspace, key);
  }

  @Override
  public void missed(Keyspace keyspace, byte[] key) {
    notify(NotifyType.KEY_MISS, "keymiss", keyspace, key);
  }

  private void notify(NotifyType type, String event, Keyspace keyspace, byte[] key) {
    if (events.wanted(type)) {
      events.notify(type, event, key, indexOf(keyspace));
    }
  }

  private int indexOf(Keyspace keyspace) {
    for (int i = 0; i < databases.length; i++) {
      if (databases[i] == keyspace) {
        return i;
      }
    }
    throw new IllegalStateException("keyspace not in shard " + id);
  }
}

package io.verdis.shard;

import io.verdis.persist.RecordBuffer;

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
  /** Chunks of this shard's records handed to the AOF writer and not fsynced yet (appendfsync always). */
  private final AtomicInteger unsynced = new AtomicInteger();
  /** Whether writes are logged: the AOF is on and start-up loading is over. */
  private volatile boolean recording;
  private long dirty;
  private long dirtyCounted;

  public ShardStore(int id, int databaseCount) {
    this.id = id;
    this.databases = new Keyspace[databaseCount];
    for (int i = 0; i < databaseCount; i++) {
      databases[i] = new Keyspace(clock, this);
    }
  }

  public int id() {
    return id;
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

  public void swapDatabases(int first, int second) {
    Keyspace kept = databases[first];
    databases[first] = databases[second];
    databases[second] = kept;
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

  @Override
  public void expired(Keyspace keyspace, byte[] key) {
    if (recording) {
      records.appendDelete(indexOf(keyspace), key);
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

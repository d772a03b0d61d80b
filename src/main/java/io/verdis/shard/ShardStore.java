package io.verdis.shard;

/**
 * The data one shard owns: its databases and its clock. Touched only by the shard's event loop,
 * or by a coordinator while the shard is held for it.
 */
public final class ShardStore {
  private final int id;
  private final ShardClock clock = new ShardClock();
  private final Keyspace[] databases;

  public ShardStore(int id, int databaseCount) {
    this.id = id;
    this.databases = new Keyspace[databaseCount];
    for (int i = 0; i < databaseCount; i++) {
      databases[i] = new Keyspace(clock);
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
}

package io.verdis.persist;

import io.verdis.script.Functions;
import io.verdis.shard.KeyspaceSnapshot;
import io.verdis.shard.ShardStore;

import java.io.IOException;
import java.util.List;
import java.util.logging.Logger;

/**
 * Every database of every shard as they were at one instant, with the function libraries of that
 * instant, taken while all shards were held (which is also when the libraries change); what an AOF
 * rewrite and an RDB save write out, on a background thread, while the shards go on.
 */
public final class DatasetSnapshot {
  private static final Logger LOG = Logger.getLogger(DatasetSnapshot.class.getName());

  private final KeyspaceSnapshot[][] byShard;
  private final List<byte[]> functions;
  private final long takenAtMs;
  /** Where this replica was in its primary's history when the snapshot was taken, or null. */
  private ReplicationInfo replication;

  private DatasetSnapshot(KeyspaceSnapshot[][] byShard, List<byte[]> functions, long takenAtMs) {
    this.byShard = byShard;
    this.functions = functions;
    this.takenAtMs = takenAtMs;
  }

  /** Call while holding every shard; logs how long the copy kept them held. */
  public static DatasetSnapshot of(ShardStore[] stores, Functions functions) {
    long start = System.nanoTime();
    KeyspaceSnapshot[][] byShard = new KeyspaceSnapshot[stores.length][];
    for (int i = 0; i < stores.length; i++) {
      byShard[i] = stores[i].snapshot();
    }
    DatasetSnapshot snapshot = new DatasetSnapshot(byShard, List.copyOf(functions.codes()), System.currentTimeMillis());
    LOG.info(String.format("Snapshot of %,d keys taken; shards were held for %.1f ms",
        snapshot.totalKeys(), (System.nanoTime() - start) / 1e6));
    return snapshot;
  }

  /** Taken on a replica: its place in the primary's history at the same instant. */
  public DatasetSnapshot replication(ReplicationInfo info) {
    this.replication = info;
    return this;
  }

  public ReplicationInfo replication() {
    return replication;
  }

  public long takenAtMs() {
    return takenAtMs;
  }

  /** The code of every function library, as FUNCTION LOAD took it. */
  public List<byte[]> functions() {
    return functions;
  }

  public int databaseCount() {
    return byShard.length == 0 ? 0 : byShard[0].length;
  }

  /** Keys in database {@code db}, expired ones not reaped yet included. */
  public long size(int db) {
    long size = 0;
    for (KeyspaceSnapshot[] shard : byShard) {
      size += shard[db].size();
    }
    return size;
  }

  public long expiresCount(int db) {
    long count = 0;
    for (KeyspaceSnapshot[] shard : byShard) {
      count += shard[db].expiresCount();
    }
    return count;
  }

  public long totalKeys() {
    long total = 0;
    for (int db = 0; db < databaseCount(); db++) {
      total += size(db);
    }
    return total;
  }

  /** Every entry of database {@code db}, shard after shard. */
  public void forEach(int db, KeyspaceSnapshot.Visitor visitor) throws IOException {
    for (KeyspaceSnapshot[] shard : byShard) {
      shard[db].forEach(visitor);
    }
  }
}

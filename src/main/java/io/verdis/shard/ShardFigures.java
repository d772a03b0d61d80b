package io.verdis.shard;

import io.verdis.metrics.Counter;

/**
 * What the metrics and the stats stream show of one shard, kept where reading it costs the shard
 * nothing: counters the shard's own loop bumps, and a summary of its databases that the loop
 * writes when asked ({@link ShardSet#refreshFigures}). Other threads only read these, racily;
 * nothing here ever touches the shard's maps from outside its loop.
 */
public final class ShardFigures {
  /** Messages sent to the shard, from any thread; with {@link #handled}, the queue depth. */
  private final Counter sent = new Counter();
  /** Written by the shard's loop only. */
  private long handled;
  private long commands;
  private volatile Databases databases;

  /** The keys, TTLs and keyspace counters of a shard's databases, as its loop last summed them. */
  public record Databases(long[] keys, long[] expires, long hits, long misses, long expired, long evicted, long usedBytes) {
    public long totalKeys() {
      long total = 0;
      for (long n : keys) {
        total += n;
      }
      return total;
    }

    public long totalExpires() {
      long total = 0;
      for (long n : expires) {
        total += n;
      }
      return total;
    }
  }

  ShardFigures(int databaseCount) {
    databases = new Databases(new long[databaseCount], new long[databaseCount], 0, 0, 0, 0, 0);
  }

  void sent() {
    sent.increment();
  }

  /** The shard's loop took a message (it may still wait while a cross-shard call holds the shard). */
  void handled() {
    handled++;
  }

  /** The shard's loop ran {@code n} commands of a batch. */
  void ran(int n) {
    commands += n;
  }

  /** Sums the databases; only on the shard's loop, or while it is held. */
  void refresh(ShardStore store) {
    int count = store.databaseCount();
    long[] keys = new long[count];
    long[] expires = new long[count];
    long hits = 0;
    long misses = 0;
    long expired = 0;
    long evicted = 0;
    for (int db = 0; db < count; db++) {
      Keyspace keyspace = store.database(db);
      keys[db] = keyspace.size();
      expires[db] = keyspace.expiresCount();
      hits += keyspace.keyspaceHits();
      misses += keyspace.keyspaceMisses();
      expired += keyspace.expiredKeys();
      evicted += keyspace.evictedKeys();
    }
    databases = new Databases(keys, expires, hits, misses, expired, evicted, store.usedBytes());
  }

  /** Messages sent to the shard and not yet taken up by it (batches, tasks, holds). */
  public long queueDepth() {
    long taken = handled;
    return Math.max(0, sent.sum() - taken);
  }

  /** Commands the shard has run (keyspace commands: a keyless fan-out counts on every shard). */
  public long commands() {
    return commands;
  }

  /** As of the last {@link ShardSet#refreshFigures}. */
  public Databases databases() {
    return databases;
  }
}

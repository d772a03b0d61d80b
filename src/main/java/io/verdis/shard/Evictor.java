package io.verdis.shard;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Keeps one shard under its share of maxmemory, as Redis's performEvictions: before a command that
 * may grow memory (flagged denyoom), keys are evicted until the shard's counted bytes are back under
 * its limit. The LRU, LFU and TTL policies pick the best of {@code maxmemory-samples} random keys
 * per database, kept in an {@link EvictionPool} across runs; the random ones take any random key.
 * Runs on the shard's thread only.
 */
final class Evictor {
  /** Redis checks its time limit every 16 keys evicted. */
  private static final int KEYS_PER_TIME_CHECK = 16;

  private final ShardStore store;
  private final EvictionPool pool = new EvictionPool();
  private volatile EvictionSettings settings = EvictionSettings.OFF;
  /** Whether the last run left the shard over its limit: read by connections queuing inside MULTI. */
  private volatile boolean outOfMemory;
  /** The last run stopped at its time limit with the shard still over it (Redis's EVICT_RUNNING). */
  private boolean running;
  /** Where the random policies look first: the databases take turns, as Redis's next_db. */
  private int nextDb;

  Evictor(ShardStore store) {
    this.store = store;
  }

  void settings(EvictionSettings settings) {
    if (settings.policy() != this.settings.policy()) {
      pool.clear(); // scores of another policy do not compare
    }
    this.settings = settings;
  }

  EvictionSettings settings() {
    return settings;
  }

  /**
   * Evicts until the shard is under its limit. False when it is over it and nothing may be evicted
   * (noeviction, or no candidate): the command is refused with -OOM. Past the time limit it stops
   * and lets the command run (Redis's EVICT_RUNNING); the next write goes on evicting. A replica
   * does not evict (replica-ignore-maxmemory), nor does anyone while clients are paused.
   */
  boolean makeRoom() {
    boolean room = evict();
    if (outOfMemory == room) {
      outOfMemory = !room; // written only when it changes: the flag is read from other threads
    }
    return room;
  }

  /**
   * Whether the last run stopped at its time limit, the shard still over it: the shard goes on
   * evicting between batches, as Redis's evictionTimeProc does.
   */
  boolean running() {
    return running;
  }

  /**
   * Whether this shard's last eviction run failed to bring it under its limit. Redis refuses every
   * command queued inside MULTI then; a connection cannot evict, so it reads this flag instead.
   */
  boolean outOfMemory() {
    return outOfMemory && settings.shardLimit() != 0;
  }

  private boolean evict() {
    running = false;
    long limit = settings.shardLimit();
    if (limit == 0 || store.usedBytes() <= limit || store.clock().primaryExpires()) {
      return true;
    }
    if (settings.policy() == EvictionPolicy.NOEVICTION) {
      return false;
    }
    long start = System.nanoTime();
    for (int evicted = 1; store.usedBytes() > limit; evicted++) {
      if (!evictOne()) {
        return false;
      }
      if (evicted % KEYS_PER_TIME_CHECK == 0 && System.nanoTime() - start > settings.timeLimitNanos()) {
        running = store.usedBytes() > limit;
        return true;
      }
    }
    return true;
  }

  private boolean evictOne() {
    return settings.policy().kind() == EvictionPolicy.Kind.RANDOM ? evictRandom() : evictFromPool();
  }

  private boolean evictRandom() {
    boolean withTtl = settings.policy().volatileOnly();
    int databases = store.databaseCount();
    for (int tried = 0; tried < databases; tried++) {
      Keyspace keyspace = store.database(nextDb);
      nextDb = (nextDb + 1) % databases;
      int slot = keyspace.sampleSlot(withTtl, ThreadLocalRandom.current());
      if (slot >= 0 && keyspace.evict(keyspace.keyAt(slot))) {
        return true;
      }
    }
    return false;
  }

  private boolean evictFromPool() {
    populate();
    while (!pool.isEmpty()) {
      byte[] key = pool.bestKey();
      int db = pool.bestDb();
      pool.dropBest();
      if (store.database(db).evict(key)) {
        return true;
      }
    }
    return false;
  }

  /** Redis's evictionPoolPopulate, once per database that has candidates. */
  private void populate() {
    EvictionPolicy policy = settings.policy();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int db = 0; db < store.databaseCount(); db++) {
      Keyspace keyspace = store.database(db);
      int index = db;
      keyspace.sample(policy.volatileOnly(), settings.samples(), random,
          slot -> pool.offer(keyspace.evictionScore(slot, policy), keyspace.keyAt(slot), index));
    }
  }
}

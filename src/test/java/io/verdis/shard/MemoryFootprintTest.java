package io.verdis.shard;

import static io.verdis.shard.TestKeys.key;

import org.junit.jupiter.api.Test;

/** Prints what a million small string keys cost; the target is about 100 bytes per key. */
class MemoryFootprintTest {
  private static final int KEYS = 1_000_000;

  @Test
  void printsApproximateBytesPerKeyForAMillionSmallStringKeys() {
    long before = usedHeapAfterGc();
    Keyspace db = new Keyspace(new ShardClock());
    for (int i = 0; i < KEYS; i++) {
      db.set(key("key:" + i), new byte[16]);
    }
    long after = usedHeapAfterGc();
    System.out.printf("Keyspace: %.1f bytes per key (%d keys, key \"key:N\", 16-byte value)%n",
        (after - before) / (double) KEYS, db.size());
  }

  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}

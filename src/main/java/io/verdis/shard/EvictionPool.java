package io.verdis.shard;

/**
 * Redis's eviction pool (evict.c, EVPOOL_SIZE 16): the best candidates sampled so far, kept in
 * ascending order of score across eviction runs, so that each run's few samples add to what
 * earlier runs saw and the approximation gets closer to true LRU/LFU/TTL order. Entries may be
 * stale (the key since deleted or written): the evictor checks a key is still there before it
 * evicts it.
 */
final class EvictionPool {
  static final int SIZE = 16;

  private final long[] scores = new long[SIZE];
  private final byte[][] keys = new byte[SIZE][];
  private final int[] dbs = new int[SIZE];
  private int size;

  /** Takes the candidate if there is room or it beats the worst one kept. */
  void offer(long score, byte[] key, int db) {
    if (size == SIZE && score <= scores[0]) {
      return;
    }
    for (int i = 0; i < size; i++) {
      if (keys[i] == key && dbs[i] == db) {
        return; // the table's own key array: sampled again, already here
      }
    }
    int at = 0;
    while (at < size && scores[at] < score) {
      at++;
    }
    if (size == SIZE) {
      // Full: the worst (index 0) goes, the ones below the new place move down.
      at--;
      System.arraycopy(scores, 1, scores, 0, at);
      System.arraycopy(keys, 1, keys, 0, at);
      System.arraycopy(dbs, 1, dbs, 0, at);
    } else {
      System.arraycopy(scores, at, scores, at + 1, size - at);
      System.arraycopy(keys, at, keys, at + 1, size - at);
      System.arraycopy(dbs, at, dbs, at + 1, size - at);
      size++;
    }
    scores[at] = score;
    keys[at] = key;
    dbs[at] = db;
  }

  boolean isEmpty() {
    return size == 0;
  }

  byte[] bestKey() {
    return keys[size - 1];
  }

  int bestDb() {
    return dbs[size - 1];
  }

  void dropBest() {
    keys[--size] = null;
  }

  void clear() {
    while (size > 0) {
      dropBest();
    }
  }
}

package io.verdis.shard;

/**
* Keys that have a TTL → absolute expiry time in ms, like Redis's {@code expires} dict. It holds
* the same key arrays as the {@link KeyTable} and only the keys with a TTL, so the active expiry
* cycle samples among exactly those.
*/
public final class ExpiryTable extends LinearProbingTable {
  private long[][] times;

  public ExpiryTable() {
    resetPayload(capacity());
  }

  /** A read-only point-in-time snapshot sharing source's chunks (see {@link LinearProbingTable#own}). */
  ExpiryTable(ExpiryTable source) {
    super(source);
    times = source.times.clone();
  }

  /** The expiry time of key, or -1 when it has none. */
  public long get(byte[] key, int hash) {
    int slot = find(key, hash);
    return slot < 0 ? -1 : timeAt(slot);
  }

  public void put(byte[] key, int hash, long whenMs) {
    int slot = find(key, hash);
    setTimeAt(slot < 0 ? insertAbsent(key, hash) : slot, whenMs);
  }

  public boolean remove(byte[] key, int hash) {
    int slot = find(key, hash);
    if (slot < 0) {
      return false;
    }
    removeAt(slot);
    return true;
  }

  public long timeAt(int slot) {
    return times[chunk(slot)][offset(slot)];
  }

  private void setTimeAt(int slot, long whenMs) {
    own(chunk(slot));
    times[chunk(slot)][offset(slot)] = whenMs;
  }

  @Override
  void copyPayloadChunk(int chunk) {
    times[chunk] = times[chunk].clone();
  }

  @Override
  void resetPayload(int capacity) {
    times = new long[chunkCount(capacity)][chunkLength(capacity)];
  }

  @Override
  void relocatePayload(int[] destinations, int capacity) {
    long[][] oldTimes = times;
    resetPayload(capacity);
    for (int slot = 0; slot < destinations.length; slot++) {
      if (destinations[slot] >= 0) {
        setTimeAt(destinations[slot], oldTimes[chunk(slot)][offset(slot)]);
      }
    }
  }

  @Override
  void movePayload(int from, int to) {
    setTimeAt(to, timeAt(from));
  }

  @Override
  void clearPayload(int slot) {
    // a long holds no reference
  }
}

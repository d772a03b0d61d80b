package io.verdis.shard;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;

/**
* Open addressing over byte[] keys with linear probing, a power-of-two capacity and
* backward-shift deletion (no tombstones, so probe runs never rot). Keys and their cached hashes
* live here; a subclass keeps its payload in parallel arrays and moves it when told to.
*
* <p>There are no per-entry objects: a slot costs 4 bytes per parallel array. Each array is cut
* into chunks of at most {@value #CHUNK_SIZE} slots because G1 stores an array bigger than half a
* region as a "humongous" object rounded up to whole regions, and a power-of-two array plus its
* header would waste up to one region per array (about 16 bytes per key at a million keys).
*
* <p>Not thread-safe: a table belongs to one shard thread.
*/
abstract class LinearProbingTable {
  private static final int MIN_CAPACITY = 16;
  private static final int CHUNK_BITS = 14;
  private static final int CHUNK_SIZE = 1 << CHUNK_BITS;

  private byte[][][] keys;
  private int[][] hashes;
  private int mask;
  private int size;
  /** Bumped by each snapshot: a chunk is this table's own only if it was copied in this epoch. */
  private int epoch;
  /** Per chunk, the epoch in which this table last got a private copy of it. */
  private int[] ownedIn;

  LinearProbingTable() {
    allocate(MIN_CAPACITY);
  }

  /**
   * A read-only snapshot of source that shares its chunks (copy-on-write): taking it costs one
   * reference per chunk, whatever the size of the table. From now on source copies a chunk
   * before it first writes to it, so the snapshot never sees a later change, the way a forked
   * Redis child keeps its pages.
   */
  LinearProbingTable(LinearProbingTable source) {
    keys = source.keys.clone();
    hashes = source.hashes.clone();
    mask = source.mask;
    size = source.size;
    source.epoch++;
  }

  /** Copies the payload arrays' chunk {@code chunk} before the table writes to it (see {@link #own}). */
  abstract void copyPayloadChunk(int chunk);

  /**
   * Makes chunk {@code chunk} private to this table before a write, if a snapshot may still share
   * it. Every write to a slot goes through here first, the payload setters of subclasses included.
   */
  final void own(int chunk) {
    if (ownedIn[chunk] != epoch) {
      keys[chunk] = keys[chunk].clone();
      hashes[chunk] = hashes[chunk].clone();
      copyPayloadChunk(chunk);
      ownedIn[chunk] = epoch;
    }
  }

  /** Replaces the payload arrays with empty ones of the given capacity. */
  abstract void resetPayload(int capacity);

  /** After a resize: the payload of old slot i moves to {@code destinations[i]} (-1 when empty). */
  abstract void relocatePayload(int[] destinations, int capacity);

  abstract void movePayload(int from, int to);

  /** Drops references held by a freed slot so the garbage collector can reclaim them. */
  abstract void clearPayload(int slot);

  /** Number of chunks of a payload array for the given capacity. */
  static int chunkCount(int capacity) {
    return Math.max(1, capacity >>> CHUNK_BITS);
  }

  /** Length of each chunk of a payload array for the given capacity. */
  static int chunkLength(int capacity) {
    return Math.min(capacity, CHUNK_SIZE);
  }

  /** The chunk holding a slot. */
  static int chunk(int slot) {
    return slot >>> CHUNK_BITS;
  }

  /** A slot's index inside its chunk. */
  static int offset(int slot) {
    return slot & (CHUNK_SIZE - 1);
  }

  public final int size() {
    return size;
  }

  public final int capacity() {
    return mask + 1;
  }

  public final void clear() {
    allocate(MIN_CAPACITY);
    resetPayload(MIN_CAPACITY);
    size = 0;
  }

  public final byte[] keyAt(int slot) {
    return keys[chunk(slot)][offset(slot)];
  }

  public final int hashAt(int slot) {
    return hashes[chunk(slot)][offset(slot)];
  }

  /** The slot holding key, or -1; {@code hash} must be {@code KeyHash.of(key)}. */
  public final int find(byte[] key, int hash) {
    for (int slot = hash & mask; keyAt(slot) != null; slot = (slot + 1) & mask) {
      if (hashAt(slot) == hash && Arrays.equals(keyAt(slot), key)) {
        return slot;
      }
    }
    return -1;
  }

  /** Stores a key known to be absent and returns its slot; the caller fills the payload. */
  final int insertAbsent(byte[] key, int hash) {
    if (size >= capacity() - (capacity() >>> 2)) {
      resize(capacity() * 2);
    }
    size++;
    return place(key, hash);
  }

  /** Frees a slot, pulling later entries of the probe run back so lookups still reach them. */
  public final void removeAt(int slot) {
    int hole = slot;
    for (int next = (hole + 1) & mask; keyAt(next) != null; next = (next + 1) & mask) {
      int home = hashAt(next) & mask;
      boolean homeAtOrBeforeHole = ((next - home) & mask) >= ((next - hole) & mask);
      if (homeAtOrBeforeHole) {
        setEntry(hole, keyAt(next), hashAt(next));
        movePayload(next, hole);
        hole = next;
      }
    }
    setEntry(hole, null, 0);
    clearPayload(hole);
    size--;
    if (size < capacity() >>> 3 && capacity() > MIN_CAPACITY) {
      resize(capacity() / 2);
    }
  }

  /** An occupied slot chosen at random (the first one at or after a random index), or -1. */
  public final int randomSlot(RandomGenerator random) {
    if (size == 0) {
      return -1;
    }
    int slot = random.nextInt(capacity());
    while (keyAt(slot) == null) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  /**
   * Visits up to {@code count} occupied slots in a row from a random index, looking at no more than
   * {@code count * 10} slots (Redis's dictGetSomeKeys, which the evictor samples with): distinct
   * entries, and every entry of a small table.
   */
  public final void sampleRun(RandomGenerator random, int count, IntConsumer slotVisitor) {
    if (size == 0) {
      return;
    }
    int slot = random.nextInt(capacity());
    long steps = Math.min(capacity(), count * 10L);
    for (int found = 0; found < count && steps > 0; steps--, slot = (slot + 1) & mask) {
      if (keyAt(slot) != null) {
        slotVisitor.accept(slot);
        found++;
      }
    }
  }

  /**
  * Visits the slots of the entries whose home bucket is the cursor's and returns the next
  * cursor (0 when done). The cursor advances in reverse-binary order, as Redis's dictScan, so
  * every entry present for the whole scan is visited at least once even if the table is
  * resized between calls.
  */
  public final long scan(long cursor, IntConsumer slotVisitor) {
    visitBucket((int) (cursor & mask), slotVisitor);
    return nextCursor(cursor);
  }

  /**
  * Scans buckets until at least {@code count} entries were visited, the scan ends, or
  * {@code count * 10} buckets were looked at (the same bound as Redis's SCAN).
  */
  public final long scan(long cursor, int count, IntConsumer slotVisitor) {
    long bucketsLeft = count * 10L;
    int visited = 0;
    do {
      visited += visitBucket((int) (cursor & mask), slotVisitor);
      cursor = nextCursor(cursor);
    } while (cursor != 0 && --bucketsLeft > 0 && visited < count);
    return cursor;
  }

  /** Entries of one home bucket sit in the probe run that starts at it: walk to its end. */
  private int visitBucket(int bucket, IntConsumer slotVisitor) {
    int visited = 0;
    for (int slot = bucket; keyAt(slot) != null; slot = (slot + 1) & mask) {
      if ((hashAt(slot) & mask) == bucket) {
        slotVisitor.accept(slot);
        visited++;
      }
    }
    return visited;
  }

  /** Increments the cursor's bucket bits from the most significant one down. */
  private long nextCursor(long cursor) {
    long reversed = Long.reverse(cursor | ~(long) mask);
    return Long.reverse(reversed + 1);
  }

  private void setEntry(int slot, byte[] key, int hash) {
    own(chunk(slot));
    keys[chunk(slot)][offset(slot)] = key;
    hashes[chunk(slot)][offset(slot)] = hash;
  }

  private int place(byte[] key, int hash) {
    int slot = hash & mask;
    while (keyAt(slot) != null) {
      slot = (slot + 1) & mask;
    }
    setEntry(slot, key, hash);
    return slot;
  }

  private void resize(int capacity) {
    byte[][][] oldKeys = keys;
    int[][] oldHashes = hashes;
    int oldCapacity = capacity();
    allocate(capacity);
    int[] destinations = new int[oldCapacity];
    for (int slot = 0; slot < oldCapacity; slot++) {
      byte[] key = oldKeys[chunk(slot)][offset(slot)];
      destinations[slot] = key == null ? -1 : place(key, oldHashes[chunk(slot)][offset(slot)]);
    }
    relocatePayload(destinations, capacity);
  }

  /** Fresh arrays: every chunk is this table's own (the payload is reset by the caller alike). */
  private void allocate(int capacity) {
    keys = new byte[chunkCount(capacity)][chunkLength(capacity)][];
    hashes = new int[chunkCount(capacity)][chunkLength(capacity)];
    mask = capacity - 1;
    ownedIn = new int[chunkCount(capacity)];
    Arrays.fill(ownedIn, epoch);
  }
}

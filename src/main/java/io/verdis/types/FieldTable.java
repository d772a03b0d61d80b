package io.verdis.types;

import io.verdis.shard.KeyHash;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;

/**
 * The large-hash encoding (Redis's "hashtable"): open addressing over byte[] fields with linear
 * probing and backward-shift deletion, fields, values and cached hashes in three parallel arrays
 * (no object per entry), as the shard's key table does. Arrays stored here are never modified in
 * place: a new value replaces the reference, so copies of the table may share them.
 *
 * <p>Scanning follows Redis's dictScan: the cursor counts buckets in reverse-binary order, so a
 * field present for a whole HSCAN is returned at least once even if the table grows or shrinks
 * between calls.
 */
final class FieldTable {
  private static final int MIN_CAPACITY = 8;

  private byte[][] fields;
  private byte[][] values;
  private int[] hashes;
  private int mask;
  private int size;

  /** An empty table sized for {@code expected} entries. */
  FieldTable(int expected) {
    int capacity = MIN_CAPACITY;
    while (capacity - (capacity >>> 2) <= expected) {
      capacity <<= 1;
    }
    allocate(capacity);
  }

  private FieldTable(FieldTable source) {
    fields = source.fields.clone();
    values = source.values.clone();
    hashes = source.hashes.clone();
    mask = source.mask;
    size = source.size;
  }

  /** An independent table; the field and value arrays themselves are shared (they never change). */
  FieldTable copy() {
    return new FieldTable(this);
  }

  int size() {
    return size;
  }

  int capacity() {
    return mask + 1;
  }

  byte[] fieldAt(int slot) {
    return fields[slot];
  }

  byte[] valueAt(int slot) {
    return values[slot];
  }

  /** The slot holding {@code field}, or -1. */
  int find(byte[] field) {
    int hash = KeyHash.of(field);
    for (int slot = hash & mask; fields[slot] != null; slot = (slot + 1) & mask) {
      if (hashes[slot] == hash && Arrays.equals(fields[slot], field)) {
        return slot;
      }
    }
    return -1;
  }

  /** Sets a field's value; true when the field was added. The table keeps both arrays. */
  boolean put(byte[] field, byte[] value) {
    int hash = KeyHash.of(field);
    int slot = hash & mask;
    for (; fields[slot] != null; slot = (slot + 1) & mask) {
      if (hashes[slot] == hash && Arrays.equals(fields[slot], field)) {
        values[slot] = value;
        return false;
      }
    }
    if (size >= capacity() - (capacity() >>> 2)) {
      resize(capacity() * 2);
      slot = place(hash);
    }
    fields[slot] = field;
    values[slot] = value;
    hashes[slot] = hash;
    size++;
    return true;
  }

  /** Removes a field; false when it was absent. */
  boolean remove(byte[] field) {
    int slot = find(field);
    if (slot < 0) {
      return false;
    }
    removeAt(slot);
    return true;
  }

  /** The first occupied slot at or after {@code from}, or -1: iteration in slot order. */
  int nextSlot(int from) {
    for (int slot = from; slot <= mask; slot++) {
      if (fields[slot] != null) {
        return slot;
      }
    }
    return -1;
  }

  /** An occupied slot chosen at random (the first at or after a random index); the table must not be empty. */
  int randomSlot(RandomGenerator random) {
    int slot = random.nextInt(capacity());
    while (fields[slot] == null) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  /**
   * One HSCAN call: visits buckets from {@code cursor} until at least {@code minEntries} entries
   * were visited, the scan ends, or {@code maxSteps} more buckets were looked at; returns the next
   * cursor, 0 when the scan is complete.
   */
  long scan(long cursor, long minEntries, long maxSteps, IntConsumer slotVisitor) {
    long visited = 0;
    do {
      visited += visitBucket((int) (cursor & mask), slotVisitor);
      cursor = nextCursor(cursor);
    } while (cursor != 0 && maxSteps-- > 0 && visited < minEntries);
    return cursor;
  }

  /** Entries whose home is {@code bucket} sit in the probe run that starts there: walk to its end. */
  private int visitBucket(int bucket, IntConsumer slotVisitor) {
    int visited = 0;
    for (int slot = bucket; fields[slot] != null; slot = (slot + 1) & mask) {
      if ((hashes[slot] & mask) == bucket) {
        slotVisitor.accept(slot);
        visited++;
      }
    }
    return visited;
  }

  /** Increments the cursor's bucket bits from the most significant one down (Redis's dictScan). */
  private long nextCursor(long cursor) {
    long reversed = Long.reverse(cursor | ~(long) mask);
    return Long.reverse(reversed + 1);
  }

  /** Frees a slot, pulling later entries of the probe run back so lookups still reach them. */
  private void removeAt(int slot) {
    int hole = slot;
    for (int next = (hole + 1) & mask; fields[next] != null; next = (next + 1) & mask) {
      int home = hashes[next] & mask;
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        fields[hole] = fields[next];
        values[hole] = values[next];
        hashes[hole] = hashes[next];
        hole = next;
      }
    }
    fields[hole] = null;
    values[hole] = null;
    hashes[hole] = 0;
    size--;
    if (size < capacity() >>> 3 && capacity() > MIN_CAPACITY) {
      resize(capacity() / 2);
    }
  }

  private int place(int hash) {
    int slot = hash & mask;
    while (fields[slot] != null) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void resize(int capacity) {
    byte[][] oldFields = fields;
    byte[][] oldValues = values;
    int[] oldHashes = hashes;
    allocate(capacity);
    for (int i = 0; i < oldFields.length; i++) {
      if (oldFields[i] != null) {
        int slot = place(oldHashes[i]);
        fields[slot] = oldFields[i];
        values[slot] = oldValues[i];
        hashes[slot] = oldHashes[i];
      }
    }
  }

  private void allocate(int capacity) {
    fields = new byte[capacity][];
    values = new byte[capacity][];
    hashes = new int[capacity];
    mask = capacity - 1;
  }
}

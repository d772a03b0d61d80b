package io.verdis.types;

import io.verdis.persist.rdb.RdbValue;

import java.util.Arrays;
import java.util.List;

/**
 * A Redis list: a ring buffer of elements (a circular array with a head index and a power-of-two
 * capacity). Pushing and popping at either end and reading any index are O(1), which is what job
 * queues (LPUSH + BRPOP, RPOPLPUSH) and LRANGE need; inserting or removing in the middle moves the
 * elements on the shorter side. The array doubles when full and, once a quarter full, shrinks to
 * twice the size, so a queue that drained gives its memory back.
 *
 * <p>Elements are kept as given (the arrays of the command's arguments): callers must not change an
 * array after handing it over, nor one they got back.
 */
public final class ListValue extends Aggregate {
  /** Smallest array kept once the list has grown: below it, halving saves too little to be worth a copy. */
  static final int MIN_CAPACITY = 8;

  private byte[][] ring;
  /** Index in {@link #ring} of the first element. */
  private int head;
  private int size;

  public ListValue() {
    this(MIN_CAPACITY);
  }

  /** An empty list with room for {@code expected} elements before it grows. */
  public ListValue(int expected) {
    this(new byte[capacityFor(expected)][]);
  }

  private ListValue(byte[][] ring) {
    this.ring = ring;
  }

  /** A list holding {@code rdb}'s elements, head first (RESTORE, SORT STORE). */
  public static ListValue fromRdb(RdbValue.ListValue rdb) {
    List<byte[]> elements = rdb.elements();
    ListValue list = new ListValue(elements.size());
    for (byte[] element : elements) {
      list.ring[list.size++] = element;
    }
    return list;
  }

  @Override
  public String typeName() {
    return "list";
  }

  /** Redis 7.0 reports every list as a quicklist (listpack-encoded small lists came with 7.2). */
  @Override
  public String encoding() {
    return "quicklist";
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public ListValue copy() {
    ListValue copy = new ListValue(new byte[ring.length][]);
    copyTo(copy.ring);
    copy.size = size;
    return copy;
  }

  /** The elements head first. */
  @Override
  public RdbValue.ListValue toRdb() {
    byte[][] elements = new byte[size][];
    copyTo(elements);
    return new RdbValue.ListValue(Arrays.asList(elements));
  }

  /** The element at {@code index} (0 is the head); the index must be in [0, size). */
  public byte[] get(int index) {
    return ring[slot(index)];
  }

  /** Replaces the element at {@code index}, which must be in [0, size). */
  public void set(int index, byte[] element) {
    ring[slot(index)] = element;
  }

  public void pushHead(byte[] element) {
    growIfFull();
    head = (head - 1) & mask();
    ring[head] = element;
    size++;
  }

  public void pushTail(byte[] element) {
    growIfFull();
    ring[slot(size)] = element;
    size++;
  }

  /** Removes and returns the head, or null when the list is empty. */
  public byte[] popHead() {
    if (size == 0) {
      return null;
    }
    byte[] element = ring[head];
    ring[head] = null;
    head = (head + 1) & mask();
    size--;
    shrinkIfSparse();
    return element;
  }

  /** Removes and returns the tail, or null when the list is empty. */
  public byte[] popTail() {
    if (size == 0) {
      return null;
    }
    int tail = slot(size - 1);
    byte[] element = ring[tail];
    ring[tail] = null;
    size--;
    shrinkIfSparse();
    return element;
  }

  /** Inserts {@code element} so that it ends up at {@code index} (0..size), moving the shorter side. */
  public void insert(int index, byte[] element) {
    growIfFull();
    if (index < size / 2) {
      head = (head - 1) & mask();
      for (int i = 0; i < index; i++) {
        ring[slot(i)] = ring[slot(i + 1)];
      }
    } else {
      for (int i = size; i > index; i--) {
        ring[slot(i)] = ring[slot(i - 1)];
      }
    }
    ring[slot(index)] = element;
    size++;
  }

  /** Removes and returns the element at {@code index} (0..size-1), moving the shorter side. */
  public byte[] remove(int index) {
    byte[] element = get(index);
    if (index < size / 2) {
      for (int i = index; i > 0; i--) {
        ring[slot(i)] = ring[slot(i - 1)];
      }
      ring[head] = null;
      head = (head + 1) & mask();
    } else {
      for (int i = index; i < size - 1; i++) {
        ring[slot(i)] = ring[slot(i + 1)];
      }
      ring[slot(size - 1)] = null;
    }
    size--;
    shrinkIfSparse();
    return element;
  }

  /** Keeps only the elements from {@code start} to {@code end} inclusive (0 ≤ start ≤ end < size). */
  public void keepRange(int start, int end) {
    dropTail(size - 1 - end);
    dropHead(start);
    shrinkIfSparse();
  }

  /** Removes every element. */
  public void clear() {
    dropTail(size);
    shrinkIfSparse();
  }

  /** The index of the first element equal to {@code element} at or after {@code from}, or -1. */
  public int indexOf(byte[] element, int from) {
    for (int i = from; i < size; i++) {
      if (Arrays.equals(ring[slot(i)], element)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Removes up to {@code limit} elements equal to {@code element} (0 or less: all of them), the
   * first ones from the head, or from the tail when {@code fromTail}; returns how many went (LREM).
   */
  public int removeAll(byte[] element, long limit, boolean fromTail) {
    long quota = limit <= 0 ? Long.MAX_VALUE : limit;
    int removed = 0;
    if (fromTail) {
      int write = size - 1;
      for (int read = size - 1; read >= 0; read--) {
        byte[] current = ring[slot(read)];
        if (removed < quota && Arrays.equals(current, element)) {
          removed++;
        } else {
          ring[slot(write--)] = current;
        }
      }
      dropHead(removed);
    } else {
      int write = 0;
      for (int read = 0; read < size; read++) {
        byte[] current = ring[slot(read)];
        if (removed < quota && Arrays.equals(current, element)) {
          removed++;
        } else {
          ring[slot(write++)] = current;
        }
      }
      dropTail(removed);
    }
    shrinkIfSparse();
    return removed;
  }

  /** Current array length, for tests of growth and shrinking. */
  int capacity() {
    return ring.length;
  }

  private int mask() {
    return ring.length - 1;
  }

  private int slot(int index) {
    return (head + index) & (ring.length - 1);
  }

  /** Forgets the first {@code count} elements (their slots are cleared for the garbage collector). */
  private void dropHead(int count) {
    for (int i = 0; i < count; i++) {
      ring[slot(i)] = null;
    }
    head = (head + count) & mask();
    size -= count;
  }

  private void dropTail(int count) {
    for (int i = size - count; i < size; i++) {
      ring[slot(i)] = null;
    }
    size -= count;
  }

  private void growIfFull() {
    if (size == ring.length) {
      resize(ring.length * 2);
    }
  }

  private void shrinkIfSparse() {
    if (ring.length > MIN_CAPACITY && size <= ring.length / 4) {
      resize(Math.max(MIN_CAPACITY, capacityFor(size * 2)));
    }
  }

  private void resize(int capacity) {
    byte[][] resized = new byte[capacity][];
    copyTo(resized);
    ring = resized;
    head = 0;
  }

  /** Copies the elements head first to the start of {@code target}: at most two array copies. */
  private void copyTo(byte[][] target) {
    int first = Math.min(size, ring.length - head);
    System.arraycopy(ring, head, target, 0, first);
    System.arraycopy(ring, 0, target, first, size - first);
  }

  /** The smallest power of two ≥ {@code n}, at least 1. */
  private static int capacityFor(int n) {
    return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
  }
}

package io.verdis.types;

import java.util.Arrays;

/**
 * The large-list encoding: a ring buffer of elements (a circular array with a head index and a
 * power-of-two capacity). Pushing and popping at either end and reading any index are O(1), which
 * is what job queues (LPUSH + BRPOP, RPOPLPUSH) and LRANGE need; inserting or removing in the
 * middle moves the elements on the shorter side. The array doubles when full and, once a quarter
 * full, shrinks to twice the size, so a queue that drained gives its memory back.
 *
 * <p>Elements are kept as given (the arrays of the command's arguments): callers must not change an
 * array after handing it over, nor one they got back.
 */
final class ElementRing {
  /** Smallest array kept once the ring has grown: below it, halving saves too little to be worth a copy. */
  static final int MIN_CAPACITY = 8;

  private byte[][] ring;
  /** Index in {@link #ring} of the first element. */
  private int head;
  private int size;

  /** An empty ring with room for {@code expected} elements before it grows. */
  ElementRing(int expected) {
    this.ring = new byte[capacityFor(expected)][];
  }

  int size() {
    return size;
  }

  ElementRing copy() {
    ElementRing copy = new ElementRing(ring.length);
    copyTo(copy.ring);
    copy.size = size;
    return copy;
  }

  /** The element at {@code index} (0 is the head); the index must be in [0, size). */
  byte[] get(int index) {
    return ring[slot(index)];
  }

  /** Replaces the element at {@code index}, which must be in [0, size). */
  void set(int index, byte[] element) {
    ring[slot(index)] = element;
  }

  void pushHead(byte[] element) {
    growIfFull();
    head = (head - 1) & mask();
    ring[head] = element;
    size++;
  }

  void pushTail(byte[] element) {
    growIfFull();
    ring[slot(size)] = element;
    size++;
  }

  /** Removes and returns the head; the ring must not be empty. */
  byte[] popHead() {
    byte[] element = ring[head];
    ring[head] = null;
    head = (head + 1) & mask();
    size--;
    shrinkIfSparse();
    return element;
  }

  /** Removes and returns the tail; the ring must not be empty. */
  byte[] popTail() {
    int tail = slot(size - 1);
    byte[] element = ring[tail];
    ring[tail] = null;
    size--;
    shrinkIfSparse();
    return element;
  }

  /** Inserts {@code element} so that it ends up at {@code index} (0..size), moving the shorter side. */
  void insert(int index, byte[] element) {
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
  byte[] remove(int index) {
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
  void keepRange(int start, int end) {
    dropTail(size - 1 - end);
    dropHead(start);
    shrinkIfSparse();
  }

  /** The index of the first element equal to {@code element} in [from, to), or -1. */
  int indexOf(byte[] element, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Arrays.equals(ring[slot(i)], element)) {
        return i;
      }
    }
    return -1;
  }

  /** The index of the last element equal to {@code element} in [downTo, from], or -1. */
  int lastIndexOf(byte[] element, int from, int downTo) {
    for (int i = from; i >= downTo; i--) {
      if (Arrays.equals(ring[slot(i)], element)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Removes up to {@code quota} elements equal to {@code element}, the first ones from the head,
   * or from the tail when {@code fromTail}; returns how many went (LREM).
   */
  int removeAll(byte[] element, long quota, boolean fromTail) {
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

  /** Whether no element is longer than {@code maxLength} bytes. */
  boolean allWithin(int maxLength) {
    for (int i = 0; i < size; i++) {
      if (ring[slot(i)].length > maxLength) {
        return false;
      }
    }
    return true;
  }

  /** Copies the elements head first to the start of {@code target}: at most two array copies. */
  void copyTo(byte[][] target) {
    int first = Math.min(size, ring.length - head);
    System.arraycopy(ring, head, target, 0, first);
    System.arraycopy(ring, 0, target, first, size - first);
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

  /** The smallest power of two ≥ {@code n}, at least 1. */
  private static int capacityFor(int n) {
    return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
  }
}

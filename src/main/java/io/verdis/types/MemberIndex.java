package io.verdis.types;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Member → node id for a {@link ZsetSkiplist}: open addressing with linear probing over an int
 * array of node ids (0 = empty slot), backward-shift deletion, load factor at most 3/4. The
 * members and their hashes stay in the skip list's node arrays, so a member costs 4 bytes per
 * slot here and no object.
 */
final class MemberIndex {
  private static final int MIN_CAPACITY = 16;

  private final ZsetSkiplist nodes;
  private int[] slots;
  private int mask;
  private int size;

  MemberIndex(ZsetSkiplist nodes, int expected) {
    this.nodes = nodes;
    allocate(capacityFor(expected));
  }

  /** A copy of {@code source} for a copy of its skip list (same node ids). */
  MemberIndex(ZsetSkiplist nodes, MemberIndex source) {
    this.nodes = nodes;
    slots = source.slots.clone();
    mask = source.mask;
    size = source.size;
  }

  private static int capacityFor(int expected) {
    int capacity = MIN_CAPACITY;
    while (capacity - (capacity >>> 2) < expected) {
      capacity <<= 1;
    }
    return capacity;
  }

  private void allocate(int capacity) {
    slots = new int[capacity];
    mask = capacity - 1;
  }

  /** The node holding {@code member}, or 0; {@code hash} is {@code KeyHash.of(member)}. */
  int find(byte[] member, int hash) {
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      int node = slots[slot];
      if (node == 0 || (nodes.hashAt(node) == hash && Arrays.equals(nodes.memberAt(node), member))) {
        return node;
      }
    }
  }

  /** Adds a node whose member is not indexed yet. */
  void add(int node) {
    if (size + 1 > slots.length - (slots.length >>> 2)) {
      resize(slots.length * 2);
    }
    place(node);
    size++;
  }

  private void place(int node) {
    int slot = nodes.hashAt(node) & mask;
    while (slots[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    slots[slot] = node;
  }

  /** Removes an indexed node, pulling later entries of its probe run back over the hole. */
  void remove(int node) {
    int hole = nodes.hashAt(node) & mask;
    while (slots[hole] != node) {
      hole = (hole + 1) & mask;
    }
    for (int slot = (hole + 1) & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
      int home = nodes.hashAt(slots[slot]) & mask;
      if (((slot - home) & mask) >= ((slot - hole) & mask)) {
        slots[hole] = slots[slot];
        hole = slot;
      }
    }
    slots[hole] = 0;
    size--;
    if (size < slots.length >>> 3 && slots.length > MIN_CAPACITY) {
      resize(slots.length / 2);
    }
  }

  /** Indexes the skip list's nodes afresh after it renumbered them. */
  void rebuild(int expected) {
    allocate(capacityFor(expected));
    size = 0;
    nodes.forEachNode(node -> {
      place(node);
      size++;
    });
  }

  private void resize(int capacity) {
    int[] old = slots;
    allocate(capacity);
    for (int node : old) {
      if (node != 0) {
        place(node);
      }
    }
  }

  /**
   * Visits the nodes whose home slot is the cursor's, and those of following slots until at
   * least {@code count} were visited (at most {@code count * 10} slots, as Redis's SCAN). The
   * cursor advances in reverse-binary order, as Redis's dictScan, so a node present for the
   * whole scan is visited at least once even if the index is resized in between.
   */
  long scan(long cursor, int count, IntConsumer visitor) {
    long slotsLeft = count * 10L;
    int visited = 0;
    do {
      int home = (int) (cursor & mask);
      for (int slot = home; slots[slot] != 0; slot = (slot + 1) & mask) {
        if ((nodes.hashAt(slots[slot]) & mask) == home) {
          visitor.accept(slots[slot]);
          visited++;
        }
      }
      cursor = Long.reverse(Long.reverse(cursor | ~(long) mask) + 1);
    } while (cursor != 0 && --slotsLeft > 0 && visited < count);
    return cursor;
  }
}

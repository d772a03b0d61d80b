package io.verdis.types;

import io.verdis.shard.KeyHash;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A set's "hashtable" encoding: distinct byte[] members with O(1) add, remove, lookup and
 * uniformly random pick, and no object per member besides the member's own bytes.
 *
 * <p>Members and their hashes sit in dense parallel arrays, positions 0..size-1, so a random
 * member is one array read (SPOP, SRANDMEMBER) and iteration touches no empty slots. An
 * open-addressing index (linear probing, power-of-two capacity, load at most 3/4) maps a
 * member to its position: each slot holds position + 1, 0 when free. Removal swaps the last
 * member into the freed position and closes the index gap by backward shift, so there are no
 * tombstones. Memory per member: 8 to 12 bytes of dense arrays plus 5 to 11 of index, against
 * Redis's 24-byte dictEntry plus 8 to 16 of buckets.
 *
 * <p>Positions move on removal, so a SSCAN cursor walks the index's home buckets instead, in
 * Redis's reverse-binary order (dictScan): a member present for the whole scan is reported at
 * least once even if the table grows or shrinks in between.
 */
final class MemberTable {
  /** Small sets are common: a one-member set costs one slot of each array, as in Redis's dict. */
  private static final int MIN_MEMBERS = 1;
  private static final int MIN_INDEX = 2;

  private byte[][] members;
  private int[] hashes;
  private int[] index;
  private int size;

  MemberTable(int expected) {
    int capacity = Math.max(expected, MIN_MEMBERS);
    members = new byte[capacity][];
    hashes = new int[capacity];
    index = new int[indexCapacityFor(capacity)];
  }

  private MemberTable(MemberTable source) {
    members = source.members.clone();
    hashes = source.hashes.clone();
    index = source.index.clone();
    size = source.size;
  }

  MemberTable copy() {
    return new MemberTable(this);
  }

  int size() {
    return size;
  }

  /** The member at {@code position} (0..size-1); positions change when a member is removed. */
  byte[] memberAt(int position) {
    return members[position];
  }

  boolean contains(byte[] member) {
    return slotOf(member, KeyHash.of(member)) >= 0;
  }

  /** Adds {@code member} (kept by reference: it must not change) unless present; true if added. */
  boolean add(byte[] member) {
    int hash = KeyHash.of(member);
    int slot = slotOf(member, hash);
    if (slot >= 0) {
      return false;
    }
    if (size == members.length) {
      resizeMembers(size + Math.max(1, size >>> 1));
    }
    if (size + 1 > maxLoad(index.length)) {
      rebuildIndex(index.length * 2);
      slot = slotOf(member, hash);
    }
    members[size] = member;
    hashes[size] = hash;
    index[~slot] = size + 1;
    size++;
    return true;
  }

  boolean remove(byte[] member) {
    int slot = slotOf(member, KeyHash.of(member));
    if (slot < 0) {
      return false;
    }
    removeSlot(slot);
    return true;
  }

  /** Removes the member at {@code position}; the last member takes its place. */
  void removeAt(int position) {
    removeSlot(slotOfPosition(position));
  }

  /**
   * Visits the members whose home bucket is the cursor's and returns the next cursor, 0 when the
   * scan is complete (one step of Redis's dictScan).
   */
  long scanStep(long cursor, Consumer<byte[]> visitor) {
    int mask = index.length - 1;
    int bucket = (int) (cursor & mask);
    for (int slot = bucket; index[slot] != 0; slot = (slot + 1) & mask) {
      int position = index[slot] - 1;
      if ((hashes[position] & mask) == bucket) {
        visitor.accept(members[position]);
      }
    }
    // Increment the cursor's bucket bits from the most significant one down.
    return Long.reverse(Long.reverse(cursor | ~(long) mask) + 1);
  }

  /** The index slot of {@code member}, or {@code ~slot} of the free slot where it would go. */
  private int slotOf(byte[] member, int hash) {
    int mask = index.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      int entry = index[slot];
      if (entry == 0) {
        return ~slot;
      }
      if (hashes[entry - 1] == hash && Arrays.equals(members[entry - 1], member)) {
        return slot;
      }
    }
  }

  private int slotOfPosition(int position) {
    int mask = index.length - 1;
    int slot = hashes[position] & mask;
    while (index[slot] != position + 1) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void removeSlot(int slot) {
    int position = index[slot] - 1;
    closeGap(slot);
    int last = size - 1;
    if (position != last) {
      index[slotOfPosition(last)] = position + 1;
      members[position] = members[last];
      hashes[position] = hashes[last];
    }
    members[last] = null;
    size--;
    if (size < members.length >>> 2 && members.length > MIN_MEMBERS) {
      resizeMembers(Math.max(MIN_MEMBERS, size + (size >>> 1)));
    }
    if (size < index.length >>> 3 && index.length > MIN_INDEX) {
      rebuildIndex(indexCapacityFor(size));
    }
  }

  /** Frees an index slot, pulling later entries of its probe run back so lookups still reach them. */
  private void closeGap(int slot) {
    int mask = index.length - 1;
    int hole = slot;
    for (int next = (hole + 1) & mask; index[next] != 0; next = (next + 1) & mask) {
      int home = hashes[index[next] - 1] & mask;
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        index[hole] = index[next];
        hole = next;
      }
    }
    index[hole] = 0;
  }

  private void resizeMembers(int capacity) {
    members = Arrays.copyOf(members, capacity);
    hashes = Arrays.copyOf(hashes, capacity);
  }

  private void rebuildIndex(int capacity) {
    index = new int[capacity];
    int mask = capacity - 1;
    for (int position = 0; position < size; position++) {
      int slot = hashes[position] & mask;
      while (index[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      index[slot] = position + 1;
    }
  }

  /** Three quarters, rounded down: at least one slot stays free, which ends every probe. */
  private static int maxLoad(int capacity) {
    return (capacity * 3) >>> 2;
  }

  /** The smallest power-of-two index that holds {@code members} within its load limit. */
  private static int indexCapacityFor(int members) {
    int capacity = MIN_INDEX;
    while (maxLoad(capacity) < members) {
      capacity <<= 1;
    }
    return capacity;
  }
}

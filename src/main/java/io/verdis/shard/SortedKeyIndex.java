package io.verdis.shard;

import java.util.Arrays;
import java.util.function.Predicate;

/**
* Every key of a database in unsigned-byte order, for prefix queries ({@code KEYS user:*},
* Pizzaria {@code reads}) in O(log n + matches).
*
* <p>A sorted run of leaves, each a sorted {@code byte[][]} of at most 128 keys: two binary
* searches find a key (leaves by first key, then inside the leaf), and an insert or remove
* shifts at most one leaf. Leaf arrays grow in steps of 32 and leaves stay at least a quarter
* full, which keeps the index near 5 bytes per key. It holds the caller's key arrays, not copies.
*
* <p>The first 8 bytes of each leaf's first key are kept beside it as a long, so the search over
* leaves compares numbers in one small array and follows a key array only on a tie: without it,
* each of its ~log2(leaves) steps cost two cache misses (the leaf, then its first key).
*/
public final class SortedKeyIndex {
  private static final int LEAF_CAPACITY = 128;
  private static final int MIN_LEAF_FILL = LEAF_CAPACITY / 4;
  private static final int LEAF_GROWTH = 32;

  private byte[][][] leaves;
  private int[] leafSizes;
  /** {@link #prefix} of each leaf's first key. */
  private long[] leafPrefixes;
  private int leafCount;
  private int size;

  public SortedKeyIndex() {
    clear();
  }

  public int size() {
    return size;
  }

  public void clear() {
    leaves = new byte[1][][];
    leafSizes = new int[1];
    leafPrefixes = new long[1];
    leafCount = 0;
    size = 0;
  }

  /** Adds key; false when an equal key is already present. */
  public boolean insert(byte[] key) {
    if (leafCount == 0) {
      insertLeaf(0, new byte[LEAF_GROWTH][], 0);
    }
    int leaf = leafFor(key);
    int position = searchLeaf(leaf, key);
    if (position >= 0) {
      return false;
    }
    insertInLeaf(leaf, -position - 1, key);
    size++;
    return true;
  }

  /** Removes the key equal to key; false when absent. */
  public boolean remove(byte[] key) {
    if (leafCount == 0) {
      return false;
    }
    int leaf = leafFor(key);
    int position = searchLeaf(leaf, key);
    if (position < 0) {
      return false;
    }
    byte[][] keys = leaves[leaf];
    int last = --leafSizes[leaf];
    System.arraycopy(keys, position + 1, keys, position, last - position);
    keys[last] = null;
    size--;
    if (position == 0 && last > 0) {
      leafPrefixes[leaf] = prefix(keys[0]);
    }
    if (leafSizes[leaf] < MIN_LEAF_FILL) {
      rebalance(leaf);
    }
    return true;
  }

  /** Visits keys starting with prefix, in order, while the visitor returns true. */
  public void forEachWithPrefix(byte[] prefix, Predicate<byte[]> visitor) {
    forEachFrom(prefix, key -> startsWith(key, prefix) && visitor.test(key));
  }

  /** Visits keys ≥ start (all keys when start is null), in order, while the visitor returns true. */
  public void forEachFrom(byte[] start, Predicate<byte[]> visitor) {
    if (leafCount == 0) {
      return;
    }
    int leaf = start == null ? 0 : leafFor(start);
    int position = start == null ? 0 : lowerBound(leaf, start);
    for (; leaf < leafCount; leaf++, position = 0) {
      for (; position < leafSizes[leaf]; position++) {
        if (!visitor.test(leaves[leaf][position])) {
          return;
        }
      }
    }
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.mismatch(key, 0, prefix.length, prefix, 0, prefix.length) < 0;
  }

  /** The last leaf whose first key is ≤ key, or leaf 0 when key precedes them all. */
  private int leafFor(byte[] key) {
    long keyPrefix = prefix(key);
    int low = 0;
    int high = leafCount - 1;
    while (low < high) {
      int middle = (low + high + 1) >>> 1;
      long leafPrefix = leafPrefixes[middle];
      int order = leafPrefix != keyPrefix
          ? Long.compareUnsigned(leafPrefix, keyPrefix)
          : Arrays.compareUnsigned(leaves[middle][0], key);
      if (order <= 0) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  }

  /**
   * The first 8 bytes of key as an unsigned big-endian number, zero-padded: two keys whose
   * prefixes differ are ordered as their prefixes; equal prefixes decide nothing (a short key
   * pads with zeros), and the keys themselves are compared.
   */
  static long prefix(byte[] key) {
    long prefix = 0;
    int length = Math.min(8, key.length);
    for (int i = 0; i < length; i++) {
      prefix = prefix << 8 | (key[i] & 0xff);
    }
    return length == 8 ? prefix : prefix << (8 * (8 - length));
  }

  /** As {@link Arrays#binarySearch}: the position of key, or (-(insertion point) - 1). */
  private int searchLeaf(int leaf, byte[] key) {
    return Arrays.binarySearch(leaves[leaf], 0, leafSizes[leaf], key, Arrays::compareUnsigned);
  }

  private int lowerBound(int leaf, byte[] key) {
    int position = searchLeaf(leaf, key);
    return position >= 0 ? position : -position - 1;
  }

  private void insertInLeaf(int leaf, int position, byte[] key) {
    if (leafSizes[leaf] == LEAF_CAPACITY) {
      int half = LEAF_CAPACITY / 2;
      split(leaf, half);
      if (position > half) {
        leaf++;
        position -= half;
      }
    }
    byte[][] keys = leaves[leaf];
    int count = leafSizes[leaf]++;
    if (count == keys.length) {
      keys = leaves[leaf] = Arrays.copyOf(keys, count + LEAF_GROWTH);
    }
    System.arraycopy(keys, position, keys, position + 1, count - position);
    keys[position] = key;
    if (position == 0) {
      leafPrefixes[leaf] = prefix(key);
    }
  }

  private void split(int leaf, int leftSize) {
    byte[][] keys = leaves[leaf];
    int count = leafSizes[leaf];
    insertLeaf(leaf + 1, Arrays.copyOfRange(keys, leftSize, count), count - leftSize);
    leaves[leaf] = Arrays.copyOf(keys, leftSize);
    leafSizes[leaf] = leftSize;
  }

  /** A leaf fell below a quarter full: drop it if empty, else merge with or borrow from a neighbour. */
  private void rebalance(int leaf) {
    if (leafSizes[leaf] == 0) {
      removeLeaf(leaf);
      return;
    }
    if (leafCount == 1) {
      return;
    }
    int left = leaf == leafCount - 1 ? leaf - 1 : leaf;
    int total = leafSizes[left] + leafSizes[left + 1];
    byte[][] merged = Arrays.copyOf(leaves[left], roundUpToGrowth(total));
    System.arraycopy(leaves[left + 1], 0, merged, leafSizes[left], leafSizes[left + 1]);
    leaves[left] = merged;
    leafSizes[left] = total;
    leafPrefixes[left] = prefix(merged[0]);
    removeLeaf(left + 1);
    if (total > LEAF_CAPACITY) {
      split(left, total / 2);
    }
  }

  private static int roundUpToGrowth(int count) {
    return (count + LEAF_GROWTH - 1) / LEAF_GROWTH * LEAF_GROWTH;
  }

  private void insertLeaf(int index, byte[][] keys, int count) {
    if (leafCount == leaves.length) {
      int capacity = leafCount + (leafCount >> 1) + 1;
      leaves = Arrays.copyOf(leaves, capacity);
      leafSizes = Arrays.copyOf(leafSizes, capacity);
      leafPrefixes = Arrays.copyOf(leafPrefixes, capacity);
    }
    System.arraycopy(leaves, index, leaves, index + 1, leafCount - index);
    System.arraycopy(leafSizes, index, leafSizes, index + 1, leafCount - index);
    System.arraycopy(leafPrefixes, index, leafPrefixes, index + 1, leafCount - index);
    leaves[index] = keys;
    leafSizes[index] = count;
    leafPrefixes[index] = count == 0 ? 0 : prefix(keys[0]);
    leafCount++;
  }

  private void removeLeaf(int index) {
    leafCount--;
    System.arraycopy(leaves, index + 1, leaves, index, leafCount - index);
    System.arraycopy(leafSizes, index + 1, leafSizes, index, leafCount - index);
    System.arraycopy(leafPrefixes, index + 1, leafPrefixes, index, leafCount - index);
    leaves[leafCount] = null;
  }
}

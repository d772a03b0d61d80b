package io.verdis.types;

import io.verdis.persist.rdb.ListpackSize;
import java.util.ArrayList;

/**
 * The large-list encoding, Redis's quicklist: a sequence of {@link ListBlock} nodes, each holding
 * up to list-max-listpack-size entries (or bytes), so a million short elements cost about what
 * their bytes do rather than an object each. Both ends are O(1): a push goes into the end node
 * while it has room, else into a new one. An index is found by skipping whole nodes by their
 * counts from the nearer end, then walking within one node, so LINDEX, LSET and LINSERT in the
 * middle of a large list cost a walk over its nodes plus one node, not over its elements.
 *
 * <p>The nodes sit in an array rather than a linked chain: finding the n-th node is the same walk,
 * and adding a node anywhere moves a few thousand references at most, once per node's worth of
 * pushes. With list-compress-depth d > 0 every node but the d at each end is kept compressed
 * ({@link ListBlock#compress}), as Redis does; the limits a list was created with stay its own,
 * as in Redis, where quicklistNew takes the settings of the moment.
 */
final class Quicklist {
  private final ListLimits limits;
  private final ArrayList<ListBlock> nodes;
  private int size;

  Quicklist(ListLimits limits) {
    this.limits = limits;
    this.nodes = new ArrayList<>();
  }

  private Quicklist(ListLimits limits, ArrayList<ListBlock> nodes, int size) {
    this.limits = limits;
    this.nodes = nodes;
    this.size = size;
  }

  /** A quicklist whose one node is {@code block} (Redis's quicklistAppendListpack on conversion). */
  static Quicklist of(ListBlock block, ListLimits limits) {
    Quicklist list = new Quicklist(limits);
    if (block.count() > 0) {
      list.nodes.add(block);
      list.size = block.count();
    }
    return list;
  }

  /** {@code elements} cut into full nodes of no free room (RESTORE, RDB loading). */
  static Quicklist of(byte[][] elements, ListLimits limits) {
    Quicklist list = new Quicklist(limits);
    int from = 0;
    while (from < elements.length) {
      long lpBytes = ListpackSize.EMPTY;
      int to = from;
      while (to < elements.length && limits.nodeAllows(lpBytes, to - from, elements[to].length)) {
        lpBytes += ListpackSize.ofString(elements[to]);
        to++;
      }
      list.nodes.add(ListBlock.of(elements, from, to));
      from = to;
    }
    list.size = elements.length;
    list.refreshEnds();
    for (int i = 0; i < list.nodes.size(); i++) {
      list.settle(i);
    }
    return list;
  }

  int size() {
    return size;
  }

  int nodeCount() {
    return nodes.size();
  }

  /** The node at {@code index}, for the conversion back to a listpack and for tests. */
  ListBlock node(int index) {
    return nodes.get(index);
  }

  Quicklist copy() {
    ArrayList<ListBlock> copied = new ArrayList<>(nodes.size());
    for (ListBlock node : nodes) {
      copied.add(node.copy());
    }
    return new Quicklist(limits, copied, size);
  }

  // Reading

  byte[] get(int index) {
    long at = locate(index);
    return nodes.get(node(at)).get(offset(at));
  }

  /** Visits the elements from {@code first} to {@code last} inclusive (0 ≤ first ≤ last < size), head first. */
  void forRange(int first, int last, ListValue.ElementVisitor visitor) {
    long at = locate(first);
    int remaining = last - first + 1;
    for (int i = node(at), offset = offset(at); remaining > 0; i++, offset = 0) {
      ListBlock node = nodes.get(i);
      int upTo = Math.min(node.count() - 1, offset + remaining - 1);
      node.forRange(offset, upTo, visitor);
      remaining -= upTo - offset + 1;
    }
  }

  /** The index of the first element equal to {@code element} in [from, to), or -1. */
  int indexOf(byte[] element, int from, int to) {
    if (from >= to) {
      return -1;
    }
    long at = locate(from);
    int base = from - offset(at);
    for (int i = node(at), offset = offset(at); i < nodes.size() && base < to; i++, offset = 0) {
      ListBlock node = nodes.get(i);
      int found = node.indexOf(element, offset, Math.min(node.count(), to - base));
      if (found >= 0) {
        return base + found;
      }
      base += node.count();
    }
    return -1;
  }

  /** The index of the last element equal to {@code element} in [downTo, from], or -1. */
  int lastIndexOf(byte[] element, int from, int downTo) {
    if (from < downTo) {
      return -1;
    }
    long at = locate(from);
    int base = from - offset(at);
    for (int i = node(at), offset = offset(at); i >= 0 && base + offset >= downTo; i--) {
      ListBlock node = nodes.get(i);
      int found = node.lastIndexOf(element, offset, Math.max(0, downTo - base));
      if (found >= 0) {
        return base + found;
      }
      if (i > 0) {
        offset = nodes.get(i - 1).count() - 1;
        base -= offset + 1;
      }
    }
    return -1;
  }

  // Changing

  void pushHead(byte[] element) {
    ListBlock head = nodes.isEmpty() ? null : nodes.get(0);
    if (head != null && limits.nodeAllows(head.lpBytes(), head.count(), element.length)) {
      head.pushHead(element);
    } else {
      if (head != null) {
        head.trim();
      }
      ListBlock node = new ListBlock();
      node.pushHead(element);
      nodes.add(0, node);
      refreshEnds();
    }
    size++;
  }

  void pushTail(byte[] element) {
    ListBlock tail = nodes.isEmpty() ? null : nodes.get(nodes.size() - 1);
    if (tail != null && limits.nodeAllows(tail.lpBytes(), tail.count(), element.length)) {
      tail.pushTail(element);
    } else {
      if (tail != null) {
        tail.trim();
      }
      ListBlock node = new ListBlock();
      node.pushTail(element);
      nodes.add(node);
      refreshEnds();
    }
    size++;
  }

  /** Removes and returns the head; the list must not be empty. */
  byte[] popHead() {
    ListBlock head = nodes.get(0);
    byte[] element = head.popHead();
    size--;
    if (head.count() == 0) {
      nodes.remove(0);
      refreshEnds();
    }
    return element;
  }

  /** Removes and returns the tail; the list must not be empty. */
  byte[] popTail() {
    int last = nodes.size() - 1;
    ListBlock tail = nodes.get(last);
    byte[] element = tail.popTail();
    size--;
    if (tail.count() == 0) {
      nodes.remove(last);
      refreshEnds();
    }
    return element;
  }

  /** Replaces the element at {@code index}; a node that grew past its limit is split in two. */
  void set(int index, byte[] element) {
    long at = locate(index);
    int i = node(at);
    ListBlock node = nodes.get(i);
    node.set(offset(at), element);
    if (node.count() > 1 && limits.exceeds(node.lpBytes(), node.count())) {
      splitInHalf(i);
    } else {
      settle(i);
    }
  }

  /**
   * Inserts {@code element} so that it ends up at {@code index} (0..size): into its node while
   * that has room, else at the end of the node before when it goes first in its node and that
   * one has room, else into its node, then split in two (as Redis's _quicklistInsert).
   */
  void insert(int index, byte[] element) {
    if (index == size) {
      pushTail(element);
      return;
    }
    if (index == 0) {
      pushHead(element);
      return;
    }
    long at = locate(index);
    int i = node(at);
    int offset = offset(at);
    ListBlock node = nodes.get(i);
    size++;
    if (limits.nodeAllows(node.lpBytes(), node.count(), element.length)) {
      node.insert(offset, element);
      settle(i);
      return;
    }
    ListBlock previous = offset == 0 ? nodes.get(i - 1) : null;
    if (previous != null && limits.nodeAllows(previous.lpBytes(), previous.count(), element.length)) {
      previous.pushTail(element);
      settle(i - 1);
      return;
    }
    node.insert(offset, element);
    splitInHalf(i);
  }

  /** Removes and returns the element at {@code index} (0..size-1). */
  byte[] remove(int index) {
    long at = locate(index);
    int i = node(at);
    ListBlock node = nodes.get(i);
    byte[] element = node.remove(offset(at));
    size--;
    if (node.count() == 0) {
      nodes.remove(i);
      refreshEnds();
    } else {
      settle(i);
    }
    return element;
  }

  /**
   * Removes up to {@code quota} elements equal to {@code element}, the first ones from the head,
   * or from the tail when {@code fromTail}; returns how many went (LREM).
   */
  int removeAll(byte[] element, long quota, boolean fromTail) {
    int removed = 0;
    boolean emptied = false;
    for (int n = 0, count = nodes.size(); n < count && removed < quota; n++) {
      int i = fromTail ? count - 1 - n : n;
      ListBlock node = nodes.get(i);
      int gone = node.removeAll(element, quota - removed, fromTail);
      if (gone > 0) {
        removed += gone;
        emptied |= node.count() == 0;
        settle(i);
      }
    }
    if (emptied) {
      nodes.removeIf(node -> node.count() == 0);
      refreshEnds();
    }
    size -= removed;
    return removed;
  }

  /** Keeps only the elements from {@code first} to {@code last} inclusive (0 ≤ first ≤ last < size). */
  void keepRange(int first, int last) {
    // Both ends are located before anything changes: locate walks by the counts and the size.
    long from = locate(first);
    long to = locate(last);
    int firstNode = node(from);
    int lastNode = node(to);
    nodes.subList(lastNode + 1, nodes.size()).clear();
    nodes.get(lastNode).keepRange(0, offset(to));
    nodes.subList(0, firstNode).clear();
    ListBlock head = nodes.get(0);
    head.keepRange(offset(from), head.count() - 1);
    size = last - first + 1;
    refreshEnds();
    settle(0);
    settle(nodes.size() - 1);
  }

  // Finding an index

  /**
   * Node and offset in it of the element at {@code index} (0..size-1), packed in a long (see
   * {@link #node} and {@link #offset}): whole nodes are skipped by their counts from the nearer
   * end. Packed rather than kept in fields so that reading changes nothing.
   */
  private long locate(int index) {
    if (index < size / 2) {
      for (int i = 0; ; i++) {
        int count = nodes.get(i).count();
        if (index < count) {
          return (long) i << 32 | index;
        }
        index -= count;
      }
    }
    int back = size - 1 - index;
    for (int i = nodes.size() - 1; ; i--) {
      int count = nodes.get(i).count();
      if (back < count) {
        return (long) i << 32 | (count - 1 - back);
      }
      back -= count;
    }
  }

  private static int node(long located) {
    return (int) (located >>> 32);
  }

  private static int offset(long located) {
    return (int) located;
  }

  // Keeping nodes at their limits and the inner ones compressed

  private void splitInHalf(int i) {
    ListBlock node = nodes.get(i);
    nodes.add(i + 1, node.split(node.count() / 2));
    refreshEnds();
    settle(i);
    settle(i + 1);
  }

  /** Whether the node at {@code i} is one that list-compress-depth keeps compressed. */
  private boolean inner(int i) {
    int depth = limits.compressDepth();
    return depth > 0 && i >= depth && i < nodes.size() - depth;
  }

  /** Compresses the node at {@code i} after a change when it is an inner one (Redis recompresses after use). */
  private void settle(int i) {
    if (i >= 0 && i < nodes.size() && inner(i)) {
      nodes.get(i).compress();
    }
  }

  /**
   * After nodes came or went: the {@code depth} nodes at each end raw, and the next one in from
   * each end compressed (Redis's __quicklistCompress). Every node further in already is, since
   * nodes come and go one at a time at the ends and changed inner nodes are settled.
   */
  private void refreshEnds() {
    int depth = limits.compressDepth();
    int count = nodes.size();
    if (depth == 0) {
      return;
    }
    for (int i = 0; i < Math.min(depth, count); i++) {
      nodes.get(i).decompress();
      nodes.get(count - 1 - i).decompress();
    }
    settle(depth);
    settle(count - 1 - depth);
  }
}

package io.verdis.types;

import io.verdis.persist.rdb.ListpackSize;
import io.verdis.persist.rdb.RdbValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Redis list, in one of two shapes as in Redis 7.2. A small list (OBJECT ENCODING "listpack")
 * is one {@link ListBlock}; once its entries would not fit one node under list-max-listpack-size
 * it becomes a {@link Quicklist} of such blocks ("quicklist"), and it turns back into a listpack
 * only once down to one node within half the limits, as Redis 7.2's listTypeTryConversion: a list
 * that hovers around the limit does not flip at every push and pop. Sizes are measured as Redis's
 * listpack would store the same elements ({@link ListpackSize}), so the conversions happen at the
 * same moments as Redis's.
 *
 * <p>Methods that may convert take the {@link ListLimits} of the moment (CONFIG SET applies at
 * the next write, as in Redis); the forms without them use Redis's defaults.
 *
 * <p>Elements handed out are copies or slices of the list's own arrays: callers must not change a
 * slice, nor keep it past the visit.
 */
public final class ListValue extends Aggregate {
  /** Receives an element as a slice of an array that belongs to the list (do not keep or change it). */
  public interface ElementVisitor {
    void accept(byte[] array, int offset, int length);
  }

  /** The elements while the list is a listpack, else null. */
  private ListBlock packed;
  /** The elements once the list is a quicklist, else null. */
  private Quicklist chain;

  public ListValue() {
    this.packed = new ListBlock();
  }

  /** An empty list about to receive {@code expected} elements (pushAll decides its shape). */
  public ListValue(int expected) {
    this();
  }

  private ListValue(ListBlock packed, Quicklist chain) {
    this.packed = packed;
    this.chain = chain;
  }

  /** A list holding {@code rdb}'s elements, head first (SORT STORE), shaped as Redis 7.2 would load it. */
  public static ListValue fromRdb(RdbValue.ListValue rdb) {
    return fromRdb(rdb, ListLimits.DEFAULT);
  }

  /** A list holding {@code rdb}'s elements (RESTORE, RDB loading): a listpack when they fit one node. */
  public static ListValue fromRdb(RdbValue.ListValue rdb, ListLimits limits) {
    byte[][] elements = rdb.elements().toArray(new byte[0][]);
    long lpBytes = ListpackSize.EMPTY;
    for (byte[] element : elements) {
      lpBytes += ListpackSize.ofString(element);
    }
    if (!limits.exceeds(lpBytes, elements.length)) {
      return new ListValue(ListBlock.of(elements, 0, elements.length), null);
    }
    return new ListValue(null, Quicklist.of(elements, limits));
  }

  @Override
  public String typeName() {
    return "list";
  }

  /** "listpack" for a small list, "quicklist" for a large one, as Redis 7.2 (7.0 says quicklist for every list). */
  @Override
  public String encoding() {
    return packed != null ? "listpack" : "quicklist";
  }

  @Override
  public int size() {
    return packed != null ? packed.count() : chain.size();
  }

  @Override
  public ListValue copy() {
    return packed != null ? new ListValue(packed.copy(), null) : new ListValue(null, chain.copy());
  }

  /** The elements head first. */
  @Override
  public RdbValue.ListValue toRdb() {
    List<byte[]> elements = new ArrayList<>(size());
    if (size() > 0) {
      forRange(0, size() - 1, (array, offset, length) -> elements.add(Arrays.copyOfRange(array, offset, offset + length)));
    }
    return new RdbValue.ListValue(elements);
  }

  /** The element at {@code index} (0 is the head); the index must be in [0, size). */
  public byte[] get(int index) {
    return packed != null ? packed.get(index) : chain.get(index);
  }

  /** Visits the elements from {@code first} to {@code last} inclusive (0 ≤ first, last < size), head first. */
  public void forRange(int first, int last, ElementVisitor visitor) {
    if (first > last) {
      return;
    }
    if (packed != null) {
      packed.forRange(first, last, visitor);
    } else {
      chain.forRange(first, last, visitor);
    }
  }

  /** Replaces the element at {@code index}, which must be in [0, size). */
  public void set(int index, byte[] element) {
    set(index, element, ListLimits.DEFAULT);
  }

  /** LSET: a listpack too large with the new element added becomes a quicklist first, and may turn back after. */
  public void set(int index, byte[] element, ListLimits limits) {
    growing(element.length, 1, limits);
    if (packed != null) {
      packed.set(index, element);
    } else {
      chain.set(index, element);
      shrinking(limits);
    }
  }

  public void pushHead(byte[] element) {
    pushHead(element, ListLimits.DEFAULT);
  }

  public void pushHead(byte[] element, ListLimits limits) {
    growing(element.length, 1, limits);
    if (packed != null) {
      packed.pushHead(element);
    } else {
      chain.pushHead(element);
    }
  }

  public void pushTail(byte[] element) {
    pushTail(element, ListLimits.DEFAULT);
  }

  public void pushTail(byte[] element, ListLimits limits) {
    growing(element.length, 1, limits);
    if (packed != null) {
      packed.pushTail(element);
    } else {
      chain.pushTail(element);
    }
  }

  /** {@link #pushAll(byte[][], int, boolean, ListLimits)} under the default limits. */
  public void pushAll(byte[][] elements, int from, boolean atHead) {
    pushAll(elements, from, atHead, ListLimits.DEFAULT);
  }

  /**
   * Pushes {@code elements[from]}, {@code elements[from + 1]} … one after the other at the head
   * (so the last one ends up first, as LPUSH does) or at the tail. A listpack becomes a quicklist
   * at once when they would not all fit, as Redis 7.2's listTypeTryConversionAppend decides
   * before pushing.
   */
  public void pushAll(byte[][] elements, int from, boolean atHead, ListLimits limits) {
    long bytes = 0;
    for (int i = from; i < elements.length; i++) {
      bytes += elements[i].length;
    }
    growing(bytes, elements.length - from, limits);
    if (packed != null) {
      packed.pushAll(elements, from, elements.length, atHead);
      return;
    }
    for (int i = from; i < elements.length; i++) {
      if (atHead) {
        chain.pushHead(elements[i]);
      } else {
        chain.pushTail(elements[i]);
      }
    }
  }

  /** Removes and returns the head, or null when the list is empty. */
  public byte[] popHead() {
    return popHead(ListLimits.DEFAULT);
  }

  public byte[] popHead(ListLimits limits) {
    if (size() == 0) {
      return null;
    }
    if (packed != null) {
      return packed.popHead();
    }
    byte[] element = chain.popHead();
    shrinking(limits);
    return element;
  }

  /** Removes and returns the tail, or null when the list is empty. */
  public byte[] popTail() {
    return popTail(ListLimits.DEFAULT);
  }

  public byte[] popTail(ListLimits limits) {
    if (size() == 0) {
      return null;
    }
    if (packed != null) {
      return packed.popTail();
    }
    byte[] element = chain.popTail();
    shrinking(limits);
    return element;
  }

  /** Inserts {@code element} so that it ends up at {@code index} (0..size). */
  public void insert(int index, byte[] element) {
    insert(index, element, ListLimits.DEFAULT);
  }

  public void insert(int index, byte[] element, ListLimits limits) {
    growing(element.length, 1, limits);
    if (packed != null) {
      packed.insert(index, element);
    } else {
      chain.insert(index, element);
    }
  }

  /** Removes and returns the element at {@code index} (0..size-1). */
  public byte[] remove(int index) {
    return remove(index, ListLimits.DEFAULT);
  }

  public byte[] remove(int index, ListLimits limits) {
    if (packed != null) {
      return packed.remove(index);
    }
    byte[] element = chain.remove(index);
    shrinking(limits);
    return element;
  }

  /** Keeps only the elements from {@code first} to {@code last} inclusive (0 ≤ first ≤ last < size). */
  public void keepRange(int first, int last) {
    keepRange(first, last, ListLimits.DEFAULT);
  }

  public void keepRange(int first, int last, ListLimits limits) {
    if (packed != null) {
      packed.keepRange(first, last);
    } else {
      chain.keepRange(first, last);
      shrinking(limits);
    }
  }

  /** Removes every element. */
  public void clear() {
    packed = new ListBlock();
    chain = null;
  }

  /** The index of the first element equal to {@code element} at or after {@code from}, or -1. */
  public int indexOf(byte[] element, int from) {
    return indexOf(element, from, size());
  }

  /** The index of the first element equal to {@code element} in [from, to) (0 ≤ from ≤ to ≤ size), or -1. */
  public int indexOf(byte[] element, int from, int to) {
    return packed != null ? packed.indexOf(element, from, to) : chain.indexOf(element, from, to);
  }

  /** The index of the last element equal to {@code element} in [downTo, from] (0 ≤ downTo, from < size), or -1. */
  public int lastIndexOf(byte[] element, int from, int downTo) {
    return packed != null ? packed.lastIndexOf(element, from, downTo) : chain.lastIndexOf(element, from, downTo);
  }

  /**
   * Removes up to {@code limit} elements equal to {@code element} (0 or less: all of them), the
   * first ones from the head, or from the tail when {@code fromTail}; returns how many went (LREM).
   */
  public int removeAll(byte[] element, long limit, boolean fromTail) {
    return removeAll(element, limit, fromTail, ListLimits.DEFAULT);
  }

  public int removeAll(byte[] element, long limit, boolean fromTail, ListLimits limits) {
    long quota = limit <= 0 ? Long.MAX_VALUE : limit;
    if (packed != null) {
      return packed.removeAll(element, quota, fromTail);
    }
    int removed = chain.removeAll(element, quota, fromTail);
    shrinking(limits);
    return removed;
  }

  /** Length of the packed array, or -1 for a quicklist: for tests of the free room. */
  int packedCapacity() {
    return packed != null ? packed.capacity() : -1;
  }

  /** The quicklist, or null for a listpack: for tests of its nodes. */
  Quicklist chain() {
    return chain;
  }

  /**
   * Before {@code count} elements of {@code bytes} in all are added: a listpack they would take
   * past the limits becomes a quicklist whose first node it is (Redis's listTypeTryConvertListpack).
   */
  private void growing(long bytes, int count, ListLimits limits) {
    if (packed != null && limits.exceeds(packed.lpBytes() + bytes, (long) packed.count() + count)) {
      chain = Quicklist.of(packed, limits);
      packed = null;
    }
  }

  /** After elements went: a quicklist down to one raw node within half the limits becomes a listpack again. */
  private void shrinking(ListLimits limits) {
    if (chain.nodeCount() == 1) {
      ListBlock only = chain.node(0);
      if (!only.isCompressed() && limits.fitsHalf(only.lpBytes(), only.count())) {
        packed = only;
        chain = null;
      }
    }
  }
}

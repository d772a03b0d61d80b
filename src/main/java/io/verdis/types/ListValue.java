package io.verdis.types;

import io.verdis.persist.rdb.RdbValue;

import java.util.Arrays;

/**
 * A Redis list, in one of two shapes as in Redis 7.2. A small list (at most
 * {@value #MAX_PACKED_ENTRIES} elements of at most {@value #MAX_PACKED_ELEMENT} bytes, OBJECT
 * ENCODING "listpack") is one byte[] of {@link PackedListEntries} with free room at both ends, so
 * pushing and popping at either end rarely copies; a list of ten short elements then costs two
 * objects instead of twelve. Past either limit it becomes an {@link ElementRing} ("quicklist"),
 * O(1) at both ends and by index, and it turns back into a listpack only once down to half the
 * entries ({@value #REPACK_ENTRIES}) with every element short enough, as Redis 7.2 converts back
 * at half its limits: a list that hovers around the limit does not flip at every push and pop.
 *
 * <p>Both ends of a packed list are O(1); an index in between is found by walking from the nearer
 * end, O(n) with n ≤ {@value #MAX_PACKED_ENTRIES}, as in Redis's listpack: cheap at that size.
 *
 * <p>Elements handed in may be kept as given (the arrays of the command's arguments) and elements
 * handed out may be the stored arrays: callers must not change an array after handing it over,
 * nor one they got back.
 */
public final class ListValue extends Aggregate {
  /** Most elements a listpack-encoded list holds. */
  public static final int MAX_PACKED_ENTRIES = 128;
  /** Longest element a listpack-encoded list holds, in bytes. */
  public static final int MAX_PACKED_ELEMENT = 64;
  /** Size at which a quicklist turns back into a listpack. */
  static final int REPACK_ENTRIES = MAX_PACKED_ENTRIES / 2;
  /** The most a packed list's elements can take. */
  private static final int MAX_PACKED_BYTES = MAX_PACKED_ENTRIES * (2 + MAX_PACKED_ELEMENT);
  /** Packed arrays this short are not worth reallocating to give free room back. */
  private static final int MIN_SHRINK_BYTES = 64;

  /** Receives an element as a slice of an array that belongs to the list (do not keep or change it). */
  public interface ElementVisitor {
    void accept(byte[] array, int offset, int length);
  }

  /** The elements in {@code packed[start, end)} while the list is small, else null. */
  private byte[] packed;
  // Positions and count fit in 16 bits (a packed array never exceeds MAX_PACKED_BYTES * 3 / 2), and
  // three chars instead of three ints keep a list object at 32 bytes instead of 40.
  private char start;
  private char end;
  /** Number of packed elements. */
  private char count;
  /** The elements once the list is large, else null. */
  private ElementRing ring;

  public ListValue() {
    this.packed = PackedElements.EMPTY;
  }

  /** An empty list about to receive {@code expected} elements: a quicklist at once when too many to pack. */
  public ListValue(int expected) {
    if (expected > MAX_PACKED_ENTRIES) {
      this.ring = new ElementRing(expected);
    } else {
      this.packed = PackedElements.EMPTY;
    }
  }

  private ListValue(byte[] packed, int count) {
    this.packed = packed;
    this.end = (char) packed.length;
    this.count = (char) count;
  }

  private ListValue(ElementRing ring) {
    this.ring = ring;
  }

  /** A list holding {@code rdb}'s elements, head first (RESTORE, SORT STORE), shaped as Redis 7.2 would load it. */
  public static ListValue fromRdb(RdbValue.ListValue rdb) {
    byte[][] elements = rdb.elements().toArray(new byte[0][]);
    byte[] packed = pack(elements);
    if (packed != null) {
      return new ListValue(packed, elements.length);
    }
    ElementRing ring = new ElementRing(elements.length);
    for (byte[] element : elements) {
      ring.pushTail(element);
    }
    return new ListValue(ring);
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
    return packed != null ? count : ring.size();
  }

  @Override
  public ListValue copy() {
    return packed != null ? new ListValue(Arrays.copyOfRange(packed, start, end), count) : new ListValue(ring.copy());
  }

  /** The elements head first. */
  @Override
  public RdbValue.ListValue toRdb() {
    byte[][] elements = new byte[size()][];
    if (packed == null) {
      ring.copyTo(elements);
    } else {
      int i = 0;
      for (int at = start; at < end; at = PackedListEntries.next(packed, at)) {
        elements[i++] = PackedElements.copyElement(packed, at);
      }
    }
    return new RdbValue.ListValue(Arrays.asList(elements));
  }

  /** The element at {@code index} (0 is the head); the index must be in [0, size). */
  public byte[] get(int index) {
    return packed != null ? PackedElements.copyElement(packed, offsetOf(index)) : ring.get(index);
  }

  /** Visits the elements from {@code first} to {@code last} inclusive (0 ≤ first, last < size), head first. */
  public void forRange(int first, int last, ElementVisitor visitor) {
    if (packed == null) {
      for (int i = first; i <= last; i++) {
        byte[] element = ring.get(i);
        visitor.accept(element, 0, element.length);
      }
      return;
    }
    int at = offsetOf(first);
    for (int i = first; i <= last; i++) {
      int length = PackedElements.length(packed, at);
      visitor.accept(packed, at + 1, length);
      at += 2 + length;
    }
  }

  /** Replaces the element at {@code index}, which must be in [0, size). */
  public void set(int index, byte[] element) {
    if (packed != null && element.length > MAX_PACKED_ELEMENT) {
      toRing(count);
    }
    if (packed == null) {
      ring.set(index, element);
      return;
    }
    int relative = offsetOf(index) - start;
    int growth = element.length - PackedElements.length(packed, start + relative);
    if (growth > 0) {
      makeRoom(growth, false);
    }
    int at = start + relative;
    int after = PackedListEntries.next(packed, at);
    System.arraycopy(packed, after, packed, after + growth, end - after);
    end += growth;
    PackedListEntries.write(packed, at, element);
    if (growth < 0) {
      shrinkIfSparse();
    }
  }

  public void pushHead(byte[] element) {
    if (packed != null && !fitsOneMore(element)) {
      toRing(count + 1);
    }
    if (packed == null) {
      ring.pushHead(element);
      return;
    }
    makeRoom(PackedListEntries.size(element), true);
    start -= PackedListEntries.size(element);
    PackedListEntries.write(packed, start, element);
    count++;
  }

  public void pushTail(byte[] element) {
    if (packed != null && !fitsOneMore(element)) {
      toRing(count + 1);
    }
    if (packed == null) {
      ring.pushTail(element);
      return;
    }
    makeRoom(PackedListEntries.size(element), false);
    end = (char) PackedListEntries.write(packed, end, element);
    count++;
  }

  /**
   * Pushes {@code elements[from]}, {@code elements[from + 1]} … one after the other at the head
   * (so the last one ends up first, as LPUSH does) or at the tail. A packed list makes room for
   * all of them at once, or becomes a quicklist at once when they would not fit, as Redis 7.2's
   * listTypeTryConversionAppend decides before pushing.
   */
  public void pushAll(byte[][] elements, int from, boolean atHead) {
    if (packed != null) {
      int bytes = count + elements.length - from <= MAX_PACKED_ENTRIES ? packedSize(elements, from) : -1;
      if (bytes >= 0) {
        makeRoom(bytes, atHead);
        for (int i = from; i < elements.length; i++) {
          if (atHead) {
            start -= PackedListEntries.size(elements[i]);
            PackedListEntries.write(packed, start, elements[i]);
          } else {
            end = (char) PackedListEntries.write(packed, end, elements[i]);
          }
        }
        count += elements.length - from;
        return;
      }
      toRing(count + elements.length - from);
    }
    for (int i = from; i < elements.length; i++) {
      if (atHead) {
        ring.pushHead(elements[i]);
      } else {
        ring.pushTail(elements[i]);
      }
    }
  }

  /** Removes and returns the head, or null when the list is empty. */
  public byte[] popHead() {
    if (size() == 0) {
      return null;
    }
    if (packed == null) {
      byte[] element = ring.popHead();
      repackIfSmall();
      return element;
    }
    byte[] element = PackedElements.copyElement(packed, start);
    start = (char) PackedListEntries.next(packed, start);
    count--;
    shrinkIfSparse();
    return element;
  }

  /** Removes and returns the tail, or null when the list is empty. */
  public byte[] popTail() {
    if (size() == 0) {
      return null;
    }
    if (packed == null) {
      byte[] element = ring.popTail();
      repackIfSmall();
      return element;
    }
    int at = PackedListEntries.previous(packed, end);
    byte[] element = PackedElements.copyElement(packed, at);
    end = (char) at;
    count--;
    shrinkIfSparse();
    return element;
  }

  /** Inserts {@code element} so that it ends up at {@code index} (0..size). */
  public void insert(int index, byte[] element) {
    if (packed != null && !fitsOneMore(element)) {
      toRing(count + 1);
    }
    if (packed == null) {
      ring.insert(index, element);
      return;
    }
    int bytes = PackedListEntries.size(element);
    int relative = offsetOf(index) - start;
    makeRoom(bytes, false);
    int at = start + relative;
    System.arraycopy(packed, at, packed, at + bytes, end - at);
    PackedListEntries.write(packed, at, element);
    end += bytes;
    count++;
  }

  /** Removes and returns the element at {@code index} (0..size-1). */
  public byte[] remove(int index) {
    if (packed == null) {
      byte[] element = ring.remove(index);
      repackIfSmall();
      return element;
    }
    int at = offsetOf(index);
    byte[] element = PackedElements.copyElement(packed, at);
    int after = PackedListEntries.next(packed, at);
    System.arraycopy(packed, after, packed, at, end - after);
    end -= after - at;
    count--;
    shrinkIfSparse();
    return element;
  }

  /** Keeps only the elements from {@code first} to {@code last} inclusive (0 ≤ first ≤ last < size). */
  public void keepRange(int first, int last) {
    if (packed == null) {
      ring.keepRange(first, last);
      repackIfSmall();
      return;
    }
    int newEnd = offsetOf(last + 1);
    start = (char) offsetOf(first);
    end = (char) newEnd;
    count = (char) (last - first + 1);
    shrinkIfSparse();
  }

  /** Removes every element. */
  public void clear() {
    packed = PackedElements.EMPTY;
    start = 0;
    end = 0;
    count = 0;
    ring = null;
  }

  /** The index of the first element equal to {@code element} at or after {@code from}, or -1. */
  public int indexOf(byte[] element, int from) {
    return indexOf(element, from, size());
  }

  /** The index of the first element equal to {@code element} in [from, to) (0 ≤ from ≤ to ≤ size), or -1. */
  public int indexOf(byte[] element, int from, int to) {
    if (packed == null) {
      return ring.indexOf(element, from, to);
    }
    int at = offsetOf(from);
    for (int i = from; i < to; i++, at = PackedListEntries.next(packed, at)) {
      if (PackedElements.matches(packed, at, element)) {
        return i;
      }
    }
    return -1;
  }

  /** The index of the last element equal to {@code element} in [downTo, from] (0 ≤ downTo, from < size), or -1. */
  public int lastIndexOf(byte[] element, int from, int downTo) {
    if (packed == null) {
      return ring.lastIndexOf(element, from, downTo);
    }
    if (from < downTo) {
      return -1;
    }
    int at = offsetOf(from);
    for (int i = from; ; i--) {
      if (PackedElements.matches(packed, at, element)) {
        return i;
      }
      if (i == downTo) {
        return -1;
      }
      at = PackedListEntries.previous(packed, at);
    }
  }

  /**
   * Removes up to {@code limit} elements equal to {@code element} (0 or less: all of them), the
   * first ones from the head, or from the tail when {@code fromTail}; returns how many went (LREM).
   */
  public int removeAll(byte[] element, long limit, boolean fromTail) {
    long quota = limit <= 0 ? Long.MAX_VALUE : limit;
    if (packed == null) {
      int removed = ring.removeAll(element, quota, fromTail);
      repackIfSmall();
      return removed;
    }
    // From the tail: keep the matches before the last `quota` ones, then remove the rest in one pass.
    long spared = fromTail ? Math.max(0, countMatches(element) - quota) : 0;
    int removed = 0;
    int write = start;
    for (int read = start; read < end; ) {
      int after = PackedListEntries.next(packed, read);
      if (removed < quota && PackedElements.matches(packed, read, element) && spared-- <= 0) {
        removed++;
      } else {
        System.arraycopy(packed, read, packed, write, after - read);
        write += after - read;
      }
      read = after;
    }
    end = (char) write;
    count -= removed;
    shrinkIfSparse();
    return removed;
  }

  /** How many packed elements equal {@code element}. */
  private int countMatches(byte[] element) {
    int matches = 0;
    for (int at = start; at < end; at = PackedListEntries.next(packed, at)) {
      if (PackedElements.matches(packed, at, element)) {
        matches++;
      }
    }
    return matches;
  }

  /** Length of the packed array, or -1 for a quicklist: for tests of the free room. */
  int packedCapacity() {
    return packed != null ? packed.length : -1;
  }

  /** Position of the entry at {@code index} (size: the end), walked to from the nearer end. */
  private int offsetOf(int index) {
    return index <= count / 2 ? PackedListEntries.skip(packed, start, index)
        : PackedListEntries.skipBack(packed, end, count - index);
  }

  private boolean fitsOneMore(byte[] element) {
    return count < MAX_PACKED_ENTRIES && element.length <= MAX_PACKED_ELEMENT;
  }

  /**
   * Makes {@code bytes} of room before {@link #start} ({@code atHead}) or after {@link #end}. When
   * that side is short, the elements move to the other end of the array, so that all the free
   * room is on the side being pushed (a queue pushed at one end and popped at the other then
   * moves its elements now and then, not at every push); or, when the array would be left less
   * than a quarter free, they move to a new one half as large again. An empty list gets an array
   * of exactly the size asked: a list created by one push of all its elements has no slack.
   */
  private void makeRoom(int bytes, boolean atHead) {
    if (atHead ? start >= bytes : packed.length - end >= bytes) {
      return;
    }
    int used = end - start;
    int needed = used + bytes;
    byte[] target = packed;
    if (count == 0 ? packed.length < needed : packed.length < needed + needed / 4) {
      target = new byte[count == 0 ? needed : Math.min(needed + needed / 2, Math.max(needed, MAX_PACKED_BYTES))];
    }
    int moved = atHead ? target.length - used : 0;
    System.arraycopy(packed, start, target, moved, used);
    packed = target;
    start = (char) moved;
    end = (char) (moved + used);
  }

  /** Gives most of the free room back once a packed array is less than a quarter full. */
  private void shrinkIfSparse() {
    int used = end - start;
    if (count == 0) {
      clear();
    } else if (packed.length > MIN_SHRINK_BYTES && used < packed.length / 4) {
      byte[] shrunk = new byte[used + used / 2];
      System.arraycopy(packed, start, shrunk, 0, used);
      packed = shrunk;
      start = 0;
      end = (char) used;
    }
  }

  /** Moves the packed elements into a ring sized for {@code expected} (Redis's listpack to quicklist conversion). */
  private void toRing(int expected) {
    ElementRing converted = new ElementRing(expected);
    for (int at = start; at < end; at = PackedListEntries.next(packed, at)) {
      converted.pushTail(PackedElements.copyElement(packed, at));
    }
    ring = converted;
    packed = null;
    start = 0;
    end = 0;
    count = 0;
  }

  /** Packs a quicklist that shrank to {@link #REPACK_ENTRIES} elements, all short enough, into an exact array. */
  private void repackIfSmall() {
    int size = ring.size();
    if (size > REPACK_ENTRIES || !ring.allWithin(MAX_PACKED_ELEMENT)) {
      return;
    }
    byte[][] elements = new byte[size][];
    ring.copyTo(elements);
    ring = null;
    packed = pack(elements);
    start = 0;
    end = (char) packed.length;
    count = (char) size;
  }

  /** {@code elements} in one array of exactly their size, or null when they are too many or one is too long to pack. */
  private static byte[] pack(byte[][] elements) {
    int bytes = elements.length > MAX_PACKED_ENTRIES ? -1 : packedSize(elements, 0);
    if (bytes <= 0) {
      return bytes == 0 ? PackedElements.EMPTY : null;
    }
    byte[] packed = new byte[bytes];
    int at = 0;
    for (byte[] element : elements) {
      at = PackedListEntries.write(packed, at, element);
    }
    return packed;
  }

  /** Bytes {@code elements[from..]} take once packed, or -1 when one is too long to pack. */
  private static int packedSize(byte[][] elements, int from) {
    int bytes = 0;
    for (int i = from; i < elements.length; i++) {
      if (elements[i].length > MAX_PACKED_ELEMENT) {
        return -1;
      }
      bytes += PackedListEntries.size(elements[i]);
    }
    return bytes;
  }
}

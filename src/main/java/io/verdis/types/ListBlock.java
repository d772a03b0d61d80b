package io.verdis.types;

import io.verdis.persist.rdb.ListpackSize;
import io.verdis.persist.rdb.Lzf;

import java.util.Arrays;

/**
 * A run of list elements packed in one byte[] ({@link PackedListEntries}), with free room at both
 * ends so that pushing and popping at either end rarely copies: a whole small list ("listpack"),
 * or one node of a large one ({@link Quicklist}). Many short elements then cost one array header
 * in all instead of one each, which is most of what a short element costs on the JVM.
 *
 * <p>Both ends are O(1); an index in between is found by walking from the nearer end, as in
 * Redis's listpack. The block also counts its size as Redis's listpack would ({@link #lpBytes}),
 * which is what Redis's node and encoding limits are measured against.
 *
 * <p>An inner node of a large list may be compressed with LZF (list-compress-depth). Reading one
 * decompresses into a scratch copy and leaves the block as it is, since a snapshot may be reading
 * the same block on its own thread; changing one decompresses it for good, and the owner
 * compresses it again.
 */
final class ListBlock {
  /** Packed arrays this short are not worth reallocating to give free room back. */
  private static final int MIN_SHRINK_BYTES = 64;
  /** Redis compresses no node under 48 bytes, and keeps one raw unless LZF saves 8 (quicklist.c). */
  private static final int MIN_COMPRESS_BYTES = 48;
  private static final int MIN_COMPRESS_IMPROVE = 8;

  /** The entries in {@code bytes[start, end)}; when compressed, the LZF data (the whole array). */
  private byte[] bytes;
  /** Where the entries start, or -1 when the block is compressed. */
  private int start;
  /** Where the entries end; when compressed, how many bytes they take once decompressed. */
  private int end;
  private int count;
  /** The size of the same entries as a Redis listpack, header included. */
  private int lpBytes;

  ListBlock() {
    this.bytes = PackedElements.EMPTY;
    this.lpBytes = ListpackSize.EMPTY;
  }

  private ListBlock(byte[] bytes, int start, int end, int count, int lpBytes) {
    this.bytes = bytes;
    this.start = start;
    this.end = end;
    this.count = count;
    this.lpBytes = lpBytes;
  }

  /** {@code elements[from, to)} in one block with no free room. */
  static ListBlock of(byte[][] elements, int from, int to) {
    int size = 0;
    int lp = ListpackSize.EMPTY;
    for (int i = from; i < to; i++) {
      size += PackedListEntries.size(elements[i]);
      lp += ListpackSize.ofString(elements[i]);
    }
    byte[] packed = new byte[size];
    int at = 0;
    for (int i = from; i < to; i++) {
      at = PackedListEntries.write(packed, at, elements[i]);
    }
    return new ListBlock(packed, 0, size, to - from, lp);
  }

  int count() {
    return count;
  }

  int lpBytes() {
    return lpBytes;
  }

  boolean isCompressed() {
    return start < 0;
  }

  /** Length of the array, for tests of the free room. */
  int capacity() {
    return bytes.length;
  }

  ListBlock copy() {
    return isCompressed() ? new ListBlock(bytes.clone(), -1, end, count, lpBytes)
        : new ListBlock(Arrays.copyOfRange(bytes, start, end), 0, end - start, count, lpBytes);
  }

  // Reading: never changes the block.

  /** The entries, decompressed into a scratch copy when compressed: read them in [{@link #from}, end). */
  private byte[] readable() {
    return isCompressed() ? Lzf.decompress(bytes, end) : bytes;
  }

  /** Where the entries of {@link #readable()} start. */
  private int from() {
    return isCompressed() ? 0 : start;
  }

  /** The element at {@code index} (0..count-1). */
  byte[] get(int index) {
    byte[] data = readable();
    return PackedElements.copyElement(data, offsetOf(data, from(), end, index));
  }

  /** Visits the elements from {@code first} to {@code last} inclusive, first to last. */
  void forRange(int first, int last, ListValue.ElementVisitor visitor) {
    byte[] data = readable();
    int at = offsetOf(data, from(), end, first);
    for (int i = first; i <= last; i++) {
      int length = PackedElements.length(data, at);
      int element = PackedElements.data(at, length);
      visitor.accept(data, element, length);
      at = element + length + (element - at);
    }
  }

  /** The index of the first element equal to {@code element} in [from, to), or -1. */
  int indexOf(byte[] element, int from, int to) {
    byte[] data = readable();
    int at = offsetOf(data, from(), end, from);
    for (int i = from; i < to; i++, at = PackedListEntries.next(data, at)) {
      if (PackedElements.matches(data, at, element)) {
        return i;
      }
    }
    return -1;
  }

  /** The index of the last element equal to {@code element} in [downTo, from], or -1. */
  int lastIndexOf(byte[] element, int from, int downTo) {
    if (from < downTo) {
      return -1;
    }
    byte[] data = readable();
    int at = offsetOf(data, from(), end, from);
    for (int i = from; ; i--) {
      if (PackedElements.matches(data, at, element)) {
        return i;
      }
      if (i == downTo) {
        return -1;
      }
      at = PackedListEntries.previous(data, at);
    }
  }

  /** Whether some element is {@code element}. */
  boolean contains(byte[] element) {
    return indexOf(element, 0, count) >= 0;
  }

  // Changing.

  void pushHead(byte[] element) {
    decompress();
    int size = PackedListEntries.size(element);
    makeRoom(size, true);
    start -= size;
    PackedListEntries.write(bytes, start, element);
    added(element);
  }

  void pushTail(byte[] element) {
    decompress();
    makeRoom(PackedListEntries.size(element), false);
    end = PackedListEntries.write(bytes, end, element);
    added(element);
  }

  /**
   * Pushes {@code elements[from, to)} one after the other at the head (so the last one ends up
   * first, as LPUSH does) or at the tail, making room for all of them at once.
   */
  void pushAll(byte[][] elements, int from, int to, boolean atHead) {
    decompress();
    int size = 0;
    for (int i = from; i < to; i++) {
      size += PackedListEntries.size(elements[i]);
    }
    makeRoom(size, atHead);
    for (int i = from; i < to; i++) {
      if (atHead) {
        start -= PackedListEntries.size(elements[i]);
        PackedListEntries.write(bytes, start, elements[i]);
      } else {
        end = PackedListEntries.write(bytes, end, elements[i]);
      }
      added(elements[i]);
    }
  }

  /** Removes and returns the first element; the block must not be empty. */
  byte[] popHead() {
    decompress();
    byte[] element = PackedElements.copyElement(bytes, start);
    start = PackedListEntries.next(bytes, start);
    removed(element);
    shrinkIfSparse();
    return element;
  }

  /** Removes and returns the last element; the block must not be empty. */
  byte[] popTail() {
    decompress();
    int at = PackedListEntries.previous(bytes, end);
    byte[] element = PackedElements.copyElement(bytes, at);
    end = at;
    removed(element);
    shrinkIfSparse();
    return element;
  }

  /** Inserts {@code element} so that it ends up at {@code index} (0..count). */
  void insert(int index, byte[] element) {
    decompress();
    int size = PackedListEntries.size(element);
    int relative = offsetOf(bytes, start, end, index) - start;
    makeRoom(size, false);
    int at = start + relative;
    System.arraycopy(bytes, at, bytes, at + size, end - at);
    PackedListEntries.write(bytes, at, element);
    end += size;
    added(element);
  }

  /** Removes and returns the element at {@code index} (0..count-1). */
  byte[] remove(int index) {
    decompress();
    int at = offsetOf(bytes, start, end, index);
    byte[] element = PackedElements.copyElement(bytes, at);
    int after = PackedListEntries.next(bytes, at);
    System.arraycopy(bytes, after, bytes, at, end - after);
    end -= after - at;
    removed(element);
    shrinkIfSparse();
    return element;
  }

  /** Replaces the element at {@code index} (0..count-1). */
  void set(int index, byte[] element) {
    decompress();
    int relative = offsetOf(bytes, start, end, index) - start;
    byte[] old = PackedElements.copyElement(bytes, start + relative);
    int growth = PackedListEntries.size(element) - PackedListEntries.size(old);
    if (growth > 0) {
      makeRoom(growth, false);
    }
    int at = start + relative;
    int after = PackedListEntries.next(bytes, at);
    System.arraycopy(bytes, after, bytes, after + growth, end - after);
    end += growth;
    PackedListEntries.write(bytes, at, element);
    lpBytes += ListpackSize.ofString(element) - ListpackSize.ofString(old);
    if (growth < 0) {
      shrinkIfSparse();
    }
  }

  /**
   * Removes up to {@code quota} elements equal to {@code element}, the first ones, or the last
   * ones when {@code fromTail}; returns how many went (LREM).
   */
  int removeAll(byte[] element, long quota, boolean fromTail) {
    if (!contains(element)) {
      return 0;
    }
    decompress();
    // From the tail: keep the matches before the last `quota` ones, then remove the rest in one pass.
    long spared = fromTail ? Math.max(0, countMatches(element) - quota) : 0;
    int removed = 0;
    int write = start;
    for (int read = start; read < end; ) {
      int after = PackedListEntries.next(bytes, read);
      if (removed < quota && PackedElements.matches(bytes, read, element) && spared-- <= 0) {
        removed++;
      } else {
        System.arraycopy(bytes, read, bytes, write, after - read);
        write += after - read;
      }
      read = after;
    }
    end = write;
    count -= removed;
    lpBytes -= removed * ListpackSize.ofString(element);
    shrinkIfSparse();
    return removed;
  }

  /** Keeps only the elements from {@code first} to {@code last} inclusive (0 ≤ first ≤ last < count). */
  void keepRange(int first, int last) {
    decompress();
    int newStart = start;
    for (int i = 0; i < first; i++) {
      lpBytes -= ListpackSize.ofString(PackedElements.copyElement(bytes, newStart));
      newStart = PackedListEntries.next(bytes, newStart);
    }
    int newEnd = end;
    for (int i = count - 1; i > last; i--) {
      newEnd = PackedListEntries.previous(bytes, newEnd);
      lpBytes -= ListpackSize.ofString(PackedElements.copyElement(bytes, newEnd));
    }
    start = newStart;
    end = newEnd;
    count = last - first + 1;
    shrinkIfSparse();
  }

  /** Moves the elements from {@code index} on into a new block, returned; this one keeps those before. */
  ListBlock split(int index) {
    decompress();
    int at = offsetOf(bytes, start, end, index);
    int lp = ListpackSize.EMPTY;
    for (int i = at; i < end; i = PackedListEntries.next(bytes, i)) {
      lp += ListpackSize.ofString(PackedElements.copyElement(bytes, i));
    }
    ListBlock tail = new ListBlock(Arrays.copyOfRange(bytes, at, end), 0, end - at, count - index, lp);
    end = at;
    count = index;
    lpBytes -= lp - ListpackSize.EMPTY;
    trim();
    return tail;
  }

  /** Gives the free room back (a node that will not grow again soon). */
  void trim() {
    if (!isCompressed() && bytes.length - (end - start) > Math.max(16, (end - start) / 16)) {
      bytes = Arrays.copyOfRange(bytes, start, end);
      end -= start;
      start = 0;
    }
  }

  /** Compresses the block with LZF unless it is small or LZF would save too little (Redis's rules). */
  void compress() {
    int used = end - start;
    if (isCompressed() || used < MIN_COMPRESS_BYTES) {
      return;
    }
    byte[] compressed = Lzf.compress(bytes, start, used, used - MIN_COMPRESS_IMPROVE);
    if (compressed != null) {
      bytes = compressed;
      start = -1;
      end = used;
    }
  }

  void decompress() {
    if (isCompressed()) {
      bytes = Lzf.decompress(bytes, end);
      start = 0;
    }
  }

  private void added(byte[] element) {
    count++;
    lpBytes += ListpackSize.ofString(element);
  }

  private void removed(byte[] element) {
    count--;
    lpBytes -= ListpackSize.ofString(element);
  }

  /** How many elements equal {@code element} (the block is decompressed). */
  private int countMatches(byte[] element) {
    int matches = 0;
    for (int at = start; at < end; at = PackedListEntries.next(bytes, at)) {
      if (PackedElements.matches(bytes, at, element)) {
        matches++;
      }
    }
    return matches;
  }

  /** Position in {@code data} of the entry at {@code index} (count: the end), walked to from the nearer end. */
  private int offsetOf(byte[] data, int from, int to, int index) {
    return index <= count / 2 ? PackedListEntries.skip(data, from, index)
        : PackedListEntries.skipBack(data, to, count - index);
  }

  /**
   * Makes {@code size} bytes of room before {@link #start} ({@code atHead}) or after {@link #end}.
   * When that side is short, the entries move to the other end of the array, so that all the free
   * room is on the side being pushed (a queue pushed at one end and popped at the other then
   * moves its entries now and then, not at every push); or, when the array would be left less
   * than a quarter free, they move to a new one half as large again. An empty block gets an array
   * of exactly the size asked: a list created by one push of all its elements has no slack.
   */
  private void makeRoom(int size, boolean atHead) {
    if (atHead ? start >= size : bytes.length - end >= size) {
      return;
    }
    int used = end - start;
    int needed = used + size;
    byte[] target = bytes;
    if (count == 0 ? bytes.length < needed : bytes.length < needed + needed / 4) {
      target = new byte[count == 0 ? needed : needed + needed / 2];
    }
    int moved = atHead ? target.length - used : 0;
    System.arraycopy(bytes, start, target, moved, used);
    bytes = target;
    start = moved;
    end = moved + used;
  }

  /** Gives most of the free room back once the array is less than a quarter full. */
  private void shrinkIfSparse() {
    int used = end - start;
    if (count == 0) {
      bytes = PackedElements.EMPTY;
      start = 0;
      end = 0;
      lpBytes = ListpackSize.EMPTY;
    } else if (bytes.length > MIN_SHRINK_BYTES && used < bytes.length / 4) {
      byte[] shrunk = new byte[used + used / 2];
      System.arraycopy(bytes, start, shrunk, 0, used);
      bytes = shrunk;
      start = 0;
      end = used;
    }
  }
}

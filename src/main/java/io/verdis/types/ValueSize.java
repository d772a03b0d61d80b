package io.verdis.types;

import io.verdis.types.stream.StreamId;
import io.verdis.types.stream.StreamValue;

/**
 * MEMORY USAGE's estimate of what a key and its value take on the JVM heap, in bytes. As Redis's
 * objectComputeSize it is exact for a string and, for an aggregate, the average of the first
 * {@code samples} elements times their number (0 samples every element) plus the container.
 *
 * <p>The sizes are those of a 64-bit HotSpot with compressed references (the default below a 32 GB
 * heap): an array takes a 16-byte header and is padded to 8 bytes; a reference takes 4. Packed
 * encodings (listpack, intset, quicklist blocks) hold their elements in one shared array, about 2
 * bytes of framing each; table encodings (hashtable, skiplist) hold each element in its own array
 * plus a slot in the table. It is an estimate: a heap histogram (DEBUG HEAPHISTO) is the measure.
 */
public final class ValueSize {
  /** The key's slot in its shard's tables: key and value references, hash and metadata ints, spare room. */
  public static final int KEY_ENTRY = 32;
  /** An aggregate's own object and the arrays of its encoding, before any element. */
  static final int CONTAINER = 64;
  /** A packed element's framing (Redis's listpack entry header and back-length are the same size). */
  static final int PACKED_FRAMING = 2;
  /** A table slot (reference plus hash) at the table's load factor. */
  static final int TABLE_SLOT = 12;
  /** A skiplist node beyond its member: the score and its level links. */
  static final int SKIPLIST_NODE = 32;
  /** A stream entry's id (two longs) in its node. */
  static final int STREAM_ID = 16;

  private ValueSize() {
  }

  /** The key, its entry and its value. */
  public static long ofEntry(byte[] key, Object value, long samples) {
    return array(key.length) + KEY_ENTRY + of(value, samples <= 0 ? Long.MAX_VALUE : samples);
  }

  /** A byte array of {@code length} bytes, header and padding included. */
  public static long array(long length) {
    return (16 + length + 7) & ~7L;
  }

  private static long of(Object value, long samples) {
    if (value instanceof byte[] bytes) {
      return array(bytes.length);
    }
    if (value instanceof ListValue list) {
      return CONTAINER + list(list, samples);
    }
    if (value instanceof SetValue set) {
      return CONTAINER + set(set, samples);
    }
    if (value instanceof HashValue hash) {
      return CONTAINER + hash(hash, samples);
    }
    if (value instanceof SortedSetValue zset) {
      return CONTAINER + sortedSet(zset, samples);
    }
    if (value instanceof StreamValue stream) {
      return CONTAINER + stream(stream, samples);
    }
    return CONTAINER;
  }

  /** The average of what was sampled, times the number of elements. */
  private static long scaled(long sampledBytes, long sampled, long size) {
    return sampled == 0 ? 0 : (long) ((double) sampledBytes / sampled * size);
  }

  private static long list(ListValue list, long samples) {
    int sampled = (int) Math.min(samples, list.size());
    long[] bytes = {0};
    list.forRange(0, sampled - 1, (element, offset, length) -> bytes[0] += length + PACKED_FRAMING);
    return scaled(bytes[0], sampled, list.size());
  }

  private static long set(SetValue set, long samples) {
    boolean packed = "intset".equals(set.encoding());
    int sampled = (int) Math.min(samples, set.size());
    long bytes = 0;
    for (int i = 0; i < sampled; i++) {
      int length = set.memberAt(i).length;
      bytes += packed ? length : array(length) + TABLE_SLOT;
    }
    return scaled(bytes, sampled, set.size());
  }

  private static long hash(HashValue hash, long samples) {
    boolean packed = "listpack".equals(hash.encoding());
    long[] seen = {0, 0};
    hash.scan(0, Math.min(samples, Integer.MAX_VALUE), (field, fo, fl, value, vo, vl) -> {
      if (seen[0] < samples) {
        seen[0]++;
        seen[1] += packed ? fl + vl + 2 * PACKED_FRAMING : array(fl) + array(vl) + TABLE_SLOT;
      }
    });
    return scaled(seen[1], seen[0], hash.size());
  }

  private static long sortedSet(SortedSetValue zset, long samples) {
    boolean packed = zset.isListpack();
    long sampled = 0;
    long bytes = 0;
    for (int node = zset.atRank(0); node != SortedSetValue.NONE && sampled < samples; node = zset.next(node)) {
      int length = zset.memberOf(node).length;
      bytes += packed ? length + Double.BYTES + 2 * PACKED_FRAMING : array(length) + SKIPLIST_NODE + TABLE_SLOT;
      sampled++;
    }
    return scaled(bytes, sampled, zset.size());
  }

  private static long stream(StreamValue stream, long samples) {
    StreamValue.Iterator it = stream.iterator(StreamId.MIN, StreamId.MAX, false);
    long sampled = 0;
    long bytes = 0;
    while (sampled < samples && it.next()) {
      bytes += STREAM_ID;
      for (byte[] part : it.fieldsAndValues()) {
        bytes += part.length + PACKED_FRAMING;
      }
      sampled++;
    }
    return scaled(bytes, sampled, stream.length()) + (long) stream.groupCount() * CONTAINER;
  }
}

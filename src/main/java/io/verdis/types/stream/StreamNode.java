package io.verdis.types.stream;

import io.verdis.persist.rdb.ListpackSize;

import java.util.Arrays;

/**
 * Up to stream-node-max-entries consecutive entries of a stream packed in one byte[], Verdis's
 * counterpart of the listpacks Redis keeps in its stream radix tree. As there, ids are stored as
 * deltas from the node's first ("master") id and an entry with the same fields as the node's first
 * entry stores only its values, so a million entries of two small fields cost a few tens of bytes
 * each instead of an object graph per entry.
 *
 * <p>Layout of one entry: a flags byte ({@link #DELETED}, {@link #SAME_FIELDS}), the ms delta as an
 * unsigned varint, the seq delta zigzag-encoded (it is negative when ms moved on), then either the
 * values of the master fields or a field count and field/value pairs, each string a varint length
 * and its bytes. XDEL only sets the deleted flag, as Redis does; a node whose entries are all
 * deleted is dropped from the stream.
 */
final class StreamNode {
  static final int DELETED = 1;
  static final int SAME_FIELDS = 2;

  private final StreamId master;
  private final byte[][] masterFields;
  private byte[] data;
  private int end;
  /** Entries written, deleted ones included. */
  private int count;
  private int deleted;
  /** The last entry's id, deleted or not (what MINID trimming and streamLastValidID look at first). */
  private StreamId last;
  /** Where the last entry starts, and whether it was deleted. */
  private int lastAt;
  private boolean lastDeleted;
  /**
   * The bytes this node would take as Redis's listpack, but for its count and deleted fields: what
   * Redis cuts its nodes by (stream-node-max-bytes), kept so nodes end where Redis's do and an
   * approximate trim removes what Redis's removes.
   */
  private long listpackBody;

  StreamNode(StreamId master, byte[][] fieldsAndValues) {
    this.master = master;
    this.masterFields = new byte[fieldsAndValues.length / 2][];
    for (int i = 0; i < masterFields.length; i++) {
      masterFields[i] = fieldsAndValues[2 * i];
    }
    this.data = new byte[Math.max(32, encodedSize(master, fieldsAndValues, true))];
    listpackBody = ListpackSize.ofInteger(masterFields.length) + ListpackSize.ofInteger(0);
    for (byte[] field : masterFields) {
      listpackBody += ListpackSize.ofString(field);
    }
  }

  private StreamNode(StreamNode other) {
    this.master = other.master;
    this.masterFields = other.masterFields;
    this.data = Arrays.copyOf(other.data, other.end);
    this.end = other.end;
    this.count = other.count;
    this.deleted = other.deleted;
    this.last = other.last;
    this.lastAt = other.lastAt;
    this.lastDeleted = other.lastDeleted;
    this.listpackBody = other.listpackBody;
  }

  StreamNode copy() {
    return new StreamNode(this);
  }

  StreamId master() {
    return master;
  }

  int count() {
    return count;
  }

  /** The last entry's id, whether deleted or not. */
  StreamId last() {
    return last;
  }

  boolean lastDeleted() {
    return lastDeleted;
  }

  int live() {
    return count - deleted;
  }

  /** Bytes Redis's listpack for this node would take (lpBytes). */
  long listpackBytes() {
    return ListpackSize.EMPTY + ListpackSize.ofInteger(live()) + ListpackSize.ofInteger(deleted) + listpackBody;
  }

  /** Appends an entry whose id is after every id here. */
  void append(StreamId id, byte[][] fieldsAndValues) {
    boolean same = sameFields(fieldsAndValues);
    int needed = encodedSize(id, fieldsAndValues, same);
    if (end + needed > data.length) {
      data = Arrays.copyOf(data, Math.max(end + needed, data.length + (data.length >> 1)));
    }
    int at = end;
    lastAt = at;
    data[at++] = (byte) (same ? SAME_FIELDS : 0);
    at = writeVarint(data, at, id.ms() - master.ms());
    at = writeVarint(data, at, zigzag(id.seq() - master.seq()));
    if (same) {
      for (int i = 1; i < fieldsAndValues.length; i += 2) {
        at = writeString(data, at, fieldsAndValues[i]);
      }
    } else {
      at = writeVarint(data, at, fieldsAndValues.length / 2);
      for (byte[] element : fieldsAndValues) {
        at = writeString(data, at, element);
      }
    }
    end = at;
    count++;
    last = id;
    listpackBody += listpackEntrySize(id, fieldsAndValues, same);
  }

  /** What streamAppendItem appends for an entry: flags, id deltas, values (or fields and values), lp-count. */
  private long listpackEntrySize(StreamId id, byte[][] fieldsAndValues, boolean same) {
    int fields = fieldsAndValues.length / 2;
    long size = ListpackSize.ofInteger(same ? SAME_FIELDS : 0) + ListpackSize.ofInteger(id.ms() - master.ms())
        + ListpackSize.ofInteger(id.seq() - master.seq());
    if (same) {
      for (int i = 1; i < fieldsAndValues.length; i += 2) {
        size += ListpackSize.ofString(fieldsAndValues[i]);
      }
      return size + ListpackSize.ofInteger(3 + fields);
    }
    size += ListpackSize.ofInteger(fields);
    for (byte[] element : fieldsAndValues) {
      size += ListpackSize.ofString(element);
    }
    return size + ListpackSize.ofInteger(4 + 2L * fields);
  }

  /** Gives back the spare room of a node that will not grow any more. */
  void trimToSize() {
    if (data.length != end) {
      data = Arrays.copyOf(data, end);
    }
  }

  /** Bytes an entry takes once packed here ({@code same}: it has the master fields, stored as values only). */
  private int encodedSize(StreamId id, byte[][] fieldsAndValues, boolean same) {
    int size = 1 + varintSize(id.ms() - master.ms()) + varintSize(zigzag(id.seq() - master.seq()));
    if (!same) {
      size += varintSize(fieldsAndValues.length / 2);
    }
    for (int i = same ? 1 : 0; i < fieldsAndValues.length; i += same ? 2 : 1) {
      size += varintSize(fieldsAndValues[i].length) + fieldsAndValues[i].length;
    }
    return size;
  }

  private boolean sameFields(byte[][] fieldsAndValues) {
    if (fieldsAndValues.length != 2 * masterFields.length) {
      return false;
    }
    for (int i = 0; i < masterFields.length; i++) {
      if (!Arrays.equals(masterFields[i], fieldsAndValues[2 * i])) {
        return false;
      }
    }
    return true;
  }

  /** A cursor over this node's entries, deleted ones included, from the first. */
  Cursor cursor() {
    return new Cursor();
  }

  /**
   * Walks the packed entries. {@link #next} decodes the id and flags of the following entry;
   * {@link #fieldsAndValues} materialises the current one only when a caller wants it.
   */
  final class Cursor {
    private int at;
    private int entryAt;
    private int bodyAt;
    private int flags;
    private long ms;
    private long seq;
    /** The last varint decoded. */
    private long value;

    boolean next() {
      if (at >= end) {
        return false;
      }
      entryAt = at;
      flags = data[at++];
      at = varint(at);
      ms = master.ms() + value;
      at = varint(at);
      seq = master.seq() + unzigzag(value);
      bodyAt = at;
      at = skipBody(at);
      return true;
    }

    /** Position of the current entry, to come back to it with {@link #seek}. */
    int position() {
      return entryAt;
    }

    /** Makes the entry at {@code position} (from {@link #position}) the next one {@link #next} reads. */
    void seek(int position) {
      at = position;
    }

    boolean deleted() {
      return (flags & DELETED) != 0;
    }

    StreamId id() {
      return new StreamId(ms, seq);
    }

    long ms() {
      return ms;
    }

    long seq() {
      return seq;
    }

    /** Marks the current entry deleted (XDEL): it stays in place, skipped from now on. */
    void delete() {
      if (!deleted()) {
        data[entryAt] |= DELETED;
        flags |= DELETED;
        deleted++;
        lastDeleted |= entryAt == lastAt;
      }
    }

    byte[][] fieldsAndValues() {
      int p = bodyAt;
      byte[][] out;
      if ((flags & SAME_FIELDS) != 0) {
        out = new byte[2 * masterFields.length][];
        for (int i = 0; i < masterFields.length; i++) {
          out[2 * i] = masterFields[i];
          p = varint(p);
          out[2 * i + 1] = Arrays.copyOfRange(data, p, p + (int) value);
          p += (int) value;
        }
      } else {
        p = varint(p);
        out = new byte[2 * (int) value][];
        for (int i = 0; i < out.length; i++) {
          p = varint(p);
          out[i] = Arrays.copyOfRange(data, p, p + (int) value);
          p += (int) value;
        }
      }
      return out;
    }

    private int skipBody(int p) {
      int strings;
      if ((flags & SAME_FIELDS) != 0) {
        strings = masterFields.length;
      } else {
        p = varint(p);
        strings = 2 * (int) value;
      }
      for (int i = 0; i < strings; i++) {
        p = varint(p);
        p += (int) value;
      }
      return p;
    }

    /** Decodes the varint at {@code p} into {@link #value}; returns the position after it. */
    private int varint(int p) {
      long decoded = 0;
      int shift = 0;
      byte b;
      do {
        b = data[p++];
        decoded |= (long) (b & 0x7F) << shift;
        shift += 7;
      } while (b < 0);
      value = decoded;
      return p;
    }
  }

  private static long zigzag(long value) {
    return (value << 1) ^ (value >> 63);
  }

  private static long unzigzag(long value) {
    return (value >>> 1) ^ -(value & 1);
  }

  private static int varintSize(long value) {
    int size = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      size++;
    }
    return size;
  }

  private static int writeVarint(byte[] out, int at, long value) {
    while ((value & ~0x7FL) != 0) {
      out[at++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out[at++] = (byte) value;
    return at;
  }

  private static int writeString(byte[] out, int at, byte[] string) {
    at = writeVarint(out, at, string.length);
    System.arraycopy(string, 0, out, at, string.length);
    return at + string.length;
  }
}

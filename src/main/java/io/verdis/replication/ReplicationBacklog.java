package io.verdis.replication;

/**
 * The last {@code repl-backlog-size} bytes of the replication stream, so a replica whose link
 * dropped can get only what it missed (Redis's repl_backlog). Offsets count the stream's bytes
 * from 1, as Redis's do: the backlog holds bytes {@code firstByteOffset() .. endOffset()}.
 * Used on the replication context only.
 */
final class ReplicationBacklog {
  /** Redis's floor for repl-backlog-size (CONFIG_REPL_BACKLOG_MIN_SIZE). */
  private static final long MIN_SIZE = 16 * 1024;

  private byte[] ring;
  /** Where the next byte goes in {@link #ring}. */
  private int head;
  private long histlen;
  private long endOffset;

  ReplicationBacklog(long size, long endOffset) {
    this.ring = new byte[capacity(size)];
    this.endOffset = endOffset;
  }

  private static int capacity(long size) {
    return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(MIN_SIZE, size));
  }

  void append(byte[] bytes, int offset, int length) {
    endOffset += length;
    if (length >= ring.length) {
      System.arraycopy(bytes, offset + length - ring.length, ring, 0, ring.length);
      head = 0;
      histlen = ring.length;
      return;
    }
    int first = Math.min(length, ring.length - head);
    System.arraycopy(bytes, offset, ring, head, first);
    System.arraycopy(bytes, offset + first, ring, 0, length - first);
    head = (head + length) % ring.length;
    histlen = Math.min(ring.length, histlen + length);
  }

  /** The offset of the last byte of the stream (Redis's master_repl_offset). */
  long endOffset() {
    return endOffset;
  }

  long firstByteOffset() {
    return endOffset - histlen + 1;
  }

  long histlen() {
    return histlen;
  }

  long size() {
    return ring.length;
  }

  /** Whether the bytes from {@code offset} on are all here (Redis's check in masterTryPartialResynchronization). */
  boolean holdsFrom(long offset) {
    return offset >= firstByteOffset() && offset <= endOffset + 1;
  }

  /** The bytes from {@code offset} (see {@link #holdsFrom}) to the end. */
  byte[] from(long offset) {
    int length = (int) (endOffset - offset + 1);
    byte[] copy = new byte[length];
    int start = Math.floorMod(head - length, ring.length);
    int first = Math.min(length, ring.length - start);
    System.arraycopy(ring, start, copy, 0, first);
    System.arraycopy(ring, 0, copy, first, length - first);
    return copy;
  }

  /** CONFIG SET repl-backlog-size: as Redis's resizeReplicationBacklog, the history is kept as far as it fits. */
  void resize(long size) {
    int capacity = capacity(size);
    if (capacity == ring.length) {
      return;
    }
    long keep = Math.min(histlen, capacity);
    byte[] kept = histlen == 0 ? new byte[0] : from(endOffset - keep + 1);
    ring = new byte[capacity];
    System.arraycopy(kept, 0, ring, 0, kept.length);
    head = kept.length % capacity;
    histlen = kept.length;
  }
}

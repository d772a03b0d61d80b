package io.verdis.persist;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The AOF records one batch produced, on their way to the writer: RESP arrays, cut into segments
 * by database so the writer can put a SELECT in front of a segment only where the file's current
 * database differs (shards interleave in the file, so only the writer knows).
 *
 * @param data the records
 * @param segments pairs (database, end offset in data)
 * @param completion run once the records are durable, or null (used with {@code appendfsync always})
 * @param unsynced decremented once the records are durable, or null: lets a shard know whether it
 *     still has records waiting for an fsync
 */
public record AofChunk(byte[] data, int[] segments, Runnable completion, AtomicInteger unsynced) {
  private static final byte[] NO_DATA = new byte[0];
  private static final int[] NO_SEGMENTS = new int[0];

  /** No records: only a completion to run once everything before it is durable. */
  public static AofChunk barrier(Runnable completion) {
    return new AofChunk(NO_DATA, NO_SEGMENTS, completion, null);
  }

  /** The memory the records hold while queued. */
  public int bytes() {
    return data.length;
  }

  public int segmentCount() {
    return segments.length / 2;
  }

  public int segmentDb(int i) {
    return segments[2 * i];
  }

  public int segmentEnd(int i) {
    return segments[2 * i + 1];
  }
}

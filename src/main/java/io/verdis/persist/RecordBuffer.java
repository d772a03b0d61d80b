package io.verdis.persist;

import io.netty.buffer.ByteBuf;
import io.verdis.net.RespWriter;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a shard (or a cross-shard coordinator) writes the AOF records of the batch it is running,
 * as RESP arrays: the format of the file itself, so the writer only copies bytes. One per thread
 * of execution, reused from batch to batch.
 */
public final class RecordBuffer {
  private static final byte[] DEL = {'D', 'E', 'L'};
  /** Past this, a buffer left behind by a huge batch is dropped rather than kept. */
  private static final int KEEP_CAPACITY = 1 << 20;

  private RespWriter out = RespWriter.allocate(256);
  private int[] segments = new int[8];
  private int segmentCount;
  private int recordCount;

  /** Appends one record: the command {@code argv} run in database {@code db}. */
  public void append(int db, byte[][] argv) {
    openSegment(db);
    out.array(argv.length);
    for (byte[] arg : argv) {
      out.bulk(arg);
    }
    closeSegment();
  }

  /** Appends every record of {@code other}, in order (other is left as it was). */
  public void appendAll(RecordBuffer other) {
    ByteBuf source = other.out.buffer();
    int base = out.position() - source.readerIndex();
    out.buffer().writeBytes(source, source.readerIndex(), source.readableBytes());
    for (int i = 0; i < other.segmentCount; i++) {
      openSegment(other.segments[2 * i]);
      segments[2 * segmentCount - 1] = other.segments[2 * i + 1] + base;
    }
    recordCount += other.recordCount;
  }

  /** Records appended since the buffer was last emptied. */
  public int recordCount() {
    return recordCount;
  }

  /** Appends {@code DEL key}: how an expired key is logged. */
  public void appendDelete(int db, byte[] key) {
    openSegment(db);
    out.array(2);
    out.bulk(DEL);
    out.bulk(key);
    closeSegment();
  }

  /** Drops the records (the AOF was turned off meanwhile). */
  public void clear() {
    out.buffer().clear();
    segmentCount = 0;
    recordCount = 0;
  }

  public boolean isEmpty() {
    return segmentCount == 0;
  }

  /** The records so far, as a chunk, leaving the buffer empty. */
  public AofChunk take(Runnable completion, AtomicInteger unsynced) {
    ByteBuf buffer = out.buffer();
    byte[] data = new byte[buffer.readableBytes()];
    buffer.getBytes(buffer.readerIndex(), data);
    AofChunk chunk = new AofChunk(data, Arrays.copyOf(segments, 2 * segmentCount), completion, unsynced);
    if (buffer.capacity() > KEEP_CAPACITY) {
      out = RespWriter.allocate(256);
    } else {
      buffer.clear();
    }
    segmentCount = 0;
    recordCount = 0;
    return chunk;
  }

  private void openSegment(int db) {
    if (segmentCount > 0 && segments[2 * segmentCount - 2] == db) {
      return;
    }
    if (2 * segmentCount == segments.length) {
      segments = Arrays.copyOf(segments, segments.length * 2);
    }
    segments[2 * segmentCount] = db;
    segmentCount++;
  }

  private void closeSegment() {
    segments[2 * segmentCount - 1] = out.position();
    recordCount++;
  }
}

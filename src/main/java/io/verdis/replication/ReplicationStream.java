package io.verdis.replication;

import io.verdis.persist.AofChunk;
import io.verdis.persist.aof.AofWriter;

import java.util.Arrays;

/**
 * Turns the shards' AOF chunks into the bytes of the replication stream: the same records, with a
 * SELECT in front wherever the database changes from the last record sent (Redis's slaveseldb).
 * Used on the replication context only.
 */
final class ReplicationStream {
  private static final int KEEP_CAPACITY = 1 << 20;

  private byte[] buffer = new byte[64 * 1024];
  private int length;
  private int selectedDb = -1;

  void append(AofChunk chunk) {
    int start = 0;
    for (int i = 0; i < chunk.segmentCount(); i++) {
      int db = chunk.segmentDb(i);
      if (db != selectedDb) {
        byte[] select = AofWriter.select(db);
        put(select, 0, select.length);
        selectedDb = db;
      }
      int end = chunk.segmentEnd(i);
      put(chunk.data(), start, end - start);
      start = end;
    }
  }

  /** A command of the primary's own (PING, REPLCONF GETACK): no SELECT, as Redis sends them. */
  void appendRaw(byte[] command) {
    put(command, 0, command.length);
  }

  /** The next record gets a SELECT whatever its database: a new replica starts from an RDB. */
  void forgetSelectedDb() {
    selectedDb = -1;
  }

  boolean isEmpty() {
    return length == 0;
  }

  /** The bytes appended since the last take. */
  byte[] take() {
    byte[] bytes = Arrays.copyOf(buffer, length);
    length = 0;
    if (buffer.length > KEEP_CAPACITY) {
      buffer = new byte[64 * 1024];
    }
    return bytes;
  }

  private void put(byte[] bytes, int offset, int count) {
    if (length + count > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + count));
    }
    System.arraycopy(bytes, offset, buffer, length, count);
    length += count;
  }
}

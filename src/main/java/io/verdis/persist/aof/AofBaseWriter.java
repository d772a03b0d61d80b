package io.verdis.persist.aof;

import io.netty.buffer.ByteBuf;
import io.verdis.net.RespWriter;
import io.verdis.persist.DatasetSnapshot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a snapshot as an AOF base file of RESP commands, the shortest that rebuild it (Redis's
 * rewriteAppendOnlyFileRio): per database a SELECT, per key a SET and, for a key with a TTL, a
 * PEXPIREAT. Keys already expired at the snapshot are left out. The file is fsynced before it is
 * handed back.
 */
public final class AofBaseWriter {
  private static final int FLUSH_AT = 1 << 20;
  private static final byte[] SELECT = bytes("SELECT");
  private static final byte[] SET = bytes("SET");
  private static final byte[] PEXPIREAT = bytes("PEXPIREAT");

  private AofBaseWriter() {
  }

  /** Writes the base to {@code file}; returns the number of keys written. */
  public static long write(DatasetSnapshot snapshot, Path file) throws IOException {
    long now = snapshot.takenAtMs();
    RespWriter out = RespWriter.allocate(FLUSH_AT + 4096);
    long[] keys = {0};
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      for (int db = 0; db < snapshot.databaseCount(); db++) {
        if (snapshot.size(db) == 0) {
          continue;
        }
        out.array(2);
        out.bulk(SELECT);
        out.bulk(bytes(Integer.toString(db)));
        snapshot.forEach(db, (key, value, expireAt) -> {
          if (expireAt != -1 && expireAt < now) {
            return;
          }
          writeValue(out, key, value);
          if (expireAt != -1) {
            out.array(3);
            out.bulk(PEXPIREAT);
            out.bulk(key);
            out.bulk(bytes(Long.toString(expireAt)));
          }
          keys[0]++;
          if (out.position() >= FLUSH_AT) {
            flush(out.buffer(), channel);
          }
        });
      }
      flush(out.buffer(), channel);
      channel.force(true);
    }
    return keys[0];
  }

  private static void writeValue(RespWriter out, byte[] key, Object value) {
    if (value instanceof byte[] string) {
      out.array(3);
      out.bulk(SET);
      out.bulk(key);
      out.bulk(string);
      return;
    }
    throw new IllegalStateException("no AOF rewrite for values of " + value.getClass());
  }

  private static void flush(ByteBuf buffer, FileChannel channel) throws IOException {
    while (buffer.isReadable()) {
      buffer.readBytes(channel, buffer.readableBytes());
    }
    buffer.clear();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}

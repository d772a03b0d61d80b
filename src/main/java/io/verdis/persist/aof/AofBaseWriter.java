package io.verdis.persist.aof;

import io.netty.buffer.ByteBuf;
import io.verdis.net.DoubleText;
import io.verdis.net.RespWriter;
import io.verdis.persist.DatasetSnapshot;
import io.verdis.persist.rdb.RdbValue;
import io.verdis.types.Aggregate;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes a snapshot as an AOF base file of RESP commands, the shortest that rebuild it (Redis's
 * rewriteAppendOnlyFileRio): first a FUNCTION LOAD per function library; then per database a
 * SELECT; per key a SET, or for a collection RPUSH, SADD, HMSET or ZADD commands of at most 64
 * elements each (AOF_REWRITE_ITEMS_PER_CMD), or for a stream the commands of {@link StreamRewrite},
 * then for a key with a TTL a PEXPIREAT. Keys already expired at the snapshot are left out. The file is fsynced
 * before it is handed back.
 */
public final class AofBaseWriter {
  private static final int FLUSH_AT = 1 << 20;
  /** Redis's AOF_REWRITE_ITEMS_PER_CMD. */
  static final int ITEMS_PER_COMMAND = 64;
  private static final byte[] FUNCTION = bytes("FUNCTION");
  private static final byte[] LOAD = bytes("LOAD");
  private static final byte[] SELECT = bytes("SELECT");
  private static final byte[] SET = bytes("SET");
  private static final byte[] RPUSH = bytes("RPUSH");
  private static final byte[] SADD = bytes("SADD");
  private static final byte[] HMSET = bytes("HMSET");
  private static final byte[] ZADD = bytes("ZADD");
  private static final byte[] PEXPIREAT = bytes("PEXPIREAT");

  private final RespWriter out = RespWriter.allocate(FLUSH_AT + 4096);
  private final StreamRewrite streams = new StreamRewrite(out, this::flushWhenFull);
  private final FileChannel channel;

  private AofBaseWriter(FileChannel channel) {
    this.channel = channel;
  }

  /** Writes the base to {@code file}; returns the number of keys written. */
  public static long write(DatasetSnapshot snapshot, Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      long keys = new AofBaseWriter(channel).writeAll(snapshot);
      channel.force(true);
      return keys;
    }
  }

  private long writeAll(DatasetSnapshot snapshot) throws IOException {
    long now = snapshot.takenAtMs();
    long[] keys = {0};
    for (byte[] code : snapshot.functions()) {
      out.array(3);
      out.bulk(FUNCTION);
      out.bulk(LOAD);
      out.bulk(code);
      flushWhenFull();
    }
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
        writeValue(key, value);
        if (expireAt != -1) {
          out.array(3);
          out.bulk(PEXPIREAT);
          out.bulk(key);
          out.bulk(bytes(Long.toString(expireAt)));
        }
        keys[0]++;
        flushWhenFull();
      });
    }
    flush();
    return keys[0];
  }

  private void writeValue(byte[] key, Object value) throws IOException {
    if (value instanceof byte[] string) {
      out.array(3);
      out.bulk(SET);
      out.bulk(key);
      out.bulk(string);
      return;
    }
    RdbValue rdb = ((Aggregate) value).toRdb();
    if (rdb instanceof RdbValue.ListValue list) {
      commands(RPUSH, key, list.elements().size(), 1, i -> out.bulk(list.elements().get(i)));
    } else if (rdb instanceof RdbValue.SetValue set) {
      commands(SADD, key, set.members().size(), 1, i -> out.bulk(set.members().get(i)));
    } else if (rdb instanceof RdbValue.HashValue hash) {
      List<byte[]> pairs = hash.fieldsAndValues();
      commands(HMSET, key, pairs.size() / 2, 2, i -> {
        out.bulk(pairs.get(2 * i));
        out.bulk(pairs.get(2 * i + 1));
      });
    } else if (rdb instanceof RdbValue.StreamValue stream) {
      streams.write(key, stream);
    } else {
      RdbValue.SortedSetValue zset = (RdbValue.SortedSetValue) rdb;
      commands(ZADD, key, zset.members().size(), 2, i -> {
        out.bulk(DoubleText.format(zset.scores()[i]));
        out.bulk(zset.members().get(i));
      });
    }
  }

  /** Writes the elements {@code i} of one collection. */
  private interface Element {
    void write(int i);
  }

  /** {@code items} elements of {@code width} arguments each, as commands of up to 64 elements. */
  private void commands(byte[] command, byte[] key, int items, int width, Element element) throws IOException {
    for (int start = 0; start < items; start += ITEMS_PER_COMMAND) {
      int end = Math.min(items, start + ITEMS_PER_COMMAND);
      out.array(2 + (end - start) * width);
      out.bulk(command);
      out.bulk(key);
      for (int i = start; i < end; i++) {
        element.write(i);
      }
      flushWhenFull();
    }
  }

  private void flushWhenFull() throws IOException {
    if (out.position() >= FLUSH_AT) {
      flush();
    }
  }

  private void flush() throws IOException {
    ByteBuf buffer = out.buffer();
    while (buffer.isReadable()) {
      buffer.readBytes(channel, buffer.readableBytes());
    }
    buffer.clear();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}

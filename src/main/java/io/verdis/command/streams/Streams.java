package io.verdis.command.streams;

import io.verdis.command.KeyspaceCall;
import io.verdis.command.Types;
import io.verdis.net.RespWriter;
import io.verdis.types.stream.StreamId;
import io.verdis.types.stream.StreamValue;

import java.util.ArrayList;
import java.util.List;

/** What every stream command needs: the stream at a key, and entries written as Redis replies with them. */
public final class Streams {
  private Streams() {
  }

  /** The stream at {@code key} for reading, or null; WRONGTYPE for another type. */
  public static StreamValue readable(KeyspaceCall c, byte[] key) {
    return Types.as(c.db().lookupRead(key), StreamValue.class);
  }

  /** The stream at {@code key} to change in place, or null; WRONGTYPE for another type. */
  public static StreamValue writable(KeyspaceCall c, byte[] key) {
    return Types.as(c.db().lookupWrite(key), StreamValue.class);
  }

  /** One entry as Redis replies with it: its id, then its fields and values in one array. */
  public static void writeEntry(RespWriter reply, StreamId id, byte[][] fieldsAndValues) {
    reply.array(2);
    reply.bulk(id.toBytes());
    reply.array(fieldsAndValues.length);
    for (byte[] element : fieldsAndValues) {
      reply.bulk(element);
    }
  }

  /**
   * The entries of {@code stream} from {@code start} to {@code end} (streamReplyWithRange without a
   * group), at most {@code count} (0: all), as an array.
   */
  public static void writeRange(RespWriter reply, StreamValue stream, StreamId start, StreamId end, long count,
                                boolean reverse) {
    List<Entry> entries = new ArrayList<>();
    StreamValue.Iterator it = stream.iterator(start, end, reverse);
    while ((count == 0 || entries.size() < count) && it.next()) {
      entries.add(new Entry(it.id(), it.fieldsAndValues()));
    }
    reply.array(entries.size());
    for (Entry entry : entries) {
      writeEntry(reply, entry.id(), entry.fieldsAndValues());
    }
  }

  /** An entry read out of a stream, kept until the reply's length is known. */
  record Entry(StreamId id, byte[][] fieldsAndValues) {
  }
}

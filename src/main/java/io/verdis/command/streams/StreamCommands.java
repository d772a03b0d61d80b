package io.verdis.command.streams;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.Errors;
import io.verdis.command.KeySpec;
import io.verdis.command.KeyspaceCall;
import io.verdis.pubsub.NotifyType;
import io.verdis.server.Config;
import io.verdis.types.stream.StreamId;
import io.verdis.types.stream.StreamValue;

import java.util.Arrays;

import static io.verdis.command.CommandFlag.BLOCKING;
import static io.verdis.command.CommandFlag.DENYOOM;
import static io.verdis.command.CommandFlag.FAST;
import static io.verdis.command.CommandFlag.READONLY;
import static io.verdis.command.CommandFlag.WRITE;

/**
 * Streams without consumer groups (Redis's t_stream.c): XADD, XTRIM, XDEL, XLEN, XRANGE, XREVRANGE,
 * XSETID. XADD is logged with the id it generated and an approximate trim as the exact trim it did,
 * so replaying the AOF rebuilds the same stream.
 */
public final class StreamCommands {
  private static final String ID_TOO_SMALL =
      "ERR The ID specified in XADD is equal or smaller than the target stream top item";

  private StreamCommands() {
  }

  static void xadd(KeyspaceCall c) {
    Config config = c.server().config();
    StreamTrim args = StreamTrim.parse(c, true, config.streamNodeMaxEntries());
    int fieldsAt = args.idAt + 1;
    int fieldArgs = c.argc() - fieldsAt;
    if (fieldArgs < 2 || fieldArgs % 2 == 1) {
      throw new CommandException("ERR wrong number of arguments for 'xadd' command");
    }
    if (args.id != null && args.seqGiven && args.id.isZero()) {
      throw new CommandException("ERR The ID specified in XADD must be greater than 0-0");
    }
    byte[] key = c.arg(1);
    StreamValue stream = Streams.writable(c, key);
    boolean created = stream == null;
    if (created) {
      if (args.noMkStream) {
        c.reply().nullBulk();
        return;
      }
      stream = new StreamValue();
    }
    if (stream.lastId().equals(StreamId.MAX)) {
      throw new CommandException("ERR The stream has exhausted the last possible ID, unable to add more items");
    }
    StreamId id = newId(stream, args, c.now());
    stream.append(id, Arrays.copyOfRange(c.argv(), fieldsAt, c.argc()), config.streamNodeMaxBytes(),
        config.streamNodeMaxEntries());
    c.reply().bulk(id.toBytes());
    if (created) {
      c.db().set(key, stream);
    } else {
      c.db().changed(key, 1);
    }
    c.notify(NotifyType.STREAM, "xadd", key);
    byte[][] record = c.argv().clone();
    if (args.strategy != StreamTrim.Strategy.NONE) {
      if (args.apply(stream) > 0) {
        c.notify(NotifyType.STREAM, "xtrim", key);
      }
      args.rewriteForLog(record, stream);
    }
    record[args.idAt] = id.toBytes();
    c.propagateAs(record);
  }

  /** The id of the entry XADD appends (streamAppendItem's choice), checked against the stream's last. */
  private static StreamId newId(StreamValue stream, StreamTrim args, long nowMs) {
    StreamId last = stream.lastId();
    StreamId id;
    if (args.id == null) {
      id = Long.compareUnsigned(nowMs, last.ms()) > 0 ? new StreamId(nowMs, 0) : last.next();
    } else if (args.seqGiven) {
      id = args.id;
    } else if (last.ms() == args.id.ms()) {
      if (last.seq() == -1L) {
        throw new CommandException(ID_TOO_SMALL);
      }
      id = new StreamId(last.ms(), last.seq() + 1);
    } else {
      id = args.id;
    }
    if (id == null || !id.isAfter(last)) {
      throw new CommandException(ID_TOO_SMALL);
    }
    return id;
  }

  static void xtrim(KeyspaceCall c) {
    StreamTrim args = StreamTrim.parse(c, false, c.server().config().streamNodeMaxEntries());
    byte[] key = c.arg(1);
    StreamValue stream = Streams.writable(c, key);
    if (stream == null) {
      c.reply().integer(0);
      return;
    }
    long deleted = args.apply(stream);
    if (deleted > 0) {
      c.notify(NotifyType.STREAM, "xtrim", key);
      byte[][] record = c.argv().clone();
      args.rewriteForLog(record, stream);
      c.propagateAs(record);
      c.db().changed(key, (int) Math.min(Integer.MAX_VALUE, deleted));
    }
    c.reply().integer(deleted);
  }

  static void xdel(KeyspaceCall c) {
    byte[] key = c.arg(1);
    StreamValue stream = Streams.writable(c, key);
    if (stream == null) {
      c.reply().integer(0);
      return;
    }
    StreamId[] ids = new StreamId[c.argc() - 2];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = StreamIds.parseStrict(c.arg(i + 2), 0);
    }
    int deleted = 0;
    for (StreamId id : ids) {
      if (stream.delete(id)) {
        if (id.isAfter(stream.maxDeletedId())) {
          stream.setMaxDeletedId(id);
        }
        deleted++;
      }
    }
    if (deleted > 0) {
      c.db().changed(key, deleted);
      c.notify(NotifyType.STREAM, "xdel", key);
    }
    c.reply().integer(deleted);
  }

  static void xlen(KeyspaceCall c) {
    StreamValue stream = Streams.readable(c, c.arg(1));
    c.reply().integer(stream == null ? 0 : stream.length());
  }

  static void xrange(KeyspaceCall c) {
    range(c, false);
  }

  static void xrevrange(KeyspaceCall c) {
    range(c, true);
  }

  private static void range(KeyspaceCall c, boolean reverse) {
    StreamId start = StreamIds.parseBound(c.arg(reverse ? 3 : 2), 0, true);
    StreamId end = StreamIds.parseBound(c.arg(reverse ? 2 : 3), -1L, false);
    long count = -1;
    for (int i = 4; i < c.argc(); i++) {
      if (Args.is(c.arg(i), "count") && i + 1 < c.argc()) {
        count = Math.max(0, Args.parseLong(c.arg(++i)));
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    StreamValue stream = Streams.readable(c, c.arg(1));
    if (stream == null) {
      c.reply().array(0);
    } else if (count == 0) {
      c.reply().nullArray();
    } else {
      Streams.writeRange(c.reply(), stream, start, end, Math.max(count, 0), reverse);
    }
  }

  static void xsetid(KeyspaceCall c) {
    StreamId id = StreamIds.parseStrict(c.arg(2), 0);
    StreamId maxDeleted = StreamId.MIN;
    long entriesAdded = -1;
    for (int i = 3; i < c.argc(); i += 2) {
      boolean more = i + 1 < c.argc();
      if (Args.is(c.arg(i), "entriesadded") && more) {
        entriesAdded = Args.parseLong(c.arg(i + 1));
        if (entriesAdded < 0) {
          throw new CommandException("ERR entries_added must be positive");
        }
      } else if (Args.is(c.arg(i), "maxdeletedid") && more) {
        maxDeleted = StreamIds.parseStrict(c.arg(i + 1), 0);
        if (id.isBefore(maxDeleted)) {
          throw new CommandException(
              "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
        }
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    byte[] key = c.arg(1);
    StreamValue stream = Streams.writable(c, key);
    if (stream == null) {
      throw new CommandException(Errors.NO_SUCH_KEY);
    }
    if (stream.length() > 0) {
      if (id.isBefore(stream.lastEntryId())) {
        throw new CommandException("ERR The ID specified in XSETID is smaller than the target stream top item");
      }
      if (entriesAdded != -1 && stream.length() > entriesAdded) {
        throw new CommandException(
            "ERR The entries_added specified in XSETID is smaller than the target stream length");
      }
    }
    if (id.isBefore(stream.maxDeletedId())) {
      throw new CommandException("ERR The ID specified in XSETID is smaller than current max_deleted_entry_id");
    }
    stream.setLastId(id);
    if (entriesAdded != -1) {
      stream.setEntriesAdded(entriesAdded);
    }
    if (!maxDeleted.isZero()) {
      stream.setMaxDeletedId(maxDeleted);
    }
    c.reply().ok();
    c.db().changed(key, 1);
    c.notify(NotifyType.STREAM, "xsetid", key);
  }

  public static void register(CommandTable.Builder table) {
    KeySpec key = KeySpec.single(1);
    table
        .add(CommandSpec.keyspace("xadd", -5, key, StreamCommands::xadd).flags(WRITE, DENYOOM, FAST)
            .doc("Appends a new entry to a stream", "5.0.0", "stream",
                "O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted."))
        .add(CommandSpec.keyspace("xtrim", -4, key, StreamCommands::xtrim).flags(WRITE)
            .doc("Trims the stream to (approximately if '~' is passed) a certain size", "5.0.0", "stream",
                "O(N), with N being the number of evicted entries. Constant times are very small however, since "
                    + "entries are organized in macro nodes containing multiple entries that can be released "
                    + "with a single deallocation."))
        .add(CommandSpec.keyspace("xdel", -3, key, StreamCommands::xdel).flags(WRITE, FAST)
            .doc("Removes the specified entries from the stream. Returns the number of items actually deleted, "
                + "that may be different from the number of IDs passed in case certain IDs do not exist.",
                "5.0.0", "stream", "O(1) for each single item to delete in the stream, regardless of the stream size."))
        .add(CommandSpec.keyspace("xlen", 2, key, StreamCommands::xlen).flags(READONLY, FAST)
            .doc("Return the number of entries in a stream", "5.0.0", "stream", "O(1)"))
        .add(CommandSpec.keyspace("xrange", -4, key, StreamCommands::xrange).flags(READONLY)
            .doc("Return a range of elements in a stream, with IDs matching the specified IDs interval", "5.0.0",
                "stream", "O(N) with N being the number of elements being returned. If N is constant (e.g. always "
                    + "asking for the first 10 elements with COUNT), you can consider it O(1)."))
        .add(CommandSpec.keyspace("xrevrange", -4, key, StreamCommands::xrevrange).flags(READONLY)
            .doc("Return a range of elements in a stream, with IDs matching the specified IDs interval, in "
                + "reverse order (from greater to smaller IDs) compared to XRANGE", "5.0.0", "stream",
                "O(N) with N being the number of elements returned. If N is constant (e.g. always asking for the "
                    + "first 10 elements with COUNT), you can consider it O(1)."))
        .add(CommandSpec.keyspace("xread", -4, new KeySpec(0, 0, 0, argv -> ReadRequest.keyIndexes(argv, false)),
                StreamReads::xread).flags(READONLY, BLOCKING)
            .doc("Return never seen elements in multiple streams, with IDs greater than the ones reported by the "
                + "caller for each stream. Can block.", "5.0.0", "stream",
                "For each stream mentioned: O(N) with N being the number of elements being returned, it means that "
                    + "XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay "
                    + "O(M) time in order to serve the M clients blocked on the stream getting new data."))
        .add(CommandSpec.keyspace("xreadgroup", -7, new KeySpec(0, 0, 0, argv -> ReadRequest.keyIndexes(argv, true)),
                StreamReads::xreadgroup).flags(WRITE, BLOCKING)
            .doc("Return new entries from a stream using a consumer group, or access the history of the pending "
                + "entries for a given consumer. Can block.", "5.0.0", "stream",
                "For each stream mentioned: O(M) with M being the number of elements returned. If M is constant "
                    + "(e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). On the "
                    + "other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N "
                    + "clients blocked on the stream getting new data."))
        .add(CommandSpec.keyspace("xsetid", -3, key, StreamCommands::xsetid).flags(WRITE, DENYOOM, FAST)
            .doc("An internal command for replicating stream values", "5.0.0", "stream", "O(1)"));
  }
}

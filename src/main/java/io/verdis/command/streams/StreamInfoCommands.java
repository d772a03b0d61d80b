package io.verdis.command.streams;

import io.verdis.command.Args;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.Errors;
import io.verdis.command.KeySpec;
import io.verdis.command.KeyspaceCall;
import io.verdis.command.Types;
import io.verdis.net.RespWriter;
import io.verdis.types.stream.ConsumerGroup;
import io.verdis.types.stream.PendingEntry;
import io.verdis.types.stream.StreamConsumer;
import io.verdis.types.stream.StreamId;
import io.verdis.types.stream.StreamValue;

import java.util.Collection;
import java.util.List;

import static io.verdis.command.CommandFlag.LOADING;
import static io.verdis.command.CommandFlag.READONLY;
import static io.verdis.command.CommandFlag.STALE;

/**
 * XINFO STREAM [FULL [COUNT n]], GROUPS, CONSUMERS and HELP with Redis 7.0's fields (the counters
 * behind the lag: entries-added, max-deleted-entry-id, recorded-first-entry-id, entries-read, lag).
 * Maps in RESP3, flat arrays in RESP2. The key is looked up before the options are checked.
 */
public final class StreamInfoCommands {
  private static final List<String> HELP = List.of(
      "XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "CONSUMERS <key> <groupname>",
      "    Show consumers of <groupname>.",
      "GROUPS <key>",
      "    Show the stream consumer groups.",
      "STREAM <key> [FULL [COUNT <count>]",
      "    Show information about the stream.",
      "HELP",
      "    Prints this help.");
  /** XINFO STREAM FULL's entries and PEL entries when COUNT is not given (0: all). */
  private static final long DEFAULT_FULL_COUNT = 10;

  private StreamInfoCommands() {
  }

  /** lookupKeyReadOrReply with "no such key", then the type check. */
  private static StreamValue existing(KeyspaceCall c) {
    StreamValue stream = Types.as(c.db().lookupRead(c.arg(2)), StreamValue.class);
    if (stream == null) {
      throw new CommandException(Errors.NO_SUCH_KEY);
    }
    return stream;
  }

  /** XINFO STREAM key [FULL [COUNT n]]: COUNT 0 means all, a negative COUNT the default. */
  static void stream(KeyspaceCall c) {
    StreamValue stream = existing(c);
    int options = c.argc() - 3;
    if (options == 0) {
      summary(c.reply(), stream);
      return;
    }
    if ((options != 1 && options != 3) || !Args.is(c.arg(3), "full") || (options == 3 && !Args.is(c.arg(4), "count"))) {
      throw StreamGroups.subcommandSyntax(c);
    }
    long count = options == 3 ? Args.parseLong(c.arg(5)) : DEFAULT_FULL_COUNT;
    if (count < 0) {
      count = DEFAULT_FULL_COUNT;
    }
    full(c.reply(), stream, count);
  }

  /** The fields both forms start with. */
  private static void counters(RespWriter out, StreamValue stream) {
    out.bulk("length");
    out.integer(stream.length());
    out.bulk("radix-tree-keys");
    out.integer(stream.nodeCount());
    out.bulk("radix-tree-nodes");
    out.integer(radixTreeNodes(stream.nodeCount()));
    out.bulk("last-generated-id");
    out.bulk(stream.lastId().toBytes());
    out.bulk("max-deleted-entry-id");
    out.bulk(stream.maxDeletedId().toBytes());
    out.bulk("entries-added");
    out.integer(stream.entriesAdded());
    out.bulk("recorded-first-entry-id");
    out.bulk(stream.firstId().toBytes());
  }

  /**
   * Redis reports the nodes of its radix tree over 128-bit keys, which Verdis does not have: what
   * redis-server 7.0 reports for small sequential ids (one node empty, two for one key, then about
   * two per key), a plausible figure that tests do not compare.
   */
  private static long radixTreeNodes(int keys) {
    return keys <= 1 ? keys + 1 : 2L * keys + 2;
  }

  private static void summary(RespWriter out, StreamValue stream) {
    out.map(10);
    counters(out, stream);
    out.bulk("groups");
    out.integer(stream.groupCount());
    out.bulk("first-entry");
    writeEdge(out, stream, false);
    out.bulk("last-entry");
    writeEdge(out, stream, true);
  }

  private static void writeEdge(RespWriter out, StreamValue stream, boolean last) {
    StreamValue.Iterator it = stream.iterator(StreamId.MIN, StreamId.MAX, last);
    if (it.next()) {
      Streams.writeEntry(out, it.id(), it.fieldsAndValues());
    } else {
      out.nullBulk();
    }
  }

  private static void full(RespWriter out, StreamValue stream, long count) {
    out.map(9);
    counters(out, stream);
    out.bulk("entries");
    long shown = count == 0 ? stream.length() : Math.min(count, stream.length());
    out.array((int) shown);
    StreamValue.Iterator it = stream.iterator(StreamId.MIN, StreamId.MAX, false);
    for (long i = 0; i < shown && it.next(); i++) {
      Streams.writeEntry(out, it.id(), it.fieldsAndValues());
    }
    out.bulk("groups");
    out.array(stream.groupCount());
    for (ConsumerGroup group : stream.groups()) {
      out.map(7);
      out.bulk("name");
      out.bulk(group.name());
      writeGroupCounters(out, stream, group);
      out.bulk("pel-count");
      out.integer(group.pending().size());
      out.bulk("pending");
      Collection<PendingEntry> pending = group.pending().values();
      out.array(limited(pending.size(), count));
      int n = 0;
      for (PendingEntry entry : pending) {
        if (count != 0 && n++ >= count) {
          break;
        }
        out.array(4);
        out.bulk(entry.id().toBytes());
        out.bulk(entry.consumer().name());
        out.integer(entry.deliveryTimeMs());
        out.integer(entry.deliveryCount());
      }
      out.bulk("consumers");
      out.array(group.consumers().size());
      for (StreamConsumer consumer : group.consumers().values()) {
        writeConsumerFull(out, consumer, count);
      }
    }
  }

  private static void writeConsumerFull(RespWriter out, StreamConsumer consumer, long count) {
    out.map(4);
    out.bulk("name");
    out.bulk(consumer.name());
    out.bulk("seen-time");
    out.integer(consumer.seenTimeMs());
    out.bulk("pel-count");
    out.integer(consumer.pending().size());
    out.bulk("pending");
    out.array(limited(consumer.pending().size(), count));
    int n = 0;
    for (PendingEntry entry : consumer.pending().values()) {
      if (count != 0 && n++ >= count) {
        break;
      }
      out.array(3);
      out.bulk(entry.id().toBytes());
      out.integer(entry.deliveryTimeMs());
      out.integer(entry.deliveryCount());
    }
  }

  private static int limited(int size, long count) {
    return (int) (count == 0 ? size : Math.min(size, count));
  }

  /** last-delivered-id, entries-read and lag: XINFO GROUPS and FULL share them (nulls when unknown). */
  private static void writeGroupCounters(RespWriter out, StreamValue stream, ConsumerGroup group) {
    out.bulk("last-delivered-id");
    out.bulk(group.lastId().toBytes());
    out.bulk("entries-read");
    writeUnlessUnknown(out, group.entriesRead() == ConsumerGroup.UNKNOWN_ENTRIES_READ ? null : group.entriesRead());
    out.bulk("lag");
    writeUnlessUnknown(out, stream.lag(group));
  }

  private static void writeUnlessUnknown(RespWriter out, Long value) {
    if (value == null) {
      out.nullBulk();
    } else {
      out.integer(value);
    }
  }

  /** XINFO GROUPS key: per group its name, consumers, pending, last-delivered-id, entries-read and lag. */
  static void groups(KeyspaceCall c) {
    StreamValue stream = existing(c);
    RespWriter out = c.reply();
    out.array(stream.groupCount());
    for (ConsumerGroup group : stream.groups()) {
      out.map(6);
      out.bulk("name");
      out.bulk(group.name());
      out.bulk("consumers");
      out.integer(group.consumers().size());
      out.bulk("pending");
      out.integer(group.pending().size());
      writeGroupCounters(out, stream, group);
    }
  }

  /** XINFO CONSUMERS key group: per consumer its name, pending entries and idle time since it was last seen. */
  static void consumers(KeyspaceCall c) {
    StreamValue stream = existing(c);
    ConsumerGroup group = stream.group(c.arg(3));
    if (group == null) {
      throw StreamGroups.noSuchGroup(c.arg(2), c.arg(3));
    }
    long now = c.now();
    RespWriter out = c.reply();
    out.array(group.consumers().size());
    for (StreamConsumer consumer : group.consumers().values()) {
      out.map(3);
      out.bulk("name");
      out.bulk(consumer.name());
      out.bulk("pending");
      out.integer(consumer.pending().size());
      out.bulk("idle");
      out.integer(Math.max(0, now - consumer.seenTimeMs()));
    }
  }

  static void help(ClientCall c) {
    c.reply().help(HELP);
  }

  public static void register(CommandTable.Builder table) {
    KeySpec key = KeySpec.single(2);
    table.add(CommandSpec.container("xinfo")
        .doc("A container for stream introspection commands", "5.0.0", "stream", "Depends on subcommand.")
        .sub(CommandSpec.keyspace("stream", -3, key, StreamInfoCommands::stream).flags(READONLY)
            .doc("Get information about a stream", "5.0.0", "stream", "O(1)"))
        .sub(CommandSpec.keyspace("groups", 3, key, StreamInfoCommands::groups).flags(READONLY)
            .doc("List the consumer groups of a stream", "5.0.0", "stream", "O(1)"))
        .sub(CommandSpec.keyspace("consumers", 4, key, StreamInfoCommands::consumers).flags(READONLY)
            .doc("List the consumers in a consumer group", "5.0.0", "stream", "O(1)"))
        .sub(CommandSpec.client("help", 2, StreamInfoCommands::help).flags(LOADING, STALE)
            .doc("Show helpful text about the different subcommands", "5.0.0", "stream", "O(1)")));
  }
}

package io.verdis.command.streams;

import io.verdis.command.Args;
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

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

import static io.verdis.command.CommandFlag.FAST;
import static io.verdis.command.CommandFlag.READONLY;
import static io.verdis.command.CommandFlag.WRITE;

/**
 * A group's pending entries list: XACK takes entries off it (leaving the key's WATCHes valid, as
 * Redis 7.0 does), XPENDING reads it (t_stream.c).
 */
public final class PendingCommands {
  private PendingCommands() {
  }

  /**
   * XACK key group id [id …]: how many of the ids were pending. A missing key or group acknowledges
   * nothing (0, the ids unchecked); otherwise every id is checked before any is acknowledged.
   */
  static void xack(KeyspaceCall c) {
    StreamValue stream = StreamGroups.readForWrite(c, c.arg(1));
    ConsumerGroup group = stream == null ? null : stream.group(c.arg(2));
    if (group == null) {
      c.reply().integer(0);
      return;
    }
    StreamId[] ids = new StreamId[c.argc() - 3];
    for (int j = 3; j < c.argc(); j++) {
      ids[j - 3] = StreamIds.parseStrict(c.arg(j), 0);
    }
    int acknowledged = 0;
    for (StreamId id : ids) {
      if (group.acknowledge(id)) {
        acknowledged++;
      }
    }
    if (acknowledged > 0) {
      c.db().dirtied(c.arg(1), acknowledged);
    }
    c.reply().integer(acknowledged);
  }

  /**
   * XPENDING key group [[IDLE ms] start end count [consumer]]: the summary (how many, the first and
   * last id, the consumers with entries pending) or the entries in a range with their owner, idle
   * time and delivery count. The range and count are checked before the key, as Redis does.
   */
  static void xpending(KeyspaceCall c) {
    int argc = c.argc();
    if (argc != 3 && (argc < 6 || argc > 9)) {
      throw new CommandException(Errors.SYNTAX);
    }
    Range range = argc >= 6 ? Range.parse(c) : null;
    StreamValue stream = Types.as(c.db().lookupRead(c.arg(1)), StreamValue.class);
    ConsumerGroup group = StreamGroups.groupOrNoKeyError(c, stream, 1, 2);
    if (range == null) {
      summary(c.reply(), group);
    } else {
      entries(c, group, range);
    }
  }

  private record Range(long minIdle, StreamId start, StreamId end, long count, byte[] consumer) {
    static Range parse(KeyspaceCall c) {
      int at = 3;
      long minIdle = 0;
      if (Args.is(c.arg(3), "idle")) {
        minIdle = Args.parseLong(c.arg(4));
        if (c.argc() < 8) {
          throw new CommandException(Errors.SYNTAX);
        }
        at += 2;
      }
      long count = Math.max(0, Args.parseLong(c.arg(at + 2)));
      StreamId start = StreamIds.parseBound(c.arg(at), 0, true);
      StreamId end = StreamIds.parseBound(c.arg(at + 1), -1L, false);
      // Words after the consumer are ignored, as Redis does.
      byte[] consumer = at + 3 < c.argc() ? c.arg(at + 3) : null;
      return new Range(minIdle, start, end, count, consumer);
    }
  }

  private static void summary(RespWriter out, ConsumerGroup group) {
    NavigableMap<StreamId, PendingEntry> pending = group.pending();
    out.array(4);
    out.integer(pending.size());
    if (pending.isEmpty()) {
      out.nullBulk();
      out.nullBulk();
      out.nullArray();
      return;
    }
    out.bulk(pending.firstKey().toBytes());
    out.bulk(pending.lastKey().toBytes());
    List<StreamConsumer> owners = new ArrayList<>();
    for (StreamConsumer consumer : group.consumers().values()) {
      if (!consumer.pending().isEmpty()) {
        owners.add(consumer);
      }
    }
    out.array(owners.size());
    for (StreamConsumer consumer : owners) {
      out.array(2);
      out.bulk(consumer.name());
      out.bulk(Args.bytes(consumer.pending().size()));
    }
  }

  private static void entries(KeyspaceCall c, ConsumerGroup group, Range range) {
    NavigableMap<StreamId, PendingEntry> pel = group.pending();
    if (range.consumer() != null) {
      StreamConsumer consumer = group.consumer(range.consumer());
      if (consumer == null) {
        c.reply().array(0);
        return;
      }
      pel = consumer.pending();
    }
    long now = c.now();
    List<PendingEntry> found = new ArrayList<>();
    if (!range.start().isAfter(range.end())) {
      for (PendingEntry entry : pel.subMap(range.start(), true, range.end(), true).values()) {
        if (found.size() >= range.count()) {
          break;
        }
        if (range.minIdle() == 0 || now - entry.deliveryTimeMs() >= range.minIdle()) {
          found.add(entry);
        }
      }
    }
    RespWriter out = c.reply();
    out.array(found.size());
    for (PendingEntry entry : found) {
      out.array(4);
      out.bulk(entry.id().toBytes());
      out.bulk(entry.consumer().name());
      out.integer(Math.max(0, now - entry.deliveryTimeMs()));
      out.integer(entry.deliveryCount());
    }
  }

  public static void register(CommandTable.Builder table) {
    KeySpec key = KeySpec.single(1);
    table
        .add(CommandSpec.keyspace("xack", -4, key, PendingCommands::xack).flags(WRITE, FAST)
            .doc("Marks a pending message as correctly processed, effectively removing it from the pending entries "
                + "list of the consumer group. Return value of the command is the number of messages successfully "
                + "acknowledged, that is, the IDs we were actually able to resolve in the PEL.", "5.0.0", "stream",
                "O(1) for each message ID processed."))
        .add(CommandSpec.keyspace("xpending", -3, key, PendingCommands::xpending).flags(READONLY)
            .doc("Return information and entries from a stream consumer group pending entries list, that are "
                + "messages fetched but never acknowledged.", "5.0.0", "stream",
                "O(N) with N being the number of elements returned, so asking for a small fixed number of entries "
                    + "per call is O(1). O(M), where M is the total number of entries scanned when used with the "
                    + "IDLE filter. When the command returns just the summary and the list of consumers is small, "
                    + "it runs in O(1) time; otherwise, an additional O(N) time for iterating every consumer."));
  }
}

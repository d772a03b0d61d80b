package io.verdis.command.streams;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.Errors;
import io.verdis.command.KeySpec;
import io.verdis.command.KeyspaceCall;
import io.verdis.net.RespWriter;
import io.verdis.pubsub.NotifyType;
import io.verdis.types.stream.ConsumerGroup;
import io.verdis.types.stream.PendingEntry;
import io.verdis.types.stream.StreamConsumer;
import io.verdis.types.stream.StreamId;
import io.verdis.types.stream.StreamValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.verdis.command.CommandFlag.FAST;
import static io.verdis.command.CommandFlag.WRITE;

/**
 * XCLAIM and XAUTOCLAIM (Redis 7.0's t_stream.c): pending entries change owner. Each claimed entry
 * is logged as the idempotent XCLAIM Redis propagates, never the command itself; an entry that is
 * pending but no longer in the stream leaves the PEL (logged the same way) instead of being claimed.
 * The claiming consumer is created, with its "xgroup-createconsumer" event, only once an entry is
 * claimed. The key's WATCHes stay valid, as in Redis 7.0.
 */
public final class ClaimCommands {
  /** XAUTOCLAIM scans at most COUNT times this many PEL entries. */
  private static final int ATTEMPTS_FACTOR = 10;
  /** COUNT's bound: Redis refuses what would overflow COUNT × 16 bytes (LONG_MAX / 16). */
  private static final long MAX_COUNT = Long.MAX_VALUE / 16;
  /**
   * Redis allocates COUNT × 16 bytes up front and fails past what the machine can map; Verdis
   * allocates nothing, but answers the same past 2^47 bytes (a 64-bit address space).
   */
  private static final long UNALLOCATABLE_COUNT = (1L << 47) / 16;

  private ClaimCommands() {
  }

  /** The claiming consumer, looked up (and seen now) or created on first need. */
  private static final class Claimant {
    private final KeyspaceCall c;
    private final ConsumerGroup group;
    private final byte[] name;
    private StreamConsumer consumer;

    Claimant(KeyspaceCall c, ConsumerGroup group, byte[] name) {
      this.c = c;
      this.group = group;
      this.name = name;
    }

    StreamConsumer get() {
      if (consumer == null) {
        consumer = group.consumer(name);
        if (consumer == null) {
          consumer = group.consumerOrCreate(name, c.now());
          c.db().dirtied(c.arg(1), 1);
          c.notify(NotifyType.STREAM, "xgroup-createconsumer", c.arg(1));
        } else {
          consumer.seen(c.now());
        }
      }
      return consumer;
    }
  }

  /** XCLAIM's options after the ids; -1 for a time or count not given. */
  private record ClaimOptions(long deliveryTime, long retryCount, boolean force, boolean justId, StreamId lastId) {
    static ClaimOptions parse(KeyspaceCall c, int from, long now) {
      long deliveryTime = -1;
      long retryCount = -1;
      boolean force = false;
      boolean justId = false;
      StreamId lastId = StreamId.MIN;
      for (int j = from; j < c.argc(); j++) {
        byte[] option = c.arg(j);
        boolean moreArgs = j + 1 < c.argc();
        if (Args.is(option, "force")) {
          force = true;
        } else if (Args.is(option, "justid")) {
          justId = true;
        } else if (Args.is(option, "idle") && moreArgs) {
          deliveryTime = now - Args.parseLong(c.arg(++j), "ERR Invalid IDLE option argument for XCLAIM");
        } else if (Args.is(option, "time") && moreArgs) {
          deliveryTime = Args.parseLong(c.arg(++j), "ERR Invalid TIME option argument for XCLAIM");
        } else if (Args.is(option, "retrycount") && moreArgs) {
          retryCount = Args.parseLong(c.arg(++j), "ERR Invalid RETRYCOUNT option argument for XCLAIM");
        } else if (Args.is(option, "lastid") && moreArgs) {
          lastId = StreamIds.parseStrict(c.arg(++j), 0);
        } else {
          throw new CommandException("ERR Unrecognized XCLAIM option '" + StreamGroups.text(option) + "'");
        }
      }
      // A time from a client whose clock runs ahead is no reason to fail: it becomes now.
      if (deliveryTime < 0 || deliveryTime > now) {
        deliveryTime = now;
      }
      return new ClaimOptions(deliveryTime, retryCount, force, justId, lastId);
    }
  }

  /**
   * XCLAIM key group consumer min-idle-time id [id …] [IDLE ms] [TIME ms] [RETRYCOUNT n] [FORCE]
   * [JUSTID] [LASTID id]: the ids run until the first word that is not an id; the options follow.
   * LASTID moves the group on; if nothing else is logged, that is logged as XGROUP SETID.
   */
  static void xclaim(KeyspaceCall c) {
    byte[] key = c.arg(1);
    StreamValue stream = StreamGroups.readForWrite(c, key);
    ConsumerGroup group = StreamGroups.groupOrNoKeyError(c, stream, 1, 2);
    long minIdle = Math.max(0, Args.parseLong(c.arg(4), "ERR Invalid min-idle-time argument for XCLAIM"));
    List<StreamId> ids = new ArrayList<>();
    StreamId id;
    while (5 + ids.size() < c.argc() && (id = parseOrNull(c.arg(5 + ids.size()))) != null) {
      ids.add(id);
    }
    long now = c.now();
    ClaimOptions options = ClaimOptions.parse(c, 5 + ids.size(), now);
    List<byte[][]> records = new ArrayList<>();
    c.propagateEach(records);
    boolean movedOn = options.lastId().isAfter(group.lastId());
    if (movedOn) {
      group.setLastId(options.lastId());
    }
    Claimant claimant = new Claimant(c, group, c.arg(3));
    List<StreamId> claimed = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      PendingEntry entry = claimOne(stream, group, ids.get(i), claimant, minIdle, now, options);
      if (entry != null) {
        records.add(GroupRecords.claim(key, group, c.arg(5 + i), entry));
        if (group.pending().get(entry.id()) == entry) {
          claimed.add(entry.id());
        }
      }
    }
    if (movedOn && records.isEmpty()) {
      records.add(GroupRecords.setId(key, group));
    }
    if (!records.isEmpty()) {
      c.db().dirtied(key, records.size());
    }
    RespWriter out = c.reply();
    out.array(claimed.size());
    for (StreamId claimedId : claimed) {
      writeClaimed(out, stream, claimedId, options.justId());
    }
  }

  /**
   * Claims one id for XCLAIM; returns the pending entry to log (claimed, or dropped from the PEL
   * because its entry is no longer in the stream), or null when nothing changed.
   */
  private static PendingEntry claimOne(StreamValue stream, ConsumerGroup group, StreamId id, Claimant claimant,
                                       long minIdle, long now, ClaimOptions options) {
    PendingEntry entry = group.pending().get(id);
    if (!StreamGroups.exists(stream, id)) {
      if (entry != null) {
        group.acknowledge(id);
      }
      return entry;
    }
    if (entry == null && !options.force()) {
      return null;
    }
    // An entry FORCE adds has no owner yet, so no idle time to check; Redis counts it delivered once already.
    if (entry != null && minIdle > 0 && now - entry.deliveryTimeMs() < minIdle) {
      return null;
    }
    StreamConsumer consumer = claimant.get();
    long count = entry == null ? 1 : entry.deliveryCount();
    if (options.retryCount() >= 0) {
      count = options.retryCount();
    } else if (!options.justId()) {
      count++;
    }
    if (entry == null) {
      group.restorePending(id, consumer, options.deliveryTime(), count);
      return group.pending().get(id);
    }
    entry.assignTo(consumer);
    entry.setDeliveryTimeMs(options.deliveryTime());
    entry.setDeliveryCount(count);
    return entry;
  }

  /** An id as XCLAIM's id list takes it; null when the word is not one (the options start there). */
  private static StreamId parseOrNull(byte[] arg) {
    try {
      return StreamIds.parseStrict(arg, 0);
    } catch (CommandException notAnId) {
      return null;
    }
  }

  private static void writeClaimed(RespWriter out, StreamValue stream, StreamId id, boolean justId) {
    if (justId) {
      out.bulk(id.toBytes());
    } else {
      StreamGroups.writeEntryIfPresent(out, stream, id);
    }
  }

  /**
   * XAUTOCLAIM key group consumer min-idle-time start [COUNT n] [JUSTID]: claims up to COUNT
   * entries idle long enough, from start on, scanning at most 10 × COUNT; replies the id to go on
   * from (0-0 at the end), the entries claimed, and the ids it found deleted and dropped from the
   * PEL (which count toward COUNT).
   */
  static void xautoclaim(KeyspaceCall c) {
    byte[] key = c.arg(1);
    long minIdle = Math.max(0, Args.parseLong(c.arg(4), "ERR Invalid min-idle-time argument for XAUTOCLAIM"));
    StreamId start = StreamIds.parseBound(c.arg(5), 0, true);
    long count = 100;
    boolean justId = false;
    for (int j = 6; j < c.argc(); j++) {
      if (Args.is(c.arg(j), "count") && j + 1 < c.argc()) {
        count = Args.parseLongOr(c.arg(++j), 0);
        if (count < 1 || count > MAX_COUNT) {
          throw new CommandException("ERR COUNT must be > 0");
        }
      } else if (Args.is(c.arg(j), "justid")) {
        justId = true;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    StreamValue stream = StreamGroups.readForWrite(c, key);
    ConsumerGroup group = StreamGroups.groupOrNoKeyError(c, stream, 1, 2);
    if (count > UNALLOCATABLE_COUNT) {
      throw new CommandException("ERR Insufficient memory, failed allocating transient memory, COUNT too high.");
    }
    List<byte[][]> records = new ArrayList<>();
    c.propagateEach(records);
    long now = c.now();
    Claimant claimant = new Claimant(c, group, c.arg(3));
    List<StreamId> claimed = new ArrayList<>();
    List<StreamId> deleted = new ArrayList<>();
    long attempts = count * ATTEMPTS_FACTOR;
    StreamId from = start;
    Map.Entry<StreamId, PendingEntry> next;
    while (attempts-- > 0 && count > 0 && from != null && (next = group.pending().ceilingEntry(from)) != null) {
      StreamId id = next.getKey();
      PendingEntry entry = next.getValue();
      from = id.next();
      if (!StreamGroups.exists(stream, id)) {
        records.add(GroupRecords.claim(key, group, id.toBytes(), entry));
        group.acknowledge(id);
        deleted.add(id);
        count--;
        continue;
      }
      if (minIdle > 0 && now - entry.deliveryTimeMs() < minIdle) {
        continue;
      }
      entry.assignTo(claimant.get());
      entry.setDeliveryTimeMs(now);
      if (!justId) {
        entry.setDeliveryCount(entry.deliveryCount() + 1);
      }
      claimed.add(id);
      count--;
      records.add(GroupRecords.claim(key, group, id.toBytes(), entry));
    }
    int changes = claimed.size() + deleted.size();
    if (changes > 0) {
      c.db().dirtied(key, changes);
    }
    Map.Entry<StreamId, PendingEntry> after = from == null ? null : group.pending().ceilingEntry(from);
    RespWriter out = c.reply();
    out.array(3);
    out.bulk((after == null ? StreamId.MIN : after.getKey()).toBytes());
    out.array(claimed.size());
    for (StreamId id : claimed) {
      writeClaimed(out, stream, id, justId);
    }
    out.array(deleted.size());
    for (StreamId id : deleted) {
      out.bulk(id.toBytes());
    }
  }

  public static void register(CommandTable.Builder table) {
    KeySpec key = KeySpec.single(1);
    table
        .add(CommandSpec.keyspace("xclaim", -6, key, ClaimCommands::xclaim).flags(WRITE, FAST)
            .doc("Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered "
                + "to the specified consumer.", "5.0.0", "stream",
                "O(log N) with N being the number of messages in the PEL of the consumer group."))
        .add(CommandSpec.keyspace("xautoclaim", -6, key, ClaimCommands::xautoclaim).flags(WRITE, FAST)
            .doc("Changes (or acquires) ownership of messages in a consumer group, as if the messages were "
                + "delivered to the specified consumer.", "6.2.0", "stream", "O(1) if COUNT is small."));
  }
}

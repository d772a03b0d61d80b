package io.verdis.command.streams;

import io.verdis.command.Args;
import io.verdis.command.BlockingTimeout;
import io.verdis.command.CommandException;
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

/**
 * XREAD and XREADGROUP (t_stream.c's xreadCommand). Each stream that has something for the client
 * is answered at once; when none has and BLOCK was given, the client waits on all of them and the
 * command runs again once one gets an entry, {@code $} standing for the last id it had when the
 * client blocked. XREADGROUP is logged as the XCLAIM and XGROUP SETID of what it delivered, as
 * Redis propagates it, so the AOF replays deliveries with their times and counts.
 */
final class StreamReads {
  private static final byte[] COUNT = Args.bytes("COUNT");

  private StreamReads() {
  }

  static void xread(KeyspaceCall c) {
    read(c, false);
  }

  static void xreadgroup(KeyspaceCall c) {
    read(c, true);
  }

  private static void read(KeyspaceCall c, boolean xreadgroup) {
    ReadRequest request = ReadRequest.parse(c.argv(), xreadgroup);
    if (request.blockMs() != -1 && c.fromScript()) {
      throw new CommandException("ERR " + c.commandName() + " command is not allowed with BLOCK option from scripts");
    }
    long deadline = request.blockMs() <= 0 ? BlockingTimeout.NONE : deadline(request.blockMs(), c.now());
    int n = request.streamCount();
    StreamValue[] streams = new StreamValue[n];
    ConsumerGroup[] groups = xreadgroup ? new ConsumerGroup[n] : null;
    StreamId[] after = new StreamId[n];
    byte[][] retryArgv = null;
    for (int i = 0; i < n; i++) {
      byte[] key = request.key(c.argv(), i);
      if (!c.holdsKey(key)) {
        continue; // a woken client is answered for the keys of the shard that woke it
      }
      if (c.woken() && !(c.db().peek(key) instanceof StreamValue)) {
        // The stream went while the client waited (Redis's signalDeletedKeyAsReady); XREAD keeps waiting.
        if (xreadgroup) {
          throw new CommandException("UNBLOCKED the stream key no longer exists");
        }
        continue;
      }
      StreamValue stream = Streams.readable(c, key);
      streams[i] = stream;
      if (xreadgroup) {
        ConsumerGroup group = stream == null ? null : stream.group(request.group());
        if (group == null) {
          if (c.woken()) {
            throw new CommandException("NOGROUP the consumer group this client was blocked on no longer exists");
          }
          throw new CommandException("NOGROUP No such key '" + Args.text(key) + "' or consumer group '"
              + Args.text(request.group()) + "' in XREADGROUP with GROUP option");
        }
        groups[i] = group;
      }
      byte[] id = request.id(c.argv(), i);
      if (id.length == 1 && id[0] == '$') {
        if (xreadgroup) {
          throw new CommandException("ERR The $ ID is meaningless in the context of XREADGROUP: you want to read "
              + "the history of this consumer by specifying a proper ID, or use the > ID to get new messages. "
              + "The $ ID would just return an empty result set.");
        }
        after[i] = stream == null ? StreamId.MIN : stream.lastId();
        if (retryArgv == null) {
          retryArgv = c.argv().clone();
        }
        retryArgv[request.streamsAt() + n + i] = after[i].toBytes();
      } else if (id.length == 1 && id[0] == '>') {
        if (!xreadgroup) {
          throw new CommandException("ERR The > ID can be specified only when calling XREADGROUP using the GROUP "
              + "<group> <consumer> option.");
        }
        after[i] = StreamId.MAX;
      } else {
        after[i] = StreamIds.parseStrict(id, 0);
      }
    }

    List<byte[][]> records = xreadgroup ? new ArrayList<>() : null;
    RespWriter reply = c.reply();
    // The number of streams answered is known only at the end: their replies go to a scratch writer first.
    RespWriter answered = null;
    int served = 0;
    for (int i = 0; i < n; i++) {
      StreamValue stream = streams[i];
      if (stream == null) {
        continue;
      }
      StreamId gt = after[i];
      boolean history = false;
      boolean serve = false;
      if (xreadgroup) {
        if (!gt.equals(StreamId.MAX)) {
          serve = true;
          history = true;
        } else if (stream.length() > 0 && stream.lastEntryId().isAfter(groups[i].lastId())) {
          serve = true;
          gt = groups[i].lastId();
        }
      } else if (stream.length() > 0 && stream.lastEntryId().isAfter(gt)) {
        serve = true;
      }
      if (!serve) {
        continue;
      }
      if (xreadgroup) {
        // Serving changes the group in place: a stream a snapshot still shares is copied first (only
        // now, so a woken reader that finds nothing copies nothing).
        stream = Streams.writable(c, request.key(c.argv(), i));
        groups[i] = stream.group(request.group());
      }
      if (answered == null) {
        answered = RespWriter.allocate(256);
        answered.protocol(reply.resp3() ? 3 : 2);
      }
      served++;
      servedReplies(c, answered, request, i, stream, xreadgroup ? groups[i] : null, gt.next(), history, records);
    }
    if (served > 0) {
      if (reply.resp3()) {
        reply.map(served);
      } else {
        reply.array(served);
      }
      reply.raw(answered.buffer(), 0, answered.position());
      if (xreadgroup) {
        c.changedOutsideKeys();
        c.propagateEach(records);
      }
      return;
    }
    if (request.blockMs() == -1) {
      reply.nullArray();
      return;
    }
    if (request.count() == 0) {
      retryArgv = withDefaultCount(retryArgv == null ? c.argv() : retryArgv, request.streamsAt() - 1);
    }
    byte[][] keys = new byte[n][];
    for (int i = 0; i < n; i++) {
      keys[i] = request.key(c.argv(), i);
    }
    c.block(deadline, retryArgv, keys);
  }

  private static long deadline(long blockMs, long now) {
    if (blockMs > Long.MAX_VALUE - now) {
      throw new CommandException("ERR timeout is out of range");
    }
    return now + blockMs;
  }

  /**
   * The arguments with {@code COUNT 1000} just before STREAMS (at {@code streamsWordAt}): the last COUNT
   * wins, so a woken read without one, or with COUNT 0, takes at most what Redis's would.
   */
  private static byte[][] withDefaultCount(byte[][] argv, int streamsWordAt) {
    byte[][] retry = new byte[argv.length + 2][];
    System.arraycopy(argv, 0, retry, 0, streamsWordAt);
    retry[streamsWordAt] = COUNT;
    retry[streamsWordAt + 1] = Args.bytes(ReadRequest.BLOCKED_DEFAULT_COUNT);
    System.arraycopy(argv, streamsWordAt, retry, streamsWordAt + 2, argv.length - streamsWordAt);
    return retry;
  }

  // ------------------------------------------------------------------ replies

  /**
   * The answered streams go out as [key, entries] pairs (RESP2: an array of pairs; RESP3: a map). Their
   * number is known only at the end, so each pair is written into a scratch writer and copied after the
   * header.
   */
  private static void servedReplies(KeyspaceCall c, RespWriter reply, ReadRequest request, int i,
                                    StreamValue stream, ConsumerGroup group, StreamId start, boolean history,
                                    List<byte[][]> records) {
    if (!reply.resp3()) {
      reply.array(2);
    }
    byte[] key = request.key(c.argv(), i);
    reply.bulk(key);
    long count = request.count();
    if (group == null) {
      Streams.writeRange(reply, stream, start, StreamId.MAX, count, false);
      return;
    }
    long now = c.now();
    StreamConsumer consumer = group.consumer(request.consumer());
    if (consumer == null) {
      consumer = group.consumerOrCreate(request.consumer(), now);
      c.notify(NotifyType.STREAM, "xgroup-createconsumer", key);
      if (request.noAck()) {
        // Nothing pending will name it in an XCLAIM: the consumer is logged on its own.
        records.add(GroupRecords.createConsumer(key, group, consumer.name()));
      }
    }
    consumer.seen(now);
    if (history) {
      writeHistory(reply, stream, consumer, start, count, now);
    } else {
      writeNew(c, reply, stream, group, consumer, start, count, request, key, records);
    }
  }

  /** New entries for the group: each goes to the consumer's pending list (unless NOACK) and moves the group on. */
  private static void writeNew(KeyspaceCall c, RespWriter reply, StreamValue stream, ConsumerGroup group, StreamConsumer consumer,
                               StreamId start, long count, ReadRequest request, byte[] key, List<byte[][]> records) {
    List<Streams.Entry> entries = new ArrayList<>();
    StreamValue.Iterator it = stream.iterator(start, StreamId.MAX, false);
    boolean movedOn = false;
    long now = c.now();
    while ((count == 0 || entries.size() < count) && it.next()) {
      StreamId id = it.id();
      entries.add(new Streams.Entry(id, it.fieldsAndValues()));
      if (id.isAfter(group.lastId())) {
        stream.advance(group, id);
        movedOn = true;
      }
      if (!request.noAck()) {
        PendingEntry pending = group.deliverNew(id, consumer, now);
        records.add(GroupRecords.claim(key, group, id.toBytes(), pending));
      }
    }
    reply.array(entries.size());
    for (Streams.Entry entry : entries) {
      Streams.writeEntry(reply, entry.id(), entry.fieldsAndValues());
    }
    if (movedOn && request.noAck()) {
      // Without NOACK each XCLAIM carries the group's last id (LASTID) already, as in Redis 7.0.
      records.add(GroupRecords.setId(key, group));
    }
  }

  /**
   * A consumer's own pending entries after {@code start} (streamReplyWithRangeFromConsumerPEL): each
   * delivered again, or, if the entry was deleted meanwhile, its id with a null in place of its fields.
   */
  private static void writeHistory(RespWriter reply, StreamValue stream, StreamConsumer consumer, StreamId start,
                                   long count, long now) {
    List<PendingEntry> pending = new ArrayList<>();
    for (Map.Entry<StreamId, PendingEntry> entry : consumer.pending().tailMap(start, true).entrySet()) {
      if (count != 0 && pending.size() >= count) {
        break;
      }
      pending.add(entry.getValue());
    }
    reply.array(pending.size());
    for (PendingEntry entry : pending) {
      StreamValue.Iterator it = stream.iterator(entry.id(), entry.id(), false);
      if (it.next()) {
        Streams.writeEntry(reply, entry.id(), it.fieldsAndValues());
        entry.setDeliveryTimeMs(now);
        entry.setDeliveryCount(entry.deliveryCount() + 1);
      } else {
        reply.array(2);
        reply.bulk(entry.id().toBytes());
        reply.nullArray();
      }
    }
  }

}

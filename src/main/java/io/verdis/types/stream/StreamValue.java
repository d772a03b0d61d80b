package io.verdis.types.stream;

import io.verdis.persist.rdb.RdbValue;
import io.verdis.types.Aggregate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Redis stream (t_stream.c): entries in id order, packed into {@link StreamNode}s keyed by their
 * first id (Redis's radix tree of listpacks), the counters XINFO and the consumer-group lag read
 * (entries added, the last id, the greatest deleted id), and the consumer groups in name order.
 * Unlike the other aggregates a stream may be empty and still exist (XDEL of every entry, a group
 * created with MKSTREAM).
 */
public final class StreamValue extends Aggregate {
  /** Redis's STREAM_LISTPACK_MAX_SIZE: the largest a node grows whatever stream-node-max-bytes says. */
  private static final long MAX_NODE_BYTES = 1L << 30;

  private final TreeMap<StreamId, StreamNode> nodes = new TreeMap<>();
  /** The node appends go to; null when the last node was removed or sealed. */
  private StreamNode tail;
  private long length;
  private StreamId lastId = StreamId.MIN;
  private StreamId maxDeletedId = StreamId.MIN;
  private long entriesAdded;
  /** Created with the first group: most streams have none. */
  private TreeMap<byte[], ConsumerGroup> groups;

  @Override
  public String typeName() {
    return "stream";
  }

  @Override
  public String encoding() {
    return "stream";
  }

  @Override
  public int size() {
    return (int) Math.min(Integer.MAX_VALUE, length);
  }

  /** Packed nodes holding the entries (XINFO STREAM's radix-tree-keys). */
  public int nodeCount() {
    return nodes.size();
  }

  public long length() {
    return length;
  }

  public StreamId lastId() {
    return lastId;
  }

  public void setLastId(StreamId lastId) {
    this.lastId = lastId;
  }

  public StreamId maxDeletedId() {
    return maxDeletedId;
  }

  public void setMaxDeletedId(StreamId maxDeletedId) {
    this.maxDeletedId = maxDeletedId;
  }

  public long entriesAdded() {
    return entriesAdded;
  }

  public void setEntriesAdded(long entriesAdded) {
    this.entriesAdded = entriesAdded;
  }

  /** Id of the last live entry, 0-0 when empty (streamLastValidID). */
  public StreamId lastEntryId() {
    if (!nodes.isEmpty() && !nodes.lastEntry().getValue().lastDeleted()) {
      return nodes.lastEntry().getValue().last();
    }
    Iterator last = iterator(StreamId.MIN, StreamId.MAX, true);
    return last.next() ? last.id() : StreamId.MIN;
  }

  /** Id of the first live entry, 0-0 when empty (Redis's first_id). */
  public StreamId firstId() {
    Iterator first = iterator(StreamId.MIN, StreamId.MAX, false);
    return first.next() ? first.id() : StreamId.MIN;
  }

  /**
   * Appends an entry whose id is after {@link #lastId()}, starting a new node when the tail holds
   * {@code maxNodeEntries} entries or would pass {@code maxNodeBytes} (0: no limit of that kind),
   * as stream-node-max-entries and stream-node-max-bytes do in Redis.
   */
  public void append(StreamId id, byte[][] fieldsAndValues, long maxNodeBytes, long maxNodeEntries) {
    if (tail != null && !hasRoom(tail, fieldsAndValues, maxNodeBytes, maxNodeEntries)) {
      tail.trimToSize();
      tail = null;
    }
    if (tail == null && !nodes.isEmpty()) {
      // As Redis, appends go to the last node even after XDEL emptied the one that was after it.
      StreamNode last = nodes.lastEntry().getValue();
      tail = hasRoom(last, fieldsAndValues, maxNodeBytes, maxNodeEntries) ? last : null;
    }
    if (tail == null) {
      tail = new StreamNode(id, fieldsAndValues);
      nodes.put(id, tail);
    }
    tail.append(id, fieldsAndValues);
    length++;
    entriesAdded++;
    lastId = id;
  }

  /**
   * Redis's test in streamAppendItem: a node is full once its listpack plus the new entry's fields and
   * values reach stream-node-max-bytes (0: Redis's 1 GB cap), or it holds stream-node-max-entries
   * entries, deleted ones included (0: no limit).
   */
  private static boolean hasRoom(StreamNode node, byte[][] fieldsAndValues, long maxBytes, long maxEntries) {
    long limit = maxBytes <= 0 || maxBytes > MAX_NODE_BYTES ? MAX_NODE_BYTES : maxBytes;
    long entryBytes = 0;
    for (byte[] element : fieldsAndValues) {
      entryBytes += element.length;
    }
    if (node.listpackBytes() + entryBytes >= limit) {
      return false;
    }
    return maxEntries <= 0 || node.count() < maxEntries;
  }

  /** XDEL of one id: true when a live entry had it. The greatest deleted id is the caller's to update. */
  public boolean delete(StreamId id) {
    Iterator it = iterator(id, id, false);
    if (!it.next()) {
      return false;
    }
    it.remove();
    return true;
  }

  /** The entries from {@code start} to {@code end} inclusive, in id order or, with {@code reverse}, backwards. */
  public Iterator iterator(StreamId start, StreamId end, boolean reverse) {
    return new Iterator(start, end, reverse);
  }

  // ---------------------------------------------------------------- trimming

  /**
   * XTRIM / XADD's trimming by MAXLEN (Redis's streamTrim): whole nodes go from the head while the
   * rest keeps at least {@code maxLen}; then, unless {@code approx}, the entries of the next node are
   * deleted one by one. {@code limit} (0: none) caps the entries removed, counted per whole node.
   * Returns the entries removed.
   */
  public long trimToLength(long maxLen, boolean approx, long limit) {
    return trim(maxLen, null, approx, limit);
  }

  /** As {@link #trimToLength} for MINID: entries whose id is below {@code minId} go. */
  public long trimBelow(StreamId minId, boolean approx, long limit) {
    return trim(-1, minId, approx, limit);
  }

  private long trim(long maxLen, StreamId minId, boolean approx, long limit) {
    long deleted = 0;
    Map.Entry<StreamId, StreamNode> entry = nodes.firstEntry();
    while (entry != null) {
      if (minId == null && length <= maxLen) {
        break;
      }
      StreamNode node = entry.getValue();
      long entries = node.live();
      if (limit != 0 && deleted + entries > limit) {
        break;
      }
      boolean removeNode = minId == null ? length - entries >= maxLen : node.last().isBefore(minId);
      if (removeNode) {
        removeNode(node);
        length -= entries;
        deleted += entries;
        entry = nodes.higherEntry(entry.getKey());
        continue;
      }
      if (approx) {
        break;
      }
      StreamNode.Cursor cursor = node.cursor();
      while (cursor.next()) {
        boolean stop = minId == null ? length <= maxLen : !cursor.id().isBefore(minId);
        if (stop) {
          break;
        }
        if (!cursor.deleted()) {
          cursor.delete();
          length--;
          deleted++;
        }
      }
      break;
    }
    return deleted;
  }

  private void removeNode(StreamNode node) {
    nodes.remove(node.master());
    if (node == tail) {
      tail = null;
    }
  }

  // ---------------------------------------------------------------- consumer groups

  public ConsumerGroup group(byte[] name) {
    return groups == null ? null : groups.get(name);
  }

  /** XGROUP CREATE: the new group, or null when one has that name already. */
  public ConsumerGroup createGroup(byte[] name, StreamId lastDelivered, long entriesRead) {
    if (groups == null) {
      groups = new TreeMap<>(Arrays::compareUnsigned);
    }
    if (groups.containsKey(name)) {
      return null;
    }
    ConsumerGroup group = new ConsumerGroup(name, lastDelivered, entriesRead);
    groups.put(name, group);
    return group;
  }

  /** XGROUP DESTROY: false when there was no such group. */
  public boolean destroyGroup(byte[] name) {
    return groups != null && groups.remove(name) != null;
  }

  /** The groups in name order. */
  public Collection<ConsumerGroup> groups() {
    return groups == null ? Collections.emptyList() : groups.values();
  }

  public int groupCount() {
    return groups == null ? 0 : groups.size();
  }

  // ---------------------------------------------------------------- lag (Redis 7.0)

  /** Whether an entry between start and end (null: unbounded) was deleted (streamRangeHasTombstones). */
  public boolean rangeHasTombstones(StreamId start, StreamId end) {
    if (length == 0 || maxDeletedId.isZero()) {
      return false;
    }
    if (firstId().isAfter(maxDeletedId)) {
      return false;
    }
    StreamId from = start == null ? StreamId.MIN : start;
    StreamId to = end == null ? StreamId.MAX : end;
    return !from.isAfter(maxDeletedId) && !maxDeletedId.isAfter(to);
  }

  /**
   * How many entries were added up to {@code id}, or {@link ConsumerGroup#UNKNOWN_ENTRIES_READ}
   * when deletions make that unknowable (streamEstimateDistanceFromFirstEverEntry).
   */
  public long estimateDistanceFromFirstEverEntry(StreamId id) {
    if (entriesAdded == 0) {
      return 0;
    }
    if (length == 0 && !id.isAfter(lastId)) {
      return entriesAdded;
    }
    int cmpLast = id.compareTo(lastId);
    if (cmpLast == 0) {
      return entriesAdded;
    } else if (cmpLast > 0) {
      return ConsumerGroup.UNKNOWN_ENTRIES_READ;
    }
    StreamId first = firstId();
    int cmpIdFirst = id.compareTo(first);
    if (maxDeletedId.isZero() || maxDeletedId.isBefore(first)) {
      if (cmpIdFirst < 0) {
        return entriesAdded - length;
      } else if (cmpIdFirst == 0) {
        return entriesAdded - length + 1;
      }
    }
    return ConsumerGroup.UNKNOWN_ENTRIES_READ;
  }

  /** XINFO's lag of a group: entries not yet delivered to it, or null when unknowable. */
  public Long lag(ConsumerGroup group) {
    if (entriesAdded == 0) {
      return 0L;
    }
    if (group.entriesRead() != ConsumerGroup.UNKNOWN_ENTRIES_READ && !rangeHasTombstones(group.lastId(), null)) {
      return entriesAdded - group.entriesRead();
    }
    long read = estimateDistanceFromFirstEverEntry(group.lastId());
    return read == ConsumerGroup.UNKNOWN_ENTRIES_READ ? null : entriesAdded - read;
  }

  /** Counts an entry delivered to {@code group} past its last id (streamReplyWithRange's group bookkeeping). */
  public void advance(ConsumerGroup group, StreamId delivered) {
    if (group.entriesRead() != ConsumerGroup.UNKNOWN_ENTRIES_READ && !rangeHasTombstones(delivered, null)) {
      group.setEntriesRead(group.entriesRead() + 1);
    } else if (entriesAdded != 0) {
      group.setEntriesRead(estimateDistanceFromFirstEverEntry(delivered));
    }
    group.setLastId(delivered);
  }

  // ---------------------------------------------------------------- copies and RDB

  @Override
  public StreamValue copy() {
    StreamValue copy = new StreamValue();
    for (StreamNode node : nodes.values()) {
      StreamNode twin = node.copy();
      copy.nodes.put(twin.master(), twin);
      if (node == tail) {
        copy.tail = twin;
      }
    }
    copy.length = length;
    copy.lastId = lastId;
    copy.maxDeletedId = maxDeletedId;
    copy.entriesAdded = entriesAdded;
    if (groups != null) {
      copy.groups = new TreeMap<>(Arrays::compareUnsigned);
      for (ConsumerGroup group : groups.values()) {
        copy.groups.put(group.name(), group.copy());
      }
    }
    return copy;
  }

  @Override
  public RdbValue toRdb() {
    List<RdbValue.StreamValue.Entry> entries = new ArrayList<>((int) Math.min(length, 1 << 20));
    Iterator it = iterator(StreamId.MIN, StreamId.MAX, false);
    while (it.next()) {
      entries.add(new RdbValue.StreamValue.Entry(rdbId(it.id()), Arrays.asList(it.fieldsAndValues())));
    }
    List<RdbValue.StreamValue.Group> rdbGroups = new ArrayList<>();
    for (ConsumerGroup group : groups()) {
      List<RdbValue.StreamValue.Pending> pending = new ArrayList<>(group.pending().size());
      for (PendingEntry nack : group.pending().values()) {
        pending.add(new RdbValue.StreamValue.Pending(rdbId(nack.id()), nack.deliveryTimeMs(), nack.deliveryCount()));
      }
      List<RdbValue.StreamValue.Consumer> consumers = new ArrayList<>(group.consumers().size());
      for (StreamConsumer consumer : group.consumers().values()) {
        List<RdbValue.StreamValue.Id> ids = new ArrayList<>(consumer.pending().size());
        for (StreamId id : consumer.pending().keySet()) {
          ids.add(rdbId(id));
        }
        consumers.add(new RdbValue.StreamValue.Consumer(consumer.name(), consumer.seenTimeMs(), ids));
      }
      rdbGroups.add(new RdbValue.StreamValue.Group(group.name(), rdbId(group.lastId()), group.entriesRead(),
          pending, consumers));
    }
    return new RdbValue.StreamValue(entries, rdbId(lastId), rdbId(firstId()), rdbId(maxDeletedId), entriesAdded,
        rdbGroups);
  }

  /** A stream holding {@code rdb}'s entries and groups, its nodes cut at Redis's default limits. */
  public static StreamValue fromRdb(RdbValue.StreamValue rdb) {
    return fromRdb(rdb, DEFAULT_NODE_MAX_BYTES, DEFAULT_NODE_MAX_ENTRIES);
  }

  public static final long DEFAULT_NODE_MAX_BYTES = 4096;
  public static final long DEFAULT_NODE_MAX_ENTRIES = 100;

  public static StreamValue fromRdb(RdbValue.StreamValue rdb, long maxNodeBytes, long maxNodeEntries) {
    StreamValue stream = new StreamValue();
    for (RdbValue.StreamValue.Entry entry : rdb.entries()) {
      stream.append(streamId(entry.id()), entry.fieldsAndValues().toArray(new byte[0][]), maxNodeBytes,
          maxNodeEntries);
    }
    if (stream.tail != null) {
      stream.tail.trimToSize();
    }
    stream.lastId = streamId(rdb.lastId());
    stream.maxDeletedId = streamId(rdb.maxDeletedId());
    stream.entriesAdded = rdb.entriesAdded();
    for (RdbValue.StreamValue.Group rdbGroup : rdb.groups()) {
      ConsumerGroup group = stream.createGroup(rdbGroup.name(), streamId(rdbGroup.lastId()), rdbGroup.entriesRead());
      if (group == null) {
        continue;
      }
      Map<StreamId, RdbValue.StreamValue.Pending> byId = new TreeMap<>();
      for (RdbValue.StreamValue.Pending pending : rdbGroup.pending()) {
        byId.put(streamId(pending.id()), pending);
      }
      for (RdbValue.StreamValue.Consumer rdbConsumer : rdbGroup.consumers()) {
        StreamConsumer consumer = group.consumerOrCreate(rdbConsumer.name(), rdbConsumer.seenTimeMs());
        for (RdbValue.StreamValue.Id id : rdbConsumer.pending()) {
          RdbValue.StreamValue.Pending pending = byId.get(streamId(id));
          if (pending != null) {
            group.restorePending(streamId(id), consumer, pending.deliveryTimeMs(), pending.deliveryCount());
          }
        }
      }
    }
    return stream;
  }

  private static RdbValue.StreamValue.Id rdbId(StreamId id) {
    return new RdbValue.StreamValue.Id(id.ms(), id.seq());
  }

  private static StreamId streamId(RdbValue.StreamValue.Id id) {
    return new StreamId(id.ms(), id.seq());
  }

  // ---------------------------------------------------------------- iteration

  /**
   * Walks live entries within a range (Redis's streamIterator). {@link #remove} deletes the current
   * entry; the walk goes on from there.
   */
  public final class Iterator {
    private final StreamId start;
    private final StreamId end;
    private final boolean reverse;
    private StreamNode node;
    private StreamNode.Cursor cursor;
    /** Reverse walks: the positions of the node's entries, walked from the back. */
    private int[] positions;
    private int index;
    private StreamId current;

    private Iterator(StreamId start, StreamId end, boolean reverse) {
      this.start = start;
      this.end = end;
      this.reverse = reverse;
      Map.Entry<StreamId, StreamNode> first = reverse ? nodes.floorEntry(end) : nodes.floorEntry(start);
      if (first == null && !reverse) {
        first = nodes.firstEntry();
      }
      enter(first == null ? null : first.getValue());
    }

    private void enter(StreamNode next) {
      node = next;
      if (node == null) {
        return;
      }
      cursor = node.cursor();
      if (reverse) {
        positions = new int[node.count()];
        int n = 0;
        while (cursor.next()) {
          positions[n++] = cursor.position();
        }
        index = n;
      }
    }

    /** Moves to the next live entry in range; false when there is none. */
    public boolean next() {
      while (node != null) {
        if (advanceInNode()) {
          if (cursor.deleted()) {
            continue;
          }
          StreamId id = cursor.id();
          if (reverse ? id.isAfter(end) : id.isBefore(start)) {
            continue;
          }
          if (reverse ? id.isBefore(start) : id.isAfter(end)) {
            node = null;
            return false;
          }
          current = id;
          return true;
        }
        Map.Entry<StreamId, StreamNode> following = reverse ? nodes.lowerEntry(node.master())
            : nodes.higherEntry(node.master());
        enter(following == null ? null : following.getValue());
      }
      return false;
    }

    private boolean advanceInNode() {
      if (!reverse) {
        return cursor.next();
      }
      if (index == 0) {
        return false;
      }
      cursor.seek(positions[--index]);
      return cursor.next();
    }

    public StreamId id() {
      return current;
    }

    public byte[][] fieldsAndValues() {
      return cursor.fieldsAndValues();
    }

    /** Deletes the current entry (XDEL): a node left without live entries goes. */
    public void remove() {
      cursor.delete();
      length--;
      if (node.live() == 0) {
        removeNode(node);
      }
    }
  }
}

package io.verdis.persist.rdb;

import io.verdis.persist.rdb.RdbValue.StreamValue;
import io.verdis.persist.rdb.RdbValue.StreamValue.Consumer;
import io.verdis.persist.rdb.RdbValue.StreamValue.Entry;
import io.verdis.persist.rdb.RdbValue.StreamValue.Group;
import io.verdis.persist.rdb.RdbValue.StreamValue.Id;
import io.verdis.persist.rdb.RdbValue.StreamValue.Pending;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a stream value of RDB type 15 (Redis 5 and 6), 19 (7.0) or 21 (7.2) as Redis 7.0's
 * rdbLoadObject does: the radix tree's nodes (master id, listpack), the length and last id, from
 * type 19 the first id, the largest deleted id and the count of entries ever added, then the
 * consumer groups, each with its last id, from type 19 its entries-read counter, its pending
 * entries list and its consumers, each with its seen time (from type 21 also its active time, which
 * Redis 7.0 does not have and is dropped) and the ids it owns.
 *
 * <p>It refuses what Redis refuses, with deep sanitization on (a pending entry without a consumer),
 * and also what Redis 7.0 would take but {@link StreamValue} cannot hold: a length other than the
 * number of live entries, ids out of order, an id owned by two consumers.
 */
final class StreamDecoder {
  /** SCG_INVALID_ENTRIES_READ: a group whose entries-read counter is unknown. */
  static final long UNKNOWN_ENTRIES_READ = -1;
  private static final Id NO_FIRST_ENTRY = new Id(-1, -1);

  private final RdbInput in;
  private final RdbType type;

  StreamDecoder(RdbInput in, RdbType type) {
    this.in = in;
    this.type = type;
  }

  StreamValue read() throws IOException {
    List<Entry> entries = entries();
    long at = in.offset();
    long length = in.readLength();
    if (length != entries.size()) {
      throw in.error(at, "the stream's length is " + Long.toUnsignedString(length) + ", its nodes hold "
          + entries.size() + " live entries");
    }
    Id lastId = id();
    Id firstId;
    Id maxDeletedId;
    long entriesAdded;
    if (type == RdbType.STREAM_LISTPACKS) {
      // What Redis 7.0 sets when it loads a stream of Redis 5 or 6: no tombstones known, every entry
      // counted as added, the first id found by streamGetEdgeID, which gives UINT64_MAX-UINT64_MAX
      // for an empty stream (XINFO shows it; the next XADD replaces it).
      firstId = entries.isEmpty() ? NO_FIRST_ENTRY : entries.get(0).id();
      maxDeletedId = Id.ZERO;
      entriesAdded = entries.size();
    } else {
      firstId = id();
      maxDeletedId = id();
      entriesAdded = in.readLength();
    }
    StreamValue counters = new StreamValue(entries, lastId, firstId, maxDeletedId, entriesAdded, List.of());
    return new StreamValue(entries, lastId, firstId, maxDeletedId, entriesAdded, groups(counters));
  }

  /** The live entries of every node, in id order. */
  private List<Entry> entries() throws IOException {
    long nodes = in.readLength();
    Map<Id, List<Entry>> byMaster = new TreeMap<>(RdbStreamIds.ORDER);
    for (long i = 0; i < nodes; i++) {
      long at = in.offset();
      byte[] key = in.readString();
      if (key.length != RdbStreamIds.BYTES) {
        throw in.error(at, "a stream node key of " + key.length + " bytes is not a stream id");
      }
      Id master = RdbStreamIds.decode(key);
      List<Entry> entries = StreamNode.entries(master, Blob.read(in, "stream node listpack"));
      // The radix tree holds each node once, in key order, whatever order the file gives them in.
      if (byMaster.put(master, entries) != null) {
        throw in.error(at, "the stream node " + RdbStreamIds.text(master) + " comes twice");
      }
    }
    List<Entry> all = new ArrayList<>();
    byMaster.values().forEach(all::addAll);
    for (int i = 1; i < all.size(); i++) {
      if (RdbStreamIds.compare(all.get(i - 1).id(), all.get(i).id()) >= 0) {
        throw in.error(in.offset(), "the stream's entries are out of order: " + RdbStreamIds.text(all.get(i).id())
            + " comes after " + RdbStreamIds.text(all.get(i - 1).id()));
      }
    }
    return all;
  }

  private List<Group> groups(StreamValue stream) throws IOException {
    long count = in.readLength();
    Map<byte[], Group> groups = new TreeMap<>(Arrays::compareUnsigned);
    for (long i = 0; i < count; i++) {
      long at = in.offset();
      byte[] name = in.readString();
      Id lastId = id();
      long entriesRead = type == RdbType.STREAM_LISTPACKS ? estimateEntriesRead(stream, lastId) : in.readLength();
      Map<Id, Pending> pel = pel();
      List<Consumer> consumers = consumers(pel);
      if (groups.put(name, new Group(name, lastId, entriesRead, List.copyOf(pel.values()), consumers)) != null) {
        throw in.error(at, "the consumer group \"" + RdbFormatException.printable(name) + "\" comes twice");
      }
    }
    return List.copyOf(groups.values());
  }

  /** A group's pending entries list, in id order; their consumers come later. */
  private Map<Id, Pending> pel() throws IOException {
    long size = in.readLength();
    Map<Id, Pending> pel = new TreeMap<>(RdbStreamIds.ORDER);
    for (long i = 0; i < size; i++) {
      long at = in.offset();
      Id id = rawId();
      long deliveryTime = in.readLittleEndian(8);
      Pending pending = new Pending(id, deliveryTime, in.readLength());
      if (pel.put(id, pending) != null) {
        throw in.error(at, "the pending entry " + RdbStreamIds.text(id) + " comes twice in its group");
      }
    }
    return pel;
  }

  /** A group's consumers in name order; every entry of {@code pel} must belong to exactly one. */
  private List<Consumer> consumers(Map<Id, Pending> pel) throws IOException {
    long count = in.readLength();
    Map<byte[], Consumer> consumers = new TreeMap<>(Arrays::compareUnsigned);
    Set<Id> owned = new HashSet<>();
    for (long i = 0; i < count; i++) {
      long at = in.offset();
      byte[] name = in.readString();
      long seenTime = in.readLittleEndian(8);
      if (type == RdbType.STREAM_LISTPACKS_3) {
        in.readLittleEndian(8); // active time
      }
      long size = in.readLength();
      List<Id> pending = new ArrayList<>();
      for (long j = 0; j < size; j++) {
        long idAt = in.offset();
        Id id = rawId();
        if (!pel.containsKey(id)) {
          throw in.error(idAt, "the consumer's pending entry " + RdbStreamIds.text(id) + " is not in its group's");
        }
        if (!owned.add(id)) {
          throw in.error(idAt, "the pending entry " + RdbStreamIds.text(id) + " belongs to two consumers");
        }
        pending.add(id);
      }
      pending.sort(RdbStreamIds.ORDER);
      if (consumers.put(name, new Consumer(name, seenTime, List.copyOf(pending))) != null) {
        throw in.error(at, "the consumer \"" + RdbFormatException.printable(name) + "\" comes twice in its group");
      }
    }
    if (owned.size() != pel.size()) {
      Id orphan = pel.keySet().stream().filter(id -> !owned.contains(id)).findFirst().orElseThrow();
      throw in.error(in.offset(), "the pending entry " + RdbStreamIds.text(orphan) + " belongs to no consumer");
    }
    return List.copyOf(consumers.values());
  }

  private Id id() throws IOException {
    long ms = in.readLength();
    return new Id(ms, in.readLength());
  }

  private Id rawId() throws IOException {
    return RdbStreamIds.decode(in.readBytes(RdbStreamIds.BYTES));
  }

  /**
   * Redis 7.0's streamEstimateDistanceFromFirstEverEntry: the entries-read counter of a group whose
   * last id is {@code id}, where it can be known without counting, else {@link #UNKNOWN_ENTRIES_READ}.
   * Redis 7.0 sets it so for the groups of a type 15 stream, which has no counter.
   */
  static long estimateEntriesRead(StreamValue stream, Id id) {
    long added = stream.entriesAdded();
    if (added == 0) {
      return 0;
    }
    int toLast = RdbStreamIds.compare(id, stream.lastId());
    if (stream.entries().isEmpty() && toLast <= 0) {
      return added;
    }
    if (toLast == 0) {
      return added;
    } else if (toLast > 0) {
      return UNKNOWN_ENTRIES_READ;
    }
    Id maxDeleted = stream.maxDeletedId();
    if (maxDeleted.equals(Id.ZERO) || RdbStreamIds.compare(maxDeleted, stream.firstId()) < 0) {
      // No tombstone after the first entry: the entries before it are all the ones removed.
      int toFirst = RdbStreamIds.compare(id, stream.firstId());
      if (toFirst < 0) {
        return added - stream.entries().size();
      } else if (toFirst == 0) {
        return added - stream.entries().size() + 1;
      }
    }
    return UNKNOWN_ENTRIES_READ;
  }
}

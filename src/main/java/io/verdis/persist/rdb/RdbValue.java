package io.verdis.persist.rdb;

import java.util.List;

/**
 * A value read from or written to an RDB file. The representation is neutral: whatever encoding the
 * file used (listpack, ziplist, intset, hash table …), the value comes out as plain elements, and the
 * server maps it to its own types. Integers stored in compact encodings come back as their decimal text,
 * as Redis would reply with them.
 */
public sealed interface RdbValue {

  record StringValue(byte[] bytes) implements RdbValue {}

  /** Elements from head to tail. */
  record ListValue(List<byte[]> elements) implements RdbValue {}

  record SetValue(List<byte[]> members) implements RdbValue {}

  /** Fields and values interleaved: f1, v1, f2, v2 … */
  record HashValue(List<byte[]> fieldsAndValues) implements RdbValue {}

  /** {@code scores[i]} is the score of {@code members.get(i)}. */
  record SortedSetValue(List<byte[]> members, double[] scores) implements RdbValue {}

  /**
   * A stream (Redis's t_stream.c): its live entries in id order and its consumer groups in name order.
   * Its length is {@code entries.size()}; {@code firstId} is 0-0 for an empty stream, as Redis writes it.
   */
  record StreamValue(List<Entry> entries, Id lastId, Id firstId, Id maxDeletedId, long entriesAdded,
                     List<Group> groups) implements RdbValue {

    /** An entry or group id: milliseconds and sequence, both compared unsigned. */
    public record Id(long ms, long seq) {
      public static final Id ZERO = new Id(0, 0);
    }

    /** Fields and values interleaved: f1, v1, f2, v2 … */
    public record Entry(Id id, List<byte[]> fieldsAndValues) {}

    /** {@code pending} in id order (the group's PEL); {@code consumers} in name order. */
    public record Group(byte[] name, Id lastId, long entriesRead, List<Pending> pending, List<Consumer> consumers) {}

    /** One delivered, not yet acknowledged entry; its consumer is the one whose {@code pending} lists it. */
    public record Pending(Id id, long deliveryTimeMs, long deliveryCount) {}

    /** {@code pending}: the ids this consumer owns, in id order, each one listed in its group's PEL. */
    public record Consumer(byte[] name, long seenTimeMs, List<Id> pending) {}
  }
}

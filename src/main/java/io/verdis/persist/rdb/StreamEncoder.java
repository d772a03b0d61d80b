package io.verdis.persist.rdb;

import io.verdis.persist.rdb.RdbValue.StreamValue;
import io.verdis.persist.rdb.RdbValue.StreamValue.Consumer;
import io.verdis.persist.rdb.RdbValue.StreamValue.Entry;
import io.verdis.persist.rdb.RdbValue.StreamValue.Group;
import io.verdis.persist.rdb.RdbValue.StreamValue.Id;
import io.verdis.persist.rdb.RdbValue.StreamValue.Pending;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes a stream as RDB type 19 (STREAM_LISTPACKS_2), what Redis 7.0 writes (rdbSaveObject) and
 * what Redis 7.0 and later load: the nodes Redis would have built by adding the entries one by one,
 * the stream's ids and counters, then each group with its pending entries and consumers.
 */
final class StreamEncoder {
  private final RdbOutput out;

  StreamEncoder(RdbOutput out) {
    this.out = out;
  }

  /**
   * Rejects a stream Redis would not load, or would load into something inconsistent.
   *
   * @throws IllegalArgumentException for entries out of id order or with an odd number of fields and
   *     values, two groups or two consumers of a group with one name, a pending entry listed twice, or
   *     owned by no consumer or by two, a consumer owning an entry its group does not list
   */
  static void check(StreamValue stream) {
    List<Entry> entries = stream.entries();
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      if (entry.fieldsAndValues().size() % 2 != 0) {
        throw new IllegalArgumentException("stream entry " + RdbStreamIds.text(entry.id()) + " with an odd number ("
            + entry.fieldsAndValues().size() + ") of fields and values");
      }
      if (i > 0 && RdbStreamIds.compare(entries.get(i - 1).id(), entry.id()) >= 0) {
        throw new IllegalArgumentException("stream entry " + RdbStreamIds.text(entry.id()) + " after "
            + RdbStreamIds.text(entries.get(i - 1).id()));
      }
    }
    Set<String> groups = new HashSet<>();
    for (Group group : stream.groups()) {
      String name = RdbFormatException.printable(group.name());
      if (!groups.add(new String(group.name(), StandardCharsets.ISO_8859_1))) {
        throw new IllegalArgumentException("two consumer groups named \"" + name + "\"");
      }
      Set<Id> unowned = new TreeSet<>(RdbStreamIds.ORDER);
      for (Pending pending : group.pending()) {
        if (!unowned.add(pending.id())) {
          throw new IllegalArgumentException("group \"" + name + "\" lists " + RdbStreamIds.text(pending.id()) + " twice");
        }
      }
      Set<String> consumers = new HashSet<>();
      for (Consumer consumer : group.consumers()) {
        if (!consumers.add(new String(consumer.name(), StandardCharsets.ISO_8859_1))) {
          throw new IllegalArgumentException("group \"" + name + "\" has two consumers named \""
              + RdbFormatException.printable(consumer.name()) + "\"");
        }
        for (Id id : consumer.pending()) {
          if (!unowned.remove(id)) {
            throw new IllegalArgumentException("in group \"" + name + "\", consumer \""
                + RdbFormatException.printable(consumer.name()) + "\" owns " + RdbStreamIds.text(id)
                + ", which the group does not list or another consumer owns");
          }
        }
      }
      if (!unowned.isEmpty()) {
        throw new IllegalArgumentException("in group \"" + name + "\", no consumer owns "
            + RdbStreamIds.text(unowned.iterator().next()));
      }
    }
  }

  void write(StreamValue stream) throws IOException {
    List<StreamNode.Encoded> nodes = StreamNode.encode(stream.entries());
    out.writeLength(nodes.size());
    for (StreamNode.Encoded node : nodes) {
      out.writeString(RdbStreamIds.encode(node.master()));
      out.writeString(node.listpack());
    }
    out.writeLength(stream.entries().size());
    id(stream.lastId());
    id(stream.firstId());
    id(stream.maxDeletedId());
    out.writeUnsignedLength(stream.entriesAdded());
    out.writeLength(stream.groups().size());
    for (Group group : stream.groups()) {
      out.writeString(group.name());
      id(group.lastId());
      out.writeUnsignedLength(group.entriesRead());
      out.writeLength(group.pending().size());
      for (Pending pending : group.pending()) {
        out.writeBytes(RdbStreamIds.encode(pending.id()));
        out.writeLittleEndian(pending.deliveryTimeMs(), 8);
        out.writeUnsignedLength(pending.deliveryCount());
      }
      out.writeLength(group.consumers().size());
      for (Consumer consumer : group.consumers()) {
        out.writeString(consumer.name());
        out.writeLittleEndian(consumer.seenTimeMs(), 8);
        out.writeLength(consumer.pending().size());
        for (Id id : consumer.pending()) {
          out.writeBytes(RdbStreamIds.encode(id));
        }
      }
    }
  }

  private void id(Id id) throws IOException {
    out.writeUnsignedLength(id.ms());
    out.writeUnsignedLength(id.seq());
  }
}

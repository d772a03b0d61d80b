package io.verdis.persist.rdb;

import io.verdis.persist.rdb.RdbValue.StreamValue.Entry;
import io.verdis.persist.rdb.RdbValue.StreamValue.Id;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One node of a stream's radix tree, as t_stream.c lays it out in a listpack (streamAppendItem),
 * keyed by its master id (the id of the first entry added to it):
 * <pre>
 *   master entry: count | deleted | num-fields | field_1 … field_N | 0
 *   each entry:   flags | ms-diff | seq-diff | num-fields | field_1 | value_1 … | lp-count
 *   or, with the SAMEFIELDS flag (the master's fields):  flags | ms-diff | seq-diff | value_1 … | lp-count
 * </pre>
 * {@code count} and {@code deleted} count the live entries and those flagged DELETED (XDEL and XTRIM
 * only flag them); the ids are differences from the master id; lp-count is the number of listpack
 * entries of the entry before it, so the node can be walked backwards.
 */
final class StreamNode {
  static final int FLAG_DELETED = 1;
  static final int FLAG_SAMEFIELDS = 2;
  /** The defaults of stream-node-max-bytes and stream-node-max-entries, where Redis starts a new node. */
  static final int MAX_BYTES = 4096;
  static final int MAX_ENTRIES = 100;
  /** flags, ms-diff and seq-diff. */
  private static final int FIXED_PARTS = 3;

  /** A node as written: its master id (the radix tree key) and its listpack. */
  record Encoded(Id master, byte[] listpack) {}

  private StreamNode() {}

  /**
   * The live entries of the node {@code master} whose listpack is {@code lp}, refusing what
   * Redis's deep sanitization refuses (streamValidateListpackIntegrity), and counts that disagree
   * with the entries.
   */
  static List<Entry> entries(Id master, Blob lp) throws RdbFormatException {
    Cursor in = new Cursor(lp, Listpack.entries(lp));
    long live = in.integer("the entry count");
    long deleted = in.integer("the deleted entry count");
    List<byte[]> masterFields = in.take(in.count("the master entry's field count"));
    if (in.integer("the master entry's terminator") != 0) {
      throw lp.error("the master entry does not end with 0");
    }
    List<Entry> entries = new ArrayList<>();
    long deletedSeen = 0;
    for (long i = 0; i < live + deleted; i++) {
      long flags = in.integer("an entry's flags");
      Id id = new Id(master.ms() + in.integer("an entry's ms-diff"), master.seq() + in.integer("an entry's seq-diff"));
      List<byte[]> fieldsAndValues;
      long parts;
      if ((flags & FLAG_SAMEFIELDS) != 0) {
        List<byte[]> values = in.take(masterFields.size());
        fieldsAndValues = new ArrayList<>(2 * values.size());
        for (int f = 0; f < values.size(); f++) {
          fieldsAndValues.add(masterFields.get(f));
          fieldsAndValues.add(values.get(f));
        }
        parts = FIXED_PARTS + values.size();
      } else {
        int fields = in.count("an entry's field count");
        fieldsAndValues = in.take(2L * fields);
        parts = FIXED_PARTS + 1 + 2L * fields;
      }
      if (in.integer("an entry's lp-count") != parts) {
        throw lp.error("an entry's lp-count is not its " + parts + " listpack entries");
      }
      if ((flags & FLAG_DELETED) != 0) {
        deletedSeen++;
      } else {
        entries.add(new Entry(id, fieldsAndValues));
      }
    }
    in.expectEnd();
    if (entries.size() != live || deletedSeen != deleted) {
      throw lp.error("the master entry counts " + live + " live and " + deleted + " deleted entries, the node holds "
          + entries.size() + " and " + deletedSeen);
    }
    return entries;
  }

  /**
   * {@code entries} (in id order) as the nodes Redis builds by adding them one by one with the
   * default node limits: a new node when the last one holds 100 entries, or would reach 4096 bytes
   * with the new entry's fields and values.
   */
  static List<Encoded> encode(List<Entry> entries) {
    List<Encoded> nodes = new ArrayList<>();
    Builder node = null;
    for (Entry entry : entries) {
      if (node != null && node.isFullFor(entry)) {
        nodes.add(node.build());
        node = null;
      }
      if (node == null) {
        node = new Builder(entry);
      }
      node.add(entry);
    }
    if (node != null) {
      nodes.add(node.build());
    }
    return nodes;
  }

  /** One node being filled, as streamAppendItem fills the last node of a stream. */
  private static final class Builder {
    private final Id master;
    private final List<byte[]> masterFields;
    /** num-fields, the fields and the 0 terminator of the master entry. */
    private final Listpack.Builder masterEntry = new Listpack.Builder();
    private final Listpack.Builder body = new Listpack.Builder();
    private int count;

    /** A node whose master entry takes the fields of {@code first}. */
    Builder(Entry first) {
      master = first.id();
      masterFields = fields(first);
      masterEntry.appendInteger(masterFields.size());
      masterFields.forEach(masterEntry::append);
      masterEntry.appendInteger(0);
    }

    boolean isFullFor(Entry entry) {
      long entryBytes = 0;
      for (byte[] part : entry.fieldsAndValues()) {
        entryBytes += part.length;
      }
      int nodeBytes = header().appendAll(masterEntry).byteSize() + body.entryBytes();
      return nodeBytes + entryBytes >= MAX_BYTES || count >= MAX_ENTRIES;
    }

    void add(Entry entry) {
      List<byte[]> fieldsAndValues = entry.fieldsAndValues();
      int fields = fieldsAndValues.size() / 2;
      boolean sameFields = sameAsMaster(fields(entry));
      body.appendInteger(sameFields ? FLAG_SAMEFIELDS : 0);
      body.appendInteger(entry.id().ms() - master.ms());
      body.appendInteger(entry.id().seq() - master.seq());
      if (sameFields) {
        for (int f = 0; f < fields; f++) {
          body.append(fieldsAndValues.get(2 * f + 1));
        }
        body.appendInteger(FIXED_PARTS + fields);
      } else {
        body.appendInteger(fields);
        fieldsAndValues.forEach(body::append);
        body.appendInteger(FIXED_PARTS + 1 + 2L * fields);
      }
      count++;
    }

    Encoded build() {
      return new Encoded(master, header().appendAll(masterEntry).appendAll(body).toByteArray());
    }

    /** count and deleted (always 0: only live entries are written). */
    private Listpack.Builder header() {
      return new Listpack.Builder().appendInteger(count).appendInteger(0);
    }

    private boolean sameAsMaster(List<byte[]> fields) {
      if (fields.size() != masterFields.size()) {
        return false;
      }
      for (int f = 0; f < fields.size(); f++) {
        if (!Arrays.equals(fields.get(f), masterFields.get(f))) {
          return false;
        }
      }
      return true;
    }

    private static List<byte[]> fields(Entry entry) {
      List<byte[]> fieldsAndValues = entry.fieldsAndValues();
      List<byte[]> fields = new ArrayList<>(fieldsAndValues.size() / 2);
      for (int i = 0; i + 1 < fieldsAndValues.size(); i += 2) {
        fields.add(fieldsAndValues.get(i));
      }
      return fields;
    }
  }

  /** Reads a node's listpack entries in order, as the integers and strings the format says they are. */
  private static final class Cursor {
    private final Blob lp;
    private final List<byte[]> entries;
    private int next;

    Cursor(Blob lp, List<byte[]> entries) {
      this.lp = lp;
      this.entries = entries;
    }

    /** An integer entry (lpGetIntegerIfValid: stored as an integer, or as a string that reads as one). */
    long integer(String what) throws RdbFormatException {
      byte[] entry = take(1).get(0);
      if (!DecimalText.isCanonicalLong(entry)) {
        throw lp.error(what + " is \"" + RdbFormatException.printable(entry) + "\", not an integer");
      }
      return DecimalText.parseLong(entry);
    }

    /** A non-negative integer entry that counts entries. */
    int count(String what) throws RdbFormatException {
      long count = integer(what);
      if (count < 0 || count > entries.size()) {
        throw lp.error(what + " " + count + " is out of range");
      }
      return (int) count;
    }

    List<byte[]> take(long count) throws RdbFormatException {
      if (count > entries.size() - next) {
        throw lp.error("the stream entries run past the listpack's " + entries.size() + " entries");
      }
      List<byte[]> taken = entries.subList(next, next + (int) count);
      next += (int) count;
      return taken;
    }

    void expectEnd() throws RdbFormatException {
      if (next != entries.size()) {
        throw lp.error((entries.size() - next) + " listpack entries follow the last stream entry");
      }
    }
  }
}

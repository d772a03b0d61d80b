package io.verdis.persist.rdb;

import io.verdis.persist.rdb.RdbValue.HashValue;
import io.verdis.persist.rdb.RdbValue.ListValue;
import io.verdis.persist.rdb.RdbValue.SetValue;
import io.verdis.persist.rdb.RdbValue.SortedSetValue;
import io.verdis.persist.rdb.RdbValue.StringValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads one value of a given RDB type, whatever its encoding, into the neutral {@link RdbValue}. */
final class ValueDecoder {
  /** Quicklist node containers (redis/src/quicklist.h): one element on its own, or a listpack of them. */
  private static final int PLAIN_NODE = 1;
  private static final int PACKED_NODE = 2;
  /** Never trust a count from the file for a preallocation beyond this. */
  private static final int MAX_PRESIZE = 1024;

  private final RdbInput in;

  ValueDecoder(RdbInput in) {
    this.in = in;
  }

  /** The value of {@code type}; the caller has checked that the type is one this codec loads. */
  RdbValue read(RdbType type) throws IOException {
    return switch (type) {
      case STRING -> new StringValue(in.readString());
      case LIST -> new ListValue(strings(in.readSmallLength("list size")));
      case SET -> new SetValue(strings(in.readSmallLength("set size")));
      case HASH -> new HashValue(strings(2L * in.readSmallLength("hash size")));
      case ZSET, ZSET_2 -> sortedSet(type == RdbType.ZSET_2);
      case HASH_ZIPMAP -> new HashValue(pairs(Zipmap.fieldsAndValues(blob("zipmap"))));
      case LIST_ZIPLIST -> new ListValue(Ziplist.entries(blob("ziplist")));
      case SET_INTSET -> new SetValue(Intset.members(blob("intset")));
      case ZSET_ZIPLIST -> sortedSet(Ziplist.entries(blob("ziplist")), "ziplist");
      case HASH_ZIPLIST -> new HashValue(pairs(Ziplist.entries(blob("ziplist"))));
      case LIST_QUICKLIST -> new ListValue(quicklist());
      case HASH_LISTPACK -> new HashValue(pairs(Listpack.entries(blob("listpack"))));
      case ZSET_LISTPACK -> sortedSet(Listpack.entries(blob("listpack")), "listpack");
      case LIST_QUICKLIST_2 -> new ListValue(quicklist2());
      case SET_LISTPACK -> new SetValue(Listpack.entries(blob("listpack")));
      case STREAM_LISTPACKS, STREAM_LISTPACKS_2, STREAM_LISTPACKS_3 -> new StreamDecoder(in, type).read();
      default -> throw new IllegalArgumentException("no decoder for " + type);
    };
  }

  private List<byte[]> strings(long count) throws IOException {
    List<byte[]> strings = new ArrayList<>((int) Math.min(count, MAX_PRESIZE));
    for (long i = 0; i < count; i++) {
      strings.add(in.readString());
    }
    return strings;
  }

  private SortedSetValue sortedSet(boolean binaryScores) throws IOException {
    int count = in.readSmallLength("sorted set size");
    List<byte[]> members = new ArrayList<>(Math.min(count, MAX_PRESIZE));
    double[] scores = new double[Math.min(count, MAX_PRESIZE)];
    for (int i = 0; i < count; i++) {
      members.add(in.readString());
      if (i == scores.length) {
        scores = Arrays.copyOf(scores, (int) Math.min(count, 2L * scores.length));
      }
      scores[i] = binaryScores ? in.readBinaryDouble() : in.readAsciiDouble();
    }
    return new SortedSetValue(members, scores);
  }

  /** A ziplist or listpack of member, score, member, score …; scores are text or integers. */
  private SortedSetValue sortedSet(List<byte[]> entries, String kind) throws IOException {
    List<byte[]> pairs = pairs(entries);
    List<byte[]> members = new ArrayList<>(pairs.size() / 2);
    double[] scores = new double[pairs.size() / 2];
    for (int i = 0; i < scores.length; i++) {
      members.add(pairs.get(2 * i));
      byte[] score = pairs.get(2 * i + 1);
      try {
        scores[i] = DecimalText.parseDouble(score);
      } catch (NumberFormatException e) {
        throw in.error(in.offset(), "the " + kind + " just read holds the score \""
            + RdbFormatException.printable(score) + "\", which is not a number");
      }
    }
    return new SortedSetValue(members, scores);
  }

  private List<byte[]> pairs(List<byte[]> entries) throws RdbFormatException {
    if (entries.size() % 2 != 0) {
      throw in.error(in.offset(), "the structure just read holds " + entries.size()
          + " entries, an odd number where pairs were expected");
    }
    return entries;
  }

  /** Redis 3.2 to 6.2: a list as ziplist nodes. */
  private List<byte[]> quicklist() throws IOException {
    int nodes = in.readSmallLength("quicklist node count");
    List<byte[]> elements = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      elements.addAll(Ziplist.entries(blob("ziplist")));
    }
    return elements;
  }

  /** Redis 7: a list as nodes that are each a listpack, or a single large element stored plain. */
  private List<byte[]> quicklist2() throws IOException {
    int nodes = in.readSmallLength("quicklist node count");
    List<byte[]> elements = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      long at = in.offset();
      long container = in.readLength();
      if (container == PLAIN_NODE) {
        elements.add(in.readString());
      } else if (container == PACKED_NODE) {
        elements.addAll(Listpack.entries(blob("listpack")));
      } else {
        throw in.error(at, "unknown quicklist node container " + container);
      }
    }
    return elements;
  }

  private Blob blob(String kind) throws IOException {
    return Blob.read(in, kind);
  }
}

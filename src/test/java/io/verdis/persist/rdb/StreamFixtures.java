package io.verdis.persist.rdb;

import io.verdis.it.RealRedis;
import io.verdis.persist.rdb.RdbValue.StreamValue;
import io.verdis.persist.rdb.RdbValue.StreamValue.Consumer;
import io.verdis.persist.rdb.RdbValue.StreamValue.Entry;
import io.verdis.persist.rdb.RdbValue.StreamValue.Group;
import io.verdis.persist.rdb.RdbValue.StreamValue.Id;
import io.verdis.persist.rdb.RdbValue.StreamValue.Pending;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Streams built in a real redis-server with every feature the RDB encoding has, and their contents as
 * comparable text: from a {@link StreamValue}, or from what XINFO STREAM FULL shows.
 */
public final class StreamFixtures {
  /** The keys {@link #build} makes. */
  public static final List<String> KEYS = List.of("s:mixed", "s:big", "s:empty", "s:emptied", "s:huge", "s:plain");
  private static final String MAX = "18446744073709551615";

  private StreamFixtures() {}

  public static void build(RealRedis redis) throws IOException {
    // Fields equal to the master entry's or not, values of every listpack encoding, a seq-diff below
    // the master's, values too big to share a node (one with a 3-byte back length), the first entry
    // (whose fields stay the master's) deleted.
    redis.call("XADD", "s:mixed", "1-1", "name", "ada", "age", "36");
    redis.call("XADD", "s:mixed", "1-2", "name", "bob", "age", "41");
    redis.call("XADD", "s:mixed", "1-3", "name", "carol");
    redis.call("XADD", "s:mixed", "2-0", "n", "123", "neg", "-5", "max", "9223372036854775807",
        "min", "-9223372036854775808", "over", "9223372036854775808", "zero", "0", "lead", "007", "minus0", "-0",
        "empty", "", "mid", "-4000", "s16", "30000", "s24", "-8000000", "s32", "2000000000", "binary", "\u0000\u00ff\r\n",
        "s63", "x".repeat(63), "s64", "y".repeat(64), "s4096", "z".repeat(4096));
    redis.call("XADD", "s:mixed", "5-3", "name", "x", "age", "1");
    redis.call("XADD", "s:mixed", "6-0", "name", "y", "age", "2");
    redis.call("XADD", "s:mixed", "7-0", "long", "L".repeat(5000), "huge", "H".repeat(20_000));
    redis.call("XADD", "s:mixed", "8-0", "name", "z", "age", "3");
    redis.call("XDEL", "s:mixed", "1-1", "5-3");

    // Several nodes, some trimmed away whole, some with entries only flagged deleted; groups with
    // pending entries (one of them deleted since), a consumer without any, counters of every kind.
    for (int i = 0; i < 330; i++) {
      List<Object> args = new ArrayList<>(List.of("XADD", "s:big", (1000 + i) + "-" + (i % 3)));
      if (i % 7 == 0) {
        args.addAll(List.of("odd", "entry-" + i));
      } else {
        args.addAll(List.of("kind", i % 2 == 0 ? "even" : "odd", "n", Integer.toString(i * 37 - 500), "text", "t".repeat(i % 50)));
      }
      redis.call(args.toArray());
    }
    redis.call("XTRIM", "s:big", "MAXLEN", "250");
    redis.call("XDEL", "s:big", "1100-1", "1200-2", "1201-0");
    redis.call("XGROUP", "CREATE", "s:big", "g1", "0");
    redis.call("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "5", "STREAMS", "s:big", ">");
    redis.call("XREADGROUP", "GROUP", "g1", "bob", "COUNT", "3", "STREAMS", "s:big", ">");
    redis.call("XGROUP", "CREATECONSUMER", "s:big", "g1", "carol");
    redis.call("XACK", "s:big", "g1", "1081-0");
    redis.call("XCLAIM", "s:big", "g1", "bob", "0", "1082-1", "RETRYCOUNT", "7");
    redis.call("XDEL", "s:big", "1086-2");
    redis.call("XGROUP", "CREATE", "s:big", "g2", "$");
    redis.call("XGROUP", "CREATE", "s:big", "g3", "1150-0", "ENTRIESREAD", "10");
    redis.call("XGROUP", "CREATE", "s:big", "a-first", "1079-1");

    // Empty streams: never written to, with a group; and emptied by XDEL, keeping its counters.
    redis.call("XGROUP", "CREATE", "s:empty", "g", "$", "MKSTREAM");
    redis.call("XGROUP", "CREATECONSUMER", "s:empty", "g", "idle");
    redis.call("XADD", "s:emptied", "1-1", "a", "b");
    redis.call("XADD", "s:emptied", "2-2", "a", "b");
    redis.call("XGROUP", "CREATE", "s:emptied", "g", "1-1");
    redis.call("XDEL", "s:emptied", "1-1", "2-2");

    // Ids past 2^63, and an ms-diff that only fits a listpack as a negative number.
    redis.call("XADD", "s:huge", "1-0", "f", "v");
    redis.call("XADD", "s:huge", MAX + "-18446744073709551614", "f", "v");
    redis.call("XGROUP", "CREATE", "s:huge", "g", MAX + "-18446744073709551614");

    // Only XADDs: what Redis holds in memory is exactly what the writer builds.
    for (int i = 0; i < 230; i++) {
      List<Object> args = new ArrayList<>(List.of("XADD", "s:plain", "500-" + i));
      args.addAll(i % 11 == 5 ? List.of("other", "v" + i) : List.of("a", Integer.toString(i), "b", "value-" + "w".repeat(i)));
      redis.call(args.toArray());
    }
    redis.call("XGROUP", "CREATE", "s:plain", "g", "0");
    redis.call("XREADGROUP", "GROUP", "g", "c1", "COUNT", "2", "STREAMS", "s:plain", ">");
  }

  /** DUMP of {@code key}, read back by {@link Dump}. */
  public static StreamValue dumped(RealRedis redis, String key) throws IOException {
    byte[] payload = (byte[]) redis.call("DUMP", key);
    if (!Dump.verify(payload)) {
      throw new AssertionError("Redis's DUMP of " + key + " does not verify");
    }
    return (StreamValue) Dump.deserialize(payload);
  }

  /** A stream as text, one line per entry, group, pending entry and consumer. */
  public static String text(StreamValue stream) {
    StringBuilder text = new StringBuilder();
    text.append("length ").append(stream.entries().size()).append('\n')
        .append("last-generated-id ").append(RdbStreamIds.text(stream.lastId())).append('\n')
        .append("max-deleted-entry-id ").append(RdbStreamIds.text(stream.maxDeletedId())).append('\n')
        .append("entries-added ").append(stream.entriesAdded()).append('\n')
        .append("recorded-first-entry-id ").append(RdbStreamIds.text(stream.firstId())).append('\n');
    for (Entry entry : stream.entries()) {
      text.append("entry ").append(RdbStreamIds.text(entry.id()));
      entry.fieldsAndValues().forEach(part -> text.append(' ').append(quoted(part)));
      text.append('\n');
    }
    for (Group group : stream.groups()) {
      text.append("group ").append(quoted(group.name())).append(" last-delivered-id ")
          .append(RdbStreamIds.text(group.lastId())).append(" entries-read ").append(group.entriesRead()).append('\n');
      for (Pending pending : group.pending()) {
        text.append("  pending ").append(RdbStreamIds.text(pending.id())).append(" delivered ")
            .append(pending.deliveryTimeMs()).append(" times ").append(pending.deliveryCount()).append('\n');
      }
      for (Consumer consumer : group.consumers()) {
        text.append("  consumer ").append(quoted(consumer.name())).append(" seen ").append(consumer.seenTimeMs());
        consumer.pending().forEach(id -> text.append(' ').append(RdbStreamIds.text(id)));
        text.append('\n');
      }
    }
    return text.toString();
  }

  /** XINFO STREAM key FULL with every entry and pending entry, as a {@link StreamValue}. */
  public static StreamValue xinfo(RealRedis redis, String key) throws IOException {
    List<?> info = (List<?>) redis.call("XINFO", "STREAM", key, "FULL", "COUNT", "0");
    List<Entry> entries = new ArrayList<>();
    for (Object element : (List<?>) field(info, "entries")) {
      List<?> entry = (List<?>) element;
      entries.add(new Entry(id(entry.get(0)), bytesList((List<?>) entry.get(1))));
    }
    List<Group> groups = new ArrayList<>();
    for (Object element : (List<?>) field(info, "groups")) {
      List<?> group = (List<?>) element;
      List<Pending> pel = new ArrayList<>();
      for (Object p : (List<?>) field(group, "pending")) {
        List<?> pending = (List<?>) p;
        pel.add(new Pending(id(pending.get(0)), (Long) pending.get(2), (Long) pending.get(3)));
      }
      List<Consumer> consumers = new ArrayList<>();
      for (Object c : (List<?>) field(group, "consumers")) {
        List<?> consumer = (List<?>) c;
        List<Id> owned = new ArrayList<>();
        for (Object p : (List<?>) field(consumer, "pending")) {
          owned.add(id(((List<?>) p).get(0)));
        }
        consumers.add(new Consumer((byte[]) field(consumer, "name"), (Long) field(consumer, "seen-time"), owned));
      }
      Object entriesRead = field(group, "entries-read");
      groups.add(new Group((byte[]) field(group, "name"), id(field(group, "last-delivered-id")),
          entriesRead == null ? -1 : (Long) entriesRead, pel, consumers));
    }
    return new StreamValue(entries, id(field(info, "last-generated-id")), id(field(info, "recorded-first-entry-id")),
        id(field(info, "max-deleted-entry-id")), (Long) field(info, "entries-added"), groups);
  }

  /**
   * XINFO STREAM key FULL as text, every field but the radix tree's size (which depends on the
   * entries deleted in place and on their history) and those {@code also} names.
   */
  public static String xinfoText(RealRedis redis, String key, String... also) throws IOException {
    Set<String> dropped = new java.util.HashSet<>(List.of("radix-tree-keys", "radix-tree-nodes"));
    dropped.addAll(List.of(also));
    return render(redis.call("XINFO", "STREAM", key, "FULL", "COUNT", "0"), dropped);
  }

  private static String render(Object reply, Set<String> dropped) {
    if (reply instanceof byte[] bytes) {
      return quoted(bytes);
    } else if (!(reply instanceof List<?>)) {
      return String.valueOf(reply);
    }
    List<?> list = (List<?>) reply;
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < list.size(); i++) {
      if (i % 2 == 0 && list.get(i) instanceof byte[] name && dropped.contains(Bytes.text(name))) {
        i++;
        continue;
      }
      text.append(render(list.get(i), dropped)).append(' ');
    }
    return text.append("]\n").toString();
  }

  private static Object field(List<?> map, String name) {
    for (int i = 0; i < map.size(); i += 2) {
      if (Bytes.text((byte[]) map.get(i)).equals(name)) {
        return map.get(i + 1);
      }
    }
    throw new AssertionError("no " + name + " in " + map);
  }

  static Id id(Object text) {
    String[] parts = Bytes.text((byte[]) text).split("-");
    return new Id(Long.parseUnsignedLong(parts[0]), Long.parseUnsignedLong(parts[1]));
  }

  private static List<byte[]> bytesList(List<?> elements) {
    List<byte[]> bytes = new ArrayList<>();
    elements.forEach(element -> bytes.add((byte[]) element));
    return bytes;
  }

  private static String quoted(byte[] bytes) {
    return "\"" + RdbFormatException.printable(bytes) + "\"(" + new String(bytes, StandardCharsets.ISO_8859_1).hashCode() + ")";
  }
}

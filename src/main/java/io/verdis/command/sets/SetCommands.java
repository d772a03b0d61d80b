package io.verdis.command.sets;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.Errors;
import io.verdis.command.KeySpec;
import io.verdis.command.KeyspaceCall;
import io.verdis.command.ScanOptions;
import io.verdis.command.Types;
import io.verdis.net.RespWriter;
import io.verdis.pubsub.NotifyType;
import io.verdis.shard.Database;
import io.verdis.types.SetValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static io.verdis.command.CommandFlag.DENYOOM;
import static io.verdis.command.CommandFlag.FAST;
import static io.verdis.command.CommandFlag.READONLY;
import static io.verdis.command.CommandFlag.WRITE;

/** The set family (Redis's t_set.c). Values are {@link SetValue}s; an emptied set is deleted. */
public final class SetCommands {
  private static final byte[] SREM = Args.bytes("SREM");
  private static final byte[] DEL = Args.bytes("DEL");
  private static final String NOT_POSITIVE = "ERR value is out of range, must be positive";
  /** Redis's SPOP_MOVE_STRATEGY_MUL: popping more than 5/6 of a set keeps the rest in a new set. */
  private static final int SPOP_MOVE_STRATEGY_MUL = 5;
  /**
   * Most members SRANDMEMBER returns for a negative count. Redis 7.0 tries any count up to
   * LONG_MAX and runs out of memory building the reply; beyond this the reply would need
   * gigabytes of buffer, so Verdis answers an error instead.
   */
  static final long MAX_REPEATED_SAMPLES = Integer.MAX_VALUE / 16;

  private SetCommands() {
  }

  static void sadd(KeyspaceCall c) {
    byte[] key = c.arg(1);
    Database db = c.db();
    SetValue set = Types.as(db.lookupWrite(key), SetValue.class);
    boolean created = set == null;
    if (created) {
      set = new SetValue();
    }
    int added = 0;
    long maxIntsetEntries = maxIntsetEntries(c);
    for (int i = 2; i < c.argc(); i++) {
      if (set.add(c.arg(i), maxIntsetEntries)) {
        added++;
      }
    }
    if (created) {
      store(db, key, set, added);
    } else if (added > 0) {
      db.changed(key, added);
    }
    if (added > 0) {
      c.notify(NotifyType.SET, "sadd", key);
    }
    c.reply().integer(added);
  }

  static void srem(KeyspaceCall c) {
    byte[] key = c.arg(1);
    SetValue set = Types.as(c.db().lookupWrite(key), SetValue.class);
    int removed = 0;
    if (set != null) {
      for (int i = 2; i < c.argc() && set.size() > 0; i++) {
        if (set.remove(c.arg(i))) {
          removed++;
        }
      }
    }
    if (removed > 0) {
      removedFrom(c, key, set, "srem", removed);
    }
    c.reply().integer(removed);
  }

  /** SMOVE source destination member, as Redis's smoveCommand (a missing source wins over WRONGTYPE). */
  static void smove(KeyspaceCall c) {
    byte[] source = c.arg(1);
    byte[] destination = c.arg(2);
    byte[] member = c.arg(3);
    Database db = c.db();
    Object sourceValue = db.lookupWrite(source);
    Object destinationValue = db.lookupWrite(destination);
    if (sourceValue == null) {
      c.reply().integer(0);
      return;
    }
    SetValue from = Types.as(sourceValue, SetValue.class);
    SetValue to = Types.as(destinationValue, SetValue.class);
    if (Arrays.equals(source, destination)) {
      c.reply().integer(from.contains(member) ? 1 : 0);
      return;
    }
    if (!from.remove(member)) {
      c.reply().integer(0);
      return;
    }
    removedFrom(c, source, from, "srem", 1);
    boolean added = true;
    if (to == null) {
      to = new SetValue();
      to.add(member, maxIntsetEntries(c));
      db.set(destination, to);
    } else {
      // Redis signals the destination as modified even when it already had the member.
      added = to.add(member, maxIntsetEntries(c));
      db.changed(destination, added ? 1 : 0);
    }
    if (added) {
      c.notify(NotifyType.SET, "sadd", destination);
    }
    c.reply().integer(1);
  }

  static void sismember(KeyspaceCall c) {
    SetValue set = Types.as(c.db().lookupRead(c.arg(1)), SetValue.class);
    c.reply().integer(set != null && set.contains(c.arg(2)) ? 1 : 0);
  }

  static void smismember(KeyspaceCall c) {
    SetValue set = Types.as(c.db().lookupRead(c.arg(1)), SetValue.class);
    RespWriter reply = c.reply();
    reply.array(c.argc() - 2);
    for (int i = 2; i < c.argc(); i++) {
      reply.integer(set != null && set.contains(c.arg(i)) ? 1 : 0);
    }
  }

  static void scard(KeyspaceCall c) {
    SetValue set = Types.as(c.db().lookupRead(c.arg(1)), SetValue.class);
    c.reply().integer(set == null ? 0 : set.size());
  }

  static void smembers(KeyspaceCall c) {
    SetValue set = Types.as(c.db().lookupRead(c.arg(1)), SetValue.class);
    if (set == null) {
      c.reply().set(0);
    } else {
      replyMembers(c.reply(), set);
    }
  }

  /** SPOP key [count]: logged as the SREM of what it popped (or DEL when it took everything). */
  static void spop(KeyspaceCall c) {
    if (c.argc() == 3) {
      spopWithCount(c);
      return;
    }
    if (c.argc() > 3) {
      throw new CommandException(Errors.SYNTAX);
    }
    byte[] key = c.arg(1);
    SetValue set = Types.as(c.db().lookupWrite(key), SetValue.class);
    if (set == null) {
      c.reply().nullBulk();
      return;
    }
    byte[] member = set.popRandom();
    removedFrom(c, key, set, "spop", 1);
    c.propagateAs(SREM, key, member);
    c.reply().bulk(member);
  }

  private static void spopWithCount(KeyspaceCall c) {
    long count = Args.parseLong(c.arg(2), NOT_POSITIVE);
    if (count < 0) {
      throw new CommandException(NOT_POSITIVE);
    }
    byte[] key = c.arg(1);
    Database db = c.db();
    SetValue set = Types.as(db.lookupWrite(key), SetValue.class);
    RespWriter reply = c.reply();
    if (set == null || count == 0) {
      reply.set(0);
      return;
    }
    int size = set.size();
    c.notify(NotifyType.SET, "spop", key);
    if (count >= size) {
      replyMembers(reply, set);
      db.delete(key);
      c.notify(NotifyType.GENERIC, "del", key);
      c.propagateAs(DEL, key);
      return;
    }
    int popped = (int) count;
    byte[][] record = new byte[2 + popped][];
    record[0] = SREM;
    record[1] = key;
    reply.set(popped);
    if ((long) (size - popped) * SPOP_MOVE_STRATEGY_MUL > popped) {
      for (int i = 0; i < popped; i++) {
        record[2 + i] = set.popRandom();
        reply.bulk(record[2 + i]);
      }
    } else {
      SetValue rest = moveRandom(set, size - popped, maxIntsetEntries(c));
      for (int i = 0; i < popped; i++) {
        record[2 + i] = set.memberAt(i);
        reply.bulk(record[2 + i]);
      }
      db.overwrite(key, rest);
    }
    db.changed(key, popped);
    c.propagateAs(record);
  }

  /**
   * For SPOP of most of a set: moves {@code count} random members into a new set and returns it,
   * leaving the popped ones behind. The new set is built as Redis builds it, so a hashtable of
   * integers may become an intset again.
   */
  private static SetValue moveRandom(SetValue set, int count, long maxIntsetEntries) {
    SetValue moved = new SetValue();
    for (int i = 0; i < count; i++) {
      moved.add(set.popRandom(), maxIntsetEntries);
    }
    return moved;
  }

  /** The running set-max-intset-entries: one volatile read per command. */
  private static long maxIntsetEntries(KeyspaceCall c) {
    return c.server().config().setMaxIntsetEntries();
  }

  static void srandmember(KeyspaceCall c) {
    if (c.argc() == 3) {
      srandmemberWithCount(c);
      return;
    }
    if (c.argc() > 3) {
      throw new CommandException(Errors.SYNTAX);
    }
    SetValue set = Types.as(c.db().lookupRead(c.arg(1)), SetValue.class);
    if (set == null) {
      c.reply().nullBulk();
    } else {
      c.reply().bulk(set.randomMember());
    }
  }

  /**
   * SRANDMEMBER key count, always an array (RESP3 too): a negative count samples with repetition,
   * a positive one returns distinct members, all of them when the count reaches the size.
   */
  private static void srandmemberWithCount(KeyspaceCall c) {
    long count = Args.parseLong(c.arg(2));
    if (count == Long.MIN_VALUE) {
      throw new CommandException("ERR value is out of range, value must between " + -Long.MAX_VALUE
          + " and " + Long.MAX_VALUE);
    }
    SetValue set = Types.as(c.db().lookupRead(c.arg(1)), SetValue.class);
    RespWriter reply = c.reply();
    if (set == null || count == 0) {
      reply.array(0);
      return;
    }
    if (count < 0 || count == 1) {
      long samples = Math.abs(count);
      if (samples > MAX_REPEATED_SAMPLES) {
        throw new CommandException("ERR value is out of range");
      }
      reply.array((int) samples);
      for (long i = 0; i < samples; i++) {
        reply.bulk(set.randomMember());
      }
      return;
    }
    int size = set.size();
    if (count >= size) {
      reply.array(size);
      for (int i = 0; i < size; i++) {
        reply.bulk(set.memberAt(i));
      }
      return;
    }
    int[] positions = DistinctPositions.pick(size, (int) count, ThreadLocalRandom.current());
    reply.array(positions.length);
    for (int position : positions) {
      reply.bulk(set.memberAt(position));
    }
  }

  static void sinter(KeyspaceCall c) {
    SetValue[] sets = sets(c, 1, c.argc());
    List<byte[]> members = new ArrayList<>();
    SetAlgebra.intersect(sets, member -> {
      members.add(member);
      return true;
    });
    c.reply().set(members.size());
    for (byte[] member : members) {
      c.reply().bulk(member);
    }
  }

  static void sinterstore(KeyspaceCall c) {
    SetValue result = new SetValue();
    long maxIntsetEntries = maxIntsetEntries(c);
    SetAlgebra.intersect(sets(c, 2, c.argc()), member -> {
      result.add(member, maxIntsetEntries);
      return true;
    });
    storeResult(c, c.arg(1), result, "sinterstore");
  }

  /** SINTERCARD numkeys key [key ...] [LIMIT limit], with Redis's argument checks and their order. */
  static void sintercard(KeyspaceCall c) {
    long numkeys = Args.parseLong(c.arg(1), "ERR numkeys should be greater than 0");
    if (numkeys <= 0) {
      throw new CommandException("ERR numkeys should be greater than 0");
    }
    if (numkeys > c.argc() - 2) {
      throw new CommandException("ERR Number of keys can't be greater than number of args");
    }
    int end = 2 + (int) numkeys;
    long limit = 0;
    for (int i = end; i < c.argc(); i++) {
      if (Args.is(c.arg(i), "limit") && i + 1 < c.argc()) {
        limit = Args.parseLong(c.arg(++i), "ERR LIMIT can't be negative");
        if (limit < 0) {
          throw new CommandException("ERR LIMIT can't be negative");
        }
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    long stopAt = limit == 0 ? Long.MAX_VALUE : limit;
    long[] cardinality = {0};
    SetAlgebra.intersect(sets(c, 2, end), member -> ++cardinality[0] < stopAt);
    c.reply().integer(cardinality[0]);
  }

  static void sunion(KeyspaceCall c) {
    replyMembers(c.reply(), SetAlgebra.union(sets(c, 1, c.argc()), maxIntsetEntries(c)));
  }

  static void sunionstore(KeyspaceCall c) {
    storeResult(c, c.arg(1), SetAlgebra.union(sets(c, 2, c.argc()), maxIntsetEntries(c)), "sunionstore");
  }

  static void sdiff(KeyspaceCall c) {
    replyMembers(c.reply(), SetAlgebra.difference(sets(c, 1, c.argc()), maxIntsetEntries(c)));
  }

  static void sdiffstore(KeyspaceCall c) {
    storeResult(c, c.arg(1), SetAlgebra.difference(sets(c, 2, c.argc()), maxIntsetEntries(c)), "sdiffstore");
  }

  /** SSCAN key cursor [MATCH pattern] [COUNT count]; a small intset comes whole with cursor 0. */
  static void sscan(KeyspaceCall c) {
    long cursor = ScanOptions.cursor(c.arg(2));
    SetValue set = Types.as(c.db().lookupRead(c.arg(1)), SetValue.class);
    RespWriter reply = c.reply();
    if (set == null) {
      ScanOptions.reply(reply, 0, List.of());
      return;
    }
    ScanOptions options = ScanOptions.parse(c, 3, false);
    List<byte[]> found = new ArrayList<>();
    long next = set.scan(cursor, options.count(), member -> {
      if (options.matches(member)) {
        found.add(member);
      }
    });
    ScanOptions.reply(reply, next, found);
  }

  /**
   * The sets at keys {@code from} until {@code to}, null for a missing key (an empty set); WRONGTYPE
   * at the first key of another type. The STORE forms read their sources as the others do
   * (Redis 7.0 counts their misses, and publishes them as "keymiss").
   */
  private static SetValue[] sets(KeyspaceCall c, int from, int to) {
    SetValue[] sets = new SetValue[to - from];
    for (int i = from; i < to; i++) {
      sets[i - from] = Types.as(c.db().lookupRead(c.arg(i)), SetValue.class);
    }
    return sets;
  }

  /** The STORE forms: the result replaces the destination whatever its type; an empty one deletes it. */
  private static void storeResult(KeyspaceCall c, byte[] destination, SetValue result, String event) {
    if (result.size() > 0) {
      c.db().set(destination, result);
      c.notify(NotifyType.SET, event, destination);
    } else if (c.db().delete(destination)) {
      c.notify(NotifyType.GENERIC, "del", destination);
    }
    c.reply().integer(result.size());
  }

  /** A new key holding {@code set}, counting {@code changes} elements toward the dirty count. */
  private static void store(Database db, byte[] key, SetValue set, int changes) {
    db.set(key, set);
    if (changes > 1) {
      db.changed(key, changes - 1);
    }
  }

  /** After {@code changes} members left a set (its {@code event}): an emptied set is deleted ("del"). */
  private static void removedFrom(KeyspaceCall c, byte[] key, SetValue set, String event, int changes) {
    c.notify(NotifyType.SET, event, key);
    Database db = c.db();
    if (set.size() > 0) {
      db.changed(key, changes);
      return;
    }
    if (changes > 1) {
      db.changed(key, changes - 1);
    }
    db.delete(key);
    c.notify(NotifyType.GENERIC, "del", key);
  }

  /** The whole set: an array in RESP2, a set in RESP3 (SMEMBERS, SUNION, SDIFF, SPOP's all). */
  private static void replyMembers(RespWriter reply, SetValue set) {
    int size = set.size();
    reply.set(size);
    for (int i = 0; i < size; i++) {
      reply.bulk(set.memberAt(i));
    }
  }

  public static void register(CommandTable.Builder table) {
    KeySpec key = KeySpec.single(1);
    KeySpec allKeys = new KeySpec(1, -1, 1);
    table
        .add(CommandSpec.keyspace("sadd", -3, key, SetCommands::sadd).flags(WRITE, DENYOOM, FAST)
            .doc("Adds one or more members to a set. Creates the key if it doesn't exist.", "1.0.0", "set",
                "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments."))
        .add(CommandSpec.keyspace("srem", -3, key, SetCommands::srem).flags(WRITE, FAST)
            .doc("Removes one or more members from a set. Deletes the set if the last member was removed.", "1.0.0",
                "set", "O(N) where N is the number of members to be removed."))
        .add(CommandSpec.keyspace("smove", 4, new KeySpec(1, 2, 1), SetCommands::smove).flags(WRITE, FAST)
            .doc("Moves a member from one set to another.", "1.0.0", "set", "O(1)"))
        .add(CommandSpec.keyspace("sismember", 3, key, SetCommands::sismember).flags(READONLY, FAST)
            .doc("Determines whether a member belongs to a set.", "1.0.0", "set", "O(1)"))
        .add(CommandSpec.keyspace("smismember", -3, key, SetCommands::smismember).flags(READONLY, FAST)
            .doc("Determines whether multiple members belong to a set.", "6.2.0", "set",
                "O(N) where N is the number of elements being checked for membership"))
        .add(CommandSpec.keyspace("scard", 2, key, SetCommands::scard).flags(READONLY, FAST)
            .doc("Returns the number of members in a set.", "1.0.0", "set", "O(1)"))
        .add(CommandSpec.keyspace("smembers", 2, key, SetCommands::smembers).flags(READONLY)
            .doc("Returns all members of a set.", "1.0.0", "set", "O(N) where N is the set cardinality."))
        .add(CommandSpec.keyspace("spop", -2, key, SetCommands::spop).flags(WRITE, FAST)
            .doc("Returns one or more random members from a set after removing them. Deletes the set if the last member was popped.",
                "1.0.0", "set", "Without the count argument O(1), otherwise O(N) where N is the value of the passed count."))
        .add(CommandSpec.keyspace("srandmember", -2, key, SetCommands::srandmember).flags(READONLY)
            .doc("Get one or multiple random members from a set", "1.0.0", "set",
                "Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count."))
        .add(CommandSpec.keyspace("sinter", -2, allKeys, SetCommands::sinter).flags(READONLY)
            .doc("Returns the intersect of multiple sets.", "1.0.0", "set",
                "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets."))
        .add(CommandSpec.keyspace("sintercard", -3, KeySpec.numkeys(0, 1), SetCommands::sintercard).flags(READONLY)
            .doc("Returns the number of members of the intersect of multiple sets.", "7.0.0", "set",
                "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets."))
        .add(CommandSpec.keyspace("sinterstore", -3, allKeys, SetCommands::sinterstore).flags(WRITE, DENYOOM)
            .doc("Stores the intersect of multiple sets in a key.", "1.0.0", "set",
                "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets."))
        .add(CommandSpec.keyspace("sunion", -2, allKeys, SetCommands::sunion).flags(READONLY)
            .doc("Returns the union of multiple sets.", "1.0.0", "set",
                "O(N) where N is the total number of elements in all given sets."))
        .add(CommandSpec.keyspace("sunionstore", -3, allKeys, SetCommands::sunionstore).flags(WRITE, DENYOOM)
            .doc("Stores the union of multiple sets in a key.", "1.0.0", "set",
                "O(N) where N is the total number of elements in all given sets."))
        .add(CommandSpec.keyspace("sdiff", -2, allKeys, SetCommands::sdiff).flags(READONLY)
            .doc("Returns the difference of multiple sets.", "1.0.0", "set",
                "O(N) where N is the total number of elements in all given sets."))
        .add(CommandSpec.keyspace("sdiffstore", -3, allKeys, SetCommands::sdiffstore).flags(WRITE, DENYOOM)
            .doc("Stores the difference of multiple sets in a key.", "1.0.0", "set",
                "O(N) where N is the total number of elements in all given sets."))
        .add(CommandSpec.keyspace("sscan", -3, key, SetCommands::sscan).flags(READONLY)
            .doc("Iterates over members of a set.", "2.8.0", "set",
                "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection."));
  }
}

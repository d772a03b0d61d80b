package io.verdis.command.hashes;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.Errors;
import io.verdis.command.GlobPattern;
import io.verdis.command.KeySpec;
import io.verdis.command.KeyspaceCall;
import io.verdis.command.LongDouble;
import io.verdis.command.ScanOptions;
import io.verdis.command.Types;
import io.verdis.net.RespWriter;
import io.verdis.pubsub.NotifyType;
import io.verdis.shard.Database;
import io.verdis.types.HashLimits;
import io.verdis.types.HashValue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static io.verdis.command.CommandFlag.DENYOOM;
import static io.verdis.command.CommandFlag.FAST;
import static io.verdis.command.CommandFlag.READONLY;
import static io.verdis.command.CommandFlag.WRITE;

/** The hash family (Redis's t_hash.c). */
public final class HashCommands {
  private static final byte[] HSET = Args.bytes("HSET");
  private static final String HASH_NOT_INTEGER = "ERR hash value is not an integer";
  private static final String HASH_NOT_FLOAT = "ERR hash value is not a float";
  private static final String INCREMENT_NOT_FINITE = "ERR value is NaN or Infinity";
  private static final String RESULT_NOT_FINITE = "ERR increment would produce NaN or Infinity";
  private static final String COUNT_OUT_OF_RANGE =
      "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
  private static final String OUT_OF_RANGE = "ERR value is out of range";

  private HashCommands() {
  }

  /** The hash at the command's key for reading, or null; WRONGTYPE for another type. */
  private static HashValue readable(KeyspaceCall c) {
    return Types.as(c.db().lookupRead(c.arg(1)), HashValue.class);
  }

  /** The hash at the command's key to change in place, or null; WRONGTYPE for another type. */
  private static HashValue writable(KeyspaceCall c) {
    return Types.as(c.db().lookupWrite(c.arg(1)), HashValue.class);
  }

  /**
   * Reports a write of {@code changes} elements (Redis's server.dirty += changes) and publishes its
   * {@code event}: a new hash is stored, a hash left empty is deleted ("del" after the event: Redis
   * keeps no empty hash), any other is marked changed.
   */
  private static void commit(KeyspaceCall c, HashValue hash, boolean created, int changes, String event) {
    Database db = c.db();
    byte[] key = c.arg(1);
    if (created) {
      db.set(key, hash);
      if (changes > 1) {
        db.changed(key, changes - 1);
      }
      c.notify(NotifyType.HASH, event, key);
    } else if (hash.isEmpty()) {
      if (changes > 1) {
        db.changed(key, changes - 1);
      }
      c.notify(NotifyType.HASH, event, key);
      db.delete(key);
      c.notify(NotifyType.GENERIC, "del", key);
    } else {
      db.changed(key, changes);
      c.notify(NotifyType.HASH, event, key);
    }
  }

  static void hset(KeyspaceCall c) {
    c.reply().integer(setPairs(c));
  }

  /** HMSET: HSET that answers OK (deprecated in Redis, kept for old clients). */
  static void hmset(KeyspaceCall c) {
    setPairs(c);
    c.reply().ok();
  }

  private static int setPairs(KeyspaceCall c) {
    if (c.argc() % 2 != 0) {
      throw new CommandException("ERR wrong number of arguments for '" + c.commandName() + "' command");
    }
    HashValue hash = writable(c);
    boolean created = hash == null;
    if (created) {
      hash = new HashValue();
    }
    int added = hash.putAll(c.argv(), 2, limits(c));
    commit(c, hash, created, (c.argc() - 2) / 2, "hset");
    return added;
  }

  /** hash-max-listpack-entries and -value of the moment: a CONFIG SET applies to the next conversion. */
  private static HashLimits limits(KeyspaceCall c) {
    return c.server().config().hashLimits();
  }

  static void hsetnx(KeyspaceCall c) {
    HashValue hash = writable(c);
    if (hash != null && hash.contains(c.arg(2))) {
      c.reply().integer(0);
      return;
    }
    boolean created = hash == null;
    if (created) {
      hash = new HashValue();
    }
    hash.put(c.arg(2), c.arg(3), limits(c));
    commit(c, hash, created, 1, "hset");
    c.reply().integer(1);
  }

  static void hget(KeyspaceCall c) {
    HashValue hash = readable(c);
    RespWriter reply = c.reply();
    if (hash == null || !hash.visit(c.arg(2), (f, fo, fl, v, vo, vl) -> reply.bulk(v, vo, vl))) {
      reply.nullBulk();
    }
  }

  static void hmget(KeyspaceCall c) {
    HashValue hash = readable(c);
    RespWriter reply = c.reply();
    HashValue.PairVisitor value = (f, fo, fl, v, vo, vl) -> reply.bulk(v, vo, vl);
    reply.array(c.argc() - 2);
    for (int i = 2; i < c.argc(); i++) {
      if (hash == null || !hash.visit(c.arg(i), value)) {
        reply.nullBulk();
      }
    }
  }

  /** HDEL: a hash whose last field goes is deleted at once (the remaining arguments cannot match). */
  static void hdel(KeyspaceCall c) {
    HashValue hash = writable(c);
    int deleted = 0;
    if (hash != null) {
      for (int i = 2; i < c.argc(); i++) {
        if (hash.remove(c.arg(i))) {
          deleted++;
          if (hash.isEmpty()) {
            break;
          }
        }
      }
      if (deleted > 0) {
        commit(c, hash, false, deleted, "hdel");
      }
    }
    c.reply().integer(deleted);
  }

  static void hlen(KeyspaceCall c) {
    HashValue hash = readable(c);
    c.reply().integer(hash == null ? 0 : hash.size());
  }

  static void hstrlen(KeyspaceCall c) {
    HashValue hash = readable(c);
    c.reply().integer(hash == null ? 0 : Math.max(0, hash.valueLength(c.arg(2))));
  }

  static void hexists(KeyspaceCall c) {
    HashValue hash = readable(c);
    c.reply().integer(hash != null && hash.contains(c.arg(2)) ? 1 : 0);
  }

  /** HGETALL: a map in RESP3, a flat array of fields and values in RESP2. */
  static void hgetall(KeyspaceCall c) {
    HashValue hash = readable(c);
    RespWriter reply = c.reply();
    if (hash == null) {
      reply.map(0);
      return;
    }
    reply.map(hash.size());
    hash.forEach((f, fo, fl, v, vo, vl) -> {
      reply.bulk(f, fo, fl);
      reply.bulk(v, vo, vl);
    });
  }

  static void hkeys(KeyspaceCall c) {
    HashValue hash = readable(c);
    RespWriter reply = c.reply();
    reply.array(hash == null ? 0 : hash.size());
    if (hash != null) {
      hash.forEach((f, fo, fl, v, vo, vl) -> reply.bulk(f, fo, fl));
    }
  }

  static void hvals(KeyspaceCall c) {
    HashValue hash = readable(c);
    RespWriter reply = c.reply();
    reply.array(hash == null ? 0 : hash.size());
    if (hash != null) {
      hash.forEach((f, fo, fl, v, vo, vl) -> reply.bulk(v, vo, vl));
    }
  }

  /** HINCRBY: the increment is checked first, then the stored value (string2ll), then overflow. */
  static void hincrby(KeyspaceCall c) {
    long increment = Args.parseLong(c.arg(3));
    HashValue hash = writable(c);
    boolean created = hash == null;
    if (created) {
      hash = new HashValue();
    }
    byte[] field = c.arg(2);
    byte[] old = hash.get(field);
    long current = 0;
    if (old != null) {
      current = Args.parseLongOr(old, Long.MIN_VALUE);
      if (current == Long.MIN_VALUE && !Args.isCanonicalLong(old)) {
        throw new CommandException(HASH_NOT_INTEGER);
      }
    }
    long updated = current + increment;
    if (((current ^ updated) & (increment ^ updated)) < 0) {
      throw new CommandException(Errors.OVERFLOW);
    }
    hash.put(field, Args.bytes(updated), limits(c));
    commit(c, hash, created, 1, "hincrby");
    c.reply().integer(updated);
  }

  /**
   * HINCRBYFLOAT in Redis's long double arithmetic and formatting ({@link LongDouble}). It is
   * logged as HSET of the result: replaying the increment could round differently, the result cannot.
   */
  static void hincrbyfloat(KeyspaceCall c) {
    BigDecimal increment = LongDouble.parse(c.arg(3));
    if (increment == null) {
      throw new CommandException(LongDouble.isInfinity(c.arg(3)) ? INCREMENT_NOT_FINITE : Errors.NOT_FLOAT);
    }
    HashValue hash = writable(c);
    boolean created = hash == null;
    if (created) {
      hash = new HashValue();
    }
    byte[] field = c.arg(2);
    byte[] old = hash.get(field);
    BigDecimal current = BigDecimal.ZERO;
    if (old != null) {
      current = LongDouble.parse(old);
      if (current == null) {
        // An infinite stored value parses; adding to it is what fails.
        throw new CommandException(LongDouble.isInfinity(old) ? RESULT_NOT_FINITE : HASH_NOT_FLOAT);
      }
    }
    BigDecimal sum = LongDouble.add(current, increment);
    if (sum == null) {
      throw new CommandException(RESULT_NOT_FINITE);
    }
    byte[] text = LongDouble.format(sum);
    hash.put(field, text, limits(c));
    commit(c, hash, created, 1, "hincrbyfloat");
    c.propagateAs(HSET, c.arg(1), field, text);
    c.reply().bulk(text);
  }

  /**
   * HRANDFIELD key [count [WITHVALUES]], as Redis 7.0: the count, then the syntax, then the key;
   * a negative count may repeat fields, a positive one never does. WITHVALUES pairs are nested
   * arrays in RESP3 and a flat array in RESP2.
   */
  static void hrandfield(KeyspaceCall c) {
    if (c.argc() == 2) {
      HashValue hash = readable(c);
      if (hash == null) {
        c.reply().nullBulk();
      } else {
        c.reply().bulk(hash.randomField(ThreadLocalRandom.current()));
      }
      return;
    }
    long count = Args.parseLong(c.arg(2));
    if (count == Long.MIN_VALUE) {
      throw new CommandException(COUNT_OUT_OF_RANGE);
    }
    boolean withValues = c.argc() == 4;
    if (c.argc() > 4 || (withValues && !Args.is(c.arg(3), "withvalues"))) {
      throw new CommandException(Errors.SYNTAX);
    }
    if (withValues && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
      throw new CommandException(OUT_OF_RANGE);
    }
    HashValue hash = readable(c);
    RespWriter reply = c.reply();
    if (hash == null || count == 0) {
      reply.array(0);
      return;
    }
    boolean nested = withValues && reply.resp3();
    boolean unique = count > 0;
    int size = hash.size();
    long fields = unique ? Math.min(count, size) : -count;
    long elements = withValues && !nested ? fields * 2 : fields;
    if (elements > Integer.MAX_VALUE) {
      // Redis would try to write it; no buffer here can hold that many elements.
      throw new CommandException(OUT_OF_RANGE);
    }
    reply.array((int) elements);
    boolean values = withValues;
    HashValue.PairVisitor writer = (f, fo, fl, v, vo, vl) -> {
      if (nested) {
        reply.array(2);
      }
      reply.bulk(f, fo, fl);
      if (values) {
        reply.bulk(v, vo, vl);
      }
    };
    if (!unique) {
      hash.randomPairs(fields, ThreadLocalRandom.current(), writer);
    } else if (fields == size) {
      hash.forEach(writer);
    } else {
      hash.randomDistinctPairs((int) fields, ThreadLocalRandom.current(), writer);
    }
  }

  /**
   * HSCAN key cursor [MATCH pattern] [COUNT count]: the cursor is checked before the key, the
   * options after it (a missing key answers an empty scan whatever they are), as Redis does.
   */
  static void hscan(KeyspaceCall c) {
    long cursor = ScanOptions.cursor(c.arg(2));
    HashValue hash = readable(c);
    RespWriter reply = c.reply();
    if (hash == null) {
      ScanOptions.reply(reply, 0, List.of());
      return;
    }
    ScanOptions options = ScanOptions.parse(c, 3, false);
    byte[] pattern = options.pattern();
    List<byte[]> found = new ArrayList<>();
    long next = hash.scan(cursor, options.count(), (f, fo, fl, v, vo, vl) -> {
      byte[] field = HashValue.slice(f, fo, fl);
      if (pattern == null || GlobPattern.matches(pattern, field, false)) {
        found.add(field);
        found.add(HashValue.slice(v, vo, vl));
      }
    });
    ScanOptions.reply(reply, next, found);
  }

  public static void register(CommandTable.Builder table) {
    KeySpec key = KeySpec.single(1);
    table
        .add(CommandSpec.keyspace("hset", -4, key, HashCommands::hset).flags(WRITE, DENYOOM, FAST)
            .doc("Set the string value of a hash field", "2.0.0", "hash", "O(1) for each field/value pair added, "
                + "so O(N) to add N field/value pairs when the command is called with multiple field/value pairs."))
        .add(CommandSpec.keyspace("hsetnx", 4, key, HashCommands::hsetnx).flags(WRITE, DENYOOM, FAST)
            .doc("Set the value of a hash field, only if the field does not exist", "2.0.0", "hash", "O(1)"))
        .add(CommandSpec.keyspace("hmset", -4, key, HashCommands::hmset).flags(WRITE, DENYOOM, FAST)
            .doc("Set multiple hash fields to multiple values", "2.0.0", "hash",
                "O(N) where N is the number of fields being set."))
        .add(CommandSpec.keyspace("hget", 3, key, HashCommands::hget).flags(READONLY, FAST)
            .doc("Get the value of a hash field", "2.0.0", "hash", "O(1)"))
        .add(CommandSpec.keyspace("hmget", -3, key, HashCommands::hmget).flags(READONLY, FAST)
            .doc("Get the values of all the given hash fields", "2.0.0", "hash",
                "O(N) where N is the number of fields being requested."))
        .add(CommandSpec.keyspace("hdel", -3, key, HashCommands::hdel).flags(WRITE, FAST)
            .doc("Delete one or more hash fields", "2.0.0", "hash", "O(N) where N is the number of fields to be removed."))
        .add(CommandSpec.keyspace("hlen", 2, key, HashCommands::hlen).flags(READONLY, FAST)
            .doc("Get the number of fields in a hash", "2.0.0", "hash", "O(1)"))
        .add(CommandSpec.keyspace("hstrlen", 3, key, HashCommands::hstrlen).flags(READONLY, FAST)
            .doc("Get the length of the value of a hash field", "3.2.0", "hash", "O(1)"))
        .add(CommandSpec.keyspace("hexists", 3, key, HashCommands::hexists).flags(READONLY, FAST)
            .doc("Determine if a hash field exists", "2.0.0", "hash", "O(1)"))
        .add(CommandSpec.keyspace("hgetall", 2, key, HashCommands::hgetall).flags(READONLY)
            .doc("Get all the fields and values in a hash", "2.0.0", "hash", "O(N) where N is the size of the hash."))
        .add(CommandSpec.keyspace("hkeys", 2, key, HashCommands::hkeys).flags(READONLY)
            .doc("Get all the fields in a hash", "2.0.0", "hash", "O(N) where N is the size of the hash."))
        .add(CommandSpec.keyspace("hvals", 2, key, HashCommands::hvals).flags(READONLY)
            .doc("Get all the values in a hash", "2.0.0", "hash", "O(N) where N is the size of the hash."))
        .add(CommandSpec.keyspace("hincrby", 4, key, HashCommands::hincrby).flags(WRITE, DENYOOM, FAST)
            .doc("Increment the integer value of a hash field by the given number", "2.0.0", "hash", "O(1)"))
        .add(CommandSpec.keyspace("hincrbyfloat", 4, key, HashCommands::hincrbyfloat).flags(WRITE, DENYOOM, FAST)
            .doc("Increment the float value of a hash field by the given amount", "2.6.0", "hash", "O(1)"))
        .add(CommandSpec.keyspace("hrandfield", -2, key, HashCommands::hrandfield).flags(READONLY)
            .doc("Get one or multiple random fields from a hash", "6.2.0", "hash",
                "O(N) where N is the number of fields returned"))
        .add(CommandSpec.keyspace("hscan", -3, key, HashCommands::hscan).flags(READONLY)
            .doc("Incrementally iterate hash fields and associated values", "2.8.0", "hash", "O(1) for every call. "
                + "O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. "
                + "N is the number of elements inside the collection.."));
  }
}

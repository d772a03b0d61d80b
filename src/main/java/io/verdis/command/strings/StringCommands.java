package io.verdis.command.strings;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.Errors;
import io.verdis.command.KeySpec;
import io.verdis.command.KeyspaceCall;
import io.verdis.command.LongDouble;
import io.verdis.command.Types;
import io.verdis.net.RespWriter;
import io.verdis.pubsub.NotifyType;
import io.verdis.shard.Database;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import static io.verdis.command.CommandFlag.DENYOOM;
import static io.verdis.command.CommandFlag.FAST;
import static io.verdis.command.CommandFlag.READONLY;
import static io.verdis.command.CommandFlag.WRITE;

/** The string family (Redis's t_string.c): values are byte arrays, numbers are their decimal text. */
public final class StringCommands {
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] SET = Args.bytes("SET");
  private static final byte[] DEL = Args.bytes("DEL");
  private static final byte[] PXAT = Args.bytes("PXAT");
  private static final byte[] KEEPTTL = Args.bytes("KEEPTTL");
  private static final byte[] PERSIST = Args.bytes("PERSIST");
  private static final byte[] PEXPIREAT = Args.bytes("PEXPIREAT");
  private static final String NOT_FINITE = "ERR increment would produce NaN or Infinity";

  private StringCommands() {
  }

  static void get(KeyspaceCall c) {
    byte[] value = Types.asString(c.db().lookupRead(c.arg(1)));
    if (value == null) {
      c.reply().nullBulk();
    } else {
      c.reply().bulk(value);
    }
  }

  /** SET key value [NX|XX] [GET] [EX|PX|EXAT|PXAT|KEEPTTL]. */
  static void set(KeyspaceCall c) {
    if (c.argc() == 3) {
      c.db().set(c.arg(1), c.arg(2));
      c.notify(NotifyType.STRING, "set", c.arg(1));
      c.reply().ok();
      return;
    }
    SetOptions options = SetOptions.parse(c, 3, true);
    byte[] key = c.arg(1);
    Database db = c.db();
    byte[] old = options.get() ? Types.asString(db.lookupRead(key)) : null;
    if (options.nx() || options.xx()) {
      boolean exists = options.get() ? old != null : db.lookup(key) != null;
      if ((options.nx() && exists) || (options.xx() && !exists)) {
        replyOldOrNil(c, options.get(), old);
        return;
      }
    }
    store(c, key, c.arg(2), options);
    if (options.expireAtMs() != SetOptions.NO_EXPIRY && !options.absoluteMs()) {
      c.propagateAs(SET, key, c.arg(2), PXAT, Args.bytes(options.expireAtMs()));
    }
    if (options.get()) {
      replyOldOrNil(c, true, old);
    } else {
      c.reply().ok();
    }
  }

  private static void replyOldOrNil(KeyspaceCall c, boolean get, byte[] old) {
    if (get && old != null) {
      c.reply().bulk(old);
    } else {
      c.reply().nullBulk();
    }
  }

  /** Redis's setGenericCommand after its checks: "set", then "expire" when a TTL came with it. */
  private static void store(KeyspaceCall c, byte[] key, byte[] value, SetOptions options) {
    Database db = c.db();
    if (options.keepTtl()) {
      db.overwrite(key, value);
    } else {
      db.set(key, value);
    }
    c.notify(NotifyType.STRING, "set", key);
    if (options.expireAtMs() != SetOptions.NO_EXPIRY) {
      db.setExpireAt(key, options.expireAtMs());
      c.notify(NotifyType.GENERIC, "expire", key);
    }
  }

  static void setnx(KeyspaceCall c) {
    Database db = c.db();
    if (db.lookup(c.arg(1)) != null) {
      c.reply().integer(0);
      return;
    }
    db.set(c.arg(1), c.arg(2));
    c.notify(NotifyType.STRING, "set", c.arg(1));
    c.reply().integer(1);
  }

  static void setex(KeyspaceCall c) {
    setWithTtl(c, 1000, "setex");
  }

  static void psetex(KeyspaceCall c) {
    setWithTtl(c, 1, "psetex");
  }

  private static void setWithTtl(KeyspaceCall c, long unitMs, String command) {
    long when = SetOptions.relativeExpiry(c.arg(2), unitMs, c.now(), command);
    c.db().set(c.arg(1), c.arg(3));
    c.notify(NotifyType.STRING, "set", c.arg(1));
    c.db().setExpireAt(c.arg(1), when);
    c.notify(NotifyType.GENERIC, "expire", c.arg(1));
    c.propagateAs(SET, c.arg(1), c.arg(3), PXAT, Args.bytes(when));
    c.reply().ok();
  }

  static void getset(KeyspaceCall c) {
    byte[] old = Types.asString(c.db().lookupRead(c.arg(1)));
    c.db().set(c.arg(1), c.arg(2));
    c.notify(NotifyType.STRING, "set", c.arg(1));
    replyOldOrNil(c, true, old);
  }

  static void getdel(KeyspaceCall c) {
    byte[] value = Types.asString(c.db().lookupRead(c.arg(1)));
    if (value != null) {
      c.db().delete(c.arg(1));
      c.notify(NotifyType.GENERIC, "del", c.arg(1));
      c.propagateAs(DEL, c.arg(1));
    }
    replyOldOrNil(c, true, value);
  }

  /** GETEX key [EX|PX|EXAT|PXAT|PERSIST]: the value, with its TTL changed. */
  static void getex(KeyspaceCall c) {
    SetOptions options = SetOptions.parse(c, 2, false);
    byte[] key = c.arg(1);
    byte[] value = Types.asString(c.db().lookupRead(key));
    if (value == null) {
      c.reply().nullBulk();
      return;
    }
    long when = options.expireAtMs();
    if (when != SetOptions.NO_EXPIRY && options.absolute() && when <= c.now() && !c.loading()) {
      // An EXAT/PXAT already past deletes the key, as Redis's checkAlreadyExpired.
      c.db().delete(key);
      c.notify(NotifyType.GENERIC, "del", key);
      c.propagateAs(DEL, key);
    } else if (when != SetOptions.NO_EXPIRY) {
      c.db().setExpireAt(key, when);
      c.notify(NotifyType.GENERIC, "expire", key);
      c.propagateAs(PEXPIREAT, key, Args.bytes(when));
    } else if (options.persist() && c.db().persist(key)) {
      c.notify(NotifyType.GENERIC, "persist", key);
      c.propagateAs(PERSIST, key);
    }
    c.reply().bulk(value);
  }

  static void mget(KeyspaceCall c) {
    RespWriter reply = c.reply();
    reply.array(c.argc() - 1);
    for (int i = 1; i < c.argc(); i++) {
      Object value = c.db().lookupRead(c.arg(i));
      if (value instanceof byte[] bytes) {
        reply.bulk(bytes);
      } else {
        reply.nullBulk();
      }
    }
  }

  static void mset(KeyspaceCall c) {
    requirePairs(c, "mset");
    setAll(c);
    c.reply().ok();
  }

  static void msetnx(KeyspaceCall c) {
    requirePairs(c, "msetnx");
    for (int i = 1; i < c.argc(); i += 2) {
      if (c.db().lookup(c.arg(i)) != null) {
        c.reply().integer(0);
        return;
      }
    }
    setAll(c);
    c.reply().integer(1);
  }

  private static void setAll(KeyspaceCall c) {
    for (int i = 1; i < c.argc(); i += 2) {
      c.db().set(c.arg(i), c.arg(i + 1));
      c.notify(NotifyType.STRING, "set", c.arg(i));
    }
  }

  private static void requirePairs(KeyspaceCall c, String command) {
    if (c.argc() % 2 == 0) {
      throw new CommandException("ERR wrong number of arguments for '" + command + "' command");
    }
  }

  static void append(KeyspaceCall c) {
    byte[] key = c.arg(1);
    byte[] old = Types.asString(c.db().lookup(key));
    byte[] suffix = c.arg(2);
    if (old == null) {
      c.db().set(key, suffix);
      c.notify(NotifyType.STRING, "append", key);
      c.reply().integer(suffix.length);
      return;
    }
    checkLength(c, old.length, suffix.length);
    byte[] joined = Arrays.copyOf(old, old.length + suffix.length);
    System.arraycopy(suffix, 0, joined, old.length, suffix.length);
    c.db().overwrite(key, joined);
    c.notify(NotifyType.STRING, "append", key);
    c.reply().integer(joined.length);
  }

  /**
   * Redis's checkStringLength: {@code size} plus {@code append} bytes must fit proto-max-bulk-len,
   * without overflowing (SETRANGE at an offset near 2^63 once wrapped around to a negative index).
   */
  private static void checkLength(KeyspaceCall c, long size, long append) {
    if (size > c.server().config().protoMaxBulkLen() - append) {
      throw new CommandException(Errors.STRING_TOO_LONG);
    }
  }

  static void strlen(KeyspaceCall c) {
    byte[] value = Types.asString(c.db().lookupRead(c.arg(1)));
    c.reply().integer(value == null ? 0 : value.length);
  }

  /** GETRANGE/SUBSTR with Redis 7's clamping of negative and out-of-range offsets. */
  static void getrange(KeyspaceCall c) {
    long start = Args.parseLong(c.arg(2));
    long end = Args.parseLong(c.arg(3));
    byte[] value = Types.asString(c.db().lookupRead(c.arg(1)));
    if (value == null || (start < 0 && end < 0 && start > end)) {
      c.reply().bulk(EMPTY);
      return;
    }
    long length = value.length;
    if (start < 0) {
      start = Math.max(0, length + start);
    }
    if (end < 0) {
      end = Math.max(0, length + end);
    }
    if (end >= length) {
      end = length - 1;
    }
    if (start > end || length == 0) {
      c.reply().bulk(EMPTY);
      return;
    }
    c.reply().bulk(value, (int) start, (int) (end - start + 1));
  }

  static void setrange(KeyspaceCall c) {
    byte[] key = c.arg(1);
    long offset = Args.parseLong(c.arg(2));
    byte[] patch = c.arg(3);
    if (offset < 0) {
      throw new CommandException("ERR offset is out of range");
    }
    byte[] old = Types.asString(c.db().lookup(key));
    if (patch.length == 0) {
      c.reply().integer(old == null ? 0 : old.length);
      return;
    }
    checkLength(c, offset, patch.length);
    byte[] base = old == null ? EMPTY : old;
    byte[] updated = Arrays.copyOf(base, (int) Math.max(base.length, offset + patch.length));
    System.arraycopy(patch, 0, updated, (int) offset, patch.length);
    c.db().overwrite(key, updated);
    c.notify(NotifyType.STRING, "setrange", key);
    c.reply().integer(updated.length);
  }

  static void incr(KeyspaceCall c) {
    incrementBy(c, 1);
  }

  static void decr(KeyspaceCall c) {
    incrementBy(c, -1);
  }

  static void incrby(KeyspaceCall c) {
    incrementBy(c, Args.parseLong(c.arg(2)));
  }

  static void decrby(KeyspaceCall c) {
    long decrement = Args.parseLong(c.arg(2));
    if (decrement == Long.MIN_VALUE) {
      throw new CommandException("ERR decrement would overflow");
    }
    incrementBy(c, -decrement);
  }

  private static void incrementBy(KeyspaceCall c, long delta) {
    byte[] key = c.arg(1);
    byte[] old = Types.asString(c.db().lookup(key));
    long current = 0;
    if (old != null) {
      current = Args.parseLongOr(old, Long.MIN_VALUE);
      if (current == Long.MIN_VALUE && !Args.isCanonicalLong(old)) {
        throw new CommandException(Errors.NOT_INTEGER);
      }
    }
    long updated = current + delta;
    if (((current ^ updated) & (delta ^ updated)) < 0) {
      throw new CommandException(Errors.OVERFLOW);
    }
    c.db().overwrite(key, Args.bytes(updated));
    c.notify(NotifyType.STRING, "incrby", key);
    c.reply().integer(updated);
  }

  /**
   * INCRBYFLOAT in Redis's long double arithmetic and formatting ({@link LongDouble}), so results
   * read as Redis's do (1.1 + 2.2 is "3.3"). An infinite operand parses, as with strtold, and
   * fails as a NaN or infinite result does.
   */
  static void incrbyfloat(KeyspaceCall c) {
    byte[] key = c.arg(1);
    byte[] old = Types.asString(c.db().lookup(key));
    BigDecimal current = old == null ? BigDecimal.ZERO : floatOperand(old);
    BigDecimal updated = LongDouble.add(current, floatOperand(c.arg(2)));
    if (updated == null) {
      throw new CommandException(NOT_FINITE);
    }
    byte[] text = LongDouble.format(updated);
    c.db().overwrite(key, text);
    c.notify(NotifyType.STRING, "incrbyfloat", key);
    // Replaying the increment could round differently; the result cannot (Redis does the same).
    c.propagateAs(SET, key, text, KEEPTTL);
    c.reply().bulk(text);
  }

  private static BigDecimal floatOperand(byte[] text) {
    BigDecimal value = LongDouble.parse(text);
    if (value == null) {
      throw new CommandException(LongDouble.isInfinity(text) ? NOT_FINITE : Errors.NOT_FLOAT);
    }
    return value;
  }

  /** Redis's setGetKeys: SET … GET reads the old value, a plain SET overwrites it. */
  private static List<String> setKeyFlags(byte[][] argv, int index) {
    for (int i = 3; i < argv.length; i++) {
      if (Args.is(argv[i], "get")) {
        return List.of("RW", "access", "update");
      }
    }
    return List.of("OW", "update");
  }

  public static void register(CommandTable.Builder table) {
    KeySpec key = KeySpec.single(1);
    table
        .add(CommandSpec.keyspace("get", 2, key, StringCommands::get).flags(READONLY, FAST)
            .doc("Returns the string value of a key.", "1.0.0", "string", "O(1)"))
        .add(CommandSpec.keyspace("set", -3, key.withFlags(StringCommands::setKeyFlags), StringCommands::set).flags(WRITE, DENYOOM)
            .doc("Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.",
                "1.0.0", "string", "O(1)"))
        .add(CommandSpec.keyspace("setnx", 3, key, StringCommands::setnx).flags(WRITE, DENYOOM, FAST)
            .doc("Set the string value of a key only when the key doesn't exist.", "1.0.0", "string", "O(1)"))
        .add(CommandSpec.keyspace("setex", 4, key, StringCommands::setex).flags(WRITE, DENYOOM)
            .doc("Sets the string value and expiration time of a key. Creates the key if it doesn't exist.",
                "2.0.0", "string", "O(1)"))
        .add(CommandSpec.keyspace("psetex", 4, key, StringCommands::psetex).flags(WRITE, DENYOOM)
            .doc("Sets both string value and expiration time in milliseconds of a key. The key is created if it doesn't exist.",
                "2.6.0", "string", "O(1)"))
        .add(CommandSpec.keyspace("getset", 3, key, StringCommands::getset).flags(WRITE, DENYOOM, FAST)
            .doc("Returns the previous string value of a key after setting it to a new value.", "1.0.0", "string", "O(1)"))
        .add(CommandSpec.keyspace("getdel", 2, key, StringCommands::getdel).flags(WRITE, FAST)
            .doc("Returns the string value of a key after deleting the key.", "6.2.0", "string", "O(1)"))
        .add(CommandSpec.keyspace("getex", -2, key, StringCommands::getex).flags(WRITE, FAST)
            .doc("Returns the string value of a key after setting its expiration time.", "6.2.0", "string", "O(1)"))
        .add(CommandSpec.keyspace("mget", -2, new KeySpec(1, -1, 1), StringCommands::mget).flags(READONLY, FAST)
            .doc("Atomically returns the string values of one or more keys.", "1.0.0", "string",
                "O(N) where N is the number of keys to retrieve."))
        .add(CommandSpec.keyspace("mset", -3, new KeySpec(1, -1, 2), StringCommands::mset).flags(WRITE, DENYOOM)
            .doc("Atomically creates or modifies the string values of one or more keys.", "1.0.1", "string",
                "O(N) where N is the number of keys to set."))
        .add(CommandSpec.keyspace("msetnx", -3, new KeySpec(1, -1, 2), StringCommands::msetnx).flags(WRITE, DENYOOM)
            .doc("Atomically modifies the string values of one or more keys only when all keys don't exist.",
                "1.0.1", "string", "O(N) where N is the number of keys to set."))
        .add(CommandSpec.keyspace("append", 3, key, StringCommands::append).flags(WRITE, DENYOOM, FAST)
            .doc("Appends a string to the value of a key. Creates the key if it doesn't exist.", "2.0.0", "string", "O(1)"))
        .add(CommandSpec.keyspace("strlen", 2, key, StringCommands::strlen).flags(READONLY, FAST)
            .doc("Returns the length of a string value.", "2.2.0", "string", "O(1)"))
        .add(CommandSpec.keyspace("getrange", 4, key, StringCommands::getrange).flags(READONLY)
            .doc("Returns a substring of the string stored at a key.", "2.4.0", "string",
                "O(N) where N is the length of the returned string."))
        .add(CommandSpec.keyspace("substr", 4, key, StringCommands::getrange).flags(READONLY)
            .doc("Returns a substring from a string value.", "1.0.0", "string",
                "O(N) where N is the length of the returned string."))
        .add(CommandSpec.keyspace("setrange", 4, key, StringCommands::setrange).flags(WRITE, DENYOOM)
            .doc("Overwrites a part of a string value with another by an offset. Creates the key if it doesn't exist.",
                "2.2.0", "string", "O(1), not counting the time taken to copy the new string in place."))
        .add(CommandSpec.keyspace("incr", 2, key, StringCommands::incr).flags(WRITE, DENYOOM, FAST)
            .doc("Increments the integer value of a key by one. Uses 0 as initial value if the key doesn't exist.",
                "1.0.0", "string", "O(1)"))
        .add(CommandSpec.keyspace("decr", 2, key, StringCommands::decr).flags(WRITE, DENYOOM, FAST)
            .doc("Decrements the integer value of a key by one. Uses 0 as initial value if the key doesn't exist.",
                "1.0.0", "string", "O(1)"))
        .add(CommandSpec.keyspace("incrby", 3, key, StringCommands::incrby).flags(WRITE, DENYOOM, FAST)
            .doc("Increments the integer value of a key by a number. Uses 0 as initial value if the key doesn't exist.",
                "1.0.0", "string", "O(1)"))
        .add(CommandSpec.keyspace("decrby", 3, key, StringCommands::decrby).flags(WRITE, DENYOOM, FAST)
            .doc("Decrements a number from the integer value of a key. Uses 0 as initial value if the key doesn't exist.",
                "1.0.0", "string", "O(1)"))
        .add(CommandSpec.keyspace("incrbyfloat", 3, key, StringCommands::incrbyfloat).flags(WRITE, DENYOOM, FAST)
            .doc("Increment the floating point value of a key by a number. Uses 0 as initial value if the key doesn't exist.",
                "2.6.0", "string", "O(1)"))
        .add(CommandSpec.keyspace("lcs", -3, new KeySpec(1, 2, 1), Lcs::lcs).flags(READONLY)
            .doc("Finds the longest common substring.", "7.0.0", "string",
                "O(N*M) where N and M are the lengths of s1 and s2, respectively"));
  }
}

package io.verdis.command.keys;

import io.verdis.command.Args;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.Errors;
import io.verdis.command.GlobPattern;
import io.verdis.command.KeySpec;
import io.verdis.command.KeyspaceCall;
import io.verdis.command.ScanOptions;
import io.verdis.command.Types;
import io.verdis.net.RespWriter;
import io.verdis.pubsub.NotifyType;
import io.verdis.shard.Database;
import io.verdis.types.Aggregate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

import static io.verdis.command.CommandFlag.DENYOOM;
import static io.verdis.command.CommandFlag.FAST;
import static io.verdis.command.CommandFlag.LOADING;
import static io.verdis.command.CommandFlag.READONLY;
import static io.verdis.command.CommandFlag.STALE;
import static io.verdis.command.CommandFlag.WRITE;

/** The generic key family (Redis's db.c, expire.c and object.c commands). */
public final class KeyCommands {
  private static final String SAME_OBJECT = "ERR source and destination objects are the same";
  private static final String FREQ_NOT_TRACKED = "ERR An LFU maxmemory policy is not selected, access frequency "
      + "not tracked. Please note that when switching between policies at runtime LRU and LFU data will take "
      + "some time to adjust.";
  private static final String IDLETIME_NOT_TRACKED = "ERR An LFU maxmemory policy is selected, idle time not "
      + "tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time "
      + "to adjust.";
  /** Redis's OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
  private static final int EMBSTR_LIMIT = 44;
  private static final byte[] DEL = Args.bytes("DEL");
  private static final byte[] PEXPIREAT = Args.bytes("PEXPIREAT");
  /** Redis's OBJ_SHARED_INTEGERS: values 0..9999 are one shared object whose refcount is INT_MAX. */
  private static final long SHARED_INTEGERS = 10_000;
  /** Database.scan calls per SCAN: enough to carry a step across shard boundaries, bounded like Redis's loop. */
  private static final int SCAN_STEPS = 8;
  private static final byte[] EMPTY = new byte[0];

  private static final int EXPIRE_NX = 1;
  private static final int EXPIRE_XX = 2;
  private static final int EXPIRE_GT = 4;
  private static final int EXPIRE_LT = 8;

  private static final List<String> OBJECT_HELP = List.of(
      "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "ENCODING <key>",
      "    Return the kind of internal representation used in order to store the value",
      "    associated with a <key>.",
      "FREQ <key>",
      "    Return the access frequency index of the <key>. The returned integer is",
      "    proportional to the logarithm of the recent access frequency of the key.",
      "IDLETIME <key>",
      "    Return the idle time of the <key>, that is the approximated number of",
      "    seconds elapsed since the last access to the key.",
      "REFCOUNT <key>",
      "    Return the number of references of the value associated with the specified",
      "    <key>.",
      "HELP",
      "    Print this help.");

  private KeyCommands() {
  }

  /** DEL and UNLINK: values are reclaimed by the garbage collector, so both free nothing eagerly. */
  static void del(KeyspaceCall c) {
    int deleted = 0;
    for (int i = 1; i < c.argc(); i++) {
      if (c.db().delete(c.arg(i))) {
        c.notify(NotifyType.GENERIC, "del", c.arg(i));
        deleted++;
      }
    }
    c.reply().integer(deleted);
  }

  static void exists(KeyspaceCall c) {
    int found = 0;
    for (int i = 1; i < c.argc(); i++) {
      if (c.db().peekRead(c.arg(i)) != null) {
        found++;
      }
    }
    c.reply().integer(found);
  }

  static void touch(KeyspaceCall c) {
    int touched = 0;
    for (int i = 1; i < c.argc(); i++) {
      if (c.db().lookupRead(c.arg(i)) != null) {
        touched++;
      }
    }
    c.reply().integer(touched);
  }

  static void type(KeyspaceCall c) {
    c.reply().simple(Types.typeName(c.db().peekRead(c.arg(1))));
  }

  static void expire(KeyspaceCall c) {
    expireGeneric(c, c.now(), 1000);
  }

  static void pexpire(KeyspaceCall c) {
    expireGeneric(c, c.now(), 1);
  }

  static void expireat(KeyspaceCall c) {
    expireGeneric(c, 0, 1000);
  }

  static void pexpireat(KeyspaceCall c) {
    expireGeneric(c, 0, 1);
  }

  /**
   * Redis's expireGenericCommand: options first, then the time (negative allowed, overflow
   * refused), then the key; a time already past deletes the key and still answers 1.
   */
  private static void expireGeneric(KeyspaceCall c, long basetime, long unitMs) {
    int conditions = expireConditions(c);
    long when = Args.parseLong(c.arg(2));
    if (unitMs == 1000) {
      if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
        throw new CommandException(Errors.invalidExpireTime(c.commandName()));
      }
      when *= 1000;
    }
    if (when > Long.MAX_VALUE - basetime) {
      throw new CommandException(Errors.invalidExpireTime(c.commandName()));
    }
    when += basetime;
    byte[] key = c.arg(1);
    Database db = c.db();
    if (db.lookup(key) == null || !expireAllowed(conditions, db.expireAt(key), when)) {
      c.reply().integer(0);
      return;
    }
    if (when <= c.now() && !c.loading()) {
      db.delete(key);
      c.notify(NotifyType.GENERIC, "del", key);
      c.propagateAs(DEL, key);
    } else {
      db.setExpireAt(key, when);
      c.notify(NotifyType.GENERIC, "expire", key);
      c.propagateAs(PEXPIREAT, key, Args.bytes(when));
    }
    c.reply().integer(1);
  }

  /** Redis's parseExtendedExpireArgumentsOrReply. */
  private static int expireConditions(KeyspaceCall c) {
    int conditions = 0;
    for (int i = 3; i < c.argc(); i++) {
      byte[] option = c.arg(i);
      if (Args.is(option, "nx")) {
        conditions |= EXPIRE_NX;
      } else if (Args.is(option, "xx")) {
        conditions |= EXPIRE_XX;
      } else if (Args.is(option, "gt")) {
        conditions |= EXPIRE_GT;
      } else if (Args.is(option, "lt")) {
        conditions |= EXPIRE_LT;
      } else {
        throw new CommandException("ERR Unsupported option " + Args.text(option));
      }
    }
    if ((conditions & EXPIRE_NX) != 0 && (conditions & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) != 0) {
      throw new CommandException("ERR NX and XX, GT or LT options at the same time are not compatible");
    }
    if ((conditions & EXPIRE_GT) != 0 && (conditions & EXPIRE_LT) != 0) {
      throw new CommandException("ERR GT and LT options at the same time are not compatible");
    }
    return conditions;
  }

  /** A key without a TTL counts as an infinite TTL: GT never beats it, LT always does. */
  private static boolean expireAllowed(int conditions, long current, long when) {
    boolean none = current == -1;
    return !((conditions & EXPIRE_NX) != 0 && !none)
        && !((conditions & EXPIRE_XX) != 0 && none)
        && !((conditions & EXPIRE_GT) != 0 && (none || when <= current))
        && !((conditions & EXPIRE_LT) != 0 && !none && when >= current);
  }

  static void ttl(KeyspaceCall c) {
    ttlGeneric(c, false, false);
  }

  static void pttl(KeyspaceCall c) {
    ttlGeneric(c, true, false);
  }

  static void expiretime(KeyspaceCall c) {
    ttlGeneric(c, false, true);
  }

  static void pexpiretime(KeyspaceCall c) {
    ttlGeneric(c, true, true);
  }

  /** Redis's ttlGenericCommand: -2 missing, -1 no TTL, seconds rounded half up (without overflowing). */
  private static void ttlGeneric(KeyspaceCall c, boolean inMs, boolean absolute) {
    byte[] key = c.arg(1);
    if (c.db().peekRead(key) == null) {
      c.reply().integer(-2);
      return;
    }
    long expireAt = c.db().expireAt(key);
    if (expireAt == -1) {
      c.reply().integer(-1);
      return;
    }
    long ttl = Math.max(0, absolute ? expireAt : expireAt - c.now());
    c.reply().integer(inMs ? ttl : ttl / 1000 + (ttl % 1000 >= 500 ? 1 : 0));
  }

  static void persist(KeyspaceCall c) {
    boolean persisted = c.db().persist(c.arg(1));
    if (persisted) {
      c.notify(NotifyType.GENERIC, "persist", c.arg(1));
    }
    c.reply().integer(persisted ? 1 : 0);
  }

  /** KEYS pattern: a {@code prefix*} pattern walks only the keys under the prefix, in order. */
  static void keys(KeyspaceCall c) {
    byte[] pattern = c.arg(1);
    boolean all = pattern.length == 1 && pattern[0] == '*';
    byte[] prefix = all ? null : GlobPattern.literalPrefix(pattern);
    List<byte[]> found = new ArrayList<>();
    c.db().forEachWithPrefix(prefix == null ? EMPTY : prefix, (key, value) -> {
      if (all || GlobPattern.matches(pattern, key, false)) {
        found.add(key);
      }
      return true;
    });
    replyKeys(c.reply(), found);
  }

  /** SCAN cursor [MATCH pattern] [COUNT count] [TYPE type], as Redis's scanGenericCommand. */
  static void scan(KeyspaceCall c) {
    long cursor = ScanOptions.cursor(c.arg(1));
    ScanOptions options = ScanOptions.parse(c, 2, true);
    ScanStep step = new ScanStep(options);
    int limit = (int) Math.min(options.count(), Integer.MAX_VALUE / 10);
    int calls = 0;
    do {
      cursor = c.db().scan(cursor, limit - step.visited, step);
    } while (cursor != 0 && step.visited < limit && ++calls < SCAN_STEPS);
    RespWriter reply = c.reply();
    reply.array(2);
    reply.bulk(ScanOptions.format(cursor));
    replyKeys(reply, step.keys);
  }

  /** The keys one SCAN call collects; COUNT limits keys visited, before MATCH and TYPE filter them. */
  private static final class ScanStep implements BiConsumer<byte[], Object> {
    private final ScanOptions options;
    private final String type;
    private final List<byte[]> keys = new ArrayList<>();
    private int visited;

    ScanStep(ScanOptions options) {
      this.options = options;
      this.type = options.type() == null ? null : Args.text(options.type());
    }

    @Override
    public void accept(byte[] key, Object value) {
      visited++;
      if (options.matches(key) && (type == null || type.equalsIgnoreCase(Types.typeName(value)))) {
        keys.add(key);
      }
    }
  }

  private static void replyKeys(RespWriter reply, List<byte[]> keys) {
    reply.array(keys.size());
    for (byte[] key : keys) {
      reply.bulk(key);
    }
  }

  static void randomkey(KeyspaceCall c) {
    byte[] key = c.db().randomKey();
    if (key == null) {
      c.reply().nullBulk();
    } else {
      c.reply().bulk(key);
    }
  }

  static void rename(KeyspaceCall c) {
    renameGeneric(c, false);
  }

  static void renamenx(KeyspaceCall c) {
    renameGeneric(c, true);
  }

  /**
   * Redis's renameGenericCommand: the value moves with its TTL; renaming a key to itself is a no-op.
   * An existing target is deleted first, so the target is a new key (a "new" event) either way.
   */
  private static void renameGeneric(KeyspaceCall c, boolean nx) {
    byte[] source = c.arg(1);
    byte[] target = c.arg(2);
    Database db = c.db();
    Object value = db.lookup(source);
    if (value == null) {
      throw new CommandException(Errors.NO_SUCH_KEY);
    }
    if (Arrays.equals(source, target) || (nx && db.lookup(target) != null)) {
      replyRenamed(c, nx, !nx);
      return;
    }
    long expireAt = db.expireAt(source);
    db.delete(target);
    db.set(target, value);
    if (expireAt != -1) {
      db.setExpireAt(target, expireAt);
    }
    db.delete(source);
    c.notify(NotifyType.GENERIC, "rename_from", source);
    c.notify(NotifyType.GENERIC, "rename_to", target);
    replyRenamed(c, nx, true);
  }

  private static void replyRenamed(KeyspaceCall c, boolean nx, boolean renamed) {
    if (nx) {
      c.reply().integer(renamed ? 1 : 0);
    } else {
      c.reply().ok();
    }
  }

  /** COPY source destination [DB destination-db] [REPLACE], as Redis's copyCommand. */
  static void copy(KeyspaceCall c) {
    boolean replace = false;
    int targetDb = c.selectedDb();
    for (int i = 3; i < c.argc(); i++) {
      if (Args.is(c.arg(i), "replace")) {
        replace = true;
      } else if (Args.is(c.arg(i), "db") && i + 1 < c.argc()) {
        targetDb = c.databaseIndex(c.arg(++i));
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    byte[] source = c.arg(1);
    byte[] target = c.arg(2);
    if (targetDb == c.selectedDb() && Arrays.equals(source, target)) {
      throw new CommandException(SAME_OBJECT);
    }
    Object value = c.db().lookupRead(source);
    Database destination = c.database(targetDb);
    if (value == null || (destination.lookup(target) != null && !replace)) {
      c.reply().integer(0);
      return;
    }
    long expireAt = c.db().expireAt(source);
    if (replace) {
      destination.delete(target);
    }
    destination.set(target, duplicate(value));
    if (expireAt != -1) {
      destination.setExpireAt(target, expireAt);
    }
    c.notify(NotifyType.GENERIC, "copy_to", target, targetDb);
    c.reply().integer(1);
  }

  /**
   * COPY's new object: strings are never modified in place (writers store a new array), so they are
   * shared; an aggregate is changed in place, so the copy gets its own.
   */
  private static Object duplicate(Object value) {
    if (value instanceof byte[]) {
      return value;
    }
    return ((Aggregate) value).copy();
  }

  /** MOVE key db: the key keeps its TTL; an existing key in the target stops it. */
  static void move(KeyspaceCall c) {
    int targetDb = c.databaseIndex(c.arg(2));
    if (targetDb == c.selectedDb()) {
      throw new CommandException(SAME_OBJECT);
    }
    byte[] key = c.arg(1);
    Object value = c.db().lookup(key);
    Database destination = c.database(targetDb);
    if (value == null || destination.lookup(key) != null) {
      c.reply().integer(0);
      return;
    }
    long expireAt = c.db().expireAt(key);
    destination.set(key, value);
    if (expireAt != -1) {
      destination.setExpireAt(key, expireAt);
    }
    c.db().delete(key);
    c.notify(NotifyType.GENERIC, "move_from", key);
    c.notify(NotifyType.GENERIC, "move_to", key, targetDb);
    c.reply().integer(1);
  }

  static void swapdb(KeyspaceCall c) {
    int first = intArg(c.arg(1), "ERR invalid first DB index");
    int second = intArg(c.arg(2), "ERR invalid second DB index");
    if (first < 0 || first >= c.databaseCount() || second < 0 || second >= c.databaseCount()) {
      throw new CommandException(Errors.DB_INDEX);
    }
    if (first != second) {
      c.swapDatabases(first, second);
    }
    c.reply().ok();
  }

  private static int intArg(byte[] arg, String error) {
    long value = Args.parseLong(arg, error);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new CommandException(error);
    }
    return (int) value;
  }

  static void dbsize(KeyspaceCall c) {
    c.reply().integer(c.db().size());
  }

  static void flushdb(KeyspaceCall c) {
    checkFlushMode(c);
    c.db().clear();
    c.flushedForTracking();
    c.reply().ok();
  }

  static void flushall(KeyspaceCall c) {
    checkFlushMode(c);
    for (int i = 0; i < c.databaseCount(); i++) {
      c.database(i).clear();
    }
    c.flushedForTracking();
    c.reply().ok();
  }

  /** Redis's getFlushCommandFlags: nothing, SYNC or ASYNC (both synchronous here), else a syntax error. */
  private static void checkFlushMode(KeyspaceCall c) {
    if (c.argc() > 2 || (c.argc() == 2 && !Args.is(c.arg(1), "sync") && !Args.is(c.arg(1), "async"))) {
      throw new CommandException(Errors.SYNTAX);
    }
  }

  /** OBJECT ENCODING: for a string what Redis's tryObjectEncoding would choose; a collection names its own. */
  static void objectEncoding(KeyspaceCall c) {
    Object value = c.db().peek(c.arg(2));
    if (value == null) {
      c.reply().nullBulk();
    } else {
      c.reply().bulk(encoding(value));
    }
  }

  private static String encoding(Object value) {
    if (value instanceof byte[] bytes) {
      if (Args.isCanonicalLong(bytes)) {
        return "int";
      }
      return bytes.length <= EMBSTR_LIMIT ? "embstr" : "raw";
    }
    return ((Aggregate) value).encoding();
  }

  /** OBJECT REFCOUNT: 1, or INT_MAX for the integers Redis shares (0..9999). */
  static void objectRefcount(KeyspaceCall c) {
    Object value = c.db().peek(c.arg(2));
    if (value == null) {
      c.reply().nullBulk();
      return;
    }
    long number = value instanceof byte[] bytes ? Args.parseLongOr(bytes, -1) : -1;
    c.reply().integer(number >= 0 && number < SHARED_INTEGERS ? Integer.MAX_VALUE : 1);
  }

  /** OBJECT IDLETIME: seconds since the last access, which is not tracked under an LFU policy. */
  static void objectIdletime(KeyspaceCall c) {
    long idle = c.db().idleSeconds(c.arg(2));
    if (idle < 0) {
      c.reply().nullBulk();
    } else if (c.server().config().lfuSettings() != null) {
      throw new CommandException(IDLETIME_NOT_TRACKED);
    } else {
      c.reply().integer(idle);
    }
  }

  /** OBJECT FREQ: the logarithmic access counter, tracked only under an LFU policy. */
  static void objectFreq(KeyspaceCall c) {
    if (c.db().peek(c.arg(2)) == null) {
      c.reply().nullBulk();
      return;
    }
    long frequency = c.server().config().lfuSettings() == null ? -1 : c.db().accessFrequency(c.arg(2));
    if (frequency < 0) {
      throw new CommandException(FREQ_NOT_TRACKED);
    }
    c.reply().integer(frequency);
  }

  static void objectHelp(ClientCall c) {
    c.reply().help(OBJECT_HELP);
  }

  public static void register(CommandTable.Builder table) {
    KeySpec key = KeySpec.single(1);
    KeySpec all = new KeySpec(1, -1, 1);
    KeySpec sourceAndTarget = new KeySpec(1, 2, 1);
    table
        .add(CommandSpec.keyspace("del", -2, all, KeyCommands::del).flags(WRITE)
            .doc("Deletes one or more keys.", "1.0.0", "generic", "O(N) where N is the number of keys that will be "
                + "removed. When a key to remove holds a value other than a string, the individual complexity for "
                + "this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing "
                + "a single key that holds a string value is O(1)."))
        .add(CommandSpec.keyspace("unlink", -2, all, KeyCommands::del).flags(WRITE, FAST)
            .doc("Asynchronously deletes one or more keys.", "4.0.0", "generic", "O(1) for each key removed "
                + "regardless of its size. Then the command does O(N) work in a different thread in order to reclaim "
                + "memory, where N is the number of allocations the deleted objects where composed of."))
        .add(CommandSpec.keyspace("exists", -2, all, KeyCommands::exists).flags(READONLY, FAST)
            .doc("Determines whether one or more keys exist.", "1.0.0", "generic", "O(N) where N is the number of keys to check."))
        .add(CommandSpec.keyspace("touch", -2, all, KeyCommands::touch).flags(READONLY, FAST)
            .doc("Returns the number of existing keys out of those specified after updating the time they were last "
                + "accessed.", "3.2.1", "generic", "O(N) where N is the number of keys that will be touched."))
        .add(CommandSpec.keyspace("type", 2, key, KeyCommands::type).flags(READONLY, FAST)
            .doc("Determines the type of value stored at a key.", "1.0.0", "generic", "O(1)"))
        .add(CommandSpec.keyspace("expire", -3, key, KeyCommands::expire).flags(WRITE, FAST)
            .doc("Sets the expiration time of a key in seconds.", "1.0.0", "generic", "O(1)"))
        .add(CommandSpec.keyspace("pexpire", -3, key, KeyCommands::pexpire).flags(WRITE, FAST)
            .doc("Sets the expiration time of a key in milliseconds.", "2.6.0", "generic", "O(1)"))
        .add(CommandSpec.keyspace("expireat", -3, key, KeyCommands::expireat).flags(WRITE, FAST)
            .doc("Sets the expiration time of a key to a Unix timestamp.", "1.2.0", "generic", "O(1)"))
        .add(CommandSpec.keyspace("pexpireat", -3, key, KeyCommands::pexpireat).flags(WRITE, FAST)
            .doc("Sets the expiration time of a key to a Unix milliseconds timestamp.", "2.6.0", "generic", "O(1)"))
        .add(CommandSpec.keyspace("ttl", 2, key, KeyCommands::ttl).flags(READONLY, FAST)
            .doc("Returns the expiration time in seconds of a key.", "1.0.0", "generic", "O(1)"))
        .add(CommandSpec.keyspace("pttl", 2, key, KeyCommands::pttl).flags(READONLY, FAST)
            .doc("Returns the expiration time in milliseconds of a key.", "2.6.0", "generic", "O(1)"))
        .add(CommandSpec.keyspace("expiretime", 2, key, KeyCommands::expiretime).flags(READONLY, FAST)
            .doc("Returns the expiration time of a key as a Unix timestamp.", "7.0.0", "generic", "O(1)"))
        .add(CommandSpec.keyspace("pexpiretime", 2, key, KeyCommands::pexpiretime).flags(READONLY, FAST)
            .doc("Returns the expiration time of a key as a Unix milliseconds timestamp.", "7.0.0", "generic", "O(1)"))
        .add(CommandSpec.keyspace("persist", 2, key, KeyCommands::persist).flags(WRITE, FAST)
            .doc("Removes the expiration time of a key.", "2.2.0", "generic", "O(1)"))
        .add(CommandSpec.keyspace("keys", 2, KeySpec.NONE, KeyCommands::keys).flags(READONLY)
            .doc("Returns all key names that match a pattern.", "1.0.0", "generic", "O(N) with N being the number of "
                + "keys in the database, under the assumption that the key names in the database and the given "
                + "pattern have limited length."))
        .add(CommandSpec.keyspace("scan", -2, KeySpec.NONE, KeyCommands::scan).flags(READONLY)
            .doc("Iterates over the key names in the database.", "2.8.0", "generic", "O(1) for every call. O(N) for "
                + "a complete iteration, including enough command calls for the cursor to return back to 0. N is "
                + "the number of elements inside the collection."))
        .add(CommandSpec.keyspace("randomkey", 1, KeySpec.NONE, KeyCommands::randomkey).flags(READONLY)
            .doc("Returns a random key name from the database.", "1.0.0", "generic", "O(1)"))
        .add(CommandSpec.keyspace("rename", 3, sourceAndTarget, KeyCommands::rename).flags(WRITE)
            .doc("Renames a key and overwrites the destination.", "1.0.0", "generic", "O(1)"))
        .add(CommandSpec.keyspace("renamenx", 3, sourceAndTarget, KeyCommands::renamenx).flags(WRITE, FAST)
            .doc("Renames a key only when the target key name doesn't exist.", "1.0.0", "generic", "O(1)"))
        .add(CommandSpec.keyspace("copy", -3, sourceAndTarget, KeyCommands::copy).flags(WRITE, DENYOOM)
            .doc("Copies the value of a key to a new key.", "6.2.0", "generic", "O(N) worst case for collections, "
                + "where N is the number of nested items. O(1) for string values."))
        .add(CommandSpec.keyspace("move", 3, key, KeyCommands::move).flags(WRITE, FAST)
            .doc("Moves a key to another database.", "1.0.0", "generic", "O(1)"))
        .add(CommandSpec.keyspace("dbsize", 1, KeySpec.NONE, KeyCommands::dbsize).flags(READONLY, FAST)
            .doc("Returns the number of keys in the database.", "1.0.0", "server", "O(1)"))
        .add(CommandSpec.keyspace("flushdb", -1, KeySpec.NONE, KeyCommands::flushdb).flags(WRITE)
            .doc("Remove all keys from the current database.", "1.0.0", "server",
                "O(N) where N is the number of keys in the selected database"))
        .add(CommandSpec.keyspace("flushall", -1, KeySpec.NONE, KeyCommands::flushall).flags(WRITE)
            .doc("Removes all keys from all databases.", "1.0.0", "server",
                "O(N) where N is the total number of keys in all databases"))
        .add(CommandSpec.keyspace("swapdb", 3, KeySpec.NONE, KeyCommands::swapdb).flags(WRITE, FAST)
            .doc("Swaps two Redis databases.", "4.0.0", "server",
                "O(N) where N is the count of clients watching or blocking on keys from both databases."))
        .add(CommandSpec.container("object")
            .doc("A container for object introspection commands.", "2.2.3", "generic", "Depends on subcommand.")
            .sub(CommandSpec.keyspace("encoding", 3, KeySpec.single(2), KeyCommands::objectEncoding).flags(READONLY)
                .doc("Returns the internal encoding of a Redis object.", "2.2.3", "generic", "O(1)"))
            .sub(CommandSpec.keyspace("freq", 3, KeySpec.single(2), KeyCommands::objectFreq).flags(READONLY)
                .doc("Returns the logarithmic access frequency counter of a Redis object.", "4.0.0", "generic", "O(1)"))
            .sub(CommandSpec.keyspace("idletime", 3, KeySpec.single(2), KeyCommands::objectIdletime).flags(READONLY)
                .doc("Returns the time since the last access to a Redis object.", "2.2.3", "generic", "O(1)"))
            .sub(CommandSpec.keyspace("refcount", 3, KeySpec.single(2), KeyCommands::objectRefcount).flags(READONLY)
                .doc("Returns the reference count of a value of a key.", "2.2.3", "generic", "O(1)"))
            .sub(CommandSpec.client("help", 2, KeyCommands::objectHelp).flags(LOADING, STALE)
                .doc("Returns helpful text about the different subcommands.", "6.2.0", "generic", "O(1)")));
  }
}

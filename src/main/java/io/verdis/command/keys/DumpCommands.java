package io.verdis.command.keys;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.Errors;
import io.verdis.command.KeySpec;
import io.verdis.command.KeyspaceCall;
import io.verdis.persist.rdb.Dump;
import io.verdis.persist.rdb.RdbFormatException;
import io.verdis.pubsub.NotifyType;
import io.verdis.shard.Database;
import io.verdis.types.Aggregates;
import io.verdis.types.EncodingLimits;
import io.verdis.types.InvalidRdbValueException;

import java.util.Arrays;

import static io.verdis.command.CommandFlag.DENYOOM;
import static io.verdis.command.CommandFlag.READONLY;
import static io.verdis.command.CommandFlag.WRITE;

/**
 * DUMP and RESTORE (Redis's cluster.c): a value in Redis's own serialization format, so payloads
 * move between Verdis and Redis in both directions.
 */
public final class DumpCommands {
  private static final String BUSYKEY = "BUSYKEY Target key name already exists.";
  private static final String BAD_PAYLOAD = "ERR DUMP payload version or checksum are wrong";
  private static final String BAD_FORMAT = "ERR Bad data format";
  private static final byte[] ABSTTL = Args.bytes("ABSTTL");
  private static final byte[] DEL = Args.bytes("DEL");

  private DumpCommands() {
  }

  static void dump(KeyspaceCall c) {
    Object value = c.db().lookupRead(c.arg(1));
    if (value == null) {
      c.reply().nullBulk();
    } else {
      c.reply().bulk(Dump.serialize(Aggregates.toRdb(value)));
    }
  }

  /**
   * RESTORE key ttl payload [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency], checked in
   * Redis's order: options, then an existing key (BUSYKEY), the TTL, the payload's footer, its
   * contents. A TTL already past deletes the key (with REPLACE) instead of creating it. A relative
   * TTL is logged as an absolute one with ABSTTL, as Redis propagates it.
   */
  static void restore(KeyspaceCall c) {
    RestoreOptions options = RestoreOptions.parse(c);
    byte[] key = c.arg(1);
    Database db = c.db();
    if (!options.replace && db.lookup(key) != null) {
      throw new CommandException(BUSYKEY);
    }
    long ttl = Args.parseLong(c.arg(2));
    if (ttl < 0) {
      throw new CommandException("ERR Invalid TTL value, must be >= 0");
    }
    Object value = decode(c.arg(3), c.server().config().encodingLimits());
    boolean deleted = options.replace && db.delete(key);
    if (ttl != 0 && !options.absttl) {
      ttl += c.now();
    }
    if (ttl != 0 && ttl <= c.now() && !c.loading()) {
      if (deleted) {
        c.notify(NotifyType.GENERIC, "del", key);
        c.propagateAs(DEL, key);
      }
      c.reply().ok();
      return;
    }
    db.set(key, value);
    if (ttl != 0) {
      db.setExpireAt(key, ttl);
      if (!options.absttl) {
        byte[][] record = Arrays.copyOf(c.argv(), c.argc() + 1);
        record[2] = Args.bytes(ttl);
        record[c.argc()] = ABSTTL;
        c.propagateAs(record);
      }
    }
    // Redis's objectSetLRUOrLFU: FREQ under an LFU policy, IDLETIME under any other.
    boolean lfu = c.server().config().lfuSettings() != null;
    if (lfu && options.frequency >= 0) {
      db.setAccessFrequency(key, (int) options.frequency);
    } else if (!lfu && options.idleSeconds >= 0) {
      db.setIdleSeconds(key, options.idleSeconds);
    }
    c.notify(NotifyType.GENERIC, "restore", key);
    c.reply().ok();
  }

  /** The payload's value, refused as Redis refuses it: a wrong footer, then anything it cannot load. */
  private static Object decode(byte[] payload, EncodingLimits limits) {
    if (!Dump.verify(payload)) {
      throw new CommandException(BAD_PAYLOAD);
    }
    try {
      return Aggregates.fromRdbChecked(Dump.deserialize(payload), limits);
    } catch (RdbFormatException | InvalidRdbValueException e) {
      throw new CommandException(BAD_FORMAT);
    }
  }

  /**
   * RESTORE's options after the payload. As in Redis, FREQ applies only under an LFU policy and
   * IDLETIME only under another.
   */
  private static final class RestoreOptions {
    boolean replace;
    boolean absttl;
    long idleSeconds = -1;
    long frequency = -1;

    static RestoreOptions parse(KeyspaceCall c) {
      RestoreOptions options = new RestoreOptions();
      for (int j = 4; j < c.argc(); j++) {
        byte[] option = c.arg(j);
        boolean hasValue = j + 1 < c.argc();
        if (Args.is(option, "replace")) {
          options.replace = true;
        } else if (Args.is(option, "absttl")) {
          options.absttl = true;
        } else if (Args.is(option, "idletime") && hasValue && options.frequency == -1) {
          options.idleSeconds = Args.parseLong(c.arg(++j));
          if (options.idleSeconds < 0) {
            throw new CommandException("ERR Invalid IDLETIME value, must be >= 0");
          }
        } else if (Args.is(option, "freq") && hasValue && options.idleSeconds == -1) {
          options.frequency = Args.parseLong(c.arg(++j));
          if (options.frequency < 0 || options.frequency > 255) {
            throw new CommandException("ERR Invalid FREQ value, must be >= 0 and <= 255");
          }
        } else {
          throw new CommandException(Errors.SYNTAX);
        }
      }
      return options;
    }
  }

  public static void register(CommandTable.Builder table) {
    KeySpec key = KeySpec.single(1);
    table
        .add(CommandSpec.keyspace("dump", 2, key, DumpCommands::dump).flags(READONLY)
            .doc("Return a serialized version of the value stored at the specified key.", "2.6.0", "generic",
                "O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis "
                + "objects composing the value and M their average size. For small string values the time "
                + "complexity is thus O(1)+O(1*M) where M is small, so simply O(1)."))
        .add(CommandSpec.keyspace("restore", -4, key, DumpCommands::restore).flags(WRITE, DENYOOM)
            .doc("Create a key using the provided serialized value, previously obtained using DUMP.", "2.6.0",
                "generic", "O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, "
                + "where N is the number of Redis objects composing the value and M their average size. For small "
                + "string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However "
                + "for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets "
                + "is O(log(N))."));
  }
}

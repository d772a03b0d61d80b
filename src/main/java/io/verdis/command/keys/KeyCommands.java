package io.verdis.command.keys;

import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.KeySpec;
import io.verdis.command.KeyspaceCall;

import static io.verdis.command.CommandFlag.FAST;
import static io.verdis.command.CommandFlag.READONLY;
import static io.verdis.command.CommandFlag.WRITE;

/** The generic key family (Redis's db.c and expire.c commands). */
public final class KeyCommands {
  private KeyCommands() {
  }

  static void del(KeyspaceCall c) {
    int deleted = 0;
    for (int i = 1; i < c.argc(); i++) {
      if (c.db().delete(c.arg(i))) {
        deleted++;
      }
    }
    c.reply().integer(deleted);
  }

  static void exists(KeyspaceCall c) {
    int found = 0;
    for (int i = 1; i < c.argc(); i++) {
      if (c.db().peek(c.arg(i)) != null) {
        found++;
      }
    }
    c.reply().integer(found);
  }

  static void dbsize(KeyspaceCall c) {
    c.reply().integer(c.db().size());
  }

  static void flushall(KeyspaceCall c) {
    for (int i = 0; i < c.databaseCount(); i++) {
      c.database(i).clear();
    }
    c.reply().ok();
  }

  public static void register(CommandTable.Builder table) {
    KeySpec all = new KeySpec(1, -1, 1);
    table
        .add(CommandSpec.keyspace("del", -2, all, KeyCommands::del).flags(WRITE)
            .doc("Deletes one or more keys.", "1.0.0", "generic", "O(N) where N is the number of keys that will be removed."))
        .add(CommandSpec.keyspace("exists", -2, all, KeyCommands::exists).flags(READONLY, FAST)
            .doc("Determines whether one or more keys exist.", "1.0.0", "generic", "O(N) where N is the number of keys to check."))
        .add(CommandSpec.keyspace("dbsize", 1, KeySpec.NONE, KeyCommands::dbsize).flags(READONLY, FAST)
            .doc("Returns the number of keys in the database.", "1.0.0", "server", "O(1)"))
        .add(CommandSpec.keyspace("flushall", -1, KeySpec.NONE, KeyCommands::flushall).flags(WRITE)
            .doc("Removes all keys from all databases.", "1.0.0", "server", "O(N) where N is the total number of keys in all databases"));
  }
}

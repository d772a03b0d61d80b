package io.verdis.command.transactions;

import io.verdis.client.Watch;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.KeySpec;
import io.verdis.command.KeyspaceCall;

import static io.verdis.command.CommandFlag.ALLOW_BUSY;
import static io.verdis.command.CommandFlag.FAST;
import static io.verdis.command.CommandFlag.LOADING;
import static io.verdis.command.CommandFlag.NOSCRIPT;
import static io.verdis.command.CommandFlag.SKIP_SLOWLOG;
import static io.verdis.command.CommandFlag.STALE;

/** The transaction family (Redis's multi.c): MULTI, EXEC, DISCARD, WATCH, UNWATCH. */
public final class TransactionCommands {
  private TransactionCommands() {
  }

  static void multi(ClientCall c) {
    c.transaction().multi();
    c.reply().ok();
  }

  static void exec(ClientCall c) {
    c.transaction().exec();
  }

  static void discard(ClientCall c) {
    c.transaction().discard();
    c.reply().ok();
  }

  static void unwatch(ClientCall c) {
    c.transaction().unwatch();
    c.reply().ok();
  }

  /**
   * WATCH runs on the keys' shards, which register the client's watch (created by its connection).
   * None left means the client disconnected while its WATCH was on the way: nothing to register.
   */
  static void watch(KeyspaceCall c) {
    Watch watch = c.client().watch();
    for (int i = 1; watch != null && i < c.argc(); i++) {
      c.watch(c.arg(i), watch);
    }
    c.reply().ok();
  }

  public static void register(CommandTable.Builder table) {
    table
        .add(CommandSpec.client("multi", 1, TransactionCommands::multi)
            .flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY)
            .doc("Starts a transaction.", "1.2.0", "transactions", "O(1)"))
        .add(CommandSpec.client("exec", 1, TransactionCommands::exec)
            .flags(NOSCRIPT, LOADING, STALE, SKIP_SLOWLOG)
            .doc("Executes all commands in a transaction.", "1.2.0", "transactions",
                "Depends on commands in the transaction"))
        .add(CommandSpec.client("discard", 1, TransactionCommands::discard)
            .flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY)
            .doc("Discards a transaction.", "2.0.0", "transactions", "O(N), when N is the number of queued commands"))
        .add(CommandSpec.keyspace("watch", -2, new KeySpec(1, -1, 1), TransactionCommands::watch)
            .flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY)
            .doc("Monitors changes to keys to determine the execution of a transaction.", "2.2.0", "transactions",
                "O(1) for every key."))
        .add(CommandSpec.client("unwatch", 1, TransactionCommands::unwatch)
            .flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY)
            .doc("Forgets about watched keys of a transaction.", "2.2.0", "transactions", "O(1)"));
  }
}

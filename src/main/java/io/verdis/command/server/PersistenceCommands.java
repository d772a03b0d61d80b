package io.verdis.command.server;

import io.verdis.command.Args;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.DeferredReply;
import io.verdis.command.Errors;
import io.vertx.core.Future;

import static io.verdis.command.CommandFlag.ADMIN;
import static io.verdis.command.CommandFlag.FAST;
import static io.verdis.command.CommandFlag.LOADING;
import static io.verdis.command.CommandFlag.NOSCRIPT;
import static io.verdis.command.CommandFlag.NO_ASYNC_LOADING;
import static io.verdis.command.CommandFlag.NO_MULTI;
import static io.verdis.command.CommandFlag.STALE;

/** SAVE, BGSAVE, BGREWRITEAOF and LASTSAVE (Redis's rdb.c and aof.c commands). */
public final class PersistenceCommands {
  private PersistenceCommands() {
  }

  /** SAVE: the snapshot is taken at once; the reply comes when the file is on disk. */
  static void save(ClientCall c) {
    Future<Void> saving = c.server().persistence().snapshots().bgsave();
    if (saving.failed()) {
      throw new CommandException(saving.cause().getMessage());
    }
    DeferredReply reply = c.defer();
    saving.onComplete(result -> reply.complete(out -> {
      if (result.succeeded()) {
        out.ok();
      } else {
        out.error("ERR");
      }
    }));
  }

  /** BGSAVE [SCHEDULE]. */
  static void bgsave(ClientCall c) {
    if (c.argc() > 2 || (c.argc() == 2 && !Args.is(c.arg(1), "schedule"))) {
      throw new CommandException(Errors.SYNTAX);
    }
    Future<Void> saving = c.server().persistence().snapshots().bgsave();
    if (saving.failed()) {
      throw new CommandException(saving.cause().getMessage());
    }
    c.reply().simple("Background saving started");
  }

  static void bgrewriteaof(ClientCall c) {
    Future<Void> rewriting = c.server().persistence().rewrite();
    if (rewriting.failed()) {
      throw new CommandException(rewriting.cause().getMessage());
    }
    c.reply().simple("Background append only file rewriting started");
  }

  static void lastsave(ClientCall c) {
    c.reply().integer(c.server().persistence().snapshots().lastSaveSeconds());
  }

  static void register(CommandTable.Builder table) {
    table
        .add(CommandSpec.client("save", 1, PersistenceCommands::save).flags(ADMIN, NOSCRIPT, NO_ASYNC_LOADING, NO_MULTI)
            .doc("Synchronously saves the database(s) to disk.", "1.0.0", "server",
                "O(N) where N is the total number of keys in all databases"))
        .add(CommandSpec.client("bgsave", -1, PersistenceCommands::bgsave).flags(ADMIN, NOSCRIPT, NO_ASYNC_LOADING)
            .doc("Asynchronously saves the database(s) to disk.", "1.0.0", "server", "O(1)"))
        .add(CommandSpec.client("bgrewriteaof", 1, PersistenceCommands::bgrewriteaof)
            .flags(ADMIN, NOSCRIPT, NO_ASYNC_LOADING)
            .doc("Asynchronously rewrites the append-only file to disk.", "1.0.0", "server", "O(1)"))
        .add(CommandSpec.client("lastsave", 1, PersistenceCommands::lastsave).flags(LOADING, STALE, FAST)
            .doc("Returns the Unix timestamp of the last successful save to disk.", "1.0.0", "server", "O(1)"));
  }
}

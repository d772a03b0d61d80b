package io.verdis.command.server;

import io.verdis.command.Args;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.DeferredReply;
import io.verdis.command.Errors;
import io.verdis.command.KeySpec;
import io.verdis.command.KeyspaceCall;
import io.verdis.server.ServerState;

import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import static io.verdis.command.CommandFlag.ADMIN;
import static io.verdis.command.CommandFlag.ALLOW_BUSY;
import static io.verdis.command.CommandFlag.FAST;
import static io.verdis.command.CommandFlag.LOADING;
import static io.verdis.command.CommandFlag.NOSCRIPT;
import static io.verdis.command.CommandFlag.PROTECTED;
import static io.verdis.command.CommandFlag.NO_MULTI;
import static io.verdis.command.CommandFlag.STALE;

/**
 * The server family: INFO, TIME, DEBUG, SHUTDOWN here; persistence in {@link PersistenceCommands};
 * the containers COMMAND, CONFIG and SLOWLOG in {@link CommandCommands}, {@link ConfigCommands}
 * and {@link SlowLogCommands}.
 */
public final class ServerCommands {
  private ServerCommands() {
  }

  /**
   * INFO [section ...]: a keyspace command without keys, so it runs with every shard held and sees
   * their counts and counters at one instant. Unknown sections are skipped, as Redis does.
   */
  static void info(KeyspaceCall c) {
    Set<String> sections = new HashSet<>();
    if (c.argc() == 1) {
      sections.addAll(InfoReport.DEFAULT_SECTIONS);
    }
    for (int i = 1; i < c.argc(); i++) {
      String section = Args.text(c.arg(i)).toLowerCase(Locale.ROOT);
      switch (section) {
        case "default" -> sections.addAll(InfoReport.DEFAULT_SECTIONS);
        case "all", "everything" -> sections.addAll(InfoReport.SECTIONS);
        default -> sections.add(section);
      }
    }
    c.reply().verbatim(InfoReport.render(c, sections));
  }

  static void time(ClientCall c) {
    Instant now = Instant.now();
    c.reply().array(2);
    c.reply().bulk(Args.bytes(now.getEpochSecond()));
    c.reply().bulk(Args.bytes(now.getNano() / 1000));
  }

  /**
   * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT], checked as Redis checks them. An RDB is saved
   * when SAVE is given, or when save points are set and NOSAVE is not; the AOF is flushed and
   * fsynced. No reply on success: the connection closes as the server exits. If saving fails the
   * server keeps running and says so (unless FORCE). NOW changes nothing (there are no replicas
   * to wait for) and ABORT never finds a shutdown in progress.
   */
  static void shutdown(ClientCall c) {
    boolean save = false;
    boolean nosave = false;
    boolean force = false;
    boolean other = false;
    boolean abort = false;
    for (int i = 1; i < c.argc(); i++) {
      byte[] option = c.arg(i);
      if (Args.is(option, "nosave")) {
        nosave = true;
      } else if (Args.is(option, "save")) {
        save = true;
      } else if (Args.is(option, "now")) {
        other = true;
      } else if (Args.is(option, "force")) {
        force = true;
        other = true;
      } else if (Args.is(option, "abort")) {
        abort = true;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    if ((abort && (save || nosave || other)) || (save && nosave)) {
      throw new CommandException(Errors.SYNTAX);
    }
    if (abort) {
      throw new CommandException("ERR No shutdown in progress.");
    }
    DeferredReply reply = c.defer();
    boolean forced = force;
    c.server().shutdown(new ServerState.ShutdownOptions(save, nosave))
        .onFailure(e -> {
          if (forced) {
            c.server().shutdown(new ServerState.ShutdownOptions(false, true));
          } else {
            reply.complete(out -> out.error("ERR Errors trying to SHUTDOWN. Check logs."));
          }
        });
  }

  public static void register(CommandTable.Builder table) {
    table
        .add(CommandSpec.keyspace("info", -1, KeySpec.NONE, ServerCommands::info).flags(LOADING, STALE)
            .doc("Returns information and statistics about the server.", "1.0.0", "server", "O(1)"))
        .add(CommandSpec.client("time", 1, ServerCommands::time).flags(LOADING, STALE, FAST)
            .doc("Returns the server time.", "2.6.0", "server", "O(1)"))
        .add(CommandSpec.client("debug", -2, DebugCommands::debug).flags(ADMIN, NOSCRIPT, LOADING, STALE, PROTECTED)
            .doc("A container for debugging commands.", "1.0.0", "server", "Depends on subcommand."))
        .add(CommandSpec.client("shutdown", -1, ServerCommands::shutdown)
            .flags(ADMIN, NOSCRIPT, LOADING, STALE, NO_MULTI, ALLOW_BUSY)
            .doc("Synchronously saves the database(s) to disk and shuts down the Redis server.", "1.0.0", "server",
                "O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)"));
    PersistenceCommands.register(table);
    CommandCommands.register(table);
    ConfigCommands.register(table);
    SlowLogCommands.register(table);
    LatencyCommands.register(table);
    MemoryCommands.register(table);
    LolwutCommand.register(table);
  }
}

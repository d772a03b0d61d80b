package io.verdis.command.server;

import io.verdis.command.Args;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.DeferredReply;
import io.verdis.command.Errors;
import io.verdis.net.LoopbackAddress;
import io.verdis.net.RespWriter;
import io.verdis.server.Config;
import io.verdis.server.ConfigException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.verdis.command.CommandFlag.ADMIN;
import static io.verdis.command.CommandFlag.LOADING;
import static io.verdis.command.CommandFlag.NOSCRIPT;
import static io.verdis.command.CommandFlag.STALE;

/**
 * CONFIG and its subcommands: thin over {@link Config}, which owns the settings, their checks and
 * Redis's error texts (the messages of its exceptions are the error replies).
 */
public final class ConfigCommands {
  private static final List<String> HELP = List.of(
      "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "GET <pattern>",
      "    Return parameters matching the glob-like <pattern> and their values.",
      "SET <directive> <value>",
      "    Set the configuration <directive> to <value>.",
      "RESETSTAT",
      "    Reset statistics reported by the INFO command.",
      "REWRITE",
      "    Rewrite the configuration file.",
      "HELP",
      "    Prints this help.");

  private ConfigCommands() {
  }

  /** CONFIG GET pattern [pattern ...]: a map; a setting matched by several patterns appears once. */
  static void get(ClientCall c) {
    Map<String, String> found = new LinkedHashMap<>();
    for (int i = 2; i < c.argc(); i++) {
      for (Map.Entry<String, String> setting : c.server().config().get(Args.text(c.arg(i)))) {
        found.putIfAbsent(setting.getKey(), setting.getValue());
      }
    }
    c.reply().map(found.size());
    found.forEach((name, value) -> {
      c.reply().bulk(name);
      c.reply().bulk(value);
    });
  }

  /**
   * CONFIG SET name value [name value ...]: all or nothing, as in Redis 7 — when one pair fails,
   * the pairs already applied get their previous values back.
   */
  /** CONFIG SET name value [name value ...]: all pairs apply, or none does. */
  static void set(ClientCall c) {
    if (c.argc() % 2 != 0) {
      throw new CommandException(Errors.SYNTAX);
    }
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    for (int i = 2; i < c.argc(); i += 2) {
      pairs.add(Map.entry(Args.text(c.arg(i)), Args.text(c.arg(i + 1))));
    }
    CompletableFuture<Void> applied;
    try {
      applied = c.server().config().set(pairs, LoopbackAddress.isLoopback(c.session().address())).toCompletableFuture();
    } catch (ConfigException e) {
      throw new CommandException(e.getMessage());
    }
    if (applied.isDone()) {
      c.reply().ok();
      return;
    }
    // A TLS reload finishes on Vert.x's side: answer once it has, as Redis answers after it.
    DeferredReply reply = c.defer();
    applied.whenComplete((ignored, failure) -> reply.complete(RespWriter::ok));
  }




  /** CONFIG RESETSTAT: INFO stats, every command's commandstats, the slow log (keyspace counters stay). */
  static void resetstat(ClientCall c) {
    c.server().stats().reset();
    c.server().commands().all().forEach(ConfigCommands::resetStats);
    c.server().slowLog().reset();
    c.reply().ok();
  }

  private static void resetStats(CommandSpec spec) {
    spec.stats().reset();
    spec.subcommands().values().forEach(ConfigCommands::resetStats);
  }

  static void rewrite(ClientCall c) {
    try {
      c.server().config().rewrite();
    } catch (ConfigException e) {
      throw new CommandException(e.getMessage());
    }
    c.reply().ok();
  }

  static void help(ClientCall c) {
    c.reply().help(HELP);
  }

  public static void register(CommandTable.Builder table) {
    table.add(CommandSpec.container("config")
        .doc("A container for server configuration commands.", "2.0.0", "server", "Depends on subcommand.")
        .sub(CommandSpec.client("get", -3, ConfigCommands::get).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("Returns the effective values of configuration parameters.", "2.0.0", "server",
                "O(N) when N is the number of configuration parameters provided"))
        .sub(CommandSpec.client("set", -4, ConfigCommands::set).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("Sets configuration parameters in-flight.", "2.0.0", "server",
                "O(N) when N is the number of configuration parameters provided"))
        .sub(CommandSpec.client("resetstat", 2, ConfigCommands::resetstat).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("Resets the server's statistics.", "2.0.0", "server", "O(1)"))
        .sub(CommandSpec.client("rewrite", 2, ConfigCommands::rewrite).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("Persists the effective configuration to file.", "2.8.0", "server", "O(1)"))
        .sub(CommandSpec.client("help", 2, ConfigCommands::help).flags(LOADING, STALE)
            .doc("Returns helpful text about the different subcommands.", "5.0.0", "server", "O(1)")));
  }
}

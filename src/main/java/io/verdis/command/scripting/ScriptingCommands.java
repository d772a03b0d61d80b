package io.verdis.command.scripting;

import io.verdis.command.ClientCall;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.Errors;
import io.verdis.command.KeySpec;
import io.verdis.script.Scripting;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import static io.verdis.command.CommandFlag.ALLOW_BUSY;
import static io.verdis.command.CommandFlag.LOADING;
import static io.verdis.command.CommandFlag.MAY_REPLICATE;
import static io.verdis.command.CommandFlag.NOSCRIPT;
import static io.verdis.command.CommandFlag.NO_MANDATORY_KEYS;
import static io.verdis.command.CommandFlag.READONLY;
import static io.verdis.command.CommandFlag.SKIP_MONITOR;
import static io.verdis.command.CommandFlag.STALE;

/** The scripting family (Redis's eval.c): EVAL, EVALSHA, their read-only forms, and SCRIPT. */
public final class ScriptingCommands {
  private static final List<String> SCRIPT_HELP = List.of(
      "SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "DEBUG (YES|SYNC|NO)",
      "    Set the debug mode for subsequent scripts executed.",
      "EXISTS <sha1> [<sha1> ...]",
      "    Return information about the existence of the scripts in the script cache.",
      "FLUSH [ASYNC|SYNC]",
      "    Flush the Lua scripts cache. Very dangerous on replicas.",
      "    When called without the optional mode argument, the behavior is determined by the",
      "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
      "    * ASYNC: Asynchronously flush the scripts cache.",
      "    * SYNC: Synchronously flush the scripts cache.",
      "KILL",
      "    Kill the currently executing Lua script.",
      "LOAD <script>",
      "    Load a script into the scripts cache without executing it.",
      "HELP",
      "    Prints this help.");

  private ScriptingCommands() {
  }

  static void load(ClientCall c) {
    c.reply().bulk(c.server().scripting().load(c.arg(2)).sha());
  }

  static void exists(ClientCall c) {
    Scripting scripting = c.server().scripting();
    c.reply().array(c.argc() - 2);
    for (int i = 2; i < c.argc(); i++) {
      String sha = new String(c.arg(i), StandardCharsets.US_ASCII);
      c.reply().integer(sha.length() == 40 && scripting.exists(sha) ? 1 : 0);
    }
  }

  static void flush(ClientCall c) {
    if (c.argc() > 3) {
      throw new CommandException("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
    }
    if (c.argc() == 3) {
      String mode = new String(c.arg(2), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
      if (!mode.equals("SYNC") && !mode.equals("ASYNC")) {
        throw new CommandException("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
      }
    }
    c.server().scripting().flush();
    c.reply().ok();
  }

  static void kill(ClientCall c) {
    c.server().scripting().kill(false);
    c.reply().ok();
  }

  static void debug(ClientCall c) {
    throw new CommandException("ERR SCRIPT DEBUG is not supported by Verdis: use redis.log and redis.breakpoint is a no-op");
  }

  static void help(ClientCall c) {
    c.reply().help(SCRIPT_HELP);
  }

  public static void register(CommandTable.Builder table) {
    KeySpec numkeys = KeySpec.numkeys(0, 2);
    table
        .add(CommandSpec.keyspace("eval", -3, numkeys, new EvalCommand(false, false))
            .flags(NOSCRIPT, SKIP_MONITOR, MAY_REPLICATE, STALE, NO_MANDATORY_KEYS)
            .doc("Executes a server-side Lua script.", "2.6.0", "scripting", "Depends on the script that is executed."))
        .add(CommandSpec.keyspace("evalsha", -3, numkeys, new EvalCommand(true, false))
            .flags(NOSCRIPT, SKIP_MONITOR, MAY_REPLICATE, STALE, NO_MANDATORY_KEYS)
            .doc("Executes a server-side Lua script by SHA1 digest.", "2.6.0", "scripting",
                "Depends on the script that is executed."))
        .add(CommandSpec.keyspace("eval_ro", -3, numkeys, new EvalCommand(false, true))
            .flags(NOSCRIPT, SKIP_MONITOR, STALE, READONLY, NO_MANDATORY_KEYS)
            .doc("Executes a read-only server-side Lua script.", "7.0.0", "scripting",
                "Depends on the script that is executed."))
        .add(CommandSpec.keyspace("evalsha_ro", -3, numkeys, new EvalCommand(true, true))
            .flags(NOSCRIPT, SKIP_MONITOR, STALE, READONLY, NO_MANDATORY_KEYS)
            .doc("Executes a read-only server-side Lua script by SHA1 digest.", "7.0.0", "scripting",
                "Depends on the script that is executed."))
        .add(CommandSpec.container("script")
            .doc("A container for Lua scripts management commands.", "2.6.0", "scripting", "Depends on subcommand.")
            .sub(CommandSpec.client("load", 3, ScriptingCommands::load).flags(NOSCRIPT, STALE)
                .doc("Loads a server-side Lua script to the script cache.", "2.6.0", "scripting",
                    "O(N) with N being the length in bytes of the script body."))
            .sub(CommandSpec.client("exists", -3, ScriptingCommands::exists).flags(NOSCRIPT)
                .doc("Determines whether server-side Lua scripts exist in the script cache.", "2.6.0", "scripting",
                    "O(N) with N being the number of scripts to check (so checking a single script is an O(1) operation)."))
            .sub(CommandSpec.client("flush", -2, ScriptingCommands::flush).flags(NOSCRIPT)
                .doc("Removes all server-side Lua scripts from the script cache.", "2.6.0", "scripting",
                    "O(N) with N being the number of scripts in cache"))
            .sub(CommandSpec.client("kill", 2, ScriptingCommands::kill).flags(NOSCRIPT, ALLOW_BUSY)
                .doc("Terminates a server-side Lua script during execution.", "2.6.0", "scripting", "O(1)"))
            .sub(CommandSpec.client("debug", 3, ScriptingCommands::debug).flags(NOSCRIPT)
                .doc("Sets the debug mode of server-side Lua scripts.", "3.2.0", "scripting", "O(1)"))
            .sub(CommandSpec.client("help", 2, ScriptingCommands::help).flags(LOADING, STALE)
                .doc("Returns helpful text about the different subcommands.", "5.0.0", "scripting", "O(1)")));
  }
}

package io.verdis.command.scripting;

import io.verdis.command.Args;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.Errors;
import io.verdis.command.GlobPattern;
import io.verdis.command.KeySpec;
import io.verdis.command.KeyspaceCall;
import io.verdis.net.RespWriter;
import io.verdis.persist.rdb.Dump;
import io.verdis.persist.rdb.FunctionDump;
import io.verdis.persist.rdb.RdbFormatException;
import io.verdis.script.FunctionLibrary;
import io.verdis.script.Functions;
import io.verdis.script.LibraryFunction;
import io.verdis.script.ScriptFlags;
import io.verdis.script.ScriptRun;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.verdis.command.CommandFlag.ALLOW_BUSY;
import static io.verdis.command.CommandFlag.DENYOOM;
import static io.verdis.command.CommandFlag.LOADING;
import static io.verdis.command.CommandFlag.MAY_REPLICATE;
import static io.verdis.command.CommandFlag.NOSCRIPT;
import static io.verdis.command.CommandFlag.NO_MANDATORY_KEYS;
import static io.verdis.command.CommandFlag.READONLY;
import static io.verdis.command.CommandFlag.SKIP_MONITOR;
import static io.verdis.command.CommandFlag.STALE;
import static io.verdis.command.CommandFlag.WRITE;

/**
 * Redis 7's functions (functions.c): FUNCTION LOAD, DELETE, FLUSH, RESTORE change the libraries
 * with every shard held, as writes (so the AOF logs them and replays them in order with the keys);
 * LIST, STATS, DUMP, KILL, HELP read them on the connection; FCALL and FCALL_RO call a function.
 */
public final class FunctionCommands {
  private static final List<String> HELP = List.of(
      "FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "LOAD [REPLACE] <FUNCTION CODE>",
      "    Create a new library with the given library name and code.",
      "DELETE <LIBRARY NAME>",
      "    Delete the given library.",
      "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
      "    Return general information on all the libraries:",
      "    * Library name",
      "    * The engine used to run the Library",
      "    * Library description",
      "    * Functions list",
      "    * Library code (if WITHCODE is given)",
      "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
      "STATS",
      "    Return information about the current function running:",
      "    * Function name",
      "    * Command used to run the function",
      "    * Duration in MS that the function is running",
      "    If no function is running, return nil",
      "    In addition, returns a list of available engines.",
      "KILL",
      "    Kill the current running function.",
      "FLUSH [ASYNC|SYNC]",
      "    Delete all the libraries.",
      "    When called without the optional mode argument, the behavior is determined by the",
      "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
      "    * ASYNC: Asynchronously flush the libraries.",
      "    * SYNC: Synchronously flush the libraries.",
      "DUMP",
      "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
      "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
      "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
      "    control how to handle existing libraries (default APPEND):",
      "    * FLUSH: delete all existing libraries.",
      "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
      "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
      "      libraries with the new libraries (notice that even on this option there is a chance of failure",
      "      in case of functions name collision with another library).",
      "HELP",
      "    Prints this help.");

  private FunctionCommands() {
  }

  static void load(KeyspaceCall c) {
    boolean replace = false;
    int at = 2;
    if (c.argc() > 3) {
      if (!upper(c.arg(2)).equals("REPLACE")) {
        throw new CommandException("ERR Unknown option given: " + new String(c.arg(2), StandardCharsets.UTF_8));
      }
      replace = true;
      at = 3;
    }
    if (at != c.argc() - 1) {
      throw new CommandException("ERR Function LOAD wrong number of arguments");
    }
    String name = c.server().scripting().functions().load(c.arg(at), replace);
    c.changedOutsideKeys();
    c.reply().bulk(name);
  }

  static void delete(KeyspaceCall c) {
    c.server().scripting().functions().delete(new String(c.arg(2), StandardCharsets.UTF_8));
    c.changedOutsideKeys();
    c.reply().ok();
  }

  static void flush(KeyspaceCall c) {
    if (c.argc() == 3) {
      String mode = upper(c.arg(2));
      if (!mode.equals("SYNC") && !mode.equals("ASYNC")) {
        throw new CommandException("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
      }
    }
    c.server().scripting().functions().flush();
    c.changedOutsideKeys();
    c.reply().ok();
  }

  /** The libraries in the payload format redis-server's FUNCTION DUMP writes (see {@link FunctionDump}). */
  static void dump(ClientCall c) {
    c.reply().bulk(FunctionDump.serialize(c.server().scripting().functions().codes()));
  }

  /** FUNCTION RESTORE payload [FLUSH|APPEND|REPLACE]: the checks and replies of Redis's functionRestoreCommand. */
  static void restore(KeyspaceCall c) {
    if (c.argc() > 4) {
      throw new CommandException(Errors.subcommandSyntax(Args.text(c.arg(1)), "FUNCTION"));
    }
    Functions.RestorePolicy policy = Functions.RestorePolicy.APPEND;
    if (c.argc() == 4) {
      try {
        policy = Functions.RestorePolicy.valueOf(upper(c.arg(3)));
      } catch (IllegalArgumentException e) {
        throw new CommandException("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
      }
    }
    byte[] payload = c.arg(2);
    if (!Dump.verify(payload)) {
      throw new CommandException("ERR DUMP payload version or checksum are wrong");
    }
    List<byte[]> codes;
    try {
      codes = FunctionDump.deserialize(payload);
    } catch (RdbFormatException e) {
      throw new CommandException("ERR " + e.problem());
    }
    c.server().scripting().functions().restore(codes, policy);
    c.changedOutsideKeys();
    c.reply().ok();
  }

  static void list(ClientCall c) {
    byte[] pattern = null;
    boolean withCode = false;
    for (int i = 2; i < c.argc(); i++) {
      String option = upper(c.arg(i));
      if (option.equals("WITHCODE") && !withCode) {
        withCode = true;
      } else if (option.equals("LIBRARYNAME") && pattern == null && i + 1 < c.argc()) {
        pattern = c.arg(++i);
      } else {
        throw new CommandException("ERR Unknown argument " + new String(c.arg(i), StandardCharsets.UTF_8));
      }
    }
    List<FunctionLibrary> matching = new ArrayList<>();
    for (FunctionLibrary library : c.server().scripting().functions().libraries()) {
      if (pattern == null || GlobPattern.matches(pattern, library.name().getBytes(StandardCharsets.UTF_8), false)) {
        matching.add(library);
      }
    }
    RespWriter reply = c.reply();
    reply.array(matching.size());
    for (FunctionLibrary library : matching) {
      reply.map(withCode ? 4 : 3);
      reply.bulk("library_name");
      reply.bulk(library.name());
      reply.bulk("engine");
      reply.bulk("LUA");
      reply.bulk("functions");
      reply.array(library.functions().size());
      for (LibraryFunction function : library.functions().values()) {
        reply.map(3);
        reply.bulk("name");
        reply.bulk(function.name());
        reply.bulk("description");
        if (function.description() == null) {
          reply.nullBulk();
        } else {
          reply.bulk(function.description());
        }
        reply.bulk("flags");
        // Status strings, as Redis's functionListCommand replies them.
        reply.set(function.flags().flags().size());
        for (ScriptFlags.Flag flag : function.flags().flags()) {
          reply.simple(flag.text());
        }
      }
      if (withCode) {
        reply.bulk("library_code");
        reply.bulk(library.code());
      }
    }
  }

  static void stats(ClientCall c) {
    RespWriter reply = c.reply();
    Functions functions = c.server().scripting().functions();
    reply.map(2);
    reply.bulk("running_script");
    ScriptRun running = c.server().scripting().runningFunction();
    if (running == null) {
      reply.nullBulk();
    } else {
      reply.map(3);
      reply.bulk("name");
      reply.bulk(running.name());
      reply.bulk("command");
      byte[][] command = running.command();
      reply.array(command.length);
      for (byte[] arg : command) {
        reply.bulk(arg);
      }
      reply.bulk("duration_ms");
      reply.integer(running.runningMillis());
    }
    reply.bulk("engines");
    reply.map(1);
    reply.bulk("LUA");
    reply.map(2);
    reply.bulk("libraries_count");
    reply.integer(functions.libraries().size());
    reply.bulk("functions_count");
    reply.integer(functions.functionCount());
  }

  static void kill(ClientCall c) {
    c.server().scripting().kill(true);
    c.reply().ok();
  }

  static void help(ClientCall c) {
    c.reply().help(HELP);
  }

  private static String upper(byte[] arg) {
    return new String(arg, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
  }

  public static void register(CommandTable.Builder table) {
    KeySpec numkeys = KeySpec.numkeys(0, 2);
    table
        .add(CommandSpec.keyspace("fcall", -3, numkeys, new FcallCommand(false))
            .flags(NOSCRIPT, SKIP_MONITOR, MAY_REPLICATE, STALE, NO_MANDATORY_KEYS)
            .doc("Invokes a function.", "7.0.0", "scripting", "Depends on the function that is executed."))
        .add(CommandSpec.keyspace("fcall_ro", -3, numkeys, new FcallCommand(true))
            .flags(NOSCRIPT, SKIP_MONITOR, STALE, READONLY, NO_MANDATORY_KEYS)
            .doc("Invokes a read-only function.", "7.0.0", "scripting", "Depends on the function that is executed."))
        .add(CommandSpec.container("function")
            .doc("A container for function commands.", "7.0.0", "scripting", "Depends on subcommand.")
            .sub(CommandSpec.keyspace("load", -3, KeySpec.NONE, FunctionCommands::load).flags(WRITE, DENYOOM, NOSCRIPT)
                .doc("Creates a library.", "7.0.0", "scripting", "O(1) (considering compilation time is redundant)"))
            .sub(CommandSpec.keyspace("delete", 3, KeySpec.NONE, FunctionCommands::delete).flags(WRITE, NOSCRIPT)
                .doc("Deletes a library and its functions.", "7.0.0", "scripting", "O(1)"))
            .sub(CommandSpec.keyspace("flush", -2, KeySpec.NONE, FunctionCommands::flush).flags(WRITE, NOSCRIPT)
                .doc("Deletes all libraries and functions.", "7.0.0", "scripting",
                    "O(N) where N is the number of functions deleted"))
            .sub(CommandSpec.keyspace("restore", -3, KeySpec.NONE, FunctionCommands::restore)
                .flags(WRITE, DENYOOM, NOSCRIPT)
                .doc("Restore all the functions on the given payload", "7.0.0", "scripting",
                    "O(N) where N is the number of functions on the payload"))
            .sub(CommandSpec.client("dump", 2, FunctionCommands::dump).flags(NOSCRIPT)
                .doc("Dump all functions into a serialized binary payload", "7.0.0", "scripting",
                    "O(N) where N is the number of functions"))
            .sub(CommandSpec.client("list", -2, FunctionCommands::list).flags(NOSCRIPT)
                .doc("Returns information about all libraries.", "7.0.0", "scripting", "O(N) where N is the number of functions"))
            .sub(CommandSpec.client("stats", 2, FunctionCommands::stats).flags(NOSCRIPT, ALLOW_BUSY)
                .doc("Returns information about a function during execution.", "7.0.0", "scripting", "O(1)"))
            .sub(CommandSpec.client("kill", 2, FunctionCommands::kill).flags(NOSCRIPT, ALLOW_BUSY)
                .doc("Terminates a function during execution.", "7.0.0", "scripting", "O(1)"))
            .sub(CommandSpec.client("help", 2, FunctionCommands::help).flags(LOADING, STALE)
                .doc("Returns helpful text about the different subcommands.", "7.0.0", "scripting", "O(1)")));
  }
}

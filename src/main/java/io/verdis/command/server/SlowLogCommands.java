package io.verdis.command.server;

import io.verdis.command.Args;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.Errors;
import io.verdis.net.RespWriter;
import io.verdis.server.SlowLog;

import java.util.List;

import static io.verdis.command.CommandFlag.ADMIN;
import static io.verdis.command.CommandFlag.LOADING;
import static io.verdis.command.CommandFlag.STALE;

/** SLOWLOG and its subcommands, over the node's {@link SlowLog}. */
public final class SlowLogCommands {
  private static final int DEFAULT_COUNT = 10;
  private static final List<String> HELP = List.of(
      "SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "GET [<count>]",
      "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
      "    Entries are made of:",
      "    id, timestamp, time in microseconds, arguments array, client IP and port,",
      "    client name",
      "LEN",
      "    Return the length of the slowlog.",
      "RESET",
      "    Reset the slowlog.",
      "HELP",
      "    Prints this help.");

  private SlowLogCommands() {
  }

  /** SLOWLOG GET [count]: newest first, each [id, unix time, µs, [args], client address, client name]. */
  static void get(ClientCall c) {
    if (c.argc() > 3) {
      throw new CommandException(Errors.subcommandSyntax(Args.text(c.arg(1)), "SLOWLOG"));
    }
    long count = DEFAULT_COUNT;
    if (c.argc() == 3) {
      count = Args.parseLongOr(c.arg(2), Long.MIN_VALUE);
      if (count < -1) {
        throw new CommandException("ERR count should be greater than or equal to -1");
      }
    }
    List<SlowLog.Entry> entries = c.server().slowLog().newest(count == -1 ? Integer.MAX_VALUE
        : (int) Math.min(count, Integer.MAX_VALUE));
    RespWriter reply = c.reply();
    reply.array(entries.size());
    for (SlowLog.Entry entry : entries) {
      reply.array(6);
      reply.integer(entry.id());
      reply.integer(entry.unixSeconds());
      reply.integer(entry.micros());
      reply.array(entry.args().size());
      entry.args().forEach(reply::bulk);
      reply.bulk(entry.clientAddress());
      reply.bulk(entry.clientName());
    }
  }

  static void len(ClientCall c) {
    c.reply().integer(c.server().slowLog().size());
  }

  static void reset(ClientCall c) {
    c.server().slowLog().reset();
    c.reply().ok();
  }

  static void help(ClientCall c) {
    c.reply().help(HELP);
  }

  public static void register(CommandTable.Builder table) {
    table.add(CommandSpec.container("slowlog")
        .doc("A container for slow log commands.", "2.2.12", "server", "Depends on subcommand.")
        .sub(CommandSpec.client("get", -2, SlowLogCommands::get).flags(ADMIN, LOADING, STALE)
            .doc("Returns the slow log's entries.", "2.2.12", "server", "O(N) where N is the number of entries returned"))
        .sub(CommandSpec.client("len", 2, SlowLogCommands::len).flags(ADMIN, LOADING, STALE)
            .doc("Returns the number of entries in the slow log.", "2.2.12", "server", "O(1)"))
        .sub(CommandSpec.client("reset", 2, SlowLogCommands::reset).flags(ADMIN, LOADING, STALE)
            .doc("Clears all entries from the slow log.", "2.2.12", "server",
                "O(N) where N is the number of entries in the slowlog"))
        .sub(CommandSpec.client("help", 2, SlowLogCommands::help).flags(LOADING, STALE)
            .doc("Returns helpful text about the different subcommands.", "6.2.0", "server", "O(1)")));
  }
}

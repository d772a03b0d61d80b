package io.verdis.command.server;

import io.verdis.command.ClientCall;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;

import static io.verdis.command.CommandFlag.ADMIN;
import static io.verdis.command.CommandFlag.LOADING;
import static io.verdis.command.CommandFlag.NOSCRIPT;
import static io.verdis.command.CommandFlag.STALE;

/** The server family: INFO, CONFIG, COMMAND, SLOWLOG, DEBUG, TIME, SHUTDOWN, LASTSAVE. */
public final class ServerCommands {
  private ServerCommands() {
  }

  static void shutdown(ClientCall c) {
    c.server().shutdown();
  }

  public static void register(CommandTable.Builder table) {
    table.add(CommandSpec.client("shutdown", -1, ServerCommands::shutdown).flags(ADMIN, NOSCRIPT, LOADING, STALE)
        .doc("Synchronously saves the database(s) to disk and shuts down the Redis server.", "1.0.0", "server",
            "O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)"));
  }
}

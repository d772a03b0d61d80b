package io.verdis.command;

/** A command about the connection or the server (PING, SELECT, CLIENT, CONFIG …): no keyspace access. */
@FunctionalInterface
public non-sealed interface ClientCommand extends CommandHandler {
  void execute(ClientCall call);
}

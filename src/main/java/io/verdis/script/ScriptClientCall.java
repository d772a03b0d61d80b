package io.verdis.script;

import io.verdis.client.ClientSession;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandException;
import io.verdis.command.CommandInvoker;
import io.verdis.command.CommandSpec;
import io.verdis.command.DeferredReply;
import io.verdis.command.TransactionControl;
import io.verdis.net.RespWriter;
import io.verdis.server.ServerState;

/**
 * A connection command (PING, ECHO, TIME, INFO …) called from a script: it runs where the script
 * runs, for the script's client. What only a connection can do (close, defer, transactions) is
 * refused, as Redis refuses those commands in scripts.
 */
final class ScriptClientCall implements ClientCall {
  private static final String NOT_FROM_SCRIPT = "ERR This Redis command is not allowed from script";

  private final ServerState server;
  private final ClientSession session;
  private final byte[][] argv;
  private final RespWriter reply;

  ScriptClientCall(ServerState server, ClientSession session, byte[][] argv, RespWriter reply) {
    this.server = server;
    this.session = session;
    this.argv = argv;
    this.reply = reply;
  }

  void run(CommandSpec spec) {
    CommandInvoker.invoke(spec, this, argv, reply, server, session, System.nanoTime());
  }

  @Override
  public boolean fromScript() {
    return true;
  }

  @Override
  public byte[][] argv() {
    return argv;
  }

  @Override
  public RespWriter reply() {
    return reply;
  }

  @Override
  public ClientSession session() {
    return session;
  }

  @Override
  public ServerState server() {
    return server;
  }

  @Override
  public void closeAfterReply() {
    throw new CommandException(NOT_FROM_SCRIPT);
  }

  @Override
  public TransactionControl transaction() {
    throw new CommandException(NOT_FROM_SCRIPT);
  }

  @Override
  public DeferredReply defer() {
    throw new CommandException(NOT_FROM_SCRIPT);
  }
}

package io.verdis.command;

import io.verdis.net.RespWriter;
import io.verdis.server.ServerState;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one command, wherever it runs: timing for INFO commandstats and the slow log, and a
 * failure becomes an error reply for that client only (anything the handler had written is dropped).
 */
public final class CommandInvoker {
  private static final Logger LOG = Logger.getLogger(CommandInvoker.class.getName());

  private CommandInvoker() {
  }

  public static void invoke(CommandSpec spec, Object call, byte[][] argv, RespWriter reply,
                            ServerState server, io.verdis.client.ClientSession client) {
    int mark = reply.position();
    boolean failed = false;
    long start = System.nanoTime();
    try {
      if (spec.handler() instanceof KeyspaceCommand keyspaceCommand) {
        keyspaceCommand.execute((KeyspaceCall) call);
      } else {
        ((ClientCommand) spec.handler()).execute((ClientCall) call);
      }
    } catch (CommandException e) {
      reply.buffer().writerIndex(mark);
      reply.error(e.getMessage());
      failed = true;
    } catch (RuntimeException | StackOverflowError e) {
      LOG.log(Level.WARNING, "command " + spec.fullName() + " failed", e);
      reply.buffer().writerIndex(mark);
      reply.error("ERR internal error in '" + spec.fullName() + "': " + e);
      failed = true;
    }
    long elapsed = System.nanoTime() - start;
    spec.stats().recordCall(elapsed, failed);
    server.stats().commandsProcessed.increment();
    if (failed) {
      server.stats().errorReplies.increment();
    }
    server.slowLog().consider(argv, elapsed / 1000, client);
  }
}

package io.verdis.command;

import io.verdis.client.Monitors;
import io.verdis.net.RespWriter;
import io.verdis.server.LatencyMonitor;
import io.verdis.server.ServerState;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one command, wherever it runs: timing for INFO commandstats (and LATENCY HISTOGRAM), the
 * slow log and the latency monitor, and a failure becomes an error reply for that client only
 * (anything the handler had written is dropped).
 */
public final class CommandInvoker {
  private static final Logger LOG = Logger.getLogger(CommandInvoker.class.getName());

  private CommandInvoker() {
  }

  /**
   * Runs a record of the AOF being loaded: no statistics, no slow log. An error reply is dropped,
   * as Redis drops what its loading client is told; the record still counts as replayed.
   */
  public static void replay(CommandSpec spec, KeyspaceCall call, byte[][] argv, RespWriter reply) {
    long mark = reply.written();
    try {
      ((KeyspaceCommand) spec.handler()).execute(call);
    } catch (CommandException e) {
      reply.rewind(mark);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "replaying " + spec.fullName() + " failed", e);
      reply.rewind(mark);
    }
  }

  /**
   * Runs the command; returns the time it ended. {@code startNanos} is when it started: a batch
   * passes the end of the previous command, so each command costs one clock read, not two.
   */
  public static long invoke(CommandSpec spec, Object call, byte[][] argv, RespWriter reply,
                            ServerState server, io.verdis.client.ClientSession client, long startNanos) {
    long mark = reply.written();
    boolean failed = false;
    boolean monitored = server.monitors().active();
    boolean script = monitored && Monitors.shownBefore(spec);
    if (script) {
      server.monitors().holdLines();
      feedMonitors(spec, call, argv, server, client);
    }
    boolean moving = false;
    try {
      if (spec.handler() instanceof KeyspaceCommand keyspaceCommand) {
        keyspaceCommand.execute((KeyspaceCall) call);
      } else {
        ((ClientCommand) spec.handler()).execute((ClientCall) call);
      }
    } catch (CommandException e) {
      reply.rewind(mark);
      reply.error(e.getMessage());
      failed = true;
    } catch (NeedsEveryShard e) {
      reply.rewind(mark);
      moving = true;
      throw e;
    } catch (OutOfMemoryError e) {
      // One command asked for more than the heap has (a script's string.rep of gigabytes): it
      // fails, the heap it took is garbage already, and the server goes on.
      reply.rewind(mark);
      reply.error("ERR out of memory running '" + spec.fullName() + "'");
      failed = true;
    } catch (RuntimeException | StackOverflowError e) {
      LOG.log(Level.WARNING, "command " + spec.fullName() + " failed", e);
      reply.rewind(mark);
      reply.error("ERR internal error in '" + spec.fullName() + "': " + e);
      failed = true;
    } finally {
      if (script) {
        server.monitors().releaseLines(!moving);
      }
    }
    long end = System.nanoTime();
    long elapsed = end - startNanos;
    spec.stats().recordCall(elapsed, failed);
    server.stats().commandLatency.record(elapsed);
    server.stats().commandsProcessed.increment();
    if (failed) {
      server.stats().errorReplies.increment();
    }
    server.slowLog().consider(argv, elapsed / 1000, client);
    LatencyMonitor latency = server.latencyMonitor();
    if (latency.enabled()) {
      // Redis's call(): fast commands spiking point at the system, not at the command.
      latency.consider(spec.has(CommandFlag.FAST) ? "fast-command" : "command", elapsed);
    }
    // An EXEC that runs its transaction is shown by the transaction once the queued commands ran.
    if (monitored && Monitors.shownAfter(spec) && (failed || !spec.fullName().equals("exec"))) {
      feedMonitors(spec, call, argv, server, client);
    }
    return end;
  }

  /** Shows the command to the clients in MONITOR mode, with the database it ran in and who ran it. */
  private static void feedMonitors(CommandSpec spec, Object call, byte[][] argv, ServerState server,
                                   io.verdis.client.ClientSession client) {
    if (call instanceof KeyspaceCall keyspaceCall) {
      server.monitors().feed(client, keyspaceCall.fromScript(), keyspaceCall.selectedDb(), spec, argv);
    } else if (client != null) {
      server.monitors().feed(client, ((ClientCall) call).fromScript(), client.db(), spec, argv);
    }
  }
}

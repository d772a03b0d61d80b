package io.verdis.command.server;

import io.verdis.command.Args;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandException;
import io.verdis.command.DeferredReply;
import io.verdis.command.Errors;
import io.verdis.net.RespWriter;
import io.verdis.server.MemoryUsage;
import io.vertx.core.Future;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * DEBUG (one command with its subcommand as first argument, as in Redis, not a container): the
 * subcommands that mean something for a JVM server. Whatever waits (a sleep, a heap histogram)
 * replies later through {@link ClientCall#defer}, so the event loop is never blocked.
 */
final class DebugCommands {
  private static final Logger LOG = Logger.getLogger(DebugCommands.class.getName());
  private static final int DEFAULT_HISTOGRAM_ROWS = 20;
  /** The number strtod reads at the start of DEBUG SLEEP's argument; anything else sleeps 0, as in Redis. */
  private static final Pattern LEADING_NUMBER = Pattern.compile("^\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*(\\d+):.*");
  private static final List<String> HELP = List.of(
      "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "ERROR <string>",
      "    Return a Redis protocol error with <string> as message. Useful for clients",
      "    unit tests to simulate Redis errors.",
      "HEAPHISTO [<count>]",
      "    Return the top <count> classes of a JVM class histogram of the heap (default: 20).",
      "JMAP",
      "    Write a summary of the JVM heap and its class histogram to the server log.",
      "LOADAOF",
      "    Flush the AOF buffers on disk and reload the AOF in memory.",
      "RELOAD [option ...]",
      "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
      "    * MERGE: conflicting keys will be loaded from RDB.",
      "    * NOFLUSH: the existing database will not be removed before load (Verdis",
      "      loads conflicting keys from the RDB, where Redis stops the server).",
      "    * NOSAVE: the database will be loaded from an existing RDB file.",
      "    Examples:",
      "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
      "      the database.",
      "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
      "      existing RDB file.",
      "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
      "      file to the database.",
      "SLEEP <seconds>",
      "    Stop the server for <seconds>. Decimals allowed.",
      "HELP",
      "    Prints this help.");

  private DebugCommands() {
  }

  static void debug(ClientCall c) {
    byte[] sub = c.arg(1);
    if (Args.is(sub, "help") && c.argc() == 2) {
      help(c);
    } else if (Args.is(sub, "sleep") && c.argc() == 3) {
      sleep(c);
    } else if (Args.is(sub, "jmap") && c.argc() == 2) {
      jmap(c);
    } else if (Args.is(sub, "heaphisto") && c.argc() <= 3) {
      heapHistogram(c);
    } else if (Args.is(sub, "error") && c.argc() == 3) {
      error(c);
    } else if (Args.is(sub, "reload")) {
      reload(c);
    } else if (Args.is(sub, "loadaof")) {
      loadAof(c);
    } else {
      String name = Args.text(sub);
      throw new CommandException(Errors.subcommandSyntax(name, "DEBUG"));
    }
  }

  /**
   * Only this client waits: its later replies queue behind this one; other clients go on. The
   * wait is a latency monitor "command" sample, as Redis's blocking sleep is.
   */
  static void sleep(ClientCall c) {
    Matcher number = LEADING_NUMBER.matcher(Args.text(c.arg(2)));
    double seconds = number.find() ? Double.parseDouble(number.group().trim()) : 0;
    long ms = Math.round(seconds * 1000);
    DeferredReply reply = c.defer();
    if (ms <= 0) {
      reply.complete(RespWriter::ok);
    } else {
      long start = System.nanoTime();
      c.server().vertx().setTimer(ms, id -> {
        // Redis's sleep stalls the server and shows as a "command" spike; ours holds only this
        // client's reply, and reports its wait the same way.
        c.server().latencyMonitor().consider("command", System.nanoTime() - start);
        reply.complete(RespWriter::ok);
      });
    }
  }

  /** DEBUG ERROR msg: msg as an error reply, line breaks turned into spaces (an error is one line). */
  static void error(ClientCall c) {
    c.reply().error(Args.text(c.arg(2)).replace('\r', ' ').replace('\n', ' '));
  }

  /** DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: see {@link io.verdis.persist.Persistence#reload}. */
  static void reload(ClientCall c) {
    boolean merge = false;
    boolean flush = true;
    boolean save = true;
    for (int i = 2; i < c.argc(); i++) {
      if (Args.is(c.arg(i), "merge")) {
        merge = true;
      } else if (Args.is(c.arg(i), "noflush")) {
        flush = false;
      } else if (Args.is(c.arg(i), "nosave")) {
        save = false;
      } else {
        throw new CommandException("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
      }
    }
    replyWhenDone(c, c.server().persistence().reload(save, flush, merge));
  }

  /** DEBUG LOADAOF (Redis ignores arguments after it): see {@link io.verdis.persist.Persistence#loadAof}. */
  static void loadAof(ClientCall c) {
    replyWhenDone(c, c.server().persistence().loadAof());
  }

  private static void replyWhenDone(ClientCall c, Future<Void> work) {
    DeferredReply reply = c.defer();
    work.onComplete(done -> reply.complete(out -> {
      if (done.succeeded()) {
        out.ok();
      } else {
        out.error(errorLine(done.cause()));
      }
    }));
  }

  /** The failure's message, or "ERR" and its class when it has none (an error reply needs a line). */
  static String errorLine(Throwable cause) {
    String message = cause.getMessage();
    return message == null || message.isBlank() ? "ERR " + cause.getClass().getName() : message;
  }

  /** Redis's old DEBUG JMAP: +OK once the summary is in the log. */
  static void jmap(ClientCall c) {
    DeferredReply reply = c.defer();
    c.server().vertx().executeBlocking(() -> histogram(DEFAULT_HISTOGRAM_ROWS)).onComplete(done -> {
      if (done.succeeded()) {
        LOG.info("DEBUG JMAP: heap used " + MemoryUsage.heapUsed() + " bytes, committed "
            + MemoryUsage.heapCommitted() + ", max " + MemoryUsage.heapMax() + "\n" + done.result());
        reply.complete(RespWriter::ok);
      } else {
        reply.complete(out -> out.error(histogramError(done.cause())));
      }
    });
  }

  /** DEBUG HEAPHISTO [count]: the heaviest classes of a class histogram (it runs a full GC first). */
  static void heapHistogram(ClientCall c) {
    int rows = DEFAULT_HISTOGRAM_ROWS;
    if (c.argc() == 3) {
      long requested = Args.parseLong(c.arg(2));
      if (requested <= 0) {
        throw new CommandException("ERR value is out of range, must be positive");
      }
      rows = (int) Math.min(requested, Integer.MAX_VALUE);
    }
    int shown = rows;
    DeferredReply reply = c.defer();
    c.server().vertx().executeBlocking(() -> histogram(shown)).onComplete(done -> reply.complete(out -> {
      if (done.succeeded()) {
        out.verbatim(done.result());
      } else {
        out.error(histogramError(done.cause()));
      }
    }));
  }

  /** The HotSpot DiagnosticCommand "GC.class_histogram", cut to its header, top rows and total. */
  private static String histogram(int rows) throws Exception {
    String full = (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
        new Object[] {null}, new String[] {String[].class.getName()});
    StringBuilder top = new StringBuilder();
    for (String line : full.split("\n")) {
      Matcher row = HISTOGRAM_ROW.matcher(line);
      if (!row.matches() || Long.parseLong(row.group(1)) <= rows) {
        top.append(line).append('\n');
      }
    }
    return top.toString();
  }

  private static String histogramError(Throwable cause) {
    return "ERR class histogram unavailable: " + cause.getMessage();
  }

  static void help(ClientCall c) {
    c.reply().help(HELP);
  }
}

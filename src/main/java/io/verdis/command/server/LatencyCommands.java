package io.verdis.command.server;

import io.verdis.command.Args;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.metrics.LatencyCounts;
import io.verdis.net.RespWriter;
import io.verdis.server.LatencyMonitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.verdis.command.CommandFlag.ADMIN;
import static io.verdis.command.CommandFlag.LOADING;
import static io.verdis.command.CommandFlag.NOSCRIPT;
import static io.verdis.command.CommandFlag.STALE;

/** LATENCY and its subcommands, over the node's {@link LatencyMonitor} and the commands' own histograms. */
public final class LatencyCommands {
  private static final List<String> HELP = List.of(
      "LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "DOCTOR",
      "    Return a human readable latency analysis report.",
      "GRAPH <event>",
      "    Return an ASCII latency graph for the <event> class.",
      "HISTORY <event>",
      "    Return time-latency samples for the <event> class.",
      "LATEST",
      "    Return the latest latency samples for all events.",
      "RESET [<event> ...]",
      "    Reset latency data of one or more <event> classes.",
      "    (default: reset all data for all event classes)",
      "HISTOGRAM [COMMAND ...]",
      "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
      "    If no commands are specified then all histograms are replied.",
      "HELP",
      "    Prints this help.");
  /**
   * Redis reports its histograms (hdr_histogram, 2 significant digits, 1 µs to 1 s) at 1024 * 2^k
   * ns, each labelled with the highest value hdr counts as equal to it, in µs: 1, 2, 4, 8, 16, 33,
   * 66 ... The last is capped at 1 s's bucket, 1073741 µs, as Redis's histogram stops there.
   */
  private static final int REDIS_BUCKETS = 21;

  private LatencyCommands() {
  }

  static void latest(ClientCall c) {
    Map<String, LatencyMonitor.Series> events = c.server().latencyMonitor().events();
    RespWriter reply = c.reply();
    reply.array(events.size());
    events.forEach((event, series) -> {
      LatencyMonitor.Sample latest = series.latest();
      reply.array(4);
      reply.bulk(event);
      reply.integer(latest.unixSeconds());
      reply.integer(latest.latencyMs());
      reply.integer(series.max());
    });
  }

  static void history(ClientCall c) {
    LatencyMonitor.Series series = c.server().latencyMonitor().event(Args.text(c.arg(2)));
    RespWriter reply = c.reply();
    List<LatencyMonitor.Sample> samples = series == null ? List.of() : series.samples();
    reply.array(samples.size());
    for (LatencyMonitor.Sample sample : samples) {
      reply.array(2);
      reply.integer(sample.unixSeconds());
      reply.integer(sample.latencyMs());
    }
  }

  static void reset(ClientCall c) {
    List<String> events = new ArrayList<>();
    for (int i = 2; i < c.argc(); i++) {
      events.add(Args.text(c.arg(i)));
    }
    c.reply().integer(c.server().latencyMonitor().reset(events));
  }

  static void graph(ClientCall c) {
    String event = Args.text(c.arg(2));
    String graph = c.server().latencyMonitor().graph(event);
    if (graph == null) {
      throw new CommandException("ERR No samples available for event '" + event + "'");
    }
    c.reply().verbatim(graph);
  }

  static void doctor(ClientCall c) {
    c.reply().verbatim(c.server().latencyMonitor().doctor(c.server().config()));
  }

  /**
   * LATENCY HISTOGRAM [command ...]: every command called so far, or those named (a container
   * brings its subcommands; "config|get" names one); unknown names are skipped, as in Redis.
   */
  static void histogram(ClientCall c) {
    List<CommandSpec> called = new ArrayList<>();
    if (c.argc() == 2) {
      for (CommandSpec spec : c.server().commands().all()) {
        addCalled(spec, called);
      }
    } else {
      for (int i = 2; i < c.argc(); i++) {
        CommandSpec spec = lookUp(c.server().commands(), Args.text(c.arg(i)));
        if (spec != null) {
          addCalled(spec, called);
        }
      }
    }
    RespWriter reply = c.reply();
    reply.map(called.size());
    for (CommandSpec spec : called) {
      reply.bulk(spec.fullName());
      cumulative(reply, spec.stats().durations().snapshot());
    }
  }

  /** Redis's lookupCommandBySds: "name" or "container|sub", case-insensitive. */
  private static CommandSpec lookUp(CommandTable table, String name) {
    int bar = name.indexOf('|');
    if (bar < 0) {
      return table.get(name);
    }
    CommandSpec container = table.get(name.substring(0, bar));
    String sub = name.substring(bar + 1).toLowerCase(java.util.Locale.ROOT);
    return container == null || sub.indexOf('|') >= 0 ? null : container.subcommands().get(sub);
  }

  private static void addCalled(CommandSpec spec, List<CommandSpec> called) {
    if (spec.stats().calls() > 0) {
      called.add(spec);
    }
    for (CommandSpec sub : spec.subcommands().values()) {
      if (sub.stats().calls() > 0) {
        called.add(sub);
      }
    }
  }

  /** Redis's fillCommandCDF: {calls, histogram_usec: {bucket: calls up to it}}, only where the count grows. */
  private static void cumulative(RespWriter reply, LatencyCounts counts) {
    long[] perBucket = new long[REDIS_BUCKETS];
    for (int i = 0; i < counts.counts().length; i++) {
      perBucket[Math.min(i, REDIS_BUCKETS - 1)] += counts.counts()[i];
    }
    long calls = 0;
    int shown = 0;
    for (long n : perBucket) {
      calls += n;
      shown += n > 0 ? 1 : 0;
    }
    reply.map(2);
    reply.bulk("calls");
    reply.integer(calls);
    reply.bulk("histogram_usec");
    reply.map(shown);
    long seen = 0;
    for (int k = 0; k < REDIS_BUCKETS; k++) {
      if (perBucket[k] > 0) {
        seen += perBucket[k];
        reply.integer(bucketMicros(k));
        reply.integer(seen);
      }
    }
  }

  private static long bucketMicros(int k) {
    long bound = Math.min((1024L << k) * 129 / 128, 1L << 30);
    return bound / 1000;
  }

  static void help(ClientCall c) {
    c.reply().help(HELP);
  }

  public static void register(CommandTable.Builder table) {
    table.add(CommandSpec.container("latency")
        .doc("A container for latency diagnostics commands", "2.8.13", "server", "Depends on subcommand.")
        .sub(CommandSpec.client("doctor", 2, LatencyCommands::doctor).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("Return a human readable latency analysis report.", "2.8.13", "server", "O(1)"))
        .sub(CommandSpec.client("graph", 3, LatencyCommands::graph).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("Return a latency graph for the event.", "2.8.13", "server", "O(1)"))
        .sub(CommandSpec.client("histogram", -2, LatencyCommands::histogram).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("Return the cumulative distribution of latencies of a subset of commands or all.", "7.0.0", "server",
                "O(N) where N is the number of commands with latency information being retrieved."))
        .sub(CommandSpec.client("history", 3, LatencyCommands::history).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("Return timestamp-latency samples for the event.", "2.8.13", "server", "O(1)"))
        .sub(CommandSpec.client("latest", 2, LatencyCommands::latest).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("Return the latest latency samples for all events.", "2.8.13", "server", "O(1)"))
        .sub(CommandSpec.client("reset", -2, LatencyCommands::reset).flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .doc("Reset latency data for one or more events.", "2.8.13", "server", "O(1)"))
        .sub(CommandSpec.client("help", 2, LatencyCommands::help).flags(LOADING, STALE)
            .doc("Show helpful text about the different subcommands.", "2.8.13", "server", "O(1)")));
  }
}

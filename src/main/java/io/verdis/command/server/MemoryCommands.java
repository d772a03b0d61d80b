package io.verdis.command.server;

import io.verdis.command.Args;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.DeferredReply;
import io.verdis.command.Errors;
import io.verdis.command.KeySpec;
import io.verdis.command.KeyspaceCall;
import io.verdis.net.RespWriter;
import io.verdis.server.MemoryUsage;
import io.verdis.shard.Database;
import io.verdis.types.ValueSize;

import java.util.List;

import static io.verdis.command.CommandFlag.LOADING;
import static io.verdis.command.CommandFlag.READONLY;
import static io.verdis.command.CommandFlag.STALE;

/**
 * MEMORY and its subcommands. The JVM heap stands in for Redis's allocator, as in INFO memory
 * ({@link MemoryUsage}); MEMORY USAGE estimates a key's footprint with {@link ValueSize}.
 */
public final class MemoryCommands {
  /** Redis's OBJ_COMPUTE_SIZE_DEF_SAMPLES. */
  private static final long DEFAULT_SAMPLES = 5;
  private static final List<String> HELP = List.of(
      "MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "DOCTOR",
      "    Return memory problems reports.",
      "MALLOC-STATS",
      "    Return internal statistics report from the memory allocator.",
      "PURGE",
      "    Attempt to purge dirty pages for reclamation by the allocator.",
      "STATS",
      "    Return information about the memory usage of the server.",
      "USAGE <key> [SAMPLES <count>]",
      "    Return memory in bytes used by <key> and its value. Nested values are",
      "    sampled up to <count> times (default: 5, 0 means sample all).",
      "HELP",
      "    Prints this help.");

  private MemoryCommands() {
  }

  /** MEMORY USAGE key [SAMPLES count]: options are checked before the key is looked up, as in Redis. */
  static void usage(KeyspaceCall c) {
    long samples = DEFAULT_SAMPLES;
    for (int i = 3; i < c.argc(); i++) {
      if (Args.is(c.arg(i), "samples") && i + 1 < c.argc()) {
        samples = Args.parseLong(c.arg(++i));
        if (samples < 0) {
          throw new CommandException(Errors.SYNTAX);
        }
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    Object value = c.db().peek(c.arg(2));
    if (value == null) {
      c.reply().nullBulk();
    } else {
      c.reply().integer(ValueSize.ofEntry(c.arg(2), value, samples));
    }
  }

  /** MEMORY STATS: Redis's fields, in its order, from what the JVM and the keyspace tell. */
  static void stats(KeyspaceCall c) {
    MemoryFigures figures = MemoryFigures.of(c);
    RespWriter reply = c.reply();
    int databases = 0;
    for (int i = 0; i < c.databaseCount(); i++) {
      databases += c.database(i).size() > 0 ? 1 : 0;
    }
    reply.map(27 + databases);
    field(reply, "peak.allocated", figures.peak());
    field(reply, "total.allocated", figures.used());
    field(reply, "startup.allocated", figures.startup());
    field(reply, "replication.backlog", figures.backlog());
    field(reply, "clients.slaves", figures.replicaBuffers());
    field(reply, "clients.normal", figures.clientBuffers());
    // The cluster bus is Vert.x's clustered event bus, whose buffers Verdis cannot see.
    field(reply, "cluster.links", 0);
    field(reply, "aof.buffer", figures.aofBuffer());
    field(reply, "lua.caches", figures.luaCaches());
    field(reply, "functions.caches", figures.functionCaches());
    for (int i = 0; i < c.databaseCount(); i++) {
      Database db = c.database(i);
      if (db.size() > 0) {
        reply.bulk("db." + i);
        reply.map(3);
        field(reply, "overhead.hashtable.main", MemoryFigures.mainOverhead(db.size()));
        field(reply, "overhead.hashtable.expires", MemoryFigures.expiresOverhead(db.expiresCount()));
        field(reply, "overhead.hashtable.slot-to-keys", 0);
      }
    }
    field(reply, "overhead.total", figures.overhead());
    field(reply, "keys.count", figures.keys());
    field(reply, "keys.bytes-per-key", figures.keys() == 0 ? 0 : figures.netUsed() / figures.keys());
    field(reply, "dataset.bytes", figures.dataset());
    ratio(reply, "dataset.percentage", figures.dataset() * 100.0 / Math.max(1, figures.netUsed()));
    ratio(reply, "peak.percentage", figures.used() * 100.0 / Math.max(1, figures.peak()));
    field(reply, "allocator.allocated", figures.heapUsed());
    field(reply, "allocator.active", figures.heapCommitted());
    field(reply, "allocator.resident", figures.committed());
    ratio(reply, "allocator-fragmentation.ratio", (double) figures.heapCommitted() / Math.max(1, figures.heapUsed()));
    field(reply, "allocator-fragmentation.bytes", figures.heapCommitted() - figures.heapUsed());
    ratio(reply, "allocator-rss.ratio", (double) figures.committed() / Math.max(1, figures.heapCommitted()));
    field(reply, "allocator-rss.bytes", figures.committed() - figures.heapCommitted());
    // The process's RSS over what the JVM committed: thread stacks, direct buffers, the JVM's own
    // native memory (or, below 1, committed pages never touched).
    ratio(reply, "rss-overhead.ratio", (double) figures.rss() / Math.max(1, figures.committed()));
    field(reply, "rss-overhead.bytes", figures.rss() - figures.committed());
    ratio(reply, "fragmentation", (double) figures.rss() / Math.max(1, figures.used()));
    field(reply, "fragmentation.bytes", figures.rss() - figures.used());
  }

  private static void field(RespWriter reply, String name, long value) {
    reply.bulk(name);
    reply.integer(value);
  }

  private static void ratio(RespWriter reply, String name, double value) {
    reply.bulk(name);
    reply.doubleValue(value);
  }

  /** MEMORY DOCTOR: Redis's report, with the checks that mean something for a JVM heap. */
  static void doctor(KeyspaceCall c) {
    c.reply().verbatim(MemoryDoctor.report(MemoryFigures.of(c)));
  }

  /**
   * MEMORY PURGE: Redis asks jemalloc to return dirty pages; the JVM's counterpart is a full
   * collection, after which the heap shrinks to MaxHeapFreeRatio (see HeapSizing). It runs on a
   * worker thread; the reply waits for it, as Redis's purge finishes before it answers.
   */
  static void purge(ClientCall c) {
    DeferredReply reply = c.defer();
    c.server().vertx().executeBlocking(() -> {
      System.gc();
      return null;
    }, false).onComplete(done -> reply.complete(RespWriter::ok));
  }

  /** MEMORY MALLOC-STATS: Redis's answer when its allocator (libc) has no statistics to give. */
  static void mallocStats(ClientCall c) {
    c.reply().bulk("Stats not supported for the current allocator");
  }

  static void help(ClientCall c) {
    c.reply().help(HELP);
  }

  public static void register(CommandTable.Builder table) {
    table.add(CommandSpec.container("memory")
        .doc("A container for memory diagnostics commands", "4.0.0", "server", "Depends on subcommand.")
        .sub(CommandSpec.keyspace("doctor", 2, KeySpec.NONE, MemoryCommands::doctor)
            .doc("Outputs memory problems report", "4.0.0", "server", "O(1)"))
        .sub(CommandSpec.client("malloc-stats", 2, MemoryCommands::mallocStats)
            .doc("Show allocator internal stats", "4.0.0", "server",
                "Depends on how much memory is allocated, could be slow"))
        .sub(CommandSpec.client("purge", 2, MemoryCommands::purge)
            .doc("Ask the allocator to release memory", "4.0.0", "server",
                "Depends on how much memory is allocated, could be slow"))
        .sub(CommandSpec.keyspace("stats", 2, KeySpec.NONE, MemoryCommands::stats)
            .doc("Show memory usage details", "4.0.0", "server", "O(1)"))
        .sub(CommandSpec.keyspace("usage", -3, KeySpec.single(2), MemoryCommands::usage).flags(READONLY)
            .doc("Estimate the memory usage of a key", "4.0.0", "server", "O(N) where N is the number of samples."))
        .sub(CommandSpec.client("help", 2, MemoryCommands::help).flags(LOADING, STALE)
            .doc("Show helpful text about the different subcommands", "4.0.0", "server", "O(1)")));
  }
}

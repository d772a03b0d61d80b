package io.verdis.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.verdis.persist.Persistence;
import io.verdis.server.MemoryUsage;
import io.verdis.server.ServerState;
import io.verdis.server.ServerStats;
import io.verdis.shard.ShardFigures;
import io.verdis.shard.ShardSet;

import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Verdis's scalar series as Micrometer gauges and counters: the figures INFO reports (clients,
 * memory, keyspace, persistence) and the per-database and per-shard ones. Everything is read when
 * scraped from counters that already exist; keyspace figures come from each shard's
 * {@link ShardFigures}, which the scrape has the shards refresh first.
 */
final class VerdisMeters {
  private final MeterRegistry registry;

  private VerdisMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  static void register(MeterRegistry registry, ServerState server) {
    VerdisMeters meters = new VerdisMeters(registry);
    meters.server(server);
    meters.keyspace(server.shards(), server.config().databases());
    meters.shards(server.shards());
    meters.persistence(server.persistence());
  }

  private void server(ServerState server) {
    ServerStats stats = server.stats();
    gauge("verdis.uptime", "seconds", "Seconds since the node started",
        () -> (System.currentTimeMillis() - server.startMs()) / 1000);
    gauge("verdis.connected.clients", null, "Client connections (INFO connected_clients)", () -> server.clients().size());
    gauge("verdis.blocked.clients", null, "Clients waiting in a blocking command", stats.blockedClients::get);
    gauge("verdis.pubsub.clients", null, "Subscribers (RESP or WebSocket) with at least one subscription",
        () -> server.pubsub().subscriberCount());
    gauge("verdis.pubsub.channels", null, "Channels with subscribers", () -> server.pubsub().channelCount(false));
    gauge("verdis.pubsub.shard.channels", null, "Shard channels with subscribers", () -> server.pubsub().channelCount(true));
    gauge("verdis.pubsub.patterns", null, "Patterns with subscribers", () -> server.pubsub().patternCount());
    gauge("verdis.memory.used", "bytes", "Heap and non-heap in use (INFO used_memory)", MemoryUsage::usedBytes);
    gauge("verdis.memory.peak", "bytes", "Highest used memory seen (INFO used_memory_peak)", MemoryUsage::peakBytes);
    gauge("verdis.memory.rss", "bytes", "Resident set size (INFO used_memory_rss)", MemoryUsage::residentBytes);
    gauge("verdis.memory.heap.used", "bytes", "JVM heap in use (INFO jvm_heap_used)", MemoryUsage::heapUsed);
    gauge("verdis.memory.heap.committed", "bytes", "JVM heap committed (INFO jvm_heap_committed)", MemoryUsage::heapCommitted);
    gauge("verdis.memory.heap.max", "bytes", "JVM heap limit (INFO jvm_heap_max)", MemoryUsage::heapMax);
    gauge("verdis.memory.max", "bytes", "The maxmemory directive; 0 is no limit", () -> server.config().maxmemory());
    counter("verdis.commands.processed", null, "Commands run (INFO total_commands_processed)", stats.commandsProcessed);
    counter("verdis.connections.received", null, "Connections accepted", stats.connectionsReceived);
    counter("verdis.rejected.connections", null, "Connections refused for maxclients", stats.rejectedConnections);
    counter("verdis.net.input", "bytes", "Bytes read from clients", stats.netInputBytes);
    counter("verdis.net.output", "bytes", "Bytes written to clients", stats.netOutputBytes);
    counter("verdis.error.replies", null, "Error replies sent", stats.errorReplies);
  }

  private void keyspace(ShardSet shards, int databases) {
    for (int db = 0; db < databases; db++) {
      int index = db;
      String label = Integer.toString(db);
      Gauge.builder("verdis.keys", () -> sum(shards, figures -> figures.databases().keys()[index]))
          .description("Keys in the database").tag("db", label).strongReference(true).register(registry);
      Gauge.builder("verdis.expires", () -> sum(shards, figures -> figures.databases().expires()[index]))
          .description("Keys with a TTL in the database").tag("db", label).strongReference(true).register(registry);
    }
    shardCounter("verdis.keyspace.hits", "Lookups of a key that existed", shards, f -> f.databases().hits());
    shardCounter("verdis.keyspace.misses", "Lookups of a key that did not exist", shards, f -> f.databases().misses());
    shardCounter("verdis.expired.keys", "Keys removed because their TTL passed", shards, f -> f.databases().expired());
    shardCounter("verdis.evicted.keys", "Keys evicted to stay under maxmemory", shards, f -> f.databases().evicted());
    Gauge.builder("verdis.memory.dataset", () -> sum(shards, f -> f.databases().usedBytes()))
        .description("Keys and values by the estimate maxmemory is measured against (INFO used_memory_dataset)")
        .baseUnit("bytes").strongReference(true).register(registry);
  }

  private void shards(ShardSet shards) {
    for (int shard = 0; shard < shards.count(); shard++) {
      ShardFigures figures = shards.figures(shard);
      String label = Integer.toString(shard);
      Gauge.builder("verdis.shard.keys", () -> figures.databases().totalKeys())
          .description("Keys the shard holds, every database").tag("shard", label).strongReference(true).register(registry);
      Gauge.builder("verdis.shard.queue.depth", figures::queueDepth)
          .description("Messages sent to the shard not yet taken up by its event loop")
          .tag("shard", label).strongReference(true).register(registry);
      FunctionCounter.builder("verdis.shard.commands", figures, ShardFigures::commands)
          .description("Commands the shard ran").tag("shard", label).register(registry);
    }
  }

  private void persistence(Persistence persistence) {
    gauge("verdis.loading", null, "1 while the dataset loads at start-up", () -> persistence.progress().loading() ? 1 : 0);
    gauge("verdis.aof.enabled", null, "1 while the AOF is on", () -> persistence.aof() != null ? 1 : 0);
    gauge("verdis.aof.rewrite.in.progress", null, "1 during an AOF rewrite", () -> persistence.rewriteInProgress() ? 1 : 0);
    gauge("verdis.rdb.bgsave.in.progress", null, "1 during a background save", () -> persistence.snapshots().inProgress() ? 1 : 0);
    gauge("verdis.rdb.changes.since.last.save", null, "Changes since the last snapshot",
        () -> persistence.snapshots().changesSinceSave());
    gauge("verdis.rdb.last.save.timestamp", "seconds", "Unix time of the last successful snapshot",
        () -> persistence.snapshots().lastSaveSeconds());
  }

  private static long sum(ShardSet shards, ToLongFunction<ShardFigures> figure) {
    long sum = 0;
    for (int shard = 0; shard < shards.count(); shard++) {
      sum += figure.applyAsLong(shards.figures(shard));
    }
    return sum;
  }

  private void gauge(String name, String unit, String description, Supplier<Number> value) {
    Gauge.builder(name, value).baseUnit(unit).description(description).strongReference(true).register(registry);
  }

  /** Micrometer holds a function counter's object weakly: {@code counter} lives as long as the node. */
  private void counter(String name, String unit, String description, Counter counter) {
    FunctionCounter.builder(name, counter, Counter::sum).baseUnit(unit).description(description).register(registry);
  }

  private void shardCounter(String name, String description, ShardSet shards, ToLongFunction<ShardFigures> figure) {
    FunctionCounter.builder(name, shards, set -> sum(set, figure)).description(description).register(registry);
  }
}

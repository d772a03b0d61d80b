package io.verdis.metrics;

import io.verdis.server.ServerState;
import io.verdis.server.ServerStats;
import io.verdis.shard.ShardFigures;
import io.verdis.shard.ShardSet;

/** The node's running totals at one moment, read racily from counters that already exist. */
record StatsSample(long timeMs, long commands, long hits, long misses, long inputBytes, long outputBytes,
                   long[] shardCommands, LatencyCounts latency) {

  /** Reads the shards' figures as they were last refreshed. */
  static StatsSample take(ServerState server) {
    ServerStats stats = server.stats();
    ShardSet shards = server.shards();
    long hits = 0;
    long misses = 0;
    long[] shardCommands = new long[shards.count()];
    for (int i = 0; i < shards.count(); i++) {
      ShardFigures figures = shards.figures(i);
      hits += figures.databases().hits();
      misses += figures.databases().misses();
      shardCommands[i] = figures.commands();
    }
    return new StatsSample(System.currentTimeMillis(), stats.commandsProcessed.sum(), hits, misses,
        stats.netInputBytes.sum(), stats.netOutputBytes.sum(), shardCommands, stats.commandLatency.snapshot());
  }
}

package io.verdis.metrics;

/**
 * The rates of the last second, between two {@link StatsSample}s: what the stats stream shows
 * beside the running totals.
 */
record StatsWindow(double opsPerSec, double hitsPerSec, double missesPerSec, double inputKbps, double outputKbps,
                   double[] shardOpsPerSec, LatencyCounts latency) {

  static StatsWindow empty(int shards) {
    return new StatsWindow(0, 0, 0, 0, 0, new double[shards],
        new LatencyCounts(LatencyBuckets.FINE, new long[LatencyBuckets.FINE.count()], 0));
  }

  static StatsWindow between(StatsSample earlier, StatsSample later) {
    double seconds = Math.max(1, later.timeMs() - earlier.timeMs()) / 1000.0;
    double[] shardOps = new double[later.shardCommands().length];
    for (int i = 0; i < shardOps.length; i++) {
      shardOps[i] = rate(earlier.shardCommands()[i], later.shardCommands()[i], seconds);
    }
    return new StatsWindow(
        rate(earlier.commands(), later.commands(), seconds),
        rate(earlier.hits(), later.hits(), seconds),
        rate(earlier.misses(), later.misses(), seconds),
        rate(earlier.inputBytes(), later.inputBytes(), seconds) / 1024,
        rate(earlier.outputBytes(), later.outputBytes(), seconds) / 1024,
        shardOps,
        later.latency().since(earlier.latency()));
  }

  /** A counter that went down was reset (CONFIG RESETSTAT): what it holds now is the increase. */
  private static double rate(long before, long after, double seconds) {
    return (after >= before ? after - before : after) / seconds;
  }
}

package io.verdis.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandStats;
import io.verdis.server.ServerState;

import java.util.ArrayList;
import java.util.List;

/**
 * The series Verdis records into its own lock-free histograms, rendered as real Prometheus
 * histograms at scrape time: per command {@code verdis_commands_total},
 * {@code verdis_command_duration_seconds} (from one snapshot, so the count of the one is the
 * total of the other), failed and rejected calls; and the AOF's write and fsync durations.
 * Commands never called are left out, as INFO commandstats leaves them out.
 */
final class DurationCollector implements MultiCollector {
  private static final double[] PROMETHEUS_BOUNDS = upperBoundsInSeconds(LatencyBuckets.PROMETHEUS);
  private static final double[] POWERS_OF_TWO_BOUNDS = upperBoundsInSeconds(LatencyBuckets.POWERS_OF_TWO);

  private final ServerState server;

  DurationCollector(ServerState server) {
    this.server = server;
  }

  @Override
  public MetricSnapshots collect() {
    List<CounterDataPointSnapshot> calls = new ArrayList<>();
    List<CounterDataPointSnapshot> failed = new ArrayList<>();
    List<CounterDataPointSnapshot> rejected = new ArrayList<>();
    List<HistogramDataPointSnapshot> durations = new ArrayList<>();
    for (CommandSpec spec : server.commands().all()) {
      addCommand(spec, calls, failed, rejected, durations);
    }
    return MetricSnapshots.of(
        new CounterSnapshot(new MetricMetadata("verdis_commands", "Calls of each command"), calls),
        new CounterSnapshot(new MetricMetadata("verdis_command_failed_calls",
            "Calls of each command that answered an error"), failed),
        new CounterSnapshot(new MetricMetadata("verdis_command_rejected_calls",
            "Calls of each command refused before running (arity, auth, OOM...)"), rejected),
        new HistogramSnapshot(new MetricMetadata("verdis_command_duration_seconds",
            "Time each command ran, on the thread that ran it", Unit.SECONDS), durations),
        histogram("verdis_aof_write_duration_seconds", "Time of each AOF write (one per group of records)",
            server.stats().aofWrite.snapshot()),
        histogram("verdis_aof_fsync_duration_seconds", "Time of each AOF fsync", server.stats().aofFsync.snapshot()));
  }

  private static void addCommand(CommandSpec spec, List<CounterDataPointSnapshot> calls,
                                 List<CounterDataPointSnapshot> failed, List<CounterDataPointSnapshot> rejected,
                                 List<HistogramDataPointSnapshot> durations) {
    CommandStats stats = spec.stats();
    LatencyCounts counts = stats.durations().snapshot();
    long total = counts.total();
    long failures = stats.failedCalls();
    long refusals = stats.rejectedCalls();
    if (total > 0 || failures > 0 || refusals > 0) {
      Labels labels = Labels.of("command", spec.fullName());
      calls.add(new CounterDataPointSnapshot(total, labels, null, 0));
      failed.add(new CounterDataPointSnapshot(failures, labels, null, 0));
      rejected.add(new CounterDataPointSnapshot(refusals, labels, null, 0));
      durations.add(dataPoint(counts, labels));
    }
    spec.subcommands().values().forEach(sub -> addCommand(sub, calls, failed, rejected, durations));
  }

  static HistogramSnapshot histogram(String name, String help, LatencyCounts counts) {
    return new HistogramSnapshot(new MetricMetadata(name, help, Unit.SECONDS), List.of(dataPoint(counts, Labels.EMPTY)));
  }

  private static HistogramDataPointSnapshot dataPoint(LatencyCounts counts, Labels labels) {
    double[] bounds = counts.buckets() == LatencyBuckets.POWERS_OF_TWO ? POWERS_OF_TWO_BOUNDS : PROMETHEUS_BOUNDS;
    return new HistogramDataPointSnapshot(ClassicHistogramBuckets.of(bounds, counts.counts()),
        counts.sumNanos() / 1e9, labels, Exemplars.EMPTY, 0);
  }

  private static double[] upperBoundsInSeconds(LatencyBuckets buckets) {
    double[] bounds = new double[buckets.count()];
    for (int i = 0; i < bounds.length - 1; i++) {
      bounds[i] = buckets.upperBoundNanos(i) / 1e9;
    }
    bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
    return bounds;
  }
}

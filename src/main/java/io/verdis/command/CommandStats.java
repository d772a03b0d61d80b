package io.verdis.command;

import io.verdis.metrics.Counter;
import io.verdis.metrics.LatencyBuckets;
import io.verdis.metrics.LatencyHistogram;

/**
 * The figures of one command: INFO commandstats, LATENCY HISTOGRAM and the Prometheus series
 * {@code verdis_commands_total} and {@code verdis_command_duration_seconds}, all derived from one
 * histogram of call durations (Redis's power-of-two buckets), updated from every event loop
 * without contention.
 */
public final class CommandStats {
  private final LatencyHistogram durations = new LatencyHistogram(LatencyBuckets.POWERS_OF_TWO);
  private final Counter rejected = new Counter();
  private final Counter failed = new Counter();

  public void recordCall(long elapsedNanos, boolean error) {
    durations.record(elapsedNanos);
    if (error) {
      failed.increment();
    }
  }

  public void recordRejected() {
    rejected.increment();
  }

  public long calls() {
    return durations.count();
  }

  public long micros() {
    return durations.sumNanos() / 1000;
  }

  /** Call durations per bucket of {@link LatencyBuckets#POWERS_OF_TWO}; the calls are their total. */
  public LatencyHistogram durations() {
    return durations;
  }

  public long rejectedCalls() {
    return rejected.sum();
  }

  public long failedCalls() {
    return failed.sum();
  }

  public void reset() {
    durations.reset();
    rejected.reset();
    failed.reset();
  }
}

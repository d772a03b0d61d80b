package io.verdis.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Redis's latency monitor (latency.c): for each event class ("command", "fast-command",
 * "expire-cycle", "aof-write", "aof-fsync-always"), the last 160 seconds that had a spike of at
 * least {@code latency-monitor-threshold} ms, one sample per second (the worst of that second),
 * plus the worst ever. A threshold of 0 turns it off, as in Redis.
 *
 * <p>Redis's "fork" event has no equivalent: BGSAVE and BGREWRITEAOF run on threads, nothing forks.
 * Recording is only reached past the threshold, so the hot path pays one comparison.
 */
public final class LatencyMonitor {
  /** Redis's LATENCY_TS_LEN. */
  public static final int SAMPLES = 160;

  /** One second's worst latency. */
  public record Sample(long unixSeconds, long latencyMs) {
  }

  /** One event class's samples (a ring, as Redis's latencyTimeSeries) and its all-time worst. */
  public static final class Series {
    private final long[] times = new long[SAMPLES];
    private final long[] latencies = new long[SAMPLES];
    private int next;
    private long max;

    private void add(long now, long latencyMs) {
      max = Math.max(max, latencyMs);
      int previous = (next + SAMPLES - 1) % SAMPLES;
      if (times[previous] == now) {
        latencies[previous] = Math.max(latencies[previous], latencyMs);
        return;
      }
      times[next] = now;
      latencies[next] = latencyMs;
      next = (next + 1) % SAMPLES;
    }

    /** Oldest first, as LATENCY HISTORY lists them. */
    public List<Sample> samples() {
      List<Sample> samples = new ArrayList<>();
      for (int j = 0; j < SAMPLES; j++) {
        int i = (next + j) % SAMPLES;
        if (times[i] != 0) {
          samples.add(new Sample(times[i], latencies[i]));
        }
      }
      return samples;
    }

    public Sample latest() {
      int last = (next + SAMPLES - 1) % SAMPLES;
      return new Sample(times[last], latencies[last]);
    }

    public long max() {
      return max;
    }

    private Series copy() {
      Series copy = new Series();
      System.arraycopy(times, 0, copy.times, 0, SAMPLES);
      System.arraycopy(latencies, 0, copy.latencies, 0, SAMPLES);
      copy.next = next;
      copy.max = max;
      return copy;
    }
  }

  /** Insertion order, as Redis's dict shows a handful of events (its order is a hash's; ours is stable). */
  private final Map<String, Series> events = new LinkedHashMap<>();
  private volatile long thresholdNanos;
  private volatile long thresholdMs;

  /** Off until {@link #threshold} turns it on (a unit test's AOF writer). */
  public LatencyMonitor() {
  }

  /** Follows {@code latency-monitor-threshold}, CONFIG SET included. */
  public LatencyMonitor(Config config) {
    threshold(config.latencyMonitorThreshold());
    config.onChange("latency-monitor-threshold", changed -> threshold(changed.latencyMonitorThreshold()));
  }

  public void threshold(long ms) {
    thresholdMs = ms;
    thresholdNanos = ms > Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : ms * 1_000_000;
  }

  public long thresholdMs() {
    return thresholdMs;
  }

  /** Whether the monitor is on: callers that would read a clock only for it can skip that. */
  public boolean enabled() {
    return thresholdNanos != 0;
  }

  /**
   * Records {@code elapsedNanos} under {@code event} if it reaches the threshold (Redis's
   * latencyAddSampleIfNeeded, which compares whole milliseconds).
   */
  public void consider(String event, long elapsedNanos) {
    long threshold = thresholdNanos;
    if (threshold != 0 && elapsedNanos >= threshold) {
      add(event, elapsedNanos / 1_000_000);
    }
  }

  private void add(String event, long latencyMs) {
    add(event, latencyMs, System.currentTimeMillis() / 1000);
  }

  synchronized void add(String event, long latencyMs, long nowSeconds) {
    events.computeIfAbsent(event, e -> new Series()).add(nowSeconds, latencyMs);
  }

  /** A copy of every event's series, in the order they first occurred. */
  public synchronized Map<String, Series> events() {
    Map<String, Series> copy = new LinkedHashMap<>();
    events.forEach((name, series) -> copy.put(name, series.copy()));
    return copy;
  }

  /** The series of {@code event} (exact name, as Redis's lookup), or null. */
  public synchronized Series event(String event) {
    Series series = events.get(event);
    return series == null ? null : series.copy();
  }

  /** LATENCY RESET: every event, or those named (case-insensitive, as Redis); how many were dropped. */
  public synchronized int reset(List<String> named) {
    if (named.isEmpty()) {
      int count = events.size();
      events.clear();
      return count;
    }
    int resets = 0;
    for (String name : named) {
      String lower = name.toLowerCase(Locale.ROOT);
      resets += events.keySet().removeIf(event -> event.toLowerCase(Locale.ROOT).equals(lower)) ? 1 : 0;
    }
    return resets;
  }

  /** LATENCY DOCTOR's report. */
  public String doctor(Config config) {
    return LatencyReport.create(events(), config, System.currentTimeMillis() / 1000);
  }

  /** LATENCY GRAPH's picture of {@code event}, or null when it has no samples. */
  public String graph(String event) {
    Series series = event(event);
    return series == null ? null : LatencyGraph.render(event, series, System.currentTimeMillis() / 1000);
  }
}

package io.verdis.server;

/**
 * A per-second rate averaged over the last 16 samples, as Redis's trackInstantaneousMetric does for
 * instantaneous_ops_per_sec and the kbps figures (it samples every 100 ms from serverCron).
 */
public final class InstantaneousRate {
  private static final int SAMPLES = 16;

  private final long[] perSecond = new long[SAMPLES];
  private int next;
  private long lastReading = -1;
  private long lastSampleMs;

  /** Records the counter's value now; a counter that went down (CONFIG RESETSTAT) restarts the rate. */
  public synchronized void sample(long reading, long nowMs) {
    long elapsedMs = nowMs - lastSampleMs;
    if (lastReading >= 0 && reading >= lastReading && elapsedMs > 0) {
      perSecond[next] = (reading - lastReading) * 1000 / elapsedMs;
      next = (next + 1) % SAMPLES;
    }
    lastReading = reading;
    lastSampleMs = nowMs;
  }

  public synchronized double perSecond() {
    long sum = 0;
    for (long sample : perSecond) {
      sum += sample;
    }
    return (double) sum / SAMPLES;
  }

  public synchronized void reset() {
    java.util.Arrays.fill(perSecond, 0);
    next = 0;
    lastReading = -1;
  }
}

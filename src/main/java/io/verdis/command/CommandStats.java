package io.verdis.command;

import io.verdis.metrics.Counter;

/** INFO commandstats counters of one command; updated from every event loop without contention. */
public final class CommandStats {
  private final Counter calls = new Counter();
  private final Counter micros = new Counter();
  private final Counter rejected = new Counter();
  private final Counter failed = new Counter();

  public void recordCall(long elapsedNanos, boolean error) {
    calls.increment();
    micros.add(elapsedNanos / 1000);
    if (error) {
      failed.increment();
    }
  }

  public void recordRejected() {
    rejected.increment();
  }

  public long calls() {
    return calls.sum();
  }

  public long micros() {
    return micros.sum();
  }

  public long rejectedCalls() {
    return rejected.sum();
  }

  public long failedCalls() {
    return failed.sum();
  }

  public void reset() {
    calls.reset();
    micros.reset();
    rejected.reset();
    failed.reset();
  }
}

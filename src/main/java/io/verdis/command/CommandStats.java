package io.verdis.command;

import java.util.concurrent.atomic.LongAdder;

/** INFO commandstats counters of one command; updated from every event loop without contention. */
public final class CommandStats {
  private final LongAdder calls = new LongAdder();
  private final LongAdder micros = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder failed = new LongAdder();

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

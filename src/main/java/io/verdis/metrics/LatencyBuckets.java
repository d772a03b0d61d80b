package io.verdis.metrics;

/**
 * How a {@link LatencyHistogram} splits durations (in nanoseconds) into buckets: bucket
 * {@code i} holds the durations at most {@link #upperBoundNanos(int) upperBoundNanos(i)} and above
 * the bound of bucket {@code i - 1}; the last bucket has no upper bound.
 */
public interface LatencyBuckets {
  /** The ladder Prometheus scrapes (histogram {@code le} bounds), 250 ns to 10 s in 1-2.5-5 steps. */
  LatencyBuckets PROMETHEUS = new Ladder(new long[] {
      250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
      1_000_000, 2_500_000, 5_000_000, 10_000_000, 25_000_000, 50_000_000, 100_000_000,
      250_000_000, 500_000_000, 1_000_000_000, 2_500_000_000L, 5_000_000_000L, 10_000_000_000L});

  /**
   * Redis 7's per-command histograms as LATENCY HISTOGRAM reports them: bucket {@code k} holds
   * durations up to 1024 * 2^k ns (about 1 µs, 2 µs, 4 µs ...); Redis clamps at 1 s, these go on
   * to 2^34 ns (17 s) so /metrics still tells a 2 s command from a 10 s one.
   */
  LatencyBuckets POWERS_OF_TWO = new PowersOfTwo();

  /** Fine log-linear buckets for percentiles: within about 6% of the true value from 1 ns to 18 minutes. */
  LatencyBuckets FINE = new LogLinear();

  int count();

  /** The bucket of a duration; must be cheap: it runs for every command. */
  int indexOf(long nanos);

  /** The largest duration in bucket {@code index}; {@link Long#MAX_VALUE} for the last. */
  long upperBoundNanos(int index);

  /** Explicit bounds, searched from the smallest: commands take microseconds, so the scan stops early. */
  final class Ladder implements LatencyBuckets {
    private final long[] bounds;

    Ladder(long[] bounds) {
      this.bounds = bounds;
    }

    @Override
    public int count() {
      return bounds.length + 1;
    }

    @Override
    public int indexOf(long nanos) {
      int i = 0;
      while (i < bounds.length && nanos > bounds[i]) {
        i++;
      }
      return i;
    }

    @Override
    public long upperBoundNanos(int index) {
      return index < bounds.length ? bounds[index] : Long.MAX_VALUE;
    }
  }

  /** 1024 ns, doubling: the bucket is a leading-zero count, no search. */
  final class PowersOfTwo implements LatencyBuckets {
    private static final int FIRST_SHIFT = 10;
    private static final int BOUNDED = 25;

    @Override
    public int count() {
      return BOUNDED + 1;
    }

    @Override
    public int indexOf(long nanos) {
      if (nanos <= 1L << FIRST_SHIFT) {
        return 0;
      }
      // The smallest k with nanos <= 2^(10 + k): 64 - nlz(nanos - 1) is ceil(log2(nanos)).
      return Math.min(64 - Long.numberOfLeadingZeros(nanos - 1) - FIRST_SHIFT, BOUNDED);
    }

    @Override
    public long upperBoundNanos(int index) {
      return index < BOUNDED ? 1L << (FIRST_SHIFT + index) : Long.MAX_VALUE;
    }
  }

  /**
   * HdrHistogram's layout without its dependency: exact below 32 ns, then every power of two is
   * cut into 16 equal sub-buckets, so a bucket is at most 1/16 of its lower bound wide. The index
   * is a few bit operations, no search.
   */
  final class LogLinear implements LatencyBuckets {
    private static final int SUB_BITS = 4;
    private static final int SUB = 1 << SUB_BITS;
    /** Durations up to 2^40 ns (about 18 minutes) get their own bucket; longer ones share the last. */
    private static final int MAX_EXPONENT = 40;
    private static final int COUNT = (MAX_EXPONENT - SUB_BITS + 2) * SUB;

    @Override
    public int count() {
      return COUNT;
    }

    @Override
    public int indexOf(long nanos) {
      if (nanos < 2 * SUB) {
        return (int) Math.max(nanos, 0);
      }
      int exponent = 63 - Long.numberOfLeadingZeros(nanos);
      if (exponent > MAX_EXPONENT) {
        return COUNT - 1;
      }
      int shift = exponent - SUB_BITS;
      return (exponent - SUB_BITS + 1) * SUB + (int) (nanos >>> shift) - SUB;
    }

    @Override
    public long upperBoundNanos(int index) {
      if (index == COUNT - 1) {
        return Long.MAX_VALUE;
      }
      if (index < 2 * SUB) {
        return index;
      }
      int shift = index / SUB - 1;
      long lower = (long) (SUB + index % SUB) << shift;
      return lower + (1L << shift) - 1;
    }
  }
}

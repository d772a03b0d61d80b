package io.verdis.metrics;

/**
 * What a {@link LatencyHistogram} held at one moment: the count of each bucket (not cumulative)
 * and the sum of the durations. Two of them taken a second apart give that second's distribution.
 */
public record LatencyCounts(LatencyBuckets buckets, long[] counts, long sumNanos) {

  public long total() {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    return total;
  }

  /**
   * What was recorded after {@code earlier}. A bucket that went down (CONFIG RESETSTAT came in
   * between) counts from zero: what it holds now was recorded since the reset.
   */
  public LatencyCounts since(LatencyCounts earlier) {
    long[] delta = new long[counts.length];
    for (int i = 0; i < counts.length; i++) {
      delta[i] = counts[i] >= earlier.counts[i] ? counts[i] - earlier.counts[i] : counts[i];
    }
    long sum = sumNanos >= earlier.sumNanos ? sumNanos - earlier.sumNanos : sumNanos;
    return new LatencyCounts(buckets, delta, sum);
  }

  /**
   * The duration at {@code quantile} (0 to 1) in nanoseconds: the upper bound of the bucket the
   * quantile falls in (an overestimate of at most one bucket's width); 0 when nothing was recorded.
   */
  public long quantileNanos(double quantile) {
    long total = total();
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(quantile * total));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return buckets.upperBoundNanos(i);
      }
    }
    return buckets.upperBoundNanos(counts.length - 1);
  }

  /** The upper bound of the highest bucket holding anything; 0 when empty. */
  public long maxNanos() {
    for (int i = counts.length - 1; i >= 0; i--) {
      if (counts[i] > 0) {
        return buckets.upperBoundNanos(i);
      }
    }
    return 0;
  }
}

package io.verdis.metrics;

import io.netty.util.concurrent.FastThreadLocal;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A histogram of durations recorded on hot paths without any shared write, as {@link Counter}:
 * each thread counts into its own array of buckets; readers (a scrape, the stats stream, INFO)
 * add the arrays up, racily, which is all statistics need. Recording allocates nothing.
 */
public final class LatencyHistogram {
  private final LatencyBuckets buckets;
  private final ConcurrentLinkedQueue<Cell> cells = new ConcurrentLinkedQueue<>();
  private final FastThreadLocal<Cell> local = new FastThreadLocal<>() {
    @Override
    protected Cell initialValue() {
      Cell cell = new Cell(buckets.count());
      cells.add(cell);
      return cell;
    }
  };

  private static final class Cell {
    private final long[] counts;
    private long sumNanos;

    Cell(int buckets) {
      counts = new long[buckets];
    }
  }

  public LatencyHistogram(LatencyBuckets buckets) {
    this.buckets = buckets;
  }

  public LatencyBuckets buckets() {
    return buckets;
  }

  public void record(long nanos) {
    Cell cell = local.get();
    cell.counts[buckets.indexOf(nanos)]++;
    cell.sumNanos += nanos;
  }

  /** Durations recorded so far. */
  public long count() {
    long count = 0;
    for (Cell cell : cells) {
      for (long n : cell.counts) {
        count += n;
      }
    }
    return count;
  }

  public long sumNanos() {
    long sum = 0;
    for (Cell cell : cells) {
      sum += cell.sumNanos;
    }
    return sum;
  }

  /** The counts per bucket (not cumulative) and their sum, added up over every thread. */
  public LatencyCounts snapshot() {
    long[] counts = new long[buckets.count()];
    long sum = 0;
    for (Cell cell : cells) {
      long[] own = cell.counts;
      for (int i = 0; i < counts.length; i++) {
        counts[i] += own[i];
      }
      sum += cell.sumNanos;
    }
    return new LatencyCounts(buckets, counts, sum);
  }

  /** Back to zero (CONFIG RESETSTAT); a record racing with it may survive, as with {@link Counter#reset}. */
  public void reset() {
    for (Cell cell : cells) {
      java.util.Arrays.fill(cell.counts, 0);
      cell.sumNanos = 0;
    }
  }
}

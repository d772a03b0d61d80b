package io.verdis.metrics;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyHistogramTest {

  @Test
  void everyFineBucketHoldsExactlyTheDurationsBetweenItsNeighboursBounds() {
    LatencyBuckets buckets = LatencyBuckets.FINE;
    for (int i = 1; i < buckets.count() - 1; i++) {
      long lower = buckets.upperBoundNanos(i - 1) + 1;
      long upper = buckets.upperBoundNanos(i);
      assertEquals(i, buckets.indexOf(lower), "lowest of bucket " + i);
      assertEquals(i, buckets.indexOf(upper), "highest of bucket " + i);
      assertTrue(upper - lower + 1 <= Math.max(1, lower / 16), "bucket " + i + " at most 1/16 of its values wide");
    }
  }

  @Test
  void fineBucketsAreWithinASixteenthOfAnyDuration() {
    LatencyBuckets buckets = LatencyBuckets.FINE;
    for (int n = 0; n < 100_000; n++) {
      long nanos = ThreadLocalRandom.current().nextLong(1L << ThreadLocalRandom.current().nextInt(1, 40));
      long bound = buckets.upperBoundNanos(buckets.indexOf(nanos));
      assertTrue(bound >= nanos && bound - nanos <= nanos / 16, nanos + " -> " + bound);
    }
    assertEquals(buckets.count() - 1, buckets.indexOf(Long.MAX_VALUE));
    assertEquals(0, buckets.indexOf(-5), "a clock going backwards counts as 0");
  }

  @Test
  void theLadderFollowsPrometheusLeSemantics() {
    LatencyBuckets ladder = LatencyBuckets.PROMETHEUS;
    assertEquals(0, ladder.indexOf(250), "le is inclusive");
    assertEquals(1, ladder.indexOf(251));
    assertEquals(ladder.count() - 1, ladder.indexOf(10_000_000_001L), "above 10 s: +Inf");
    assertEquals(Long.MAX_VALUE, ladder.upperBoundNanos(ladder.count() - 1));
  }

  @Test
  void powersOfTwoStartAt1024NanosecondsAsRedisHistograms() {
    LatencyBuckets powers = LatencyBuckets.POWERS_OF_TWO;
    assertEquals(0, powers.indexOf(0), "Redis counts anything shorter as 1 µs");
    assertEquals(0, powers.indexOf(1024));
    assertEquals(1, powers.indexOf(1025));
    assertEquals(1, powers.indexOf(2048));
    assertEquals(20, powers.indexOf(1_000_000_000L), "1 s is in 2^30 ns's bucket");
    assertEquals(powers.count() - 1, powers.indexOf(Long.MAX_VALUE));
    for (int i = 0; i < powers.count() - 1; i++) {
      assertEquals(i, powers.indexOf(powers.upperBoundNanos(i)), "bounds are inclusive");
      assertEquals(i + 1, powers.indexOf(powers.upperBoundNanos(i) + 1));
    }
  }

  @Test
  void percentilesOfTheRecordsSinceAnEarlierSnapshot() {
    LatencyHistogram histogram = new LatencyHistogram(LatencyBuckets.FINE);
    histogram.record(1_000_000);
    LatencyCounts start = histogram.snapshot();
    for (int i = 1; i <= 1000; i++) {
      histogram.record(i * 1000L);
    }
    LatencyCounts second = histogram.snapshot().since(start);
    assertEquals(1000, second.total());
    assertEquals(500_500_000L, second.sumNanos());
    assertWithinASixteenthAbove(500_000, second.quantileNanos(0.5));
    assertWithinASixteenthAbove(990_000, second.quantileNanos(0.99));
    assertWithinASixteenthAbove(1_000_000, second.maxNanos());
    assertEquals(0, new LatencyHistogram(LatencyBuckets.FINE).snapshot().quantileNanos(0.5), "nothing recorded");
  }

  @Test
  void countsAddUpOverThreadsAndResetToZero() throws InterruptedException {
    LatencyHistogram histogram = new LatencyHistogram(LatencyBuckets.PROMETHEUS);
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 10_000; i++) {
          histogram.record(300);
        }
      });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(40_000, histogram.count());
    assertEquals(40_000, histogram.snapshot().counts()[1], "300 ns is in the 500 ns bucket");
    assertEquals(12_000_000, histogram.sumNanos());
    histogram.reset();
    assertEquals(0, histogram.count());
  }

  private static void assertWithinASixteenthAbove(long expected, long actual) {
    assertTrue(actual >= expected && actual - expected <= expected / 16, "expected about " + expected + ", got " + actual);
  }
}

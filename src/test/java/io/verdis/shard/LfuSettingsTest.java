package io.verdis.shard;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redis's LFU counter (evict.c): logarithmic increments, decay per period, a 16-bit minute clock. */
class LfuSettingsTest {
  @Test
  void aNewKeyStartsAtFiveAndItsFirstAccessAlwaysCounts() {
    LfuSettings lfu = new LfuSettings(10, 1);
    int data = LfuSettings.fresh(100);
    assertEquals(5, lfu.counter(data, 100));
    assertEquals(6, lfu.counter(lfu.accessed(data, 100), 100));
  }

  @Test
  void theCounterLosesOnePerDecayPeriodDownToZero() {
    LfuSettings everyTwoMinutes = new LfuSettings(10, 2);
    int data = LfuSettings.withCounter(1000, 10);
    assertEquals(10, everyTwoMinutes.counter(data, 1001));
    assertEquals(7, everyTwoMinutes.counter(data, 1006));
    assertEquals(0, everyTwoMinutes.counter(data, 1100));
    assertEquals(10, new LfuSettings(10, 0).counter(data, 60000), "no decay");
    // The minute clock wraps at 16 bits, as Redis's LFUTimeElapsed.
    assertEquals(8, new LfuSettings(10, 1).counter(LfuSettings.withCounter(65534, 10), 1));
  }

  @Test
  void aLogFactorOfZeroCountsEveryAccessUpTo255() {
    LfuSettings lfu = new LfuSettings(0, 0);
    int data = LfuSettings.fresh(0);
    for (int i = 0; i < 300; i++) {
      data = lfu.accessed(data, 0);
    }
    assertEquals(255, lfu.counter(data, 0));
  }

  @Test
  void higherCountersRiseMoreSlowly() {
    LfuSettings lfu = new LfuSettings(10, 0);
    int data = LfuSettings.fresh(0);
    for (int i = 0; i < 1000; i++) {
      data = lfu.accessed(data, 0);
    }
    int counter = lfu.counter(data, 0);
    assertTrue(counter > 10 && counter < 40, "after 1000 accesses: " + counter);
  }
}

package io.verdis.server;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyMonitorTest {
  private static final long MS = 1_000_000;

  @Test
  void nothingIsRecordedBelowTheThresholdOrWhenItIsZero() {
    LatencyMonitor monitor = new LatencyMonitor();
    monitor.consider("command", 5_000 * MS);
    assertTrue(monitor.events().isEmpty(), "0 is off");
    monitor.threshold(10);
    monitor.consider("command", 9 * MS + 999_999);
    assertTrue(monitor.events().isEmpty(), "9.99 ms is 9 ms, below 10");
    monitor.consider("command", 10 * MS);
    assertEquals(10, monitor.event("command").latest().latencyMs());
  }

  @Test
  void oneSamplePerSecondKeepsTheWorstAndTheRingHolds160() {
    LatencyMonitor monitor = new LatencyMonitor();
    monitor.add("expire-cycle", 12, 1000);
    monitor.add("expire-cycle", 30, 1000);
    monitor.add("expire-cycle", 20, 1000);
    assertEquals(List.of(new LatencyMonitor.Sample(1000, 30)), monitor.event("expire-cycle").samples());
    for (int second = 1001; second < 1300; second++) {
      monitor.add("expire-cycle", second % 7, second);
    }
    List<LatencyMonitor.Sample> samples = monitor.event("expire-cycle").samples();
    assertEquals(LatencyMonitor.SAMPLES, samples.size());
    assertEquals(1299 - 159, samples.get(0).unixSeconds(), "oldest first");
    assertEquals(1299, monitor.event("expire-cycle").latest().unixSeconds());
    assertEquals(30, monitor.event("expire-cycle").max(), "the all-time worst outlives its sample");
  }

  @Test
  void resetDropsEveryEventOrTheNamedOnesWhateverTheirCase() {
    LatencyMonitor monitor = new LatencyMonitor();
    monitor.add("command", 5, 1);
    monitor.add("fast-command", 5, 1);
    monitor.add("aof-write", 5, 1);
    assertEquals(1, monitor.reset(List.of("COMMAND", "nosuch")));
    assertNull(monitor.event("command"));
    assertEquals(2, monitor.reset(List.of()));
    assertTrue(monitor.events().isEmpty());
  }

  @Test
  void theGraphDrawsAColumnPerSampleLabelledWithItsAge() {
    LatencyMonitor monitor = new LatencyMonitor();
    monitor.add("command", 10, 100);
    monitor.add("command", 40, 101);
    String graph = LatencyGraph.render("command", monitor.event("command"), 101);
    assertEquals("command - high 40 ms, low 10 ms (all time high 40 ms)\n" + "-".repeat(80) + "\n"
        + " #\n |\n |\n_|\n  \n10\nss\n", graph);
  }
}

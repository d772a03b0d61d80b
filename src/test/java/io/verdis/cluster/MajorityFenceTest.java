package io.verdis.cluster;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MajorityFenceTest {
  private static final String A = "a".repeat(40);
  private static final String B = "b".repeat(40);
  private static final String C = "c".repeat(40);
  private static final String D = "d".repeat(40);

  /** A, B and C own slots; D owns none. */
  private static SlotOwners table() {
    return SlotOwners.empty().withOwner(new int[] {0, 1}, A).withOwner(new int[] {2}, B).withOwner(new int[] {3}, C);
  }

  @Test
  @DisplayName("a majority of the slot owners, the node itself included; nodes without slots do not count")
  void majorityOfOwners() {
    assertFalse(MajorityFence.minority(A, table(), Set.of(A, B, C)));
    assertFalse(MajorityFence.minority(A, table(), Set.of(A, B)));
    assertTrue(MajorityFence.minority(A, table(), Set.of(A)));
    assertTrue(MajorityFence.minority(A, table(), Set.of(A, D)), "D owns no slot");
    assertTrue(MajorityFence.minority(D, table(), Set.of(D, A)), "a node without slots is fenced too");
  }

  @Test
  @DisplayName("nothing assigned yet, or members not read yet: not fenced")
  void notBeforeItKnows() {
    assertFalse(MajorityFence.minority(A, SlotOwners.empty(), Set.of(A)));
    assertFalse(MajorityFence.minority(A, table(), Set.of()));
  }

  @Test
  @DisplayName("back among the majority: fenced for the rejoin delay (the node timeout, between 500 ms and 5 s)")
  void rejoinDelay() {
    MajorityFence fence = new MajorityFence(3000);
    assertFalse(fence.fenced(A, table(), Set.of(A, B), 1000), "never in the minority: no delay");
    assertTrue(fence.fenced(A, table(), Set.of(A), 2000));
    assertTrue(fence.fenced(A, table(), Set.of(A, B), 4000));
    assertEquals(1000, fence.rejoinLeft(4000));
    assertFalse(fence.fenced(A, table(), Set.of(A, B), 5000));
    MajorityFence capped = new MajorityFence(15000);
    capped.fenced(A, table(), Set.of(A), 0);
    assertEquals(MajorityFence.MAX_REJOIN_DELAY_MS, capped.rejoinLeft(0));
  }
}

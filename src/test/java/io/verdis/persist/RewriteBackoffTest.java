package io.verdis.persist;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Automatic rewrites after failures in a row wait as Redis 7.0's aofRewriteLimited makes them. */
class RewriteBackoffTest {
  private static final long MINUTE = 60_000;

  @Test
  void fewerThanThreeFailuresInARowDoNotDelayTheNextAttempt() {
    RewriteBackoff backoff = new RewriteBackoff();
    assertFalse(backoff.limited(0, 0));
    assertFalse(backoff.limited(2, 0));
  }

  @Test
  void fromTheThirdFailureAttemptsWaitOneMinuteThenTwoThenFour() {
    RewriteBackoff backoff = new RewriteBackoff();
    assertTrue(backoff.limited(3, 0), "the third failure starts a one-minute wait");
    assertTrue(backoff.limited(3, MINUTE - 1));
    assertFalse(backoff.limited(3, MINUTE), "one attempt once the minute is over");
    assertTrue(backoff.limited(4, MINUTE + 1), "it failed again: two minutes now");
    assertTrue(backoff.limited(4, 3 * MINUTE));
    assertFalse(backoff.limited(4, 3 * MINUTE + 1));
    assertTrue(backoff.limited(5, 3 * MINUTE + 2));
    assertFalse(backoff.limited(5, 7 * MINUTE + 2), "then four");
  }

  @Test
  void theWaitStopsGrowingAtAnHour() {
    RewriteBackoff backoff = new RewriteBackoff();
    long now = 0;
    for (int failures = 3; failures < 12; failures++) {
      assertTrue(backoff.limited(failures, now));
      while (backoff.limited(failures, now)) {
        now += MINUTE;
      }
    }
    assertTrue(backoff.limited(12, now));
    assertTrue(backoff.limited(12, now + 60 * MINUTE - 1));
    assertFalse(backoff.limited(12, now + 60 * MINUTE));
  }

  @Test
  void aSuccessEndsTheWait() {
    RewriteBackoff backoff = new RewriteBackoff();
    assertTrue(backoff.limited(3, 0));
    assertFalse(backoff.limited(0, 1), "a rewrite that succeeded (BGREWRITEAOF is never limited) resets it");
    assertTrue(backoff.limited(3, 2));
    assertFalse(backoff.limited(3, 2 + MINUTE), "the wait starts over at one minute");
  }
}

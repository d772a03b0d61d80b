package io.verdis.persist;

import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Redis 7.0's aofRewriteLimited: after 3 failed rewrites in a row, automatic rewrites wait 1
 * minute, then 2, 4 … up to an hour between attempts, so a directory that stays unusable costs
 * one failed attempt (and log line) an hour instead of one a second. BGREWRITEAOF is not limited.
 */
final class RewriteBackoff {
  private static final Logger LOG = Logger.getLogger(RewriteBackoff.class.getName());
  /** Redis's AOF_REWRITE_LIMITE_THRESHOLD and AOF_REWRITE_LIMITE_MAX_MINUTES. */
  private static final int THRESHOLD = 3;
  private static final int MAX_MINUTES = 60;

  private int delayMinutes;
  private long nextAttemptMs;

  /** Whether an automatic rewrite must wait, given the failures in a row so far; on the cron's thread. */
  boolean limited(long consecutiveFailures, long nowMs) {
    if (consecutiveFailures < THRESHOLD) {
      delayMinutes = 0;
      nextAttemptMs = 0;
      return false;
    }
    if (nextAttemptMs != 0) {
      if (nowMs < nextAttemptMs) {
        return true;
      }
      nextAttemptMs = 0;
      return false;
    }
    delayMinutes = Math.min(delayMinutes == 0 ? 1 : delayMinutes * 2, MAX_MINUTES);
    nextAttemptMs = nowMs + TimeUnit.MINUTES.toMillis(delayMinutes);
    LOG.warning("Background AOF rewrite has repeatedly failed and triggered the limit, will retry in "
        + delayMinutes + " minutes");
    return true;
  }
}

package io.verdis.web;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * One warning line per kind of event and interval, not one per event: the first occurrence is
 * logged at once, later ones within {@link #INTERVAL_MS} are counted and reported with the next
 * line. A flood of refused or timed-out connections (an attack, a misbehaving client) then costs
 * a line a minute, never a stack trace each.
 */
final class ThrottledLog {
  static final long INTERVAL_MS = 60_000;

  /** Events of one kind since {@code loggedMs}, when the last line was written. */
  private static final class Kind {
    final AtomicLong unlogged = new AtomicLong();
    volatile long loggedMs = Long.MIN_VALUE;
  }

  private final Logger log;
  private final LongSupplier clock;
  private final ConcurrentHashMap<String, Kind> kinds = new ConcurrentHashMap<>();

  ThrottledLog(Logger log) {
    this(log, System::currentTimeMillis);
  }

  ThrottledLog(Logger log, LongSupplier clock) {
    this.log = log;
    this.clock = clock;
  }

  /** An event of kind {@code kind}; {@code detail} describes this one, if it is the one logged. */
  void event(String kind, String detail) {
    Kind counts = kinds.computeIfAbsent(kind, ignored -> new Kind());
    long unlogged = counts.unlogged.incrementAndGet();
    long now = clock.getAsLong();
    long last = counts.loggedMs;
    if (last != Long.MIN_VALUE && now - last < INTERVAL_MS) {
      return;
    }
    synchronized (counts) {
      if (counts.loggedMs != last) {
        return;
      }
      counts.loggedMs = now;
      unlogged = counts.unlogged.getAndSet(0);
    }
    String since = last == Long.MIN_VALUE || unlogged <= 1 ? ""
        : " (" + unlogged + " times in the last " + Math.max(1, (now - last) / 1000) + " s)";
    log.warning(kind + ": " + detail + since);
  }
}

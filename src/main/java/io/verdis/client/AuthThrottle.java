package io.verdis.client;

import java.util.EnumSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Slows password guessing on every surface that checks an ACL user's password (RESP AUTH and HELLO
 * AUTH, Pizzaria {@code auth}, the HTTP login, Basic, Bearer and token, the WebSocket {@code auth} op),
 * per source address, and never refuses the right password: a right one is answered at once, and
 * clears the address's count.
 *
 * <p>A wrong password is answered after a delay that grows with the address's consecutive failures
 * ({@link #delayMs}: none for the first few, so a typo costs nothing, then doubling up to a cap).
 * The delays of one address are served one after another, whatever connection or surface the
 * guesses come through, so opening more connections does not guess faster; the queue is bounded
 * by {@link #MAX_WAIT_MS}, past which parallel connections do add up (to at most their number
 * per {@link #MAX_WAIT_MS}). Redis itself does not slow AUTH; it relies on long passwords.
 *
 * <p>Failures are logged once per burst (an address's failures with no gap of {@link #BURST_GAP_MS}),
 * with their count, when the burst ends, and every {@link #LOG_EVERY_MS} while it lasts. Thread-safe:
 * connections run on several event loops; per-address state changes inside the map's atomic compute.
 */
public final class AuthThrottle {
  private static final Logger LOG = Logger.getLogger(AuthThrottle.class.getName());

  /** Failures answered without delay: enough for a few typos. */
  static final int FREE_FAILURES = 3;
  static final long FIRST_DELAY_MS = 50;
  static final long MAX_DELAY_MS = 1_000;
  /** Longest a wrong password's answer waits behind those of the same address. */
  static final long MAX_WAIT_MS = 10_000;
  /** Quiet time after which an address's failures start counting from zero again. */
  static final long BURST_GAP_MS = 10_000;
  static final long LOG_EVERY_MS = 60_000;
  /** How often {@link #sweep} should run, to log ended bursts and forget them. */
  public static final long SWEEP_EVERY_MS = 5_000;

  /** Where a password was given, for the log line. */
  public enum Surface { RESP, PIZZARIA, HTTP, WEBSOCKET }

  /** One address's failures since {@code firstMs}; {@code answerAtMs} is when its last wrong answer goes out. */
  private record Burst(int failures, long firstMs, long lastMs, long answerAtMs, long loggedMs, int loggedFailures,
                       EnumSet<Surface> surfaces) {
    static Burst start(long now) {
      return new Burst(0, now, now, now, now, 0, EnumSet.noneOf(Surface.class));
    }

    Burst fail(long now, Surface surface) {
      EnumSet<Surface> more = EnumSet.copyOf(surfaces);
      more.add(surface);
      int count = failures + 1;
      long answerAt = Math.min(Math.max(now, answerAtMs) + delayMs(count), now + MAX_WAIT_MS);
      return new Burst(count, firstMs, now, answerAt, loggedMs, loggedFailures, more);
    }

    boolean ended(long now) {
      return now - lastMs >= BURST_GAP_MS;
    }

    Burst logged(long now) {
      return new Burst(failures, firstMs, lastMs, answerAtMs, now, failures, surfaces);
    }
  }

  private final ConcurrentHashMap<String, Burst> bursts = new ConcurrentHashMap<>();
  private final LongSupplier clock;

  public AuthThrottle() {
    this(System::currentTimeMillis);
  }

  AuthThrottle(LongSupplier clock) {
    this.clock = clock;
  }

  /**
   * How long to wait before answering the {@code failures}-th consecutive wrong password of an
   * address: 0 for the first {@link #FREE_FAILURES}, then {@link #FIRST_DELAY_MS} doubling up to
   * {@link #MAX_DELAY_MS}.
   */
  public static long delayMs(int failures) {
    if (failures <= FREE_FAILURES) {
      return 0;
    }
    int doublings = Math.min(failures - FREE_FAILURES - 1, 30);
    return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS << doublings);
  }

  /** The host part of a client's {@code host:port} address (IPv6 with or without brackets): what is throttled. */
  public static String host(String address) {
    int colon = address.lastIndexOf(':');
    String host = colon > 0 ? address.substring(0, colon) : address;
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** Counts a wrong password from {@code address}; returns the milliseconds to wait before answering it. */
  public long failed(String address, Surface surface) {
    long now = clock.getAsLong();
    Burst[] ended = new Burst[1];
    Burst burst = bursts.compute(address, (key, old) -> {
      if (old != null && old.ended(now)) {
        ended[0] = old;
        old = null;
      }
      return (old == null ? Burst.start(now) : old).fail(now, surface);
    });
    if (ended[0] != null) {
      log(address, ended[0], "");
    }
    return burst.answerAtMs() - now;
  }

  /** The right password from {@code address}: its burst, if any, ends (and is logged). */
  public void succeeded(String address) {
    Burst burst = bursts.remove(address);
    if (burst != null) {
      log(address, burst, ", then the right one");
    }
  }

  /** Logs and forgets the bursts that have ended, and logs those going on for long; run every {@link #SWEEP_EVERY_MS}. */
  public void sweep() {
    long now = clock.getAsLong();
    for (String address : bursts.keySet()) {
      Burst[] toLog = new Burst[1];
      boolean[] going = {false};
      bursts.computeIfPresent(address, (key, burst) -> {
        if (burst.ended(now)) {
          toLog[0] = burst;
          return null;
        }
        if (now - burst.loggedMs() >= LOG_EVERY_MS && burst.failures() > burst.loggedFailures()) {
          toLog[0] = burst;
          going[0] = true;
          return burst.logged(now);
        }
        return burst;
      });
      if (toLog[0] != null) {
        log(address, toLog[0], going[0] ? " so far, still going on" : "");
      }
    }
  }

  /** The wrong passwords of {@code address}'s current burst (0 once the right one came). */
  public int failures(String address) {
    Burst burst = bursts.get(address);
    return burst == null ? 0 : burst.failures();
  }

  private static void log(String address, Burst burst, String end) {
    if (burst.failures() == 0) {
      return;
    }
    long seconds = Math.max(0, (burst.lastMs() - burst.firstMs()) / 1000);
    LOG.warning(burst.failures() + " wrong password(s) from " + address + " in " + seconds + " s "
        + burst.surfaces() + end + (burst.failures() > FREE_FAILURES ? " (answers were slowed down)" : ""));
  }
}

package io.verdis.web;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing over HTTP and WebSocket: every wrong password is answered after
 * {@link #FAILURE_DELAY_MS}, and an address with {@link #MAX_FAILURES} wrong passwords within
 * {@link #WINDOW_MS} is refused any password check until that window has passed. A right
 * password clears the address's count.
 */
final class LoginThrottle {
  static final int MAX_FAILURES = 10;
  static final long WINDOW_MS = 60_000;
  static final long FAILURE_DELAY_MS = 200;

  /** Failures of one address since {@code sinceMs}. */
  private record Failures(int count, long sinceMs) { }

  private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();

  boolean locked(String address) {
    Failures current = failures.get(address);
    return current != null && current.count() >= MAX_FAILURES
        && System.currentTimeMillis() - current.sinceMs() < WINDOW_MS;
  }

  void failed(String address) {
    long now = System.currentTimeMillis();
    failures.merge(address, new Failures(1, now), (old, one) ->
        now - old.sinceMs() >= WINDOW_MS ? one : new Failures(old.count() + 1, old.sinceMs()));
  }

  void succeeded(String address) {
    failures.remove(address);
  }

  /** Forgets windows that have passed; called now and then. */
  void purge() {
    long now = System.currentTimeMillis();
    failures.values().removeIf(entry -> now - entry.sinceMs() >= WINDOW_MS);
  }
}

package io.verdis.client;

import io.verdis.server.ServerState;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * CLIENT PAUSE, and the pause FAILOVER makes: while one is on, the commands of normal clients
 * wait (they are not refused) — every command (ALL), or the ones that may change the dataset or
 * the replication stream (WRITE) — and run in order when it ends, as Redis 7.0's postponed
 * clients. Each purpose keeps its own pause and the strictest wins, as Redis's
 * client_pause_per_purpose: CLIENT UNPAUSE does not end FAILOVER's.
 *
 * <p>Meanwhile the dataset stays as it is: nothing is reaped (a key past its TTL reads as missing
 * but stays, as Redis's expireIfNeeded while paused) and the stream gets no PINGs or GETACKs, so a
 * replica's offset can catch up with ours exactly. {@link #active} is one volatile read: the
 * command path pays nothing more while no pause is on.
 */
public final class ClientPause {
  /** Redis's pause types, weakest first. */
  public enum Mode { NONE, WRITE, ALL }

  /** Who asked; one pause each. */
  public enum Purpose { CLIENT_COMMAND, FAILOVER }

  private final ServerState server;
  private final Mode[] modes = new Mode[Purpose.values().length];
  private final long[] endsMs = new long[Purpose.values().length];
  /** The strictest pause on now: read by every command. */
  private volatile Mode mode = Mode.NONE;
  /** Connections holding a command: told when the pause gets weaker, to try it again. */
  private List<Runnable> waiting = new ArrayList<>();
  private long timer = -1;
  private long timerDueMs;

  public ClientPause(ServerState server) {
    this.server = server;
    java.util.Arrays.fill(modes, Mode.NONE);
  }

  public boolean active() {
    return mode != Mode.NONE;
  }

  public Mode mode() {
    return mode;
  }

  /**
   * Holds a command if the pause on now says so: {@code resume} runs (on any thread) once the
   * pause gets weaker or ends, and the caller tries the command again then. False: run it now.
   */
  public synchronized boolean postpone(boolean mayReplicate, Runnable resume) {
    Mode now = mode;
    if (now == Mode.NONE || (now == Mode.WRITE && !mayReplicate)) {
      return false;
    }
    waiting.add(resume);
    return true;
  }

  /**
   * Pauses for {@code purpose} until {@code endMs} (Long.MAX_VALUE: until lifted), keeping the
   * stricter mode and the later end of a pause already on for it, as Redis's pauseClients. The
   * future completes once every shard stopped reaping.
   */
  public Future<Void> pause(Purpose purpose, Mode pauseMode, long endMs) {
    boolean started;
    synchronized (this) {
      int i = purpose.ordinal();
      modes[i] = modes[i].compareTo(pauseMode) >= 0 ? modes[i] : pauseMode;
      endsMs[i] = Math.max(endsMs[i], endMs);
      started = mode == Mode.NONE;
      update();
    }
    return started ? holdExpiry(true) : Future.succeededFuture();
  }

  /**
   * Lifts {@code purpose}'s pause (CLIENT UNPAUSE, the end of a FAILOVER); completes once the
   * shards reap again, if no other pause is left.
   */
  public Future<Void> unpause(Purpose purpose) {
    synchronized (this) {
      modes[purpose.ordinal()] = Mode.NONE;
      endsMs[purpose.ordinal()] = 0;
    }
    return refresh();
  }

  /** Ends the pauses whose time is up, and lets go what the weaker mode no longer holds. */
  private Future<Void> refresh() {
    List<Runnable> released;
    boolean ended;
    synchronized (this) {
      long now = System.currentTimeMillis();
      for (int i = 0; i < modes.length; i++) {
        if (modes[i] != Mode.NONE && endsMs[i] <= now) {
          modes[i] = Mode.NONE;
          endsMs[i] = 0;
        }
      }
      Mode before = mode;
      update();
      ended = before != Mode.NONE && mode == Mode.NONE;
      if (mode.compareTo(before) >= 0) {
        return Future.succeededFuture();
      }
      // As Redis's unblockPostponedClients: all of them try again; what is still held waits again.
      released = waiting;
      waiting = new ArrayList<>();
    }
    // The shards are told to reap again first, then the held commands go.
    Future<Void> reaping = ended ? holdExpiry(false) : Future.succeededFuture();
    released.forEach(Runnable::run);
    return reaping;
  }

  /** The strictest mode of the purposes, and a timer for the nearest end; under the lock. */
  private void update() {
    Mode strictest = Mode.NONE;
    long nearest = Long.MAX_VALUE;
    for (int i = 0; i < modes.length; i++) {
      if (modes[i].compareTo(strictest) > 0) {
        strictest = modes[i];
      }
      if (modes[i] != Mode.NONE) {
        nearest = Math.min(nearest, endsMs[i]);
      }
    }
    mode = strictest;
    if (nearest == Long.MAX_VALUE) {
      cancelTimer();
    } else if (timer == -1 || nearest < timerDueMs) {
      cancelTimer();
      timerDueMs = nearest;
      long delay = Math.max(1, nearest - System.currentTimeMillis());
      timer = server.vertx().setTimer(delay, id -> {
        synchronized (this) {
          timer = -1;
        }
        refresh();
      });
    }
  }

  private void cancelTimer() {
    if (timer != -1) {
      server.vertx().cancelTimer(timer);
      timer = -1;
    }
  }

  private Future<Void> holdExpiry(boolean held) {
    return server.shards().onEveryShard(store -> store.clock().clientsPaused(held));
  }
}

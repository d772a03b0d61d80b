package io.verdis.pubsub;

import io.verdis.server.Config;
import io.verdis.server.OutputBufferLimits;
import io.verdis.server.ServerState;

import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * {@code client-output-buffer-limit} for one client: Redis's checkClientOutputBufferLimits. A
 * client whose unsent output reaches the hard limit of its class, or stays at or over the soft
 * limit for longer than the soft seconds, must be closed at once: nobody waits for a client that
 * does not read. Its class is pubsub while it subscribes to anything (a WebSocket always is),
 * normal otherwise (RESP and Pizzaria clients), as Redis's getClientType decides.
 *
 * <p>Use: after queueing output, call {@link #overHardLimit} (cheap: no clock); once per burst
 * call {@link #exceeded}; while {@link #softLimitSinceMs()} is set and nothing more is queued,
 * check again after {@link #recheckDelayMs} (Redis's clientsCron does the same for idle clients).
 * When either says so, {@link #closing} logs and counts it, then the caller closes the client.
 * Not thread-safe: one per subscriber, used on its loop. The limits are read from the
 * configuration at each check, so CONFIG SET applies at once.
 */
public final class OutputLimit {
  private static final Logger LOG = Logger.getLogger(OutputLimit.class.getName());

  private static final BooleanSupplier ALWAYS = () -> true;

  private final Config config;
  private final Function<OutputBufferLimits, OutputBufferLimits.Limit> classLimit;
  /** When the output first reached the soft limit, 0 while under it. */
  private long softLimitSinceMs;

  /** The limits of the pubsub class, for a client that only ever subscribes (a WebSocket). */
  public OutputLimit(Config config) {
    this(config, ALWAYS);
  }

  /** {@code pubsub} tells, at each check, whether the client is in the pubsub class or the normal one. */
  public OutputLimit(Config config, BooleanSupplier pubsub) {
    this(config, limits -> pubsub.getAsBoolean() ? limits.pubsub() : limits.normal());
  }

  private OutputLimit(Config config, Function<OutputBufferLimits, OutputBufferLimits.Limit> classLimit) {
    this.config = config;
    this.classLimit = classLimit;
  }

  /**
   * The limits of the replica class, for the link of a replica this node feeds. As Redis's
   * checkClientOutputBufferLimits, a hard limit below repl-backlog-size counts as that size: a
   * replica that could resume from the backlog must not be dropped before it is full.
   */
  public static OutputLimit replica(Config config) {
    return new OutputLimit(config, limits -> {
      OutputBufferLimits.Limit limit = limits.replica();
      long backlog = config.replBacklogSize();
      return limit.hardBytes() > 0 && limit.hardBytes() < backlog
          ? new OutputBufferLimits.Limit(backlog, limit.softBytes(), limit.softSeconds()) : limit;
    });
  }

  private OutputBufferLimits.Limit limit() {
    return classLimit.apply(config.clientOutputBufferLimit());
  }

  /** Whether the client's class has a limit at all (normal has none by default, as in Redis). */
  public boolean limited() {
    OutputBufferLimits.Limit limit = limit();
    if (limit.hardBytes() == 0 && limit.softBytes() == 0) {
      softLimitSinceMs = 0;
      return false;
    }
    return true;
  }

  /** Whether {@code pendingBytes} of unsent output reach the hard limit. */
  public boolean overHardLimit(long pendingBytes) {
    long hard = limit().hardBytes();
    return hard > 0 && pendingBytes >= hard;
  }

  /** Whether the client must be closed now: hard limit reached, or soft limit held for too long. */
  public boolean exceeded(long pendingBytes, long nowMs) {
    OutputBufferLimits.Limit limit = limit();
    if (limit.hardBytes() > 0 && pendingBytes >= limit.hardBytes()) {
      return true;
    }
    if (limit.softBytes() == 0 || pendingBytes < limit.softBytes()) {
      softLimitSinceMs = 0;
      return false;
    }
    if (softLimitSinceMs == 0) {
      softLimitSinceMs = nowMs;
      return false;
    }
    return nowMs - softLimitSinceMs > limit.softSeconds() * 1000;
  }

  /** Since when the output has been at or over the soft limit; 0 if it is not. */
  public long softLimitSinceMs() {
    return softLimitSinceMs;
  }

  /** How long until the soft limit's seconds have run out (check {@link #exceeded} again then). */
  public long recheckDelayMs(long nowMs) {
    long deadline = softLimitSinceMs + limit().softSeconds() * 1000 + 1;
    return Math.max(1, deadline - nowMs);
  }

  /**
   * Logs Redis's line for a client closed over its output limit and counts it in INFO stats
   * (client_output_buffer_limit_disconnections); {@code client} is its CLIENT LIST line.
   */
  public static void closing(ServerState server, String client) {
    server.stats().outputBufferLimitDisconnections.increment();
    LOG.warning("Client " + client + " scheduled to be closed ASAP for overcoming of output buffer limits.");
  }
}

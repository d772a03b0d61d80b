package io.verdis.command;

/** The timeout argument of the blocking commands (BLPOP … timeout), as Redis's getTimeoutFromObjectOrReply. */
public final class BlockingTimeout {
  /** A deadline that never comes: timeout 0. */
  public static final long NONE = 0;

  private BlockingTimeout() {
  }

  /** Seconds, fractions allowed, as an absolute deadline in ms from {@code nowMs}; 0 waits for ever. */
  public static long deadline(byte[] seconds, long nowMs) {
    double value = Args.parseDouble(seconds, "ERR timeout is not a float or out of range");
    double ms = value * 1000.0;
    if (ms > Long.MAX_VALUE) {
      throw new CommandException("ERR timeout is out of range");
    }
    long timeout = (long) Math.ceil(ms);
    if (timeout < 0) {
      throw new CommandException("ERR timeout is negative");
    }
    if (timeout == 0) {
      return NONE;
    }
    if (timeout > Long.MAX_VALUE - nowMs) {
      throw new CommandException("ERR timeout is out of range");
    }
    return nowMs + timeout;
  }
}

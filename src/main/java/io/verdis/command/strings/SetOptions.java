package io.verdis.command.strings;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.Errors;
import io.verdis.command.KeyspaceCall;

/**
 * The options of SET and GETEX, parsed as Redis's parseExtendedStringArgumentsOrReply does:
 * NX/XX exclude each other, one expiry form at most (the same form may repeat; the last wins),
 * KEEPTTL only for SET, PERSIST only for GETEX. The expiry is made absolute right away;
 * {@code absolute} says it was given as a time (EXAT, PXAT), {@code absoluteMs} as PXAT.
 */
record SetOptions(boolean nx, boolean xx, boolean get, boolean keepTtl, boolean persist, long expireAtMs,
                  boolean absolute, boolean absoluteMs) {
  static final long NO_EXPIRY = Long.MIN_VALUE;

  private enum Expiry { EX, PX, EXAT, PXAT }

  static SetOptions parse(KeyspaceCall c, int from, boolean forSet) {
    boolean nx = false;
    boolean xx = false;
    boolean get = false;
    boolean keepTtl = false;
    boolean persist = false;
    Expiry form = null;
    byte[] expiry = null;
    for (int i = from; i < c.argc(); i++) {
      byte[] opt = c.arg(i);
      boolean hasNext = i + 1 < c.argc();
      if (forSet && Args.is(opt, "nx") && !xx) {
        nx = true;
      } else if (forSet && Args.is(opt, "xx") && !nx) {
        xx = true;
      } else if (forSet && Args.is(opt, "get")) {
        get = true;
      } else if (forSet && Args.is(opt, "keepttl") && form == null) {
        keepTtl = true;
      } else if (!forSet && Args.is(opt, "persist") && form == null) {
        persist = true;
      } else if (hasNext && !keepTtl && !persist && expiryForm(opt) != null
          && (form == null || form == expiryForm(opt))) {
        form = expiryForm(opt);
        expiry = c.arg(++i);
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    long expireAt = form == null ? NO_EXPIRY : absolute(form, expiry, c.now(), c.commandName());
    return new SetOptions(nx, xx, get, keepTtl, persist, expireAt, form == Expiry.EXAT || form == Expiry.PXAT,
        form == Expiry.PXAT);
  }

  private static Expiry expiryForm(byte[] opt) {
    for (Expiry form : Expiry.values()) {
      if (Args.is(opt, form.name().toLowerCase(java.util.Locale.ROOT))) {
        return form;
      }
    }
    return null;
  }

  /** Redis's getExpireMillisecondsOrReply: positive, no overflow, relative forms added to now. */
  private static long absolute(Expiry form, byte[] arg, long now, String command) {
    long unitMs = form == Expiry.EX || form == Expiry.EXAT ? 1000 : 1;
    boolean relative = form == Expiry.EX || form == Expiry.PX;
    return toAbsolute(arg, unitMs, relative, now, command);
  }

  /** SETEX and PSETEX. */
  static long relativeExpiry(byte[] arg, long unitMs, long now, String command) {
    return toAbsolute(arg, unitMs, true, now, command);
  }

  private static long toAbsolute(byte[] arg, long unitMs, boolean relative, long now, String command) {
    long value = Args.parseLong(arg);
    if (value <= 0 || value > Long.MAX_VALUE / unitMs) {
      throw new CommandException(Errors.invalidExpireTime(command));
    }
    long ms = value * unitMs;
    if (relative) {
      ms = ms > Long.MAX_VALUE - now ? -1 : ms + now;
    }
    if (ms <= 0) {
      throw new CommandException(Errors.invalidExpireTime(command));
    }
    return ms;
  }
}

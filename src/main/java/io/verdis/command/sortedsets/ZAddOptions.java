package io.verdis.command.sortedsets;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.Errors;
import io.verdis.command.KeyspaceCall;

/**
 * ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member …, checked in Redis's order (zaddGenericCommand):
 * pairs first, then the conflicting options.
 *
 * @param scoreIndex where the first score is
 */
public record ZAddOptions(boolean nx, boolean xx, boolean gt, boolean lt, boolean ch, boolean incr, int scoreIndex) {
  /** ZINCRBY key increment member: ZADD INCR without options. */
  static final ZAddOptions ZINCRBY = new ZAddOptions(false, false, false, false, false, true, 2);

  /** GEOADD key [NX|XX] [CH] …: Redis rewrites it into a ZADD with these options. */
  public static ZAddOptions geoadd(boolean nx, boolean xx, boolean ch) {
    return new ZAddOptions(nx, xx, false, false, ch, false, 0);
  }

  static ZAddOptions parse(KeyspaceCall c) {
    boolean nx = false;
    boolean xx = false;
    boolean gt = false;
    boolean lt = false;
    boolean ch = false;
    boolean incr = false;
    int i = 2;
    for (; i < c.argc(); i++) {
      byte[] option = c.arg(i);
      if (Args.is(option, "nx")) {
        nx = true;
      } else if (Args.is(option, "xx")) {
        xx = true;
      } else if (Args.is(option, "ch")) {
        ch = true;
      } else if (Args.is(option, "incr")) {
        incr = true;
      } else if (Args.is(option, "gt")) {
        gt = true;
      } else if (Args.is(option, "lt")) {
        lt = true;
      } else {
        break;
      }
    }
    int remaining = c.argc() - i;
    if (remaining == 0 || remaining % 2 != 0) {
      throw new CommandException(Errors.SYNTAX);
    }
    if (nx && xx) {
      throw new CommandException("ERR XX and NX options at the same time are not compatible");
    }
    if ((gt && nx) || (lt && nx) || (gt && lt)) {
      throw new CommandException("ERR GT, LT, and/or NX options at the same time are not compatible");
    }
    if (incr && remaining > 2) {
      throw new CommandException("ERR INCR option supports a single increment-element pair");
    }
    return new ZAddOptions(nx, xx, gt, lt, ch, incr, i);
  }

  int pairs(KeyspaceCall c) {
    return (c.argc() - scoreIndex) / 2;
  }
}

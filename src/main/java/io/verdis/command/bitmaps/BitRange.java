package io.verdis.command.bitmaps;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.Errors;

/**
 * The bits BITCOUNT and BITPOS look at, first to last inclusive, resolved from a start and end in
 * bytes or bits as Redis 7.0 does: negative indexes count from the end, then both are clamped into
 * the string. Empty when first > last.
 */
record BitRange(long first, long last) {
  private static final BitRange EMPTY = new BitRange(0, -1);

  static BitRange whole(long length) {
    return length == 0 ? EMPTY : new BitRange(0, (length << 3) - 1);
  }

  static BitRange of(long length, long start, long end, boolean inBits) {
    long total = inBits ? length << 3 : length;
    if (start < 0) {
      start = Math.max(0, total + start);
    }
    if (end < 0) {
      end = Math.max(0, total + end);
    }
    end = Math.min(end, total - 1);
    if (start > end) {
      return EMPTY;
    }
    return inBits ? new BitRange(start, end) : new BitRange(start << 3, (end << 3) + 7);
  }

  /** The unit word: BIT or BYTE, any case; anything else is a syntax error. */
  static boolean inBits(byte[] unit) {
    if (Args.is(unit, "bit")) {
      return true;
    }
    if (Args.is(unit, "byte")) {
      return false;
    }
    throw new CommandException(Errors.SYNTAX);
  }

  boolean isEmpty() {
    return first > last;
  }
}

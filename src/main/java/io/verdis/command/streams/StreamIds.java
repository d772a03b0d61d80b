package io.verdis.command.streams;

import io.verdis.command.CommandException;
import io.verdis.types.stream.StreamId;

/**
 * Parses stream ids as t_stream.c's streamGenericParseIDOrReply does: {@code ms-seq}, {@code ms}
 * (the sequence then defaults to the caller's choice), {@code -} and {@code +}, numbers read by
 * util.c's string2ull (so {@code " 5"} and {@code "+5"} are accepted where strtoull accepts them).
 */
public final class StreamIds {
  public static final String INVALID = "ERR Invalid stream ID specified as stream command argument";
  /** The longest argument Redis copies into its 128-byte parse buffer. */
  private static final int MAX_LENGTH = 127;

  private StreamIds() {
  }

  /** An id where {@code -} and {@code +} mean the smallest and greatest (streamParseIDOrReply). */
  public static StreamId parse(byte[] arg, long missingSeq) {
    return parse(arg, missingSeq, false);
  }

  /** An id where {@code -} and {@code +} are refused (streamParseStrictIDOrReply). */
  public static StreamId parseStrict(byte[] arg, long missingSeq) {
    return parse(arg, missingSeq, true);
  }

  private static StreamId parse(byte[] arg, long missingSeq, boolean strict) {
    if (arg.length > MAX_LENGTH) {
      throw new CommandException(INVALID);
    }
    if (arg.length == 1 && (arg[0] == '-' || arg[0] == '+')) {
      if (strict) {
        throw new CommandException(INVALID);
      }
      return arg[0] == '-' ? StreamId.MIN : StreamId.MAX;
    }
    int dash = indexOf(arg, (byte) '-');
    long ms = unsigned(arg, 0, dash < 0 ? arg.length : dash);
    long seq = dash < 0 ? missingSeq : unsigned(arg, dash + 1, arg.length);
    return new StreamId(ms, seq);
  }

  /**
   * XADD's explicit id: strict, and {@code ms-*} leaves the sequence to the server. Returns the id
   * with the sequence, or with {@code seqGiven[0]} false when it is {@code *}.
   */
  public static StreamId parseForAdd(byte[] arg, boolean[] seqGiven) {
    int dash = indexOf(arg, (byte) '-');
    if (arg.length <= MAX_LENGTH && dash >= 0 && dash == arg.length - 2 && arg[dash + 1] == '*') {
      seqGiven[0] = false;
      return new StreamId(unsigned(arg, 0, dash), 0);
    }
    seqGiven[0] = true;
    return parseStrict(arg, 0);
  }

  /**
   * An XRANGE bound: {@code (id} excludes the id itself (streamParseIntervalIDOrReply); the result is
   * already moved past the excluded id, or null when there is nothing past it.
   */
  public static StreamId parseBound(byte[] arg, long missingSeq, boolean start) {
    if (arg.length > 1 && arg[0] == '(') {
      byte[] rest = java.util.Arrays.copyOfRange(arg, 1, arg.length);
      StreamId id = parseStrict(rest, missingSeq);
      StreamId moved = start ? id.next() : id.previous();
      if (moved == null) {
        throw new CommandException(start ? "ERR invalid start ID for the interval"
            : "ERR invalid end ID for the interval");
      }
      return moved;
    }
    return parse(arg, missingSeq);
  }

  private static int indexOf(byte[] arg, byte wanted) {
    for (int i = 0; i < arg.length; i++) {
      if (arg[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  /**
   * util.c's string2ull on {@code arg[from, to)}: a canonical non-negative long, or else what C's
   * strtoull accepts whole (leading white space, a sign, decimal digits, no overflow).
   */
  static long unsigned(byte[] arg, int from, int to) {
    int i = from;
    while (i < to && isSpace(arg[i])) {
      i++;
    }
    boolean negative = false;
    if (i < to && (arg[i] == '+' || arg[i] == '-')) {
      negative = arg[i] == '-';
      i++;
    }
    if (i == to) {
      throw new CommandException(INVALID);
    }
    long value = 0;
    for (; i < to; i++) {
      int digit = arg[i] - '0';
      if (digit < 0 || digit > 9) {
        throw new CommandException(INVALID);
      }
      long times10 = value * 10;
      if (Long.compareUnsigned(value, Long.divideUnsigned(-1L, 10)) > 0
          || Long.compareUnsigned(times10 + digit, times10) < 0) {
        throw new CommandException(INVALID);
      }
      value = times10 + digit;
    }
    if (negative && isCanonicalNegative(arg, from, to)) {
      throw new CommandException(INVALID); // string2ll took it and refused a negative number
    }
    return negative ? -value : value;
  }

  /** Whether string2ll parses {@code arg[from, to)} as a negative long (then string2ull refuses it). */
  private static boolean isCanonicalNegative(byte[] arg, int from, int to) {
    if (to - from < 2 || arg[from] != '-' || arg[from + 1] == '0' || to - from > 20) {
      return false;
    }
    for (int i = from + 1; i < to; i++) {
      if (arg[i] < '0' || arg[i] > '9') {
        return false;
      }
    }
    if (to - from == 20) {
      String digits = new String(arg, from + 1, to - from - 1, java.nio.charset.StandardCharsets.US_ASCII);
      return digits.compareTo("9223372036854775808") <= 0;
    }
    return true;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || (b >= '\t' && b <= '\r');
  }
}

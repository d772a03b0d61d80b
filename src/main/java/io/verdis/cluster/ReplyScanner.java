package io.verdis.cluster;

import io.netty.buffer.ByteBuf;

/**
 * Finds where one RESP2/RESP3 reply ends, so the replies a node relays can be matched to the
 * commands they answer without decoding them.
 */
final class ReplyScanner {
  static final int INCOMPLETE = -1;

  private ReplyScanner() {
  }

  /** The index just after the reply starting at {@code from}, or {@link #INCOMPLETE}. */
  static int end(ByteBuf bytes, int from) {
    int limit = bytes.writerIndex();
    if (from >= limit) {
      return INCOMPLETE;
    }
    byte type = bytes.getByte(from);
    int cr = bytes.indexOf(from + 1, limit, (byte) '\r');
    if (cr < 0 || cr + 1 >= limit) {
      return INCOMPLETE;
    }
    int next = cr + 2;
    switch (type) {
      case '$', '!', '=' -> {
        long length = number(bytes, from + 1, cr);
        if (length < 0) {
          return next;
        }
        long end = next + length + 2;
        return end <= limit ? (int) end : INCOMPLETE;
      }
      case '*', '~', '>', '%', '|' -> {
        long count = number(bytes, from + 1, cr);
        if (count < 0) {
          return next;
        }
        long elements = type == '%' || type == '|' ? count * 2 : count;
        int position = next;
        for (long i = 0; i < elements && position != INCOMPLETE; i++) {
          position = end(bytes, position);
        }
        // An attribute (|) comes before the reply it annotates.
        return type == '|' && position != INCOMPLETE ? end(bytes, position) : position;
      }
      default -> {
        return next;
      }
    }
  }

  private static long number(ByteBuf bytes, int from, int to) {
    boolean negative = bytes.getByte(from) == '-';
    long value = 0;
    for (int i = negative ? from + 1 : from; i < to; i++) {
      value = value * 10 + (bytes.getByte(i) - '0');
    }
    return negative ? -value : value;
  }
}

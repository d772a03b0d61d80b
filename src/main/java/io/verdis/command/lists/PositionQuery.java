package io.verdis.command.lists;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.Errors;
import io.verdis.command.KeyspaceCall;
import io.verdis.net.RespWriter;
import io.verdis.types.ListValue;

import java.util.Arrays;

/**
 * LPOS's options {@code [RANK rank] [COUNT num-matches] [MAXLEN len]} and its search, as Redis's
 * lposCommand: later options win, RANK counts matches (negative: from the tail), COUNT 0 means all.
 *
 * @param count -1 when COUNT was not given (the reply is then one index or nil, not an array)
 */
record PositionQuery(long rank, long count, long maxlen) {
  private static final String ZERO_RANK = "ERR RANK can't be zero: use 1 to start from the first match, "
      + "2 from the second ... or use negative to start from the end of the list";

  static PositionQuery parse(KeyspaceCall c) {
    long rank = 1;
    long count = -1;
    long maxlen = 0;
    for (int i = 3; i < c.argc(); i++) {
      boolean more = i + 1 < c.argc();
      if (more && Args.is(c.arg(i), "rank")) {
        rank = Args.parseLong(c.arg(++i));
        if (rank == 0) {
          throw new CommandException(ZERO_RANK);
        }
      } else if (more && Args.is(c.arg(i), "count")) {
        count = ListCommands.positive(c.arg(++i), 0, "ERR COUNT can't be negative");
      } else if (more && Args.is(c.arg(i), "maxlen")) {
        maxlen = ListCommands.positive(c.arg(++i), 0, "ERR MAXLEN can't be negative");
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    return new PositionQuery(rank, count, maxlen);
  }

  boolean wantsArray() {
    return count != -1;
  }

  /**
   * Writes the matching indexes of {@code element}. The arithmetic is Redis's to the overflow:
   * RANK -9223372036854775808 stays negative when negated and so matches from the first one found.
   */
  void reply(ListValue list, byte[] element, RespWriter reply) {
    boolean fromTail = rank < 0;
    long wanted = fromTail ? -rank : rank;
    int length = list.size();
    int scanned = maxlen == 0 ? length : (int) Math.min(maxlen, length);
    // The search stops before this index (from the head) or below it (from the tail).
    int bound = fromTail ? length - scanned : scanned;
    int[] found = wantsArray() ? new int[Math.min(length, 16)] : null;
    int foundCount = 0;
    long matches = 0;
    int position = fromTail ? length : -1;
    while ((position = fromTail ? list.lastIndexOf(element, position - 1, bound)
        : list.indexOf(element, position + 1, bound)) >= 0) {
      if (++matches < wanted) {
        continue;
      }
      if (found == null) {
        reply.integer(position);
        return;
      }
      if (foundCount == found.length) {
        found = Arrays.copyOf(found, Math.min(length, found.length * 2));
      }
      found[foundCount++] = position;
      if (count != 0 && matches - wanted + 1 >= count) {
        break;
      }
    }
    if (found == null) {
      reply.nullBulk();
      return;
    }
    reply.array(foundCount);
    for (int i = 0; i < foundCount; i++) {
      reply.integer(found[i]);
    }
  }
}

package io.verdis.command.sortedsets;

import io.verdis.command.Args;
import io.verdis.command.BlockingTimeout;
import io.verdis.command.CommandException;
import io.verdis.command.Errors;
import io.verdis.command.KeyspaceCall;
import io.verdis.net.RespWriter;
import io.verdis.types.SortedSetValue;

import java.util.Arrays;

/**
 * ZPOPMIN, ZPOPMAX, their blocking forms and ZMPOP/BZMPOP (Redis's genericZpopCommand and
 * blockingGenericZpopCommand). A blocking pop that finds something is logged as the plain pop
 * it did ({@code ZPOPMIN key}, or {@code ZPOPMIN key count} for the ZMPOP forms), as Redis
 * propagates it.
 */
final class PopCommands {
  private static final byte[] ZPOPMIN = Args.bytes("ZPOPMIN");
  private static final byte[] ZPOPMAX = Args.bytes("ZPOPMAX");
  /** ZPOPMIN without a count: one element, in a flat reply. */
  private static final long SINGLE = -1;

  /** The reply shapes of Redis's genericZpopCommand. */
  private enum Shape {
    /** ZPOPMIN/ZPOPMAX: member, score … (RESP3 with a count: one pair per element). */
    PLAIN(false, false), PLAIN_NESTED(false, true),
    /** BZPOPMIN/BZPOPMAX: key, member, score. */
    KEYED(true, false),
    /** ZMPOP/BZMPOP: key, then one pair per element, in both protocols. */
    KEYED_NESTED(true, true);

    final boolean keyed;
    final boolean nested;

    Shape(boolean keyed, boolean nested) {
      this.keyed = keyed;
      this.nested = nested;
    }
  }

  private PopCommands() {
  }

  static void zpopmin(KeyspaceCall c) {
    pop(c, false);
  }

  static void zpopmax(KeyspaceCall c) {
    pop(c, true);
  }

  private static void pop(KeyspaceCall c, boolean max) {
    if (c.argc() > 3) {
      throw new CommandException(Errors.SYNTAX);
    }
    long count = SINGLE;
    if (c.argc() == 3) {
      count = atLeast(c.arg(2), 0, "ERR value is out of range, must be positive");
    }
    popFirst(c, 1, 1, max, count, c.reply().resp3() && count != SINGLE ? Shape.PLAIN_NESTED : Shape.PLAIN);
  }

  static void bzpopmin(KeyspaceCall c) {
    blockingPop(c, false);
  }

  static void bzpopmax(KeyspaceCall c) {
    blockingPop(c, true);
  }

  private static void blockingPop(KeyspaceCall c, boolean max) {
    long deadline = BlockingTimeout.deadline(c.arg(c.argc() - 1), c.now());
    popOrBlock(c, 1, c.argc() - 2, max, SINGLE, Shape.KEYED, deadline);
  }

  static void zmpop(KeyspaceCall c) {
    multiPop(c, 1, false);
  }

  static void bzmpop(KeyspaceCall c) {
    multiPop(c, 2, true);
  }

  /** ZMPOP numkeys key … MIN|MAX [COUNT count], BZMPOP timeout numkeys …: checked in Redis's order. */
  private static void multiPop(KeyspaceCall c, int numkeysAt, boolean blocking) {
    long numkeys = atLeast(c.arg(numkeysAt), 1, "ERR numkeys should be greater than 0");
    if (numkeys >= c.argc() - numkeysAt - 1) {
      throw new CommandException(Errors.SYNTAX);
    }
    int whereAt = numkeysAt + (int) numkeys + 1;
    boolean max;
    if (Args.is(c.arg(whereAt), "min")) {
      max = false;
    } else if (Args.is(c.arg(whereAt), "max")) {
      max = true;
    } else {
      throw new CommandException(Errors.SYNTAX);
    }
    long count = SINGLE;
    for (int j = whereAt + 1; j < c.argc(); j++) {
      if (count == SINGLE && Args.is(c.arg(j), "count") && j + 1 < c.argc()) {
        count = atLeast(c.arg(++j), 1, "ERR count should be greater than 0");
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    if (count == SINGLE) {
      count = 1;
    }
    if (blocking) {
      long deadline = BlockingTimeout.deadline(c.arg(1), c.now());
      popOrBlock(c, numkeysAt + 1, (int) numkeys, max, count, Shape.KEYED_NESTED, deadline);
      return;
    }
    byte[] key = popFirst(c, numkeysAt + 1, (int) numkeys, max, count, Shape.KEYED_NESTED);
    if (key != null) {
      c.propagateAs(max ? ZPOPMAX : ZPOPMIN, key, Args.bytes(count));
    }
  }

  /** An integer of at least {@code min}, with {@code error} for anything else (Redis's getRangeLongFromObjectOrReply). */
  private static long atLeast(byte[] arg, long min, String error) {
    long value = Args.parseLong(arg, error);
    if (value < min) {
      throw new CommandException(error);
    }
    return value;
  }

  /**
   * The blocking forms: pops from the first key holding elements (checking each key's type on
   * the way), else blocks on all of them.
   */
  private static void popOrBlock(KeyspaceCall c, int firstKey, int keys, boolean max, long count, Shape shape,
      long deadline) {
    for (int i = firstKey; i < firstKey + keys; i++) {
      SortedSetValue z = SortedSetCommands.write(c, c.arg(i));
      if (z != null && z.size() > 0) {
        popFirst(c, i, 1, max, count, shape);
        byte[] command = max ? ZPOPMAX : ZPOPMIN;
        if (count == SINGLE) {
          c.propagateAs(command, c.arg(i));
        } else {
          c.propagateAs(command, c.arg(i), Args.bytes(count));
        }
        return;
      }
    }
    c.block(deadline, false, Arrays.copyOfRange(c.argv(), firstKey, firstKey + keys));
  }

  /**
   * Redis's genericZpopCommand: pops up to {@code count} elements ({@link #SINGLE}: one) from the
   * first of the keys that exists (a key of another type fails the command) and replies; the key
   * popped from, or null when none existed (then an empty array, or nil for the keyed shapes).
   */
  private static byte[] popFirst(KeyspaceCall c, int firstKey, int keys, boolean max, long count, Shape shape) {
    RespWriter reply = c.reply();
    SortedSetValue z = null;
    byte[] key = null;
    for (int i = firstKey; i < firstKey + keys && z == null; i++) {
      key = c.arg(i);
      z = SortedSetCommands.write(c, key);
    }
    if (z == null) {
      if (shape.keyed) {
        reply.nullArray();
      } else {
        reply.array(0);
      }
      return null;
    }
    if (count == 0) {
      reply.array(0);
      return null;
    }
    int popped = (int) Math.min(count == SINGLE ? 1 : count, z.size());
    if (!shape.keyed) {
      reply.array(shape.nested ? popped : popped * 2);
    } else if (!shape.nested) {
      reply.array(popped * 2 + 1);
      reply.bulk(key);
    } else {
      reply.array(2);
      reply.bulk(key);
      reply.array(popped);
    }
    ScoredReply elements = shape.nested ? ScoredReply.NESTED : ScoredReply.FLAT;
    int node = z.atRank(max ? z.size() - 1 : 0);
    for (int i = 0; i < popped; i++) {
      elements.element(reply, z.memberOf(node), z.scoreOf(node));
      node = max ? z.prev(node) : z.next(node);
    }
    z.removeRange(max ? z.size() - popped : 0, popped);
    SortedSetCommands.removed(c, key, z, popped, max ? "zpopmax" : "zpopmin");
    return key;
  }
}

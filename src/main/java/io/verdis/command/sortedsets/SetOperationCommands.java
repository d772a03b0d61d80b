package io.verdis.command.sortedsets;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.Errors;
import io.verdis.command.KeyspaceCall;
import io.verdis.pubsub.NotifyType;
import io.verdis.types.SetValue;
import io.verdis.types.SortedSetValue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD (Redis's zunionInterDiffGenericCommand).
 * Inputs may be sets, whose members count with score 1; a missing key is an empty input. Inputs
 * are combined smallest first, as Redis does, so sums of several weighted scores round the same.
 */
final class SetOperationCommands {
  /** The operations, with the event their STORE form publishes. */
  private enum Operation {
    UNION("zunionstore"), INTER("zinterstore"), DIFF("zdiffstore");

    final String storeEvent;

    Operation(String storeEvent) {
      this.storeEvent = storeEvent;
    }
  }

  private SetOperationCommands() {
  }

  static void zunion(KeyspaceCall c) {
    combine(c, null, 1, Operation.UNION, false);
  }

  static void zinter(KeyspaceCall c) {
    combine(c, null, 1, Operation.INTER, false);
  }

  static void zdiff(KeyspaceCall c) {
    combine(c, null, 1, Operation.DIFF, false);
  }

  static void zunionstore(KeyspaceCall c) {
    combine(c, c.arg(1), 2, Operation.UNION, false);
  }

  static void zinterstore(KeyspaceCall c) {
    combine(c, c.arg(1), 2, Operation.INTER, false);
  }

  static void zdiffstore(KeyspaceCall c) {
    combine(c, c.arg(1), 2, Operation.DIFF, false);
  }

  static void zintercard(KeyspaceCall c) {
    combine(c, null, 1, Operation.INTER, true);
  }

  /** Checks in Redis's order: numkeys, the inputs' types, then the options. */
  private static void combine(KeyspaceCall c, byte[] destination, int numkeysAt, Operation operation,
      boolean cardinalityOnly) {
    long numkeys = Args.parseLong(c.arg(numkeysAt));
    if (numkeys < 1) {
      throw new CommandException("ERR at least 1 input key is needed for '" + c.commandName() + "' command");
    }
    if (numkeys > c.argc() - numkeysAt - 1) {
      throw new CommandException(Errors.SYNTAX);
    }
    int count = (int) numkeys;
    Object[] values = new Object[count];
    for (int i = 0; i < count; i++) {
      // A STORE form reads its inputs as the others do: Redis 7.0 counts their misses ("keymiss").
      Object value = c.db().lookupRead(c.arg(numkeysAt + 1 + i));
      if (value != null && !(value instanceof SortedSetValue) && !(value instanceof SetValue)) {
        throw new CommandException(Errors.WRONGTYPE);
      }
      values[i] = value;
    }
    SetOperationOptions options = SetOperationOptions.parse(c, numkeysAt + 1 + count, count,
        operation != Operation.DIFF && !cardinalityOnly, destination == null && !cardinalityOnly, cardinalityOnly);
    SortedSetValue[] inputs = new SortedSetValue[count];
    for (int i = 0; i < count; i++) {
      inputs[i] = asSortedSet(values[i]);
    }
    if (cardinalityOnly) {
      c.reply().integer(intersectionSize(inputs, options.limit()));
      return;
    }
    SortedSetValue result = switch (operation) {
      case UNION -> union(inputs, options);
      case INTER -> intersection(inputs, options);
      case DIFF -> difference(inputs);
    };
    if (destination != null) {
      store(c, destination, result, operation.storeEvent);
      return;
    }
    ScoredReply shape = ScoredReply.of(c.reply(), options.withScores());
    shape.header(c.reply(), result.size());
    for (int node = result.atRank(0); node != SortedSetValue.NONE; node = result.next(node)) {
      shape.element(c.reply(), result.memberOf(node), result.scoreOf(node));
    }
  }

  private static void store(KeyspaceCall c, byte[] destination, SortedSetValue result, String event) {
    if (result.size() == 0) {
      if (c.db().delete(destination)) {
        c.notify(NotifyType.GENERIC, "del", destination);
      }
      c.reply().integer(0);
      return;
    }
    result.useListpackIfSmall(c.server().config().zsetLimits());
    c.db().set(destination, result);
    c.notify(NotifyType.ZSET, event, destination);
    c.reply().integer(result.size());
  }

  /** A sorted set as it is; a set as a sorted set of score 1 (temporary, for this command). */
  private static SortedSetValue asSortedSet(Object value) {
    if (value == null || value instanceof SortedSetValue) {
      return (SortedSetValue) value;
    }
    List<byte[]> members = ((SetValue) value).toRdb().members();
    SortedSetValue set = SortedSetValue.skiplist(members.size());
    for (byte[] member : members) {
      set.insert(member, 1.0);
    }
    return set;
  }

  private static int size(SortedSetValue input) {
    return input == null ? 0 : input.size();
  }

  /** Input indexes by ascending size; ties keep the order of the keys (Redis's qsort is a merge sort here). */
  private static Integer[] smallestFirst(SortedSetValue[] inputs) {
    Integer[] order = new Integer[inputs.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> size(inputs[i])));
    return order;
  }

  /** A weighted score; NaN (0 times infinity) counts as 0, as in Redis. */
  private static double weighted(double weight, double score) {
    double value = weight * score;
    return Double.isNaN(value) ? 0.0 : value;
  }

  private static SortedSetValue union(SortedSetValue[] inputs, SetOperationOptions options) {
    Integer[] order = smallestFirst(inputs);
    SortedSetValue result = SortedSetValue.skiplist(size(inputs[order[order.length - 1]]));
    for (int i : order) {
      SortedSetValue input = inputs[i];
      if (input == null) {
        continue;
      }
      for (int node = input.atRank(0); node != SortedSetValue.NONE; node = input.next(node)) {
        byte[] member = input.memberOf(node);
        double score = weighted(options.weight(i), input.scoreOf(node));
        double current = result.score(member);
        if (Double.isNaN(current)) {
          result.insert(member, score);
        } else {
          double combined = options.aggregate().apply(current, score);
          // Compared as bits: 0 + -0 gives 0, a change of sign Redis's accumulator keeps.
          if (Double.doubleToRawLongBits(combined) != Double.doubleToRawLongBits(current)) {
            result.update(member, combined);
          }
        }
      }
    }
    return result;
  }

  private static SortedSetValue intersection(SortedSetValue[] inputs, SetOperationOptions options) {
    Integer[] order = smallestFirst(inputs);
    SortedSetValue smallest = inputs[order[0]];
    SortedSetValue result = SortedSetValue.skiplist(size(smallest));
    if (size(smallest) == 0) {
      return result;
    }
    for (int node = smallest.atRank(0); node != SortedSetValue.NONE; node = smallest.next(node)) {
      byte[] member = smallest.memberOf(node);
      double score = weighted(options.weight(order[0]), smallest.scoreOf(node));
      boolean everywhere = true;
      for (int k = 1; k < order.length && everywhere; k++) {
        double other = inputs[order[k]].score(member);
        everywhere = !Double.isNaN(other);
        if (everywhere) {
          score = options.aggregate().apply(score, other * options.weight(order[k]));
        }
      }
      if (everywhere) {
        result.insert(member, score);
      }
    }
    return result;
  }

  /** ZINTERCARD: members of every input, counting up to {@code limit} (0: no limit). */
  private static long intersectionSize(SortedSetValue[] inputs, long limit) {
    Integer[] order = smallestFirst(inputs);
    SortedSetValue smallest = inputs[order[0]];
    long found = 0;
    if (size(smallest) == 0) {
      return 0;
    }
    for (int node = smallest.atRank(0); node != SortedSetValue.NONE; node = smallest.next(node)) {
      byte[] member = smallest.memberOf(node);
      boolean everywhere = true;
      for (int k = 1; k < order.length && everywhere; k++) {
        everywhere = !Double.isNaN(inputs[order[k]].score(member));
      }
      if (everywhere && ++found == limit) {
        break;
      }
    }
    return found;
  }

  /** The first input's elements that no other input has, with their scores. */
  private static SortedSetValue difference(SortedSetValue[] inputs) {
    SortedSetValue first = inputs[0];
    SortedSetValue result = SortedSetValue.skiplist(size(first));
    if (first == null) {
      return result;
    }
    for (int node = first.atRank(0); node != SortedSetValue.NONE; node = first.next(node)) {
      byte[] member = first.memberOf(node);
      boolean elsewhere = false;
      for (int k = 1; k < inputs.length && !elsewhere; k++) {
        elsewhere = inputs[k] != null && !Double.isNaN(inputs[k].score(member));
      }
      if (!elsewhere) {
        result.insert(member, first.scoreOf(node));
      }
    }
    return result;
  }
}

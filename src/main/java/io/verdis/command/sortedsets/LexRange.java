package io.verdis.command.sortedsets;

import io.verdis.command.CommandException;
import io.verdis.types.SortedSetValue;

import java.util.Arrays;

/**
 * A member interval (ZRANGEBYLEX, ZLEXCOUNT, ZREMRANGEBYLEX) as Redis's zslParseLexRange reads
 * it: "[a" includes a, "(a" excludes it, "-" and "+" are below and above every member. Like
 * Redis, it assumes all scores are equal; otherwise which elements fall inside is unspecified.
 * The elements inside are the ranks [{@link #start}, {@link #end}).
 */
record LexRange(Bound min, Bound max) {
  static final String NOT_A_RANGE = "ERR min or max not valid string range item";

  /** A bound: member bytes, or null for "-" / "+" (then {@code top} tells which). */
  record Bound(byte[] value, boolean exclusive, boolean top) {
    static Bound parse(byte[] item) {
      // A C string ends at NUL: to Redis "+\0x" is "+".
      boolean alone = item.length == 1 || (item.length > 1 && item[1] == 0);
      if (item.length > 0 && (item[0] == '+' || item[0] == '-') && alone) {
        return new Bound(null, true, item[0] == '+');
      }
      if (item.length > 0 && (item[0] == '(' || item[0] == '[')) {
        return new Bound(Arrays.copyOfRange(item, 1, item.length), item[0] == '(', false);
      }
      throw new CommandException(NOT_A_RANGE);
    }

    /** How many elements are below this bound, or not above it with {@code orEqual}. */
    int rank(SortedSetValue z, boolean orEqual) {
      if (value == null) {
        return top ? z.size() : 0;
      }
      return z.countMembersBelow(value, orEqual);
    }
  }

  static LexRange parse(byte[] min, byte[] max) {
    return new LexRange(Bound.parse(min), Bound.parse(max));
  }

  /** The rank of the first element at or above min. */
  int start(SortedSetValue z) {
    return min.rank(z, min.exclusive);
  }

  /** One past the rank of the last element at or below max. */
  int end(SortedSetValue z) {
    return max.rank(z, !max.exclusive);
  }

  int count(SortedSetValue z) {
    return Math.max(0, end(z) - start(z));
  }
}

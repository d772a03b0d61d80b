package io.verdis.command.sortedsets;

import io.verdis.command.CommandException;
import io.verdis.types.SortedSetValue;

/**
 * A score interval (ZRANGEBYSCORE, ZCOUNT, ZREMRANGEBYSCORE …) as Redis's zslParseRange reads
 * it: a bound is a float as strtod takes it ("-inf", "+inf", "1e3"), exclusive when it starts
 * with "(". The elements inside are the ranks [{@link #start}, {@link #end}).
 */
record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {
  static final String NOT_A_FLOAT = "ERR min or max is not a float";

  static ScoreRange parse(byte[] min, byte[] max) {
    boolean minExclusive = min.length > 0 && min[0] == '(';
    boolean maxExclusive = max.length > 0 && max[0] == '(';
    double low = Strtod.parseBound(min, minExclusive ? 1 : 0);
    double high = Strtod.parseBound(max, maxExclusive ? 1 : 0);
    if (Double.isNaN(low) || Double.isNaN(high)) {
      throw new CommandException(NOT_A_FLOAT);
    }
    return new ScoreRange(low, minExclusive, high, maxExclusive);
  }

  /** The rank of the first element at or above min. */
  int start(SortedSetValue z) {
    return z.countScoresBelow(min, minExclusive);
  }

  /** One past the rank of the last element at or below max. */
  int end(SortedSetValue z) {
    return z.countScoresBelow(max, !maxExclusive);
  }

  /** How many elements are inside. */
  int count(SortedSetValue z) {
    return Math.max(0, end(z) - start(z));
  }
}

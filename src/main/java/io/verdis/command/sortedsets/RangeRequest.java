package io.verdis.command.sortedsets;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.Errors;
import io.verdis.command.KeyspaceCall;
import io.verdis.types.SortedSetValue;

/**
 * The arguments of ZRANGE and its older forms (ZREVRANGE, ZRANGEBYSCORE, ZRANGEBYLEX …,
 * ZRANGESTORE): key min max [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES], parsed
 * in Redis's order (zrangeGenericCommand): options, their conflicts, then the range itself.
 * The older commands fix the kind of range or the direction, and then do not accept that option.
 */
final class RangeRequest {
  /** What min and max are. */
  enum By { RANK, SCORE, LEX }

  /** Where the selected elements are: {@code count} elements from rank {@code first}, downwards when reverse. */
  record Slice(int first, int count, boolean reverse) {
    static final Slice EMPTY = new Slice(0, 0, false);

    /** Visits the slice's elements in order. */
    void forEach(SortedSetValue z, ElementVisitor visitor) {
      int node = z.atRank(first);
      for (int i = 0; i < count; i++) {
        visitor.visit(z.memberOf(node), z.scoreOf(node));
        node = reverse ? z.prev(node) : z.next(node);
      }
    }

    /** Ranks start..end of ZRANGE, ZREMRANGEBYRANK: negative counts from the end, ends are clamped. */
    static Slice ofRanks(long start, long end, int size, boolean reverse) {
      long first = start < 0 ? start + size : start;
      long last = end < 0 ? end + size : end;
      if (first < 0) {
        first = 0;
      }
      if (first > last || first >= size) {
        return EMPTY;
      }
      if (last >= size) {
        last = size - 1;
      }
      int count = (int) (last - first + 1);
      return new Slice(reverse ? (int) (size - 1 - first) : (int) first, count, reverse);
    }
  }

  private By by;
  private boolean reverse;
  private boolean withScores;
  private long offset;
  private long limit = -1;
  private long start;
  private long end;
  private ScoreRange scores;
  private LexRange lex;

  private RangeRequest() {
  }

  /**
   * @param keyAt    the source key's index (min and max follow it)
   * @param fixedBy  the range kind the command implies, or null when BYSCORE/BYLEX may say
   * @param fixedRev the direction the command implies, or null when REV may say
   * @param store    ZRANGESTORE: WITHSCORES is not an option
   */
  static RangeRequest parse(KeyspaceCall c, int keyAt, By fixedBy, Boolean fixedRev, boolean store) {
    RangeRequest request = new RangeRequest();
    By by = fixedBy;
    Boolean reverse = fixedRev;
    for (int j = keyAt + 3; j < c.argc(); j++) {
      byte[] option = c.arg(j);
      int left = c.argc() - j - 1;
      if (!store && Args.is(option, "withscores")) {
        request.withScores = true;
      } else if (Args.is(option, "limit") && left >= 2) {
        request.offset = Args.parseLong(c.arg(j + 1));
        request.limit = Args.parseLong(c.arg(j + 2));
        j += 2;
      } else if (reverse == null && Args.is(option, "rev")) {
        reverse = true;
      } else if (by == null && Args.is(option, "bylex")) {
        by = By.LEX;
      } else if (by == null && Args.is(option, "byscore")) {
        by = By.SCORE;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    request.by = by == null ? By.RANK : by;
    request.reverse = reverse != null && reverse;
    // Redis checks "limit != -1", so LIMIT x -1 passes with a rank range (and changes nothing).
    if (request.limit != -1 && request.by == By.RANK) {
      throw new CommandException("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
    }
    if (request.withScores && request.by == By.LEX) {
      throw new CommandException("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
    }
    boolean swap = request.reverse && request.by != By.RANK;
    byte[] min = c.arg(swap ? keyAt + 2 : keyAt + 1);
    byte[] max = c.arg(swap ? keyAt + 1 : keyAt + 2);
    switch (request.by) {
      case RANK -> {
        request.start = Args.parseLong(min);
        request.end = Args.parseLong(max);
      }
      case SCORE -> request.scores = ScoreRange.parse(min, max);
      case LEX -> request.lex = LexRange.parse(min, max);
      default -> throw new IllegalStateException();
    }
    return request;
  }

  boolean withScores() {
    return withScores;
  }

  /** The selected elements of {@code z}. */
  Slice slice(SortedSetValue z) {
    if (by == By.RANK) {
      return Slice.ofRanks(start, end, z.size(), reverse);
    }
    int from = by == By.SCORE ? scores.start(z) : lex.start(z);
    int to = by == By.SCORE ? scores.end(z) : lex.end(z);
    int inside = Math.max(0, to - from);
    // Redis skips `offset` elements one by one: a negative offset skips them all.
    if (offset < 0) {
      return Slice.EMPTY;
    }
    int skip = (int) Math.min(offset, inside);
    int count = inside - skip;
    if (limit >= 0) {
      count = (int) Math.min(count, limit);
    }
    return new Slice(reverse ? to - 1 - skip : from + skip, count, reverse);
  }
}

package io.verdis.types;

import java.util.function.IntConsumer;

/**
 * One representation of a sorted set: members ordered by score, then by member bytes
 * (unsigned), with a way from a member to its score. {@link SortedSetValue} switches between
 * them as Redis switches between listpack and skiplist.
 *
 * <p>Elements are reached through node handles (an index, a node id) so that walking a range
 * allocates nothing: {@link #atRank}, then {@link #next} or {@link #prev} until {@link #NONE}.
 * A handle is valid until the next change. Scores compare as C doubles do ({@code -0.0 == 0.0},
 * so equal scores fall back to member order); a score is never NaN.
 */
abstract class ZsetEncoding {
  static final int NONE = -1;

  /** OBJECT ENCODING's name for this representation. */
  abstract String name();

  abstract int size();

  /** The member's score, or NaN when it is absent. */
  abstract double score(byte[] member);

  /** The member's 0-based rank in ascending order, or -1 when it is absent. */
  abstract int rank(byte[] member);

  /** Adds a member known to be absent. */
  abstract void insert(byte[] member, double score);

  /** Gives a member known to be present a new score. */
  abstract void update(byte[] member, double score);

  abstract boolean remove(byte[] member);

  /** Removes {@code count} elements from rank {@code start} on; the number removed. */
  abstract int removeRange(int start, int count);

  /** How many elements have a score below {@code bound} (or equal to it, with {@code orEqual}). */
  abstract int countScoresBelow(double bound, boolean orEqual);

  /** How many elements have a member below {@code bound} (or equal to it, with {@code orEqual}). */
  abstract int countMembersBelow(byte[] bound, boolean orEqual);

  /** The element at a 0-based rank, or {@link #NONE}. */
  abstract int atRank(int rank);

  abstract int next(int node);

  abstract int prev(int node);

  abstract byte[] memberOf(int node);

  abstract double scoreOf(int node);

  abstract ZsetEncoding copy();

  /**
   * Visits some elements and returns the cursor to continue from, 0 when done (ZSCAN). Every
   * element present for the whole scan is visited at least once.
   */
  abstract long scan(long cursor, int count, IntConsumer visitor);
}

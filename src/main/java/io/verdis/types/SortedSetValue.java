package io.verdis.types;

import io.verdis.persist.rdb.RdbValue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * A Redis sorted set: members (byte strings) ordered by score, then by member bytes (unsigned,
 * as Redis's memcmp). Small sets are a packed sorted array ("listpack"); one that gets more than
 * {@value #LISTPACK_MAX_ENTRIES} members or a member longer than {@value #LISTPACK_MAX_VALUE}
 * bytes becomes a skip list with a member index ("skiplist") for good, as in Redis 7.0
 * (zset-max-listpack-entries, zset-max-listpack-value: commands pass the running values as
 * {@link ZsetLimits}).
 *
 * <p>Elements are walked through node handles: {@link #atRank}, then {@link #next} or
 * {@link #prev} until {@link #NONE}; {@link #memberOf} and {@link #scoreOf} read them. A handle
 * is valid until the set changes. Scores are never NaN; the API uses NaN for "absent".
 */
public final class SortedSetValue extends Aggregate {
  public static final int LISTPACK_MAX_ENTRIES = 128;
  public static final int LISTPACK_MAX_VALUE = 64;
  /** No such element (the end of a walk, a rank out of range). */
  public static final int NONE = ZsetEncoding.NONE;

  private ZsetEncoding elements;

  public SortedSetValue() {
    this(new ZsetListpack(4));
  }

  private SortedSetValue(ZsetEncoding elements) {
    this.elements = elements;
  }

  /**
   * An empty set whose representation suits {@code sizeHint} members of about
   * {@code memberLengthHint} bytes (Redis's zsetTypeCreate: ZADD passes its pair count and its
   * first member's length).
   */
  public static SortedSetValue sized(int sizeHint, int memberLengthHint) {
    return sized(sizeHint, memberLengthHint, ZsetLimits.DEFAULT);
  }

  /** {@link #sized(int, int)} under the running zset-max-listpack-* settings. */
  public static SortedSetValue sized(int sizeHint, int memberLengthHint, ZsetLimits limits) {
    if (limits.fits(sizeHint, memberLengthHint)) {
      return new SortedSetValue(new ZsetListpack(sizeHint));
    }
    return new SortedSetValue(new ZsetSkiplist(sizeHint));
  }

  /**
   * An empty skip list for a computed result (ZUNION, ZINTER, ZDIFF): like Redis's, it keeps a
   * -0 score as it is; a result to be stored then goes through {@link #useListpackIfSmall}.
   */
  public static SortedSetValue skiplist(int expected) {
    return new SortedSetValue(new ZsetSkiplist(expected));
  }

  /** Redis's zsetConvertToListpackIfNeeded: a skip list within the listpack limits becomes one. */
  public void useListpackIfSmall(ZsetLimits limits) {
    if (elements instanceof ZsetListpack || size() > limits.maxEntries()) {
      return;
    }
    for (int node = atRank(0); node != NONE; node = next(node)) {
      if (memberOf(node).length > limits.maxValue()) {
        return;
      }
    }
    ZsetListpack listpack = new ZsetListpack(size());
    for (int node = atRank(0); node != NONE; node = next(node)) {
      listpack.insert(memberOf(node), scoreOf(node));
    }
    elements = listpack;
  }

  /** A sorted set of {@code rdb}'s members and scores (RESTORE); listpack if small enough, as Redis loads it. */
  public static SortedSetValue fromRdb(RdbValue.SortedSetValue rdb) {
    return fromRdb(rdb, ZsetLimits.DEFAULT);
  }

  /** {@link #fromRdb(RdbValue.SortedSetValue)} under the running zset-max-listpack-* settings (RESTORE, RDB loading). */
  public static SortedSetValue fromRdb(RdbValue.SortedSetValue rdb, ZsetLimits limits) {
    List<byte[]> members = rdb.members();
    int longest = 0;
    for (byte[] member : members) {
      longest = Math.max(longest, member.length);
    }
    SortedSetValue set = sized(members.size(), longest, limits);
    for (int i = 0; i < members.size(); i++) {
      set.put(members.get(i), rdb.scores()[i], limits);
    }
    return set;
  }

  @Override
  public String typeName() {
    return "zset";
  }

  @Override
  public String encoding() {
    return elements.name();
  }

  public boolean isListpack() {
    return elements instanceof ZsetListpack;
  }

  @Override
  public int size() {
    return elements.size();
  }

  @Override
  public SortedSetValue copy() {
    return new SortedSetValue(elements.copy());
  }

  /** Members with their scores, ascending by score then member (unsigned bytes), as ZRANGE 0 -1 lists them. */
  @Override
  public RdbValue.SortedSetValue toRdb() {
    List<byte[]> members = new ArrayList<>(size());
    double[] scores = new double[size()];
    int i = 0;
    for (int node = atRank(0); node != NONE; node = next(node)) {
      members.add(memberOf(node));
      scores[i++] = scoreOf(node);
    }
    return new RdbValue.SortedSetValue(members, scores);
  }

  /** The member's score, or NaN when it is absent. */
  public double score(byte[] member) {
    return elements.score(member);
  }

  /** The member's 0-based rank in ascending order, or -1 when it is absent. */
  public int rank(byte[] member) {
    return elements.rank(member);
  }

  /** Adds a member known to be absent (turning into a skip list first if it outgrows the listpack). */
  public void insert(byte[] member, double score) {
    insert(member, score, ZsetLimits.DEFAULT);
  }

  /** {@link #insert(byte[], double)} under the running zset-max-listpack-* settings. */
  public void insert(byte[] member, double score, ZsetLimits limits) {
    if (elements instanceof ZsetListpack && !limits.fits(elements.size() + 1, member.length)) {
      convertToSkiplist();
    }
    elements.insert(member, score);
  }

  /** Gives a member known to be present a new score. */
  public void update(byte[] member, double score) {
    elements.update(member, score);
  }

  /** Adds the member or changes its score; true when it was added. */
  public boolean put(byte[] member, double score) {
    return put(member, score, ZsetLimits.DEFAULT);
  }

  /** {@link #put(byte[], double)} under the running zset-max-listpack-* settings. */
  public boolean put(byte[] member, double score, ZsetLimits limits) {
    double old = elements.score(member);
    if (Double.isNaN(old)) {
      insert(member, score, limits);
      return true;
    }
    if (old != score) {
      update(member, score);
    }
    return false;
  }

  public boolean remove(byte[] member) {
    return elements.remove(member);
  }

  /** Removes {@code count} elements from rank {@code start} on; the number removed. */
  public int removeRange(int start, int count) {
    return elements.removeRange(start, count);
  }

  /** How many elements have a score below {@code bound} (or equal to it, with {@code orEqual}). */
  public int countScoresBelow(double bound, boolean orEqual) {
    return elements.countScoresBelow(bound, orEqual);
  }

  /**
   * How many elements have a member below {@code bound} (or equal to it, with {@code orEqual}).
   * Meaningful when all scores are equal, as Redis's lexicographic commands assume.
   */
  public int countMembersBelow(byte[] bound, boolean orEqual) {
    return elements.countMembersBelow(bound, orEqual);
  }

  /** The element at a 0-based rank in ascending order, or {@link #NONE}. */
  public int atRank(int rank) {
    return elements.atRank(rank);
  }

  public int next(int node) {
    return elements.next(node);
  }

  public int prev(int node) {
    return elements.prev(node);
  }

  public byte[] memberOf(int node) {
    return elements.memberOf(node);
  }

  public double scoreOf(int node) {
    return elements.scoreOf(node);
  }

  /**
   * One ZSCAN step: visits some elements (by node handle) and returns the cursor to continue
   * from, 0 when done. A listpack is visited whole in one step, as Redis does.
   */
  public long scan(long cursor, int count, IntConsumer visitor) {
    return elements.scan(cursor, count, visitor);
  }

  private void convertToSkiplist() {
    ZsetSkiplist list = new ZsetSkiplist(elements.size() + 1);
    for (int node = elements.atRank(0); node != NONE; node = elements.next(node)) {
      list.insert(elements.memberOf(node), elements.scoreOf(node));
    }
    elements = list;
  }
}

package io.verdis.types;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * A small sorted set as two sorted parallel arrays, Redis's listpack encoding in spirit: finding
 * a member scans (at most {@link SortedSetValue#LISTPACK_MAX_ENTRIES} entries), ranges are
 * binary searches, and there is no per-element object beyond the member itself.
 *
 * <p>Redis stores an integral score in a listpack as an integer, which turns -0 into 0; so does
 * this class, so that ZSCORE answers the same.
 */
final class ZsetListpack extends ZsetEncoding {
  private byte[][] members;
  private double[] scores;
  private int size;

  ZsetListpack(int capacity) {
    int initial = Math.max(1, Math.min(capacity, SortedSetValue.LISTPACK_MAX_ENTRIES));
    members = new byte[initial][];
    scores = new double[initial];
  }

  private ZsetListpack(ZsetListpack source) {
    members = Arrays.copyOf(source.members, Math.max(1, source.size));
    scores = Arrays.copyOf(source.scores, Math.max(1, source.size));
    size = source.size;
  }

  @Override
  String name() {
    return "listpack";
  }

  @Override
  int size() {
    return size;
  }

  private int indexOf(byte[] member) {
    for (int i = 0; i < size; i++) {
      if (Arrays.equals(members[i], member)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  double score(byte[] member) {
    int i = indexOf(member);
    return i < 0 ? Double.NaN : scores[i];
  }

  @Override
  int rank(byte[] member) {
    return indexOf(member);
  }

  @Override
  void insert(byte[] member, double score) {
    double stored = score == 0 ? 0.0 : score;
    int at = insertionPoint(stored, member);
    if (size == members.length) {
      int capacity = Math.max(4, size * 2);
      members = Arrays.copyOf(members, capacity);
      scores = Arrays.copyOf(scores, capacity);
    }
    System.arraycopy(members, at, members, at + 1, size - at);
    System.arraycopy(scores, at, scores, at + 1, size - at);
    members[at] = member;
    scores[at] = stored;
    size++;
  }

  /** The index of the first element ordered after (score, member). */
  private int insertionPoint(double score, byte[] member) {
    int low = 0;
    int high = size;
    while (low < high) {
      int mid = (low + high) >>> 1;
      double s = scores[mid];
      if (s < score || (s == score && Arrays.compareUnsigned(members[mid], member) < 0)) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  @Override
  void update(byte[] member, double score) {
    removeAt(indexOf(member));
    insert(member, score);
  }

  @Override
  boolean remove(byte[] member) {
    int i = indexOf(member);
    if (i < 0) {
      return false;
    }
    removeAt(i);
    return true;
  }

  private void removeAt(int i) {
    removeRange(i, 1);
  }

  @Override
  int removeRange(int start, int count) {
    int removed = Math.max(0, Math.min(count, size - start));
    System.arraycopy(members, start + removed, members, start, size - start - removed);
    System.arraycopy(scores, start + removed, scores, start, size - start - removed);
    Arrays.fill(members, size - removed, size, null);
    size -= removed;
    return removed;
  }

  @Override
  int countScoresBelow(double bound, boolean orEqual) {
    int low = 0;
    int high = size;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (orEqual ? scores[mid] <= bound : scores[mid] < bound) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  @Override
  int countMembersBelow(byte[] bound, boolean orEqual) {
    int low = 0;
    int high = size;
    while (low < high) {
      int mid = (low + high) >>> 1;
      int cmp = Arrays.compareUnsigned(members[mid], bound);
      if (orEqual ? cmp <= 0 : cmp < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  @Override
  int atRank(int rank) {
    return rank >= 0 && rank < size ? rank : NONE;
  }

  @Override
  int next(int node) {
    return node + 1 < size ? node + 1 : NONE;
  }

  @Override
  int prev(int node) {
    return node > 0 ? node - 1 : NONE;
  }

  @Override
  byte[] memberOf(int node) {
    return members[node];
  }

  @Override
  double scoreOf(int node) {
    return scores[node];
  }

  @Override
  ZsetListpack copy() {
    return new ZsetListpack(this);
  }

  /** A listpack is scanned whole in one call, as Redis does (COUNT is only a hint). */
  @Override
  long scan(long cursor, int count, IntConsumer visitor) {
    for (int i = 0; i < size; i++) {
      visitor.accept(i);
    }
    return 0;
  }
}

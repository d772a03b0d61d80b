package io.verdis.types;

import io.verdis.shard.KeyHash;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;

/**
 * A large sorted set: Redis's zskiplist (t_zset.c: forward pointers with spans for O(log n) rank,
 * a backward pointer at level 0, levels drawn with p = 1/4 up to 32) plus a member index for
 * O(1) ZSCORE.
 *
 * <p>Nodes are not objects: a node is an int id into parallel arrays, so a member costs its
 * byte[] plus about 30 bytes here (score, hash, two level-0 links, a reference to its upper
 * levels) and 4 to 8 bytes in the index. Level 0's span is always 1 and is not stored; the
 * three quarters of nodes that have only level 0 have no upper array at all. Node 0 is the
 * header; a link to 0 means "none". Freed ids are reused, and the arrays are compacted when the
 * set has shrunk to a quarter of them.
 */
final class ZsetSkiplist extends ZsetEncoding {
  static final int MAX_LEVEL = 32;
  private static final int HEAD = 0;
  private static final int MIN_CAPACITY = 16;

  private byte[][] members;
  private double[] scores;
  private int[] hashes;
  /** Level-0 forward link; for a free id, the next free id. */
  private int[] next;
  /** Level-0 backward link; HEAD for the first node. */
  private int[] prev;
  /** Levels 1 and up of each node as {forward, span} pairs; null for a node of level 1. */
  private int[][] upper;
  private int level = 1;
  private int length;
  private int tail = HEAD;
  private int freeList = HEAD;
  /** Ids below this have been handed out at least once. */
  private int used = 1;
  private final MemberIndex index;
  /** Scratch for one operation: the last node before the target at each level, and its rank. */
  private final int[] update = new int[MAX_LEVEL];
  private final int[] rank = new int[MAX_LEVEL];

  ZsetSkiplist(int capacity) {
    allocate(Math.max(MIN_CAPACITY, capacity + 1));
    upper[HEAD] = new int[2 * (MAX_LEVEL - 1)];
    index = new MemberIndex(this, capacity);
  }

  private ZsetSkiplist(ZsetSkiplist source) {
    members = source.members.clone();
    scores = source.scores.clone();
    hashes = source.hashes.clone();
    next = source.next.clone();
    prev = source.prev.clone();
    upper = source.upper.clone();
    for (int i = 0; i < upper.length; i++) {
      if (upper[i] != null) {
        upper[i] = upper[i].clone();
      }
    }
    level = source.level;
    length = source.length;
    tail = source.tail;
    freeList = source.freeList;
    used = source.used;
    index = new MemberIndex(this, source.index);
  }

  private void allocate(int capacity) {
    members = new byte[capacity][];
    scores = new double[capacity];
    hashes = new int[capacity];
    next = new int[capacity];
    prev = new int[capacity];
    upper = new int[capacity][];
  }

  @Override
  String name() {
    return "skiplist";
  }

  @Override
  int size() {
    return length;
  }

  // ---------------------------------------------------------------- node fields, for the index

  byte[] memberAt(int node) {
    return members[node];
  }

  int hashAt(int node) {
    return hashes[node];
  }

  private int forward(int node, int i) {
    return i == 0 ? next[node] : upper[node][2 * i - 2];
  }

  private void setForward(int node, int i, int to) {
    if (i == 0) {
      next[node] = to;
    } else {
      upper[node][2 * i - 2] = to;
    }
  }

  /** Level 0's span is 1 whenever there is a forward link, and is never read otherwise. */
  private int span(int node, int i) {
    return i == 0 ? 1 : upper[node][2 * i - 1];
  }

  private void setSpan(int node, int i, int span) {
    if (i > 0) {
      upper[node][2 * i - 1] = span;
    }
  }

  private int levelOf(int node) {
    return upper[node] == null ? 1 : upper[node].length / 2 + 1;
  }

  /** Whether node's element orders before (score, member). */
  private boolean before(int node, double score, byte[] member) {
    double s = scores[node];
    return s < score || (s == score && Arrays.compareUnsigned(members[node], member) < 0);
  }

  // ---------------------------------------------------------------- lookups

  @Override
  double score(byte[] member) {
    int node = index.find(member, KeyHash.of(member));
    return node == HEAD ? Double.NaN : scores[node];
  }

  /** Redis's zslGetRank, 0-based. */
  @Override
  int rank(byte[] member) {
    int node = index.find(member, KeyHash.of(member));
    if (node == HEAD) {
      return -1;
    }
    double score = scores[node];
    int x = HEAD;
    int traversed = 0;
    for (int i = level - 1; i >= 0; i--) {
      int f;
      while ((f = forward(x, i)) != HEAD && (f == node || before(f, score, member))) {
        traversed += span(x, i);
        x = f;
      }
      if (x == node) {
        return traversed - 1;
      }
    }
    throw new IllegalStateException("indexed member missing from the skip list");
  }

  @Override
  int countScoresBelow(double bound, boolean orEqual) {
    int x = HEAD;
    int traversed = 0;
    for (int i = level - 1; i >= 0; i--) {
      int f;
      while ((f = forward(x, i)) != HEAD && (orEqual ? scores[f] <= bound : scores[f] < bound)) {
        traversed += span(x, i);
        x = f;
      }
    }
    return traversed;
  }

  @Override
  int countMembersBelow(byte[] bound, boolean orEqual) {
    int x = HEAD;
    int traversed = 0;
    for (int i = level - 1; i >= 0; i--) {
      int f;
      while ((f = forward(x, i)) != HEAD) {
        int cmp = Arrays.compareUnsigned(members[f], bound);
        if (orEqual ? cmp > 0 : cmp >= 0) {
          break;
        }
        traversed += span(x, i);
        x = f;
      }
    }
    return traversed;
  }

  /** Redis's zslGetElementByRank. */
  @Override
  int atRank(int rankWanted) {
    if (rankWanted < 0 || rankWanted >= length) {
      return NONE;
    }
    int target = rankWanted + 1;
    int x = HEAD;
    int traversed = 0;
    for (int i = level - 1; i >= 0; i--) {
      int f;
      while ((f = forward(x, i)) != HEAD && traversed + span(x, i) <= target) {
        traversed += span(x, i);
        x = f;
      }
      if (traversed == target) {
        return x;
      }
    }
    return NONE;
  }

  @Override
  int next(int node) {
    int f = next[node];
    return f == HEAD ? NONE : f;
  }

  @Override
  int prev(int node) {
    int b = prev[node];
    return b == HEAD ? NONE : b;
  }

  @Override
  byte[] memberOf(int node) {
    return members[node];
  }

  @Override
  double scoreOf(int node) {
    return scores[node];
  }

  // ---------------------------------------------------------------- changes

  @Override
  void insert(byte[] member, double score) {
    int node = newNode(randomLevel());
    members[node] = member;
    scores[node] = score;
    hashes[node] = KeyHash.of(member);
    locate(score, member);
    link(node);
    index.add(node);
  }

  /** Redis's zslUpdateScore: in place when the order allows, else unlinked and linked again. */
  @Override
  void update(byte[] member, double score) {
    int node = index.find(member, KeyHash.of(member));
    int before = prev[node];
    int after = next[node];
    if ((before == HEAD || scores[before] < score) && (after == HEAD || scores[after] > score)) {
      scores[node] = score;
      return;
    }
    locate(scores[node], member);
    unlink(node);
    scores[node] = score;
    locate(score, member);
    link(node);
  }

  @Override
  boolean remove(byte[] member) {
    int node = index.find(member, KeyHash.of(member));
    if (node == HEAD) {
      return false;
    }
    locate(scores[node], member);
    unlink(node);
    index.remove(node);
    free(node);
    compactIfSparse();
    return true;
  }

  /** Redis's zslDeleteRangeByRank: one descent, then unlinks along level 0. */
  @Override
  int removeRange(int start, int count) {
    int x = HEAD;
    int traversed = 0;
    for (int i = level - 1; i >= 0; i--) {
      int f;
      while ((f = forward(x, i)) != HEAD && traversed + span(x, i) <= start) {
        traversed += span(x, i);
        x = f;
      }
      update[i] = x;
    }
    int removed = 0;
    x = next[x];
    while (x != HEAD && removed < count) {
      int following = next[x];
      unlink(x);
      index.remove(x);
      free(x);
      removed++;
      x = following;
    }
    compactIfSparse();
    return removed;
  }

  /** Fills update[] and rank[] with the last node before (score, member) at each level. */
  private void locate(double score, byte[] member) {
    int x = HEAD;
    for (int i = level - 1; i >= 0; i--) {
      rank[i] = i == level - 1 ? 0 : rank[i + 1];
      int f;
      while ((f = forward(x, i)) != HEAD && before(f, score, member)) {
        rank[i] += span(x, i);
        x = f;
      }
      update[i] = x;
    }
  }

  /** Redis's zslInsert after the search: links node right after update[0] (see {@link #locate}). */
  private void link(int node) {
    int nodeLevel = levelOf(node);
    if (nodeLevel > level) {
      for (int i = level; i < nodeLevel; i++) {
        rank[i] = 0;
        update[i] = HEAD;
        setSpan(HEAD, i, length);
      }
      level = nodeLevel;
    }
    for (int i = 0; i < nodeLevel; i++) {
      int u = update[i];
      setForward(node, i, forward(u, i));
      setForward(u, i, node);
      if (i > 0) {
        setSpan(node, i, span(u, i) - (rank[0] - rank[i]));
        setSpan(u, i, rank[0] - rank[i] + 1);
      }
    }
    for (int i = nodeLevel; i < level; i++) {
      setSpan(update[i], i, span(update[i], i) + 1);
    }
    prev[node] = update[0];
    if (next[node] != HEAD) {
      prev[next[node]] = node;
    } else {
      tail = node;
    }
    length++;
  }

  /** Redis's zslDeleteNode: update[] holds the last node before {@code node} at each level. */
  private void unlink(int node) {
    for (int i = 0; i < level; i++) {
      int u = update[i];
      if (forward(u, i) == node) {
        setSpan(u, i, span(u, i) + span(node, i) - 1);
        setForward(u, i, forward(node, i));
      } else {
        setSpan(u, i, span(u, i) - 1);
      }
    }
    if (next[node] != HEAD) {
      prev[next[node]] = prev[node];
    } else {
      tail = prev[node];
    }
    while (level > 1 && forward(HEAD, level - 1) == HEAD) {
      level--;
    }
    length--;
  }

  /** 1 plus one more per pair of trailing zero bits: level k+1 with probability (1/4)^k. */
  private static int randomLevel() {
    int zeros = Long.numberOfTrailingZeros(ThreadLocalRandom.current().nextLong());
    return Math.min(MAX_LEVEL, 1 + zeros / 2);
  }

  private int newNode(int nodeLevel) {
    int node;
    if (freeList != HEAD) {
      node = freeList;
      freeList = next[node];
    } else {
      if (used == members.length) {
        grow(used + (used >> 1));
      }
      node = used++;
    }
    next[node] = HEAD;
    upper[node] = nodeLevel > 1 ? new int[2 * (nodeLevel - 1)] : null;
    return node;
  }

  private void free(int node) {
    members[node] = null;
    upper[node] = null;
    next[node] = freeList;
    freeList = node;
  }

  private void grow(int capacity) {
    members = Arrays.copyOf(members, capacity);
    scores = Arrays.copyOf(scores, capacity);
    hashes = Arrays.copyOf(hashes, capacity);
    next = Arrays.copyOf(next, capacity);
    prev = Arrays.copyOf(prev, capacity);
    upper = Arrays.copyOf(upper, capacity);
  }

  /**
   * After many removals the arrays are mostly free ids: renumber the nodes in order (levels and
   * spans unchanged) into arrays sized for what is left, so a shrunken set gives memory back.
   */
  private void compactIfSparse() {
    if (members.length <= 4 * MIN_CAPACITY || length >= members.length / 4) {
      return;
    }
    int[] renumbered = new int[used];
    int id = 1;
    for (int x = next[HEAD]; x != HEAD; x = next[x]) {
      renumbered[x] = id++;
    }
    byte[][] oldMembers = members;
    double[] oldScores = scores;
    int[] oldHashes = hashes;
    int[] oldNext = next;
    int[] oldPrev = prev;
    int[][] oldUpper = upper;
    allocate(Math.max(MIN_CAPACITY, length + 1 + (length >> 1)));
    upper[HEAD] = renumberLinks(oldUpper[HEAD], renumbered);
    next[HEAD] = renumbered[oldNext[HEAD]];
    for (int x = oldNext[HEAD]; x != HEAD; x = oldNext[x]) {
      int y = renumbered[x];
      members[y] = oldMembers[x];
      scores[y] = oldScores[x];
      hashes[y] = oldHashes[x];
      next[y] = renumbered[oldNext[x]];
      prev[y] = renumbered[oldPrev[x]];
      upper[y] = oldUpper[x] == null ? null : renumberLinks(oldUpper[x], renumbered);
    }
    tail = renumbered[tail];
    used = length + 1;
    freeList = HEAD;
    index.rebuild(length);
  }

  private static int[] renumberLinks(int[] levels, int[] renumbered) {
    for (int i = 0; i < levels.length; i += 2) {
      levels[i] = renumbered[levels[i]];
    }
    return levels;
  }

  /** Every node id in use, for the index to rebuild itself. */
  void forEachNode(IntConsumer visitor) {
    for (int x = next[HEAD]; x != HEAD; x = next[x]) {
      visitor.accept(x);
    }
  }

  @Override
  ZsetSkiplist copy() {
    return new ZsetSkiplist(this);
  }

  @Override
  long scan(long cursor, int count, IntConsumer visitor) {
    return index.scan(cursor, count, visitor);
  }
}

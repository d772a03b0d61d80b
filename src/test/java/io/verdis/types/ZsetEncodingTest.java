package io.verdis.types;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The skip list and the listpack against a simple model: a TreeMap ordered by (score, member). */
class ZsetEncodingTest {
  private static final Comparator<Entry> ORDER = (a, b) -> {
    int byScore = a.score < b.score ? -1 : a.score > b.score ? 1 : 0;
    return byScore != 0 ? byScore : Arrays.compareUnsigned(a.member, b.member);
  };

  /** One element of the model; scores compare as C doubles (-0.0 == 0.0). */
  private record Entry(double score, byte[] member) {
  }

  /** The model: member → score, and the same elements in order. */
  private static final class Model {
    final Map<String, Double> scores = new HashMap<>();
    final TreeMap<Entry, Boolean> ordered = new TreeMap<>(ORDER);

    void put(String member, double score) {
      Double old = scores.put(member, score);
      if (old != null) {
        ordered.remove(new Entry(old, bytes(member)));
      }
      ordered.put(new Entry(score, bytes(member)), true);
    }

    void remove(String member) {
      Double old = scores.remove(member);
      ordered.remove(new Entry(old, bytes(member)));
    }

    List<Entry> list() {
      return new ArrayList<>(ordered.keySet());
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  @Test
  void skiplistMatchesTheModelUnderRandomOperations() {
    randomOperations(new ZsetSkiplist(0), 3000, 20_000, new Random(1));
  }

  @Test
  void skiplistWithFewDistinctScoresOrdersByMember() {
    randomOperations(new ZsetSkiplist(0), 500, 10_000, new Random(2), 3);
  }

  @Test
  void listpackMatchesTheModelUnderRandomOperations() {
    randomOperations(new ZsetListpack(4), 120, 5_000, new Random(3));
  }

  private static void randomOperations(ZsetEncoding z, int members, int steps, Random random) {
    randomOperations(z, members, steps, random, 1000);
  }

  private static void randomOperations(ZsetEncoding z, int members, int steps, Random random, int distinctScores) {
    Model model = new Model();
    for (int step = 0; step < steps; step++) {
      String member = "m" + random.nextInt(members);
      double score = random.nextInt(distinctScores) - distinctScores / 2 + (random.nextBoolean() ? 0.5 : 0);
      int op = random.nextInt(10);
      if (op < 5) {
        boolean present = model.scores.containsKey(member);
        if (present) {
          z.update(bytes(member), score);
        } else {
          z.insert(bytes(member), score);
        }
        model.put(member, score);
      } else if (op < 7) {
        assertEquals(model.scores.containsKey(member), z.remove(bytes(member)));
        if (model.scores.containsKey(member)) {
          model.remove(member);
        }
      } else if (op == 7 && z.size() > 0) {
        int start = random.nextInt(z.size());
        int count = 1 + random.nextInt(5);
        List<Entry> list = model.list();
        int expected = Math.min(count, list.size() - start);
        assertEquals(expected, z.removeRange(start, count));
        for (Entry e : list.subList(start, start + expected)) {
          model.remove(text(e.member));
        }
      } else {
        checkQueries(z, model, score);
      }
      assertEquals(model.scores.size(), z.size());
    }
    checkAll(z, model);
  }

  private static void checkQueries(ZsetEncoding z, Model model, double bound) {
    List<Entry> list = model.list();
    assertEquals(list.stream().filter(e -> e.score < bound).count(), z.countScoresBelow(bound, false));
    assertEquals(list.stream().filter(e -> e.score <= bound).count(), z.countScoresBelow(bound, true));
    if (!list.isEmpty()) {
      Entry some = list.get(list.size() / 2);
      assertEquals(list.size() / 2, z.rank(some.member));
      assertEquals(text(some.member), text(z.memberOf(z.atRank(list.size() / 2))));
      if (model.scores.values().stream().distinct().count() == 1) {
        assertEquals(list.indexOf(some), z.countMembersBelow(some.member, false));
        assertEquals(list.indexOf(some) + 1, z.countMembersBelow(some.member, true));
      }
    }
  }

  private static void checkAll(ZsetEncoding z, Model model) {
    List<Entry> list = model.list();
    int rank = 0;
    for (int node = z.atRank(0); node != ZsetEncoding.NONE; node = z.next(node)) {
      Entry e = list.get(rank);
      assertArrayEquals(e.member, z.memberOf(node));
      assertEquals(e.score, z.scoreOf(node));
      assertEquals(rank, z.rank(e.member));
      assertEquals(node, z.atRank(rank));
      assertEquals(e.score, z.score(e.member));
      rank++;
    }
    assertEquals(list.size(), rank);
    rank = list.size() - 1;
    for (int node = z.atRank(list.size() - 1); node != ZsetEncoding.NONE; node = z.prev(node)) {
      assertArrayEquals(list.get(rank--).member, z.memberOf(node));
    }
    assertEquals(-1, rank);
    assertEquals(ZsetEncoding.NONE, z.atRank(list.size()));
    assertTrue(Double.isNaN(z.score(bytes("absent"))));
    assertEquals(-1, z.rank(bytes("absent")));
  }

  @Test
  void ranksAndRangesOfAKnownList() {
    ZsetSkiplist z = new ZsetSkiplist(0);
    for (int i = 0; i < 1000; i++) {
      z.insert(bytes(String.format("m%04d", i)), i / 10);
    }
    assertEquals(0, z.countScoresBelow(0, false));
    assertEquals(10, z.countScoresBelow(0, true));
    assertEquals(500, z.countScoresBelow(50, false));
    assertEquals(1000, z.countScoresBelow(Double.POSITIVE_INFINITY, true));
    assertEquals(537, z.rank(bytes("m0537")));
    assertEquals("m0999", text(z.memberOf(z.atRank(999))));
    assertEquals(100, z.removeRange(200, 100));
    assertEquals("m0300", text(z.memberOf(z.atRank(200))));
    assertEquals(200, z.rank(bytes("m0300")));
    assertFalse(z.remove(bytes("m0250")));
  }

  @Test
  void equalScoresOfOppositeZeroSignOrderByMember() {
    ZsetSkiplist z = new ZsetSkiplist(0);
    z.insert(bytes("b"), -0.0);
    z.insert(bytes("a"), 0.0);
    z.insert(bytes("c"), -0.0);
    assertEquals("a", text(z.memberOf(z.atRank(0))));
    assertEquals("c", text(z.memberOf(z.atRank(2))));
    assertEquals(0, z.countScoresBelow(0.0, false));
    assertEquals(3, z.countScoresBelow(-0.0, true));
  }

  @Test
  void shrinkingCompactsAndKeepsEverythingFindable() {
    ZsetSkiplist z = new ZsetSkiplist(0);
    Model model = new Model();
    for (int i = 0; i < 5000; i++) {
      z.insert(bytes("m" + i), i % 97);
      model.put("m" + i, i % 97);
    }
    Random random = new Random(4);
    while (z.size() > 10) {
      int start = random.nextInt(z.size());
      List<Entry> list = model.list();
      int removed = z.removeRange(start, 7);
      for (Entry e : list.subList(start, start + removed)) {
        model.remove(text(e.member));
      }
      String some = text(list.get(random.nextInt(list.size())).member);
      assertEquals(model.scores.containsKey(some), z.remove(bytes(some)));
      model.scores.computeIfPresent(some, (k, v) -> {
        model.ordered.remove(new Entry(v, bytes(k)));
        return null;
      });
    }
    checkAll(z, model);
    for (int i = 0; i < 300; i++) {
      z.insert(bytes("n" + i), -i);
      model.put("n" + i, -i);
    }
    checkAll(z, model);
  }

  @Test
  void copiesAreIndependent() {
    ZsetSkiplist z = new ZsetSkiplist(0);
    for (int i = 0; i < 300; i++) {
      z.insert(bytes("m" + i), i);
    }
    ZsetEncoding copy = z.copy();
    z.remove(bytes("m5"));
    z.update(bytes("m6"), 1000);
    copy.insert(bytes("x"), -1);
    assertEquals(5.0, copy.score(bytes("m5")));
    assertEquals(6.0, copy.score(bytes("m6")));
    assertEquals(1000.0, z.score(bytes("m6")));
    assertTrue(Double.isNaN(z.score(bytes("x"))));
    assertEquals(301, copy.size());
    assertEquals(299, z.size());
    assertEquals("x", text(copy.memberOf(copy.atRank(0))));
  }

  @Test
  void aScanVisitsEveryMemberEvenWhenTheIndexResizesMidway() {
    ZsetSkiplist z = new ZsetSkiplist(0);
    for (int i = 0; i < 1000; i++) {
      z.insert(bytes("m" + i), i);
    }
    Set<String> seen = new HashSet<>();
    long cursor = 0;
    int steps = 0;
    do {
      cursor = z.scan(cursor, 10, node -> seen.add(text(z.memberOf(node))));
      if (++steps == 20) {
        for (int i = 1000; i < 3000; i++) {
          z.insert(bytes("m" + i), i);
        }
      }
    } while (cursor != 0);
    for (int i = 0; i < 1000; i++) {
      assertTrue(seen.contains("m" + i), "m" + i);
    }
  }
}

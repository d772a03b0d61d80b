package io.verdis.types;

import io.verdis.persist.rdb.RdbValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lists in both shapes (packed "listpack", ring "quicklist") and the conversions between them. */
class ListValueTest {
  private static final String LONG = "x".repeat(ListValue.MAX_PACKED_ELEMENT + 1);

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static List<String> contents(ListValue list) {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      items.add(s(list.get(i)));
    }
    return items;
  }

  /** The elements as {@link ListValue#forRange} visits them. */
  private static List<String> visited(ListValue list, int first, int last) {
    List<String> items = new ArrayList<>();
    list.forRange(first, last, (array, offset, length) ->
        items.add(new String(array, offset, length, StandardCharsets.UTF_8)));
    return items;
  }

  private static ListValue of(String... items) {
    ListValue list = new ListValue();
    for (String item : items) {
      list.pushTail(b(item));
    }
    return list;
  }

  /** A quicklist holding {@code items}: pushed past the packed limit, then trimmed back to them. */
  private static ListValue quicklistOf(String... items) {
    ListValue list = new ListValue();
    for (int i = 0; i < ListValue.MAX_PACKED_ENTRIES + 1; i++) {
      list.pushTail(b("filler"));
    }
    for (String item : items) {
      list.pushTail(b(item));
    }
    assertEquals("quicklist", list.encoding());
    // Trimming from the head alone leaves it a quicklist only while above half the limit.
    while (list.size() > items.length) {
      list.popHead();
    }
    return list;
  }

  /** Both shapes of the same list, for tests that must hold for each. */
  private static List<ListValue> bothShapes(String... items) {
    ListValue packed = of(items);
    assertEquals("listpack", packed.encoding());
    ListValue ring = new ListValue(ListValue.MAX_PACKED_ENTRIES + 1);
    for (String item : items) {
      ring.pushTail(b(item));
    }
    assertEquals("quicklist", ring.encoding());
    return List.of(packed, ring);
  }

  @Test
  void pushAndPopAtBothEnds() {
    for (ListValue list : bothShapes()) {
      list.pushTail(b("b"));
      list.pushHead(b("a"));
      list.pushTail(b("c"));
      assertEquals(List.of("a", "b", "c"), contents(list));
      assertEquals("a", s(list.popHead()));
      assertEquals("c", s(list.popTail()));
      assertEquals("b", s(list.popTail()));
      assertNull(list.popHead());
      assertNull(list.popTail());
      assertEquals(0, list.size());
    }
  }

  @Test
  void pushAllKeepsLpushOrder() {
    byte[][] args = {b("LPUSH"), b("key"), b("a"), b("b"), b("c")};
    for (ListValue list : bothShapes("z")) {
      list.pushAll(args, 2, true);
      list.pushAll(args, 2, false);
      assertEquals(List.of("c", "b", "a", "z", "a", "b", "c"), contents(list));
    }
  }

  @Test
  void aSmallListIsOneExactArrayWhenPushedAtOnce() {
    ListValue list = new ListValue(3);
    list.pushAll(new byte[][] {b("ab"), b("c"), b("")}, 0, false);
    assertEquals("listpack", list.encoding());
    assertEquals(4 + 3 + 2, list.packedCapacity());
    assertEquals(List.of("ab", "c", ""), contents(list));
  }

  @Test
  void aQueueThroughAPackedListStaysInABoundedArray() {
    ListValue list = new ListValue();
    for (int i = 0; i < 6; i++) {
      list.pushHead(b(Integer.toString(i)));
    }
    int largest = 0;
    for (int i = 6; i < 1000; i++) {
      list.pushHead(b(Integer.toString(i)));
      assertEquals(Integer.toString(i - 6), s(list.popTail()));
      largest = Math.max(largest, list.packedCapacity());
    }
    assertEquals("listpack", list.encoding());
    assertTrue(largest <= 64, "array grew to " + largest);
    assertEquals(List.of("999", "998", "997", "996", "995", "994"), contents(list));
  }

  @Test
  void aDrainedPackedListGivesItsRoomBack() {
    ListValue list = new ListValue();
    for (int i = 0; i < ListValue.MAX_PACKED_ENTRIES; i++) {
      list.pushTail(b("element" + i));
    }
    assertTrue(list.packedCapacity() >= 128 * 9);
    while (list.size() > 4) {
      list.popHead();
    }
    assertTrue(list.packedCapacity() < 100, "still " + list.packedCapacity());
    assertEquals(List.of("element124", "element125", "element126", "element127"), contents(list));
  }

  @Test
  void the129thElementMakesAQuicklist() {
    ListValue list = new ListValue();
    for (int i = 0; i < ListValue.MAX_PACKED_ENTRIES; i++) {
      list.pushHead(b(Integer.toString(i)));
    }
    assertEquals("listpack", list.encoding());
    list.pushHead(b("last"));
    assertEquals("quicklist", list.encoding());
    assertEquals(-1, list.packedCapacity());
    assertEquals("last", s(list.get(0)));
    assertEquals("0", s(list.get(ListValue.MAX_PACKED_ENTRIES)));
  }

  @Test
  void anElementTooLongToPackMakesAQuicklistWhereverItGoes() {
    List<java.util.function.Consumer<ListValue>> ways = List.of(
        list -> list.pushHead(b(LONG)),
        list -> list.pushTail(b(LONG)),
        list -> list.insert(1, b(LONG)),
        list -> list.set(1, b(LONG)),
        list -> list.pushAll(new byte[][] {b("ok"), b(LONG)}, 0, false));
    for (java.util.function.Consumer<ListValue> way : ways) {
      ListValue list = of("a", "b", "c");
      way.accept(list);
      assertEquals("quicklist", list.encoding());
      assertTrue(contents(list).contains(LONG));
      assertTrue(contents(list).containsAll(List.of("a", "c")));
    }
    ListValue list = of("a", "b");
    list.pushTail(b("x".repeat(ListValue.MAX_PACKED_ELEMENT)));
    assertEquals("listpack", list.encoding());
  }

  @Test
  void pushingTooManyAtOnceMakesAQuicklistAtOnce() {
    byte[][] many = new byte[ListValue.MAX_PACKED_ENTRIES + 1][];
    Arrays.fill(many, b("e"));
    ListValue list = new ListValue(many.length);
    assertEquals("quicklist", list.encoding());
    list.pushAll(many, 0, false);
    assertEquals(many.length, list.size());
    ListValue packed = of("a");
    packed.pushAll(many, 2, true);
    assertEquals("listpack", packed.encoding());
    packed.pushAll(many, many.length - 1, true);
    assertEquals("quicklist", packed.encoding());
    assertEquals("a", s(packed.get(packed.size() - 1)));
  }

  @Test
  void aQuicklistTurnsBackIntoAListpackAtHalfTheLimit() {
    ListValue list = new ListValue();
    for (int i = 0; i < ListValue.MAX_PACKED_ENTRIES + 1; i++) {
      list.pushTail(b(Integer.toString(i)));
    }
    while (list.size() > ListValue.REPACK_ENTRIES + 1) {
      list.popTail();
      assertEquals("quicklist", list.encoding());
    }
    list.popHead();
    assertEquals("listpack", list.encoding());
    assertEquals(ListValue.REPACK_ENTRIES, list.size());
    assertEquals("1", s(list.get(0)));
    assertEquals(Integer.toString(ListValue.REPACK_ENTRIES), s(list.get(list.size() - 1)));
  }

  @Test
  void aQuicklistWithALongElementStaysOneUntilItGoes() {
    ListValue list = of("a", "b");
    list.pushTail(b(LONG));
    list.popHead();
    assertEquals("quicklist", list.encoding());
    list.popTail();
    assertEquals("listpack", list.encoding());
    assertEquals(List.of("b"), contents(list));
  }

  @Test
  void everyRemovalCanRepack() {
    ListValue removed = quicklistOf("a", "b", "c");
    removed.pushTail(b(LONG));
    removed.remove(3);
    assertEquals("listpack", removed.encoding());
    ListValue trimmed = quicklistOf("a", "b", "c");
    trimmed.pushTail(b(LONG));
    trimmed.keepRange(0, 2);
    assertEquals("listpack", trimmed.encoding());
    ListValue removedAll = quicklistOf("a", "b", "c");
    removedAll.pushTail(b(LONG));
    assertEquals(1, removedAll.removeAll(b(LONG), 0, false));
    assertEquals("listpack", removedAll.encoding());
    assertEquals(List.of("a", "b", "c"), contents(removedAll));
  }

  @Test
  void indexAccessAndReplace() {
    for (ListValue list : bothShapes("a", "b", "c")) {
      list.popHead();
      list.pushTail(b("d"));
      list.set(1, b("C"));
      assertEquals(List.of("b", "C", "d"), contents(list));
      list.set(0, b("longer"));
      list.set(2, b(""));
      assertEquals(List.of("longer", "C", ""), contents(list));
    }
  }

  @Test
  void forRangeVisitsSlices() {
    for (ListValue list : bothShapes("a", "bb", "", "ccc")) {
      assertEquals(List.of("bb", "", "ccc"), visited(list, 1, 3));
      assertEquals(List.of("a"), visited(list, 0, 0));
    }
  }

  @Test
  void insertAndRemoveInTheMiddle() {
    for (ListValue list : bothShapes("a", "b", "c", "e")) {
      list.insert(1, b("x"));
      list.insert(4, b("y"));
      list.insert(0, b("first"));
      list.insert(list.size(), b("last"));
      assertEquals(List.of("first", "a", "x", "b", "c", "y", "e", "last"), contents(list));
      assertEquals("x", s(list.remove(2)));
      assertEquals("first", s(list.remove(0)));
      assertEquals("last", s(list.remove(list.size() - 1)));
      assertEquals(List.of("a", "b", "c", "y", "e"), contents(list));
    }
  }

  @Test
  void removeAllFromTheHeadWithALimit() {
    for (ListValue list : bothShapes("x", "a", "x", "b", "x")) {
      assertEquals(2, list.removeAll(b("x"), 2, false));
      assertEquals(List.of("a", "b", "x"), contents(list));
    }
  }

  @Test
  void removeAllFromTheTailWithALimit() {
    for (ListValue list : bothShapes("x", "a", "x", "b", "x")) {
      assertEquals(2, list.removeAll(b("x"), 2, true));
      assertEquals(List.of("x", "a", "b"), contents(list));
    }
  }

  @Test
  void removeAllWithoutALimitTakesEveryMatch() {
    for (ListValue list : bothShapes("x", "a", "x", "x")) {
      assertEquals(3, list.removeAll(b("x"), 0, false));
      assertEquals(List.of("a"), contents(list));
      assertEquals(0, list.removeAll(b("nope"), 0, true));
      assertEquals(1, list.removeAll(b("a"), Long.MIN_VALUE, true));
      assertEquals(0, list.size());
    }
  }

  @Test
  void keepRangeDropsBothEnds() {
    for (ListValue list : bothShapes("a", "b", "c", "d", "e")) {
      list.keepRange(1, 3);
      assertEquals(List.of("b", "c", "d"), contents(list));
      list.keepRange(0, 0);
      assertEquals(List.of("b"), contents(list));
    }
  }

  @Test
  void searchesInBothDirectionsWithinBounds() {
    for (ListValue list : bothShapes("a", "b", "a", "c", "a")) {
      assertEquals(0, list.indexOf(b("a"), 0));
      assertEquals(2, list.indexOf(b("a"), 1));
      assertEquals(-1, list.indexOf(b("z"), 0));
      assertEquals(-1, list.indexOf(b("a"), 3, 4));
      assertEquals(4, list.lastIndexOf(b("a"), 4, 0));
      assertEquals(2, list.lastIndexOf(b("a"), 3, 0));
      assertEquals(-1, list.lastIndexOf(b("a"), 3, 3));
      assertEquals(-1, list.lastIndexOf(b("a"), -1, 0));
    }
  }

  @Test
  void clearEmptiesEitherShape() {
    for (ListValue list : bothShapes("a", "b")) {
      list.clear();
      assertEquals(0, list.size());
      assertEquals("listpack", list.encoding());
      list.pushTail(b("c"));
      assertEquals(List.of("c"), contents(list));
    }
  }

  @Test
  void aCopyIsIndependent() {
    for (ListValue list : bothShapes("a", "b")) {
      list.popHead();
      list.pushTail(b("c"));
      ListValue copy = list.copy();
      assertEquals(list.encoding(), copy.encoding());
      copy.pushHead(b("z"));
      list.set(0, b("B"));
      assertEquals(List.of("B", "c"), contents(list));
      assertEquals(List.of("z", "b", "c"), contents(copy));
    }
  }

  @Test
  void rdbFormRoundTripsHeadFirst() {
    for (ListValue list : bothShapes("1", "2", "3")) {
      list.popHead();
      list.pushTail(b("4"));
      RdbValue.ListValue rdb = list.toRdb();
      assertEquals(List.of("2", "3", "4"), rdb.elements().stream().map(ListValueTest::s).toList());
      assertEquals(List.of("2", "3", "4"), contents(ListValue.fromRdb(rdb)));
    }
    ListValue ring = bothShapes("a").get(1);
    assertSame(ring.get(0), ring.toRdb().elements().get(0));
  }

  @Test
  void fromRdbPicksTheShapeRedisWouldLoad() {
    assertEquals("listpack", ListValue.fromRdb(new RdbValue.ListValue(List.of(b("a"), b("b")))).encoding());
    assertEquals("quicklist", ListValue.fromRdb(new RdbValue.ListValue(List.of(b("a"), b(LONG)))).encoding());
    List<byte[]> many = new ArrayList<>();
    for (int i = 0; i <= ListValue.MAX_PACKED_ENTRIES; i++) {
      many.add(b(Integer.toString(i)));
    }
    ListValue loaded = ListValue.fromRdb(new RdbValue.ListValue(many));
    assertEquals("quicklist", loaded.encoding());
    assertEquals(Integer.toString(ListValue.MAX_PACKED_ENTRIES), s(loaded.get(ListValue.MAX_PACKED_ENTRIES)));
  }

  @Test
  void randomOperationsMatchAnArrayListWithShortElements() {
    randomOperationsMatchAnArrayList(42, 0);
  }

  @Test
  void randomOperationsMatchAnArrayListWithSomeLongElements() {
    randomOperationsMatchAnArrayList(7, 50);
  }

  /**
   * Random pushes, pops, inserts, removals, replacements and trims around the packed limits, so
   * the list converts both ways many times; one element in {@code longOneIn} is too long to pack.
   */
  private static void randomOperationsMatchAnArrayList(long seed, int longOneIn) {
    Random random = new Random(seed);
    ListValue list = new ListValue(1);
    List<String> model = new ArrayList<>();
    int conversions = 0;
    String encoding = list.encoding();
    for (int step = 0; step < 40_000; step++) {
      String item = longOneIn > 0 && random.nextInt(longOneIn) == 0
          ? LONG + random.nextInt(3) : Integer.toString(random.nextInt(20));
      int op = random.nextInt(model.size() > 200 ? 13 : 9);
      switch (op) {
        case 0, 1 -> {
          list.pushHead(b(item));
          model.add(0, item);
        }
        case 2, 3 -> {
          list.pushTail(b(item));
          model.add(item);
        }
        case 4 -> {
          int at = random.nextInt(model.size() + 1);
          list.insert(at, b(item));
          model.add(at, item);
        }
        case 5 -> {
          boolean atHead = random.nextBoolean();
          byte[][] items = new byte[1 + random.nextInt(4)][];
          for (int i = 0; i < items.length; i++) {
            items[i] = b(item + i);
            model.add(atHead ? 0 : model.size(), item + i);
          }
          list.pushAll(items, 0, atHead);
        }
        case 6 -> {
          if (!model.isEmpty()) {
            int at = random.nextInt(model.size());
            list.set(at, b(item));
            model.set(at, item);
          }
        }
        case 7 -> {
          if (!model.isEmpty()) {
            int at = random.nextInt(model.size());
            assertEquals(model.remove(at), s(list.remove(at)));
          }
        }
        case 8, 9 -> {
          if (!model.isEmpty()) {
            assertEquals(model.remove(0), s(list.popHead()));
          }
        }
        case 10 -> assertEquals(model.remove(model.size() - 1), s(list.popTail()));
        case 11 -> {
          boolean fromTail = random.nextBoolean();
          int removed = list.removeAll(b(item), 3, fromTail);
          for (int i = 0; i < removed; i++) {
            model.remove(fromTail ? model.lastIndexOf(item) : model.indexOf(item));
          }
        }
        default -> {
          int keep = model.size() / 4;
          list.keepRange(1, keep);
          model = new ArrayList<>(model.subList(1, keep + 1));
        }
      }
      assertEquals(model.size(), list.size());
      if (!list.encoding().equals(encoding)) {
        encoding = list.encoding();
        conversions++;
      }
      if (list.encoding().equals("listpack")) {
        assertTrue(model.size() <= ListValue.MAX_PACKED_ENTRIES);
        assertTrue(model.stream().allMatch(e -> e.length() <= ListValue.MAX_PACKED_ELEMENT));
      }
      if (step % 97 == 0) {
        assertEquals(model, contents(list));
        if (!model.isEmpty()) {
          assertEquals(model, visited(list, 0, model.size() - 1));
          String probe = Integer.toString(random.nextInt(20));
          int from = random.nextInt(model.size());
          int found = model.subList(from, model.size()).indexOf(probe);
          assertEquals(found < 0 ? -1 : from + found, list.indexOf(b(probe), from));
          assertEquals(model.subList(0, from + 1).lastIndexOf(probe), list.lastIndexOf(b(probe), from, 0));
        }
      }
    }
    assertEquals(model, contents(list));
    assertTrue(conversions > 10, "only " + conversions + " conversions");
  }
}

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lists in both shapes (one block "listpack", a chain of blocks "quicklist") and the conversions between them. */
class ListValueTest {
  /** Nodes of one entry: every list of two or more is a quicklist of one-element nodes. */
  private static final ListLimits ONE_PER_NODE = new ListLimits(1, 0);
  /** Longer than half a 4 KB node: a list holding it is never a listpack under fill -1. */
  private static final String LONG = "x".repeat(2100);

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

  /** Both shapes of the same list, for tests that must hold for each (the quicklist one node per element). */
  private static List<ListValue> bothShapes(String... items) {
    ListValue packed = of(items);
    assertEquals("listpack", packed.encoding());
    ListValue chain = new ListValue();
    chain.pushTail(b("filler"), ONE_PER_NODE);
    chain.pushTail(b("filler"), ONE_PER_NODE);
    for (String item : items) {
      chain.pushTail(b(item), ONE_PER_NODE);
    }
    if (items.length == 0) {
      chain.popHead(ONE_PER_NODE);
      chain.popHead(ONE_PER_NODE);
    } else {
      chain.keepRange(2, items.length + 1, ONE_PER_NODE);
    }
    assertEquals("quicklist", chain.encoding());
    return List.of(packed, chain);
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
    for (int i = 0; i < 128; i++) {
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
  void aListpackBecomesAQuicklistPastItsEntryCount() {
    ListLimits four = new ListLimits(4, 0);
    ListValue list = new ListValue();
    for (int i = 0; i < 4; i++) {
      list.pushHead(b(Integer.toString(i)), four);
    }
    assertEquals("listpack", list.encoding());
    list.pushHead(b("last"), four);
    assertEquals("quicklist", list.encoding());
    assertEquals(-1, list.packedCapacity());
    assertEquals("last", s(list.get(0)));
    assertEquals("0", s(list.get(4)));
    assertEquals(2, list.chain().nodeCount());
  }

  @Test
  void aListpackBecomesAQuicklistPastItsSizeCountedAsRedisDoes() {
    // 8 KB: 7 header bytes, then 10 bytes for each 8-byte string ("e0000000") and 6 for each
    // 32-bit integer, as Redis's listpack encodes them; the element about to come counts for its
    // length alone (listTypeTryConversionAppend adds sdslen), so a list may end a little past 8 KB.
    ListValue strings = new ListValue();
    for (int i = 0; i < 818; i++) {
      strings.pushTail(b(String.format("e%07d", i)));
    }
    strings.pushTail(b("e"));
    strings.pushTail(b("e"));
    assertEquals("listpack", strings.encoding(), "8190 + 1 bytes");
    strings.pushTail(b("e"));
    assertEquals("quicklist", strings.encoding(), "8193 + 1 bytes");
    ListValue integers = new ListValue();
    for (int i = 0; i < 1363; i++) {
      integers.pushTail(b(Integer.toString(10_000_000 + i)));
    }
    assertEquals("listpack", integers.encoding());
    integers.pushTail(b("99999999"));
    assertEquals("quicklist", integers.encoding());
  }

  @Test
  void anElementTooLongForTheNodeMakesAQuicklistWhereverItGoes() {
    ListLimits small = new ListLimits(-1, 0);
    List<java.util.function.Consumer<ListValue>> ways = List.of(
        list -> list.pushHead(b(LONG + LONG), small),
        list -> list.pushTail(b(LONG + LONG), small),
        list -> list.insert(1, b(LONG + LONG), small),
        list -> list.set(1, b(LONG + LONG), small),
        list -> list.pushAll(new byte[][] {b("ok"), b(LONG + LONG)}, 0, false, small));
    for (java.util.function.Consumer<ListValue> way : ways) {
      ListValue list = of("a", "b", "c");
      way.accept(list);
      assertEquals("quicklist", list.encoding());
      assertTrue(contents(list).contains(LONG + LONG));
      assertTrue(contents(list).containsAll(List.of("a", "c")));
    }
    ListValue list = of("a", "b");
    list.pushTail(b(LONG), small);
    assertEquals("listpack", list.encoding());
  }

  @Test
  void pushingTooManyAtOnceMakesAQuicklistAtOnce() {
    ListLimits four = new ListLimits(4, 0);
    byte[][] many = new byte[5][];
    Arrays.fill(many, b("e"));
    ListValue list = new ListValue(many.length);
    list.pushAll(many, 0, false, four);
    assertEquals("quicklist", list.encoding());
    assertEquals(many.length, list.size());
    ListValue packed = of("a");
    packed.pushAll(many, 2, true, four);
    assertEquals("listpack", packed.encoding());
    packed.pushAll(many, many.length - 1, true, four);
    assertEquals("quicklist", packed.encoding());
    assertEquals("a", s(packed.get(packed.size() - 1)));
  }

  @Test
  void aQuicklistTurnsBackIntoAListpackAtHalfTheLimitInOneNode() {
    ListLimits ten = new ListLimits(10, 0);
    ListValue list = new ListValue();
    for (int i = 0; i < 11; i++) {
      list.pushTail(b(Integer.toString(i)), ten);
    }
    assertEquals(2, list.chain().nodeCount());
    list.popTail(ten);
    // One node of ten: more than half the limit.
    assertEquals("quicklist", list.encoding());
    while (list.size() > 6) {
      list.popTail(ten);
      assertEquals("quicklist", list.encoding());
    }
    list.popHead(ten);
    assertEquals("listpack", list.encoding());
    assertEquals(List.of("1", "2", "3", "4", "5"), contents(list));
  }

  @Test
  void aQuicklistOfTwoSmallNodesStaysOne() {
    ListLimits two = new ListLimits(2, 0);
    ListValue list = new ListValue();
    for (int i = 0; i < 4; i++) {
      list.pushTail(b(Integer.toString(i)), two);
    }
    list.remove(1, two);
    list.remove(1, two);
    assertEquals(2, list.chain().nodeCount());
    assertEquals("quicklist", list.encoding());
  }

  @Test
  void everyRemovalCanRepack() {
    ListLimits small = new ListLimits(-1, 0);
    java.util.function.Supplier<ListValue> withLong = () -> {
      ListValue list = of("a", "b", "c");
      list.pushTail(b(LONG + LONG), small);
      assertEquals("quicklist", list.encoding());
      return list;
    };
    ListValue removed = withLong.get();
    removed.remove(3, small);
    assertEquals("listpack", removed.encoding());
    ListValue trimmed = withLong.get();
    trimmed.keepRange(0, 2, small);
    assertEquals("listpack", trimmed.encoding());
    ListValue removedAll = withLong.get();
    assertEquals(1, removedAll.removeAll(b(LONG + LONG), 0, false, small));
    assertEquals("listpack", removedAll.encoding());
    assertEquals(List.of("a", "b", "c"), contents(removedAll));
    ListValue popped = withLong.get();
    popped.popTail(small);
    assertEquals("listpack", popped.encoding());
    ListValue replaced = withLong.get();
    replaced.set(3, b("d"), small);
    assertEquals("quicklist", replaced.encoding(), "two nodes: a, b, c then d");
  }

  @Test
  void innerNodesAreCompressedBeyondTheDepthAndReadWithoutChange() {
    ListLimits depthOne = new ListLimits(8, 1);
    ListValue list = new ListValue();
    List<String> model = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      String item = "compressible-element-" + (i % 3);
      list.pushTail(b(item), depthOne);
      model.add(item);
    }
    Quicklist chain = list.chain();
    assertEquals(10, chain.nodeCount());
    assertTrue(!chain.node(0).isCompressed() && !chain.node(9).isCompressed());
    for (int i = 1; i < 9; i++) {
      assertTrue(chain.node(i).isCompressed(), "node " + i);
    }
    assertEquals(model, contents(list));
    assertEquals(model.subList(5, 70), visited(list, 5, 69));
    assertTrue(chain.node(4).isCompressed(), "reading leaves a node compressed");
    list.set(40, b("changed"), depthOne);
    list.insert(41, b("inserted"), depthOne);
    model.set(40, "changed");
    model.add(41, "inserted");
    assertEquals(model, contents(list));
    for (int i = 1; i < chain.nodeCount() - 1; i++) {
      assertTrue(chain.node(i).isCompressed(), "node " + i + " after changes");
    }
    ListValue copy = list.copy();
    List<String> copied = new ArrayList<>(model);
    while (list.size() > 9) {
      assertEquals(model.remove(0), s(list.popHead(depthOne)));
      assertTrue(!list.chain().node(0).isCompressed());
    }
    assertEquals(copied, contents(copy));
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
  void keepRangeAnywhereInAQuicklistSkipsWholeNodes() {
    ListLimits four = new ListLimits(4, 1);
    for (int[] range : new int[][] {{15, 19}, {0, 2}, {5, 6}, {3, 17}, {9, 9}}) {
      ListValue list = new ListValue();
      for (int i = 0; i < 20; i++) {
        list.pushTail(b("element-" + i), four);
      }
      list.keepRange(range[0], range[1], four);
      List<String> expected = new ArrayList<>();
      for (int i = range[0]; i <= range[1]; i++) {
        expected.add("element-" + i);
      }
      assertEquals(expected, contents(list), Arrays.toString(range));
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
  }

  @Test
  void fromRdbPicksTheShapeRedisWouldLoad() {
    ListLimits four = new ListLimits(4, 0);
    assertEquals("listpack", ListValue.fromRdb(new RdbValue.ListValue(List.of(b("a"), b("b")))).encoding());
    assertEquals("quicklist", ListValue.fromRdb(new RdbValue.ListValue(List.of(b("a"), b(LONG + LONG + LONG + LONG)))).encoding());
    List<byte[]> many = new ArrayList<>();
    for (int i = 0; i <= 4; i++) {
      many.add(b(Integer.toString(i)));
    }
    assertEquals("listpack", ListValue.fromRdb(new RdbValue.ListValue(many.subList(0, 4)), four).encoding());
    ListValue loaded = ListValue.fromRdb(new RdbValue.ListValue(many), four);
    assertEquals("quicklist", loaded.encoding());
    assertEquals(2, loaded.chain().nodeCount());
    assertEquals("4", s(loaded.get(4)));
  }

  @Test
  void randomOperationsMatchAnArrayListWithShortElements() {
    randomOperationsMatchAnArrayList(42, 0, new ListLimits(16, 0));
  }

  @Test
  void randomOperationsMatchAnArrayListWithSomeLongElements() {
    randomOperationsMatchAnArrayList(7, 50, new ListLimits(-1, 0));
  }

  @Test
  void randomOperationsMatchAnArrayListWithCompressedNodes() {
    randomOperationsMatchAnArrayList(11, 0, new ListLimits(5, 1));
    randomOperationsMatchAnArrayList(12, 30, new ListLimits(-1, 2));
  }

  /**
   * Random pushes, pops, inserts, removals, replacements and trims around the packed limits, so
   * the list converts both ways many times; one element in {@code longOneIn} is too long to pack.
   */
  private static void randomOperationsMatchAnArrayList(long seed, int longOneIn, ListLimits limits) {
    Random random = new Random(seed);
    ListValue list = new ListValue(1);
    List<String> model = new ArrayList<>();
    int conversions = 0;
    String encoding = list.encoding();
    for (int step = 0; step < 40_000; step++) {
      String item = longOneIn > 0 && random.nextInt(longOneIn) == 0
          ? LONG + random.nextInt(3) : "element-" + random.nextInt(20);
      int op = random.nextInt(model.size() > 30 ? 13 : 9);
      switch (op) {
        case 0, 1 -> {
          list.pushHead(b(item), limits);
          model.add(0, item);
        }
        case 2, 3 -> {
          list.pushTail(b(item), limits);
          model.add(item);
        }
        case 4 -> {
          int at = random.nextInt(model.size() + 1);
          list.insert(at, b(item), limits);
          model.add(at, item);
        }
        case 5 -> {
          boolean atHead = random.nextBoolean();
          byte[][] items = new byte[1 + random.nextInt(4)][];
          for (int i = 0; i < items.length; i++) {
            items[i] = b(item + i);
            model.add(atHead ? 0 : model.size(), item + i);
          }
          list.pushAll(items, 0, atHead, limits);
        }
        case 6 -> {
          if (!model.isEmpty()) {
            int at = random.nextInt(model.size());
            list.set(at, b(item), limits);
            model.set(at, item);
          }
        }
        case 7 -> {
          if (!model.isEmpty()) {
            int at = random.nextInt(model.size());
            assertEquals(model.remove(at), s(list.remove(at, limits)));
          }
        }
        case 8, 9 -> {
          if (!model.isEmpty()) {
            assertEquals(model.remove(0), s(list.popHead(limits)));
          }
        }
        case 10 -> assertEquals(model.remove(model.size() - 1), s(list.popTail(limits)));
        case 11 -> {
          boolean fromTail = random.nextBoolean();
          int removed = list.removeAll(b(item), 3, fromTail, limits);
          for (int i = 0; i < removed; i++) {
            model.remove(fromTail ? model.lastIndexOf(item) : model.indexOf(item));
          }
        }
        default -> {
          int first = random.nextInt(model.size());
          int last = first + random.nextInt(Math.max(1, Math.min(model.size() - first, model.size() / 4)));
          list.keepRange(first, last, limits);
          model = new ArrayList<>(model.subList(first, last + 1));
        }
      }
      assertEquals(model.size(), list.size());
      if (!list.encoding().equals(encoding)) {
        encoding = list.encoding();
        conversions++;
      }
      if (list.encoding().equals("listpack")) {
        assertTrue(model.size() <= limits.countLimit());
      }
      if (step % 97 == 0) {
        assertEquals(model, contents(list));
        if (!model.isEmpty()) {
          assertEquals(model, visited(list, 0, model.size() - 1));
          String probe = "element-" + random.nextInt(20);
          int from = random.nextInt(model.size());
          int found = model.subList(from, model.size()).indexOf(probe);
          assertEquals(found < 0 ? -1 : from + found, list.indexOf(b(probe), from));
          assertEquals(model.subList(0, from + 1).lastIndexOf(probe), list.lastIndexOf(b(probe), from, 0));
        }
      }
    }
    assertEquals(model, contents(list));
    assertTrue(conversions > 3, "only " + conversions + " conversions");
  }
}

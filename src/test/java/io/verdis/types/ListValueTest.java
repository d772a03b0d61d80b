package io.verdis.types;

import io.verdis.persist.rdb.RdbValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The ring buffer behind lists: ends, wrap-around, growth and shrinking, the middle. */
class ListValueTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> contents(ListValue list) {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      items.add(new String(list.get(i), StandardCharsets.UTF_8));
    }
    return items;
  }

  private static ListValue of(String... items) {
    ListValue list = new ListValue();
    for (String item : items) {
      list.pushTail(b(item));
    }
    return list;
  }

  @Test
  void pushAndPopAtBothEnds() {
    ListValue list = new ListValue();
    list.pushTail(b("b"));
    list.pushHead(b("a"));
    list.pushTail(b("c"));
    assertEquals(List.of("a", "b", "c"), contents(list));
    assertEquals("a", new String(list.popHead(), StandardCharsets.UTF_8));
    assertEquals("c", new String(list.popTail(), StandardCharsets.UTF_8));
    assertEquals("b", new String(list.popTail(), StandardCharsets.UTF_8));
    assertNull(list.popHead());
    assertNull(list.popTail());
    assertEquals(0, list.size());
  }

  @Test
  void aQueueWrapsAroundTheArrayWithoutGrowing() {
    ListValue list = of("0", "1", "2", "3", "4", "5");
    int capacity = list.capacity();
    for (int i = 6; i < 100; i++) {
      list.pushTail(b(Integer.toString(i)));
      assertEquals(Integer.toString(i - 6), new String(list.popHead(), StandardCharsets.UTF_8));
    }
    assertEquals(capacity, list.capacity());
    assertEquals(List.of("94", "95", "96", "97", "98", "99"), contents(list));
  }

  @Test
  void pushingAtTheHeadWrapsBackwards() {
    ListValue list = new ListValue();
    for (int i = 0; i < 5; i++) {
      list.pushHead(b(Integer.toString(i)));
    }
    assertEquals(List.of("4", "3", "2", "1", "0"), contents(list));
    assertEquals("0", new String(list.get(4), StandardCharsets.UTF_8));
  }

  @Test
  void growsByDoublingAndKeepsOrderAcrossTheWrap() {
    ListValue list = new ListValue(4);
    assertEquals(4, list.capacity());
    list.pushTail(b("c"));
    list.pushTail(b("d"));
    list.pushHead(b("b"));
    list.pushHead(b("a"));
    list.pushTail(b("e"));
    assertEquals(8, list.capacity());
    assertEquals(List.of("a", "b", "c", "d", "e"), contents(list));
  }

  @Test
  void sizedForTheFirstPush() {
    assertEquals(1, new ListValue(1).capacity());
    assertEquals(4, new ListValue(3).capacity());
    assertEquals(128, new ListValue(100).capacity());
  }

  @Test
  void shrinksWhenAQuarterFullButNotBelowTheMinimum() {
    ListValue list = new ListValue();
    for (int i = 0; i < 1024; i++) {
      list.pushTail(b(Integer.toString(i)));
    }
    assertEquals(1024, list.capacity());
    while (list.size() > 257) {
      list.popHead();
    }
    assertEquals(1024, list.capacity());
    list.popHead();
    assertEquals(512, list.capacity());
    assertEquals("768", new String(list.get(0), StandardCharsets.UTF_8));
    assertEquals("1023", new String(list.get(list.size() - 1), StandardCharsets.UTF_8));
    while (list.size() > 0) {
      list.popTail();
    }
    assertEquals(ListValue.MIN_CAPACITY, list.capacity());
  }

  @Test
  void indexAccessAndReplace() {
    ListValue list = of("a", "b", "c");
    list.popHead();
    list.pushTail(b("d"));
    list.set(1, b("C"));
    assertEquals(List.of("b", "C", "d"), contents(list));
  }

  @Test
  void insertInTheMiddleMovesTheShorterSide() {
    ListValue list = new ListValue(8);
    for (String item : new String[] {"c", "b", "a"}) {
      list.pushHead(b(item));
    }
    list.pushTail(b("e"));
    list.insert(1, b("x"));
    list.insert(4, b("y"));
    list.insert(0, b("first"));
    list.insert(list.size(), b("last"));
    assertEquals(List.of("first", "a", "x", "b", "c", "y", "e", "last"), contents(list));
    list.insert(3, b("grow"));
    assertEquals(List.of("first", "a", "x", "grow", "b", "c", "y", "e", "last"), contents(list));
  }

  @Test
  void removeInTheMiddleMovesTheShorterSide() {
    ListValue list = of("a", "b", "c", "d", "e", "f");
    list.popHead();
    list.pushTail(b("g"));
    assertEquals("c", new String(list.remove(1), StandardCharsets.UTF_8));
    assertEquals("f", new String(list.remove(3), StandardCharsets.UTF_8));
    assertEquals("b", new String(list.remove(0), StandardCharsets.UTF_8));
    assertEquals("g", new String(list.remove(2), StandardCharsets.UTF_8));
    assertEquals(List.of("d", "e"), contents(list));
  }

  @Test
  void removeAllFromTheHeadWithALimit() {
    ListValue list = of("x", "a", "x", "b", "x");
    assertEquals(2, list.removeAll(b("x"), 2, false));
    assertEquals(List.of("a", "b", "x"), contents(list));
  }

  @Test
  void removeAllFromTheTailWithALimit() {
    ListValue list = of("x", "a", "x", "b", "x");
    list.popHead();
    list.pushHead(b("x"));
    assertEquals(2, list.removeAll(b("x"), 2, true));
    assertEquals(List.of("x", "a", "b"), contents(list));
  }

  @Test
  void removeAllWithoutALimitTakesEveryMatch() {
    ListValue list = of("x", "a", "x", "x");
    assertEquals(3, list.removeAll(b("x"), 0, false));
    assertEquals(List.of("a"), contents(list));
    assertEquals(0, list.removeAll(b("nope"), 0, true));
    assertEquals(1, list.removeAll(b("a"), Long.MIN_VALUE, true));
    assertEquals(0, list.size());
  }

  @Test
  void keepRangeDropsBothEnds() {
    ListValue list = of("a", "b", "c", "d", "e");
    list.keepRange(1, 3);
    assertEquals(List.of("b", "c", "d"), contents(list));
    list.keepRange(0, 0);
    assertEquals(List.of("b"), contents(list));
  }

  @Test
  void indexOfSearchesFromAPosition() {
    ListValue list = of("a", "b", "a");
    assertEquals(0, list.indexOf(b("a"), 0));
    assertEquals(2, list.indexOf(b("a"), 1));
    assertEquals(-1, list.indexOf(b("z"), 0));
  }

  @Test
  void aCopyIsIndependent() {
    ListValue list = of("a", "b");
    list.popHead();
    list.pushTail(b("c"));
    ListValue copy = list.copy();
    copy.pushHead(b("z"));
    list.set(0, b("B"));
    assertEquals(List.of("B", "c"), contents(list));
    assertEquals(List.of("z", "b", "c"), contents(copy));
  }

  @Test
  void rdbFormRoundTripsHeadFirst() {
    ListValue list = of("1", "2", "3");
    list.popHead();
    list.pushTail(b("4"));
    RdbValue.ListValue rdb = list.toRdb();
    assertEquals(3, rdb.elements().size());
    assertSame(list.get(0), rdb.elements().get(0));
    assertEquals(List.of("2", "3", "4"), contents(ListValue.fromRdb(rdb)));
  }

  @Test
  void randomOperationsMatchAnArrayList() {
    Random random = new Random(42);
    ListValue list = new ListValue(1);
    List<String> model = new ArrayList<>();
    for (int step = 0; step < 20_000; step++) {
      String item = Integer.toString(random.nextInt(20));
      int op = random.nextInt(model.size() > 200 ? 10 : 7);
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
          if (!model.isEmpty()) {
            int at = random.nextInt(model.size());
            assertEquals(model.remove(at), new String(list.remove(at), StandardCharsets.UTF_8));
          }
        }
        case 6 -> {
          if (!model.isEmpty()) {
            assertEquals(model.remove(0), new String(list.popHead(), StandardCharsets.UTF_8));
          }
        }
        case 7 -> {
          assertEquals(model.remove(model.size() - 1), new String(list.popTail(), StandardCharsets.UTF_8));
        }
        case 8 -> {
          boolean fromTail = random.nextBoolean();
          int removed = list.removeAll(b(item), 3, fromTail);
          for (int i = 0; i < removed; i++) {
            model.remove(fromTail ? model.lastIndexOf(item) : model.indexOf(item));
          }
        }
        default -> {
          int keep = model.size() / 2;
          list.keepRange(1, keep);
          model = new ArrayList<>(model.subList(1, keep + 1));
        }
      }
      assertEquals(model.size(), list.size());
      if (step % 97 == 0) {
        assertEquals(model, contents(list));
      }
    }
    assertEquals(model, contents(list));
  }
}

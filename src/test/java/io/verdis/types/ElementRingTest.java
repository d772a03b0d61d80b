package io.verdis.types;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ring buffer behind large lists: ends, wrap-around, growth and shrinking, the middle. */
class ElementRingTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static List<String> contents(ElementRing ring) {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < ring.size(); i++) {
      items.add(s(ring.get(i)));
    }
    return items;
  }

  private static ElementRing of(String... items) {
    ElementRing ring = new ElementRing(ElementRing.MIN_CAPACITY);
    for (String item : items) {
      ring.pushTail(b(item));
    }
    return ring;
  }

  @Test
  void aQueueWrapsAroundTheArrayWithoutGrowing() {
    ElementRing ring = of("0", "1", "2", "3", "4", "5");
    int capacity = ring.capacity();
    for (int i = 6; i < 100; i++) {
      ring.pushTail(b(Integer.toString(i)));
      assertEquals(Integer.toString(i - 6), s(ring.popHead()));
    }
    assertEquals(capacity, ring.capacity());
    assertEquals(List.of("94", "95", "96", "97", "98", "99"), contents(ring));
  }

  @Test
  void pushingAtTheHeadWrapsBackwards() {
    ElementRing ring = new ElementRing(ElementRing.MIN_CAPACITY);
    for (int i = 0; i < 5; i++) {
      ring.pushHead(b(Integer.toString(i)));
    }
    assertEquals(List.of("4", "3", "2", "1", "0"), contents(ring));
    assertEquals("0", s(ring.popTail()));
  }

  @Test
  void growsByDoublingAndKeepsOrderAcrossTheWrap() {
    ElementRing ring = new ElementRing(4);
    assertEquals(4, ring.capacity());
    ring.pushTail(b("c"));
    ring.pushTail(b("d"));
    ring.pushHead(b("b"));
    ring.pushHead(b("a"));
    ring.pushTail(b("e"));
    assertEquals(8, ring.capacity());
    assertEquals(List.of("a", "b", "c", "d", "e"), contents(ring));
  }

  @Test
  void sizedForTheFirstPush() {
    assertEquals(1, new ElementRing(1).capacity());
    assertEquals(4, new ElementRing(3).capacity());
    assertEquals(256, new ElementRing(129).capacity());
  }

  @Test
  void shrinksWhenAQuarterFullButNotBelowTheMinimum() {
    ElementRing ring = new ElementRing(1);
    for (int i = 0; i < 1024; i++) {
      ring.pushTail(b(Integer.toString(i)));
    }
    assertEquals(1024, ring.capacity());
    while (ring.size() > 257) {
      ring.popHead();
    }
    assertEquals(1024, ring.capacity());
    ring.popHead();
    assertEquals(512, ring.capacity());
    assertEquals("768", s(ring.get(0)));
    assertEquals("1023", s(ring.get(ring.size() - 1)));
    while (ring.size() > 0) {
      ring.popTail();
    }
    assertEquals(ElementRing.MIN_CAPACITY, ring.capacity());
  }

  @Test
  void insertAndRemoveInTheMiddleMoveTheShorterSide() {
    ElementRing ring = new ElementRing(8);
    for (String item : new String[] {"c", "b", "a"}) {
      ring.pushHead(b(item));
    }
    ring.pushTail(b("e"));
    ring.insert(1, b("x"));
    ring.insert(4, b("y"));
    ring.insert(0, b("first"));
    ring.insert(ring.size(), b("last"));
    assertEquals(List.of("first", "a", "x", "b", "c", "y", "e", "last"), contents(ring));
    ring.insert(3, b("grow"));
    assertEquals(List.of("first", "a", "x", "grow", "b", "c", "y", "e", "last"), contents(ring));
    assertEquals("x", s(ring.remove(2)));
    assertEquals("y", s(ring.remove(5)));
    assertEquals(List.of("first", "a", "grow", "b", "c", "e", "last"), contents(ring));
  }

  @Test
  void searchesInBothDirectionsWithinBounds() {
    ElementRing ring = of("a", "b", "a", "c", "a");
    assertEquals(2, ring.indexOf(b("a"), 1, 5));
    assertEquals(-1, ring.indexOf(b("a"), 3, 4));
    assertEquals(2, ring.lastIndexOf(b("a"), 3, 0));
    assertEquals(-1, ring.lastIndexOf(b("a"), 1, 1));
  }

  @Test
  void aCopyIsIndependent() {
    ElementRing ring = of("a", "b");
    ring.popHead();
    ring.pushTail(b("c"));
    ElementRing copy = ring.copy();
    copy.pushHead(b("z"));
    ring.set(0, b("B"));
    assertEquals(List.of("B", "c"), contents(ring));
    assertEquals(List.of("z", "b", "c"), contents(copy));
  }

  @Test
  void allWithinChecksEveryLength() {
    ElementRing ring = of("ab", "abc");
    assertEquals(true, ring.allWithin(3));
    assertEquals(false, ring.allWithin(2));
  }
}

package io.verdis.types;

import io.verdis.persist.rdb.RdbValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two encodings of a set and the moves between them, as Redis 7.0 makes them. */
class SetValueTest {

  private static byte[] bytes(Object o) {
    return o.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static List<Long> integers(SetValue set) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < set.size(); i++) {
      out.add(Long.parseLong(new String(set.memberAt(i), StandardCharsets.UTF_8)));
    }
    return out;
  }

  @Test
  void integersOfEveryWidthStaySortedInAnIntset() {
    Random random = new Random(1);
    SetValue set = new SetValue();
    TreeSet<Long> oracle = new TreeSet<>();
    long[] scales = {100, 40_000, 3_000_000_000L, Long.MAX_VALUE};
    for (int i = 0; i < 500; i++) {
      long scale = scales[Math.min(3, i / 100)];
      long value = scale == Long.MAX_VALUE ? random.nextLong() : random.nextLong() % scale;
      assertEquals(oracle.add(value), set.add(bytes(value)));
    }
    assertEquals("intset", set.encoding());
    assertEquals(new ArrayList<>(oracle), integers(set));
    for (long value : new ArrayList<>(oracle).subList(0, 200)) {
      assertTrue(set.remove(bytes(value)));
      oracle.remove(value);
    }
    assertEquals(new ArrayList<>(oracle), integers(set));
    assertTrue(set.add(bytes(Long.MIN_VALUE)));
    assertTrue(set.contains(bytes(Long.MIN_VALUE)));
    assertFalse(set.contains(bytes("-9223372036854775809")));
  }

  @Test
  void removingFromAnIntsetKeepsWidthAndOrder() {
    SetValue set = new SetValue();
    set.add(bytes(1));
    set.add(bytes(5_000_000_000L));
    set.add(bytes(-3));
    assertTrue(set.remove(bytes(5_000_000_000L)));
    assertEquals(List.of(-3L, 1L), integers(set));
    assertFalse(set.remove(bytes("x")));
    assertFalse(set.remove(bytes(2)));
  }

  @Test
  void the513thIntegerOrAnyStringMakesAHashtable() {
    SetValue set = new SetValue();
    for (int i = 0; i < 512; i++) {
      set.add(bytes(i));
    }
    assertEquals("intset", set.encoding());
    set.add(bytes(512));
    assertEquals("hashtable", set.encoding());
    assertEquals(513, set.size());
    for (int i = 0; i <= 512; i++) {
      assertTrue(set.contains(bytes(i)));
    }
    SetValue words = new SetValue();
    words.add(bytes(7));
    words.add(bytes("07"));
    assertEquals("hashtable", words.encoding());
    assertTrue(words.contains(bytes(7)));
    assertTrue(words.contains(bytes("07")));
  }

  @Test
  void popRandomEmptiesTheSetWithEveryMemberOnce() {
    for (Object extra : new Object[] {99, "word"}) {
      SetValue set = new SetValue();
      TreeSet<String> oracle = new TreeSet<>();
      for (int i = 0; i < 50; i++) {
        set.add(bytes(i));
        oracle.add(Integer.toString(i));
      }
      set.add(bytes(extra));
      oracle.add(extra.toString());
      TreeSet<String> popped = new TreeSet<>();
      while (set.size() > 0) {
        assertTrue(popped.add(new String(set.popRandom(), StandardCharsets.UTF_8)));
      }
      assertEquals(oracle, popped);
    }
  }

  @Test
  void fromRdbEncodesAsRedisLoads() {
    List<byte[]> small = List.of(bytes(3), bytes(1), bytes(2));
    SetValue ints = SetValue.fromRdb(new RdbValue.SetValue(small));
    assertEquals("intset", ints.encoding());
    assertEquals(List.of(1L, 2L, 3L), integers(ints));
    List<byte[]> many = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      many.add(bytes(i));
    }
    SetValue big = SetValue.fromRdb(new RdbValue.SetValue(many));
    assertEquals("hashtable", big.encoding());
    assertEquals(600, big.size());
    assertEquals(600, big.toRdb().members().size());
  }

  @Test
  void scanOfAnIntsetIsWholeAndEndsAtOnce() {
    SetValue set = new SetValue();
    for (int i = 0; i < 100; i++) {
      set.add(bytes(i));
    }
    List<byte[]> seen = new ArrayList<>();
    assertEquals(0, set.scan(777, 5, seen::add));
    assertEquals(100, seen.size());
  }

  @Test
  void aCopyIsIndependentInBothEncodings() {
    SetValue ints = new SetValue();
    ints.add(bytes(1));
    SetValue intsCopy = ints.copy();
    intsCopy.add(bytes(2));
    assertEquals(1, ints.size());
    SetValue words = new SetValue();
    words.add(bytes("a"));
    SetValue wordsCopy = words.copy();
    wordsCopy.remove(bytes("a"));
    assertEquals(1, words.size());
    assertEquals(0, wordsCopy.size());
  }
}

package io.verdis.types;

import io.verdis.persist.rdb.RdbValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HashValueTest {

  private static byte[] b(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(byte[] array, int offset, int length) {
    return new String(array, offset, length, StandardCharsets.UTF_8);
  }

  /** The pairs in the hash's order, as "field=value". */
  private static List<String> pairs(HashValue hash) {
    List<String> out = new ArrayList<>();
    hash.forEach((f, fo, fl, v, vo, vl) -> out.add(s(f, fo, fl) + "=" + s(v, vo, vl)));
    return out;
  }

  private static HashValue hashOf(int fields) {
    HashValue hash = new HashValue();
    for (int i = 0; i < fields; i++) {
      hash.put(b("f" + i), b("v" + i));
    }
    return hash;
  }

  @Test
  void aNewHashIsPackedAndEmpty() {
    HashValue hash = new HashValue();
    assertEquals("listpack", hash.encoding());
    assertEquals(0, hash.size());
    assertTrue(hash.isEmpty());
    assertNull(hash.get(b("a")));
    assertEquals(-1, hash.valueLength(b("a")));
  }

  @Test
  void packedPairsKeepInsertionOrderThroughOverwritesOfAnyLength() {
    HashValue hash = new HashValue();
    assertTrue(hash.put(b("a"), b("1")));
    assertTrue(hash.put(b("b"), b("2")));
    assertTrue(hash.put(b("c"), b("3")));
    assertFalse(hash.put(b("b"), b("9")));
    assertFalse(hash.put(b("a"), b("longer value")));
    assertFalse(hash.put(b("c"), b("")));
    assertEquals(List.of("a=longer value", "b=9", "c="), pairs(hash));
    assertEquals(3, hash.size());
    assertEquals(12, hash.valueLength(b("a")));
    assertArrayEquals(b("9"), hash.get(b("b")));
  }

  @Test
  void putAllCountsOnlyNewFieldsAndTheLastValueOfARepeatedFieldWins() {
    HashValue hash = new HashValue();
    hash.put(b("x"), b("0"));
    byte[][] args = {b("hset"), b("key"), b("a"), b("1"), b("x"), b("22"), b("a"), b("333"), b("b"), b("4")};
    assertEquals(2, hash.putAll(args, 2));
    assertEquals(List.of("x=22", "a=333", "b=4"), pairs(hash));
  }

  @Test
  void removingPairsFromAnyPlaceLeavesTheOthersInOrder() {
    HashValue hash = hashOf(4);
    assertTrue(hash.remove(b("f1")));
    assertFalse(hash.remove(b("f1")));
    assertTrue(hash.remove(b("f3")));
    assertTrue(hash.remove(b("f0")));
    assertEquals(List.of("f2=v2"), pairs(hash));
    assertTrue(hash.remove(b("f2")));
    assertTrue(hash.isEmpty());
    assertEquals("listpack", hash.encoding());
  }

  @Test
  void moreThanTheEntriesLimitMakesATable() {
    HashValue hash = hashOf(128);
    HashLimits limits = new HashLimits(128, 64);
    assertEquals("listpack", hash.encoding());
    hash.put(b("f127"), b("again"), limits);
    assertEquals("listpack", hash.encoding());
    hash.put(b("f128"), b("v128"), limits);
    assertEquals("hashtable", hash.encoding());
    assertEquals(129, hash.size());
    for (int i = 0; i < 127; i++) {
      assertArrayEquals(b("v" + i), hash.get(b("f" + i)));
    }
    assertArrayEquals(b("again"), hash.get(b("f127")));
  }

  @Test
  void putAllPastTheLimitMakesATable() {
    for (int pairs : new int[] {513, 50_000}) {
      HashValue hash = new HashValue();
      byte[][] args = new byte[2 + 2 * pairs][];
      for (int i = 0; i < pairs; i++) {
        args[2 + 2 * i] = b("f" + i);
        args[3 + 2 * i] = b("v");
      }
      assertEquals(pairs, hash.putAll(args, 2));
      assertEquals("hashtable", hash.encoding());
      assertEquals(pairs, hash.size());
    }
  }

  @Test
  void aFieldOrValueLongerThan64BytesMakesATable() {
    HashValue longValue = new HashValue();
    longValue.put(b("a"), b("x".repeat(64)));
    assertEquals("listpack", longValue.encoding());
    longValue.put(b("b"), b("x".repeat(65)));
    assertEquals("hashtable", longValue.encoding());
    assertEquals(List.of("a", "b"), pairs(longValue).stream().map(p -> p.substring(0, 1)).sorted().toList());

    HashValue longField = new HashValue();
    longField.put(b("f".repeat(65)), b("1"));
    assertEquals("hashtable", longField.encoding());
  }

  @Test
  void longFieldsAndValuesStayPackedUnderAHigherValueLimit() {
    HashLimits roomy = new HashLimits(10, 20_000);
    HashValue hash = new HashValue();
    hash.put(b("f".repeat(300)), b("v".repeat(16_500)), roomy);
    hash.put(b("short"), b("x"), roomy);
    hash.put(b("short"), b("y".repeat(200)), roomy);
    assertEquals("listpack", hash.encoding());
    assertArrayEquals(b("v".repeat(16_500)), hash.get(b("f".repeat(300))));
    assertEquals(List.of("f".repeat(300) + "=" + "v".repeat(16_500), "short=" + "y".repeat(200)), pairs(hash));
    assertTrue(hash.remove(b("f".repeat(300))));
    assertEquals(List.of("short=" + "y".repeat(200)), pairs(hash));
  }

  @Test
  void aTableStaysATableWhenItShrinks() {
    HashValue hash = hashOf(600);
    for (int i = 0; i < 599; i++) {
      assertTrue(hash.remove(b("f" + i)));
    }
    assertEquals("hashtable", hash.encoding());
    assertEquals(List.of("f599=v599"), pairs(hash));
  }

  @Test
  void copiesAreIndependentInBothEncodings() {
    for (int size : new int[] {3, 300}) {
      HashValue original = hashOf(size);
      HashValue copy = original.copy();
      copy.put(b("f0"), b("XX"));
      copy.remove(b("f1"));
      copy.put(b("new"), b("1"));
      assertArrayEquals(b("v0"), original.get(b("f0")));
      assertTrue(original.contains(b("f1")));
      assertFalse(original.contains(b("new")));
      assertEquals(size, original.size());
      assertEquals(original.encoding(), copy.encoding());
    }
  }

  @Test
  void rdbFormRoundTripsAndPicksTheEncodingRedisWouldLoad() {
    for (int size : new int[] {5, 512, 513}) {
      HashValue hash = HashValue.fromRdb(hashOf(size).toRdb());
      assertEquals(size, hash.size());
      assertEquals(size > 512 ? "hashtable" : "listpack", hash.encoding());
      assertArrayEquals(b("v4"), hash.get(b("f4")));
    }
    HashValue longValue = HashValue.fromRdb(new RdbValue.HashValue(List.of(b("a"), b("x".repeat(65)))));
    assertEquals("hashtable", longValue.encoding());
  }

  @Test
  void aTableAgreesWithAHashMapThroughRandomChanges() {
    Random random = new Random(42);
    HashValue hash = hashOf(200);
    Map<String, String> expected = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      expected.put("f" + i, "v" + i);
    }
    for (int step = 0; step < 50_000; step++) {
      String field = "f" + random.nextInt(3000);
      if (random.nextInt(3) == 0) {
        assertEquals(expected.remove(field) != null, hash.remove(b(field)));
      } else {
        String value = "v" + step;
        assertEquals(expected.put(field, value) == null, hash.put(b(field), b(value)));
      }
    }
    assertEquals(expected.size(), hash.size());
    Map<String, String> actual = new HashMap<>();
    hash.forEach((f, fo, fl, v, vo, vl) -> actual.put(s(f, fo, fl), s(v, vo, vl)));
    assertEquals(expected, actual);
  }

  @Test
  void aPackedHashScansWholeWithCursorZero() {
    HashValue hash = hashOf(10);
    List<String> seen = new ArrayList<>();
    assertEquals(0, hash.scan(12345, 1, (f, fo, fl, v, vo, vl) -> seen.add(s(f, fo, fl))));
    assertEquals(10, seen.size());
  }

  @Test
  void aTableScanReturnsEveryFieldPresentThroughoutEvenWhenItResizesMidway() {
    HashValue hash = hashOf(1000);
    Set<String> seen = new HashSet<>();
    long cursor = 0;
    int calls = 0;
    do {
      cursor = hash.scan(cursor, 10, (f, fo, fl, v, vo, vl) -> seen.add(s(f, fo, fl)));
      calls++;
      if (calls == 20) {
        for (int i = 1000; i < 5000; i++) {
          hash.put(b("f" + i), b("x"));
        }
      }
      if (calls == 200) {
        for (int i = 1000; i < 5000; i++) {
          hash.remove(b("f" + i));
        }
      }
    } while (cursor != 0);
    for (int i = 0; i < 1000; i++) {
      assertTrue(seen.contains("f" + i), "f" + i);
    }
  }

  @Test
  void aTableScanStepVisitsAboutCountFields() {
    HashValue hash = hashOf(1000);
    int[] visited = {0};
    long cursor = hash.scan(0, 10, (f, fo, fl, v, vo, vl) -> visited[0]++);
    assertTrue(cursor != 0);
    assertTrue(visited[0] >= 10 && visited[0] < 20, "visited " + visited[0]);
  }

  @Test
  void distinctRandomPairsAreDistinctInBothEncodingsAndForFewOfMany() {
    Random random = new Random(1);
    for (int size : new int[] {10, 300}) {
      HashValue hash = hashOf(size);
      for (int count : new int[] {1, 3, size / 2, size - 1}) {
        Set<String> seen = new HashSet<>();
        hash.randomDistinctPairs(count, random, (f, fo, fl, v, vo, vl) -> {
          assertEquals("v" + s(f, fo, fl).substring(1), s(v, vo, vl));
          assertTrue(seen.add(s(f, fo, fl)));
        });
        assertEquals(count, seen.size());
      }
    }
  }

  @Test
  void repeatedRandomPairsReachEveryField() {
    Random random = new Random(2);
    for (int size : new int[] {5, 200}) {
      HashValue hash = hashOf(size);
      Set<String> seen = new HashSet<>();
      int[] visits = {0};
      hash.randomPairs(size * 40L, random, (f, fo, fl, v, vo, vl) -> {
        seen.add(s(f, fo, fl));
        visits[0]++;
      });
      assertEquals(size * 40, visits[0]);
      assertEquals(size, seen.size());
      Set<String> fields = new HashSet<>();
      for (int i = 0; i < size * 40; i++) {
        fields.add(new String(hash.randomField(random), StandardCharsets.UTF_8));
      }
      assertEquals(size, fields.size());
    }
  }
}

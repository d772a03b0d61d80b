package io.verdis.types;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hashtable encoding of sets, checked against java.util.HashSet as the oracle. */
class MemberTableTest {

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Set<ByteBuffer> contents(MemberTable table) {
    Set<ByteBuffer> members = new HashSet<>();
    for (int i = 0; i < table.size(); i++) {
      assertTrue(members.add(ByteBuffer.wrap(table.memberAt(i))), "duplicate at " + i);
    }
    return members;
  }

  private static Set<ByteBuffer> scanned(MemberTable table) {
    Set<ByteBuffer> members = new HashSet<>();
    long cursor = 0;
    do {
      cursor = table.scanStep(cursor, member -> members.add(ByteBuffer.wrap(member)));
    } while (cursor != 0);
    return members;
  }

  @Test
  void growsFromEmptyAndFindsEveryMember() {
    MemberTable table = new MemberTable(0);
    for (int i = 0; i < 10_000; i++) {
      assertTrue(table.add(bytes("m" + i)));
    }
    assertEquals(10_000, table.size());
    for (int i = 0; i < 10_000; i++) {
      assertTrue(table.contains(bytes("m" + i)), "m" + i);
      assertFalse(table.add(bytes("m" + i)));
    }
    assertFalse(table.contains(bytes("m10000")));
    assertEquals(10_000, contents(table).size());
  }

  @Test
  void removingShrinksAndKeepsTheRestReachable() {
    MemberTable table = new MemberTable(0);
    for (int i = 0; i < 5000; i++) {
      table.add(bytes("m" + i));
    }
    for (int i = 0; i < 5000; i++) {
      if (i % 10 != 0) {
        assertTrue(table.remove(bytes("m" + i)));
      }
    }
    assertFalse(table.remove(bytes("m1")));
    assertEquals(500, table.size());
    for (int i = 0; i < 5000; i++) {
      assertEquals(i % 10 == 0, table.contains(bytes("m" + i)), "m" + i);
    }
    for (int i = 0; i < 5000; i += 10) {
      assertTrue(table.remove(bytes("m" + i)));
    }
    assertEquals(0, table.size());
    assertTrue(table.add(bytes("again")));
    assertEquals(Set.of(ByteBuffer.wrap(bytes("again"))), contents(table));
  }

  @Test
  void randomOperationsMatchAHashSet() {
    Random random = new Random(42);
    MemberTable table = new MemberTable(0);
    Set<ByteBuffer> oracle = new HashSet<>();
    for (int step = 0; step < 200_000; step++) {
      byte[] member = bytes(Integer.toString(random.nextInt(3000)));
      int op = random.nextInt(4);
      if (op < 2) {
        assertEquals(oracle.add(ByteBuffer.wrap(member)), table.add(member));
      } else if (op == 2) {
        assertEquals(oracle.remove(ByteBuffer.wrap(member)), table.remove(member));
      } else if (table.size() > 0) {
        int position = random.nextInt(table.size());
        assertTrue(oracle.remove(ByteBuffer.wrap(table.memberAt(position))));
        table.removeAt(position);
      }
      assertEquals(oracle.size(), table.size());
    }
    assertEquals(oracle, contents(table));
    assertEquals(oracle, scanned(table));
  }

  @Test
  void removeAtTakesThePickedMemberOnly() {
    MemberTable table = new MemberTable(0);
    for (int i = 0; i < 100; i++) {
      table.add(bytes("m" + i));
    }
    byte[] picked = table.memberAt(37);
    table.removeAt(37);
    assertFalse(table.contains(picked));
    assertEquals(99, table.size());
    assertEquals(99, contents(table).size());
  }

  @Test
  void everyPositionIsEquallyLikelyToBePicked() {
    MemberTable table = new MemberTable(0);
    for (int i = 0; i < 10; i++) {
      table.add(bytes("m" + i));
    }
    Random random = new Random(7);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 100_000; i++) {
      counts.merge(new String(table.memberAt(random.nextInt(table.size())), StandardCharsets.UTF_8), 1, Integer::sum);
    }
    assertEquals(10, counts.size());
    counts.values().forEach(n -> assertTrue(n > 9000 && n < 11000, counts.toString()));
  }

  @Test
  void aScanCompletesWhileTheTableGrowsAndShrinks() {
    MemberTable table = new MemberTable(0);
    List<byte[]> kept = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      kept.add(bytes("keep" + i));
      table.add(kept.get(i));
    }
    Set<ByteBuffer> seen = new HashSet<>();
    long cursor = 0;
    int round = 0;
    do {
      cursor = table.scanStep(cursor, member -> seen.add(ByteBuffer.wrap(member)));
      for (int i = 0; i < 300; i++) {
        if (round % 3 == 0) {
          table.add(bytes("extra" + round + ":" + i));
        } else {
          table.remove(bytes("extra" + (round - round % 3) + ":" + i));
        }
      }
      round++;
    } while (cursor != 0);
    for (byte[] member : kept) {
      assertTrue(seen.contains(ByteBuffer.wrap(member)), new String(member, StandardCharsets.UTF_8));
    }
  }

  @Test
  void aCopyIsIndependent() {
    MemberTable table = new MemberTable(0);
    table.add(bytes("a"));
    MemberTable copy = table.copy();
    copy.add(bytes("b"));
    table.remove(bytes("a"));
    assertEquals(0, table.size());
    assertEquals(Set.of(ByteBuffer.wrap(bytes("a")), ByteBuffer.wrap(bytes("b"))), contents(copy));
  }
}

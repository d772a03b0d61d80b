package io.verdis.types;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldTableTest {

  private static byte[] b(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static FieldTable tableOf(int fields) {
    FieldTable table = new FieldTable(fields);
    for (int i = 0; i < fields; i++) {
      table.put(b("f" + i), b("v" + i));
    }
    return table;
  }

  @Test
  void putKeepsTheArraysItIsGivenAndReplacesValues() {
    FieldTable table = new FieldTable(0);
    byte[] field = b("f");
    byte[] value = b("1");
    assertTrue(table.put(field, value));
    int slot = table.find(b("f"));
    assertSame(field, table.fieldAt(slot));
    assertSame(value, table.valueAt(slot));
    assertFalse(table.put(b("f"), b("2")));
    assertArrayEquals(b("2"), table.valueAt(table.find(b("f"))));
    assertEquals(1, table.size());
  }

  @Test
  void growsAndShrinksKeepingEveryEntryReachable() {
    FieldTable table = tableOf(10_000);
    assertTrue(table.capacity() >= 10_000 * 4 / 3);
    for (int i = 0; i < 10_000; i += 2) {
      assertTrue(table.remove(b("f" + i)));
    }
    for (int i = 0; i < 10_000; i++) {
      assertEquals(i % 2 == 1, table.find(b("f" + i)) >= 0, "f" + i);
    }
    for (int i = 1; i < 9_990; i += 2) {
      table.remove(b("f" + i));
    }
    assertEquals(5, table.size());
    assertTrue(table.capacity() <= 64, "shrank to " + table.capacity());
    for (int i = 9_991; i < 10_000; i += 2) {
      assertArrayEquals(b("v" + i), table.valueAt(table.find(b("f" + i))));
    }
  }

  @Test
  void slotIterationVisitsEachEntryOnce() {
    FieldTable table = tableOf(500);
    List<String> seen = new ArrayList<>();
    for (int slot = table.nextSlot(0); slot >= 0; slot = table.nextSlot(slot + 1)) {
      seen.add(new String(table.fieldAt(slot), StandardCharsets.UTF_8));
    }
    assertEquals(500, seen.size());
    assertEquals(500, new HashSet<>(seen).size());
  }

  @Test
  void aCopySharesNoTableArrays() {
    FieldTable table = tableOf(100);
    FieldTable copy = table.copy();
    copy.remove(b("f1"));
    copy.put(b("f2"), b("changed"));
    assertTrue(table.find(b("f1")) >= 0);
    assertArrayEquals(b("v2"), table.valueAt(table.find(b("f2"))));
    assertEquals(100, table.size());
    assertEquals(99, copy.size());
  }

  @Test
  void aFullScanVisitsEveryEntryAndStepsAreBounded() {
    FieldTable table = tableOf(1000);
    Set<Integer> slots = new HashSet<>();
    long cursor = 0;
    do {
      int[] visited = {0};
      cursor = table.scan(cursor, 5, 50, slot -> {
        slots.add(slot);
        visited[0]++;
      });
      assertTrue(cursor == 0 || visited[0] >= 5 || visited[0] == 0, "stopped early with " + visited[0]);
    } while (cursor != 0);
    assertEquals(1000, slots.size());
  }

  @Test
  void randomSlotsAreOccupied() {
    FieldTable table = tableOf(50);
    Random random = new Random(3);
    for (int i = 0; i < 1000; i++) {
      assertTrue(table.fieldAt(table.randomSlot(random)) != null);
    }
  }
}

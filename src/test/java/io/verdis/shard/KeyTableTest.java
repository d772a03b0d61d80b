package io.verdis.shard;

import static io.verdis.shard.TestKeys.key;
import static io.verdis.shard.TestKeys.wrap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyTableTest {

  @Test
  void manyRandomKeysAgreeWithAHashMapThroughInsertsReplacesAndInterleavedRemovals() {
    Random random = new Random(1);
    KeyTable table = new KeyTable();
    Map<ByteBuffer, Object> oracle = new HashMap<>();
    for (int op = 0; op < 200_000; op++) {
      byte[] key = key("k" + random.nextInt(50_000));
      if (random.nextInt(3) == 0) {
        assertEquals(oracle.remove(wrap(key)), table.remove(key));
      } else {
        String value = "v" + op;
        assertEquals(oracle.put(wrap(key), value), table.put(key, value));
      }
    }
    assertEquals(oracle.size(), table.size());
    oracle.forEach((key, value) -> assertEquals(value, table.get(key.array())));
    assertEquals(oracle, contents(table));
  }

  @Test
  void removingMostKeysShrinksTheTableAndKeepsTheRestReachable() {
    KeyTable table = new KeyTable();
    for (int i = 0; i < 100_000; i++) {
      table.put(key("key:" + i), i);
    }
    int fullCapacity = table.capacity();
    for (int i = 10; i < 100_000; i++) {
      table.remove(key("key:" + i));
    }
    assertTrue(table.capacity() <= 128, "capacity " + table.capacity() + " after shrinking from " + fullCapacity);
    for (int i = 0; i < 10; i++) {
      assertEquals(i, table.get(key("key:" + i)));
    }
  }

  @Test
  void binaryKeysWithZeroAndFfBytesAndDifferentLengthsAreDistinct() {
    KeyTable table = new KeyTable();
    byte[][] keys = {
      {}, {0}, {0, 0}, {(byte) 0xFF}, {(byte) 0xFF, (byte) 0xFF}, {0, (byte) 0xFF}, {(byte) 0xFF, 0},
      {0, 0, 0, 0}, {0, 0, 0, 0, 0}, {(byte) 0x80, 0x7F, 0, 1},
    };
    for (int i = 0; i < keys.length; i++) {
      assertNull(table.put(keys[i], i));
    }
    assertEquals(keys.length, table.size());
    for (int i = 0; i < keys.length; i++) {
      assertEquals(i, table.get(keys[i].clone()));
    }
  }

  @Test
  void scanReturnsEveryKeyPresentForTheWholeScanWhileTheTableGrowsAndShrinksBetweenCalls() {
    KeyTable table = new KeyTable();
    Set<ByteBuffer> stable = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      table.put(key("stable:" + i), i);
      stable.add(wrap(key("stable:" + i)));
    }
    Set<ByteBuffer> seen = new HashSet<>();
    Set<Integer> capacities = new HashSet<>();
    long cursor = 0;
    int calls = 0;
    do {
      cursor = table.scan(cursor, slot -> seen.add(wrap(table.keyAt(slot))));
      if (++calls % 300 == 0) {
        toggleTransientKeys(table, calls / 300);
      }
      capacities.add(table.capacity());
    } while (cursor != 0);
    assertTrue(seen.containsAll(stable));
    assertTrue(capacities.size() >= 3, "the table should have been resized during the scan: " + capacities);
  }

  @Test
  void scanWithCountReturnsAtLeastCountEntriesPerCallAndEveryKeyOverall() {
    KeyTable table = new KeyTable();
    for (int i = 0; i < 10_000; i++) {
      table.put(key("key:" + i), i);
    }
    Set<ByteBuffer> seen = new HashSet<>();
    long cursor = 0;
    do {
      List<byte[]> step = new ArrayList<>();
      cursor = table.scan(cursor, 100, slot -> step.add(table.keyAt(slot)));
      assertTrue(cursor == 0 || step.size() >= 100, "a step returned " + step.size());
      step.forEach(key -> seen.add(wrap(key)));
    } while (cursor != 0);
    assertEquals(10_000, seen.size());
  }

  @Test
  void randomSlotReturnsAnOccupiedSlotOrMinusOneWhenEmpty() {
    KeyTable table = new KeyTable();
    Random random = new Random(2);
    assertEquals(-1, table.randomSlot(random));
    for (int i = 0; i < 50; i++) {
      table.put(key("key:" + i), i);
    }
    for (int i = 0; i < 1_000; i++) {
      assertNotNull(table.keyAt(table.randomSlot(random)));
    }
  }

  /** Odd rounds add 30k keys (the table grows), even rounds remove them (it shrinks). */
  private static void toggleTransientKeys(KeyTable table, int round) {
    for (int i = 0; i < 30_000; i++) {
      byte[] key = key("transient:" + i);
      if (round % 2 == 1) {
        table.put(key, i);
      } else {
        table.remove(key);
      }
    }
  }

  private static Map<ByteBuffer, Object> contents(KeyTable table) {
    Map<ByteBuffer, Object> contents = new HashMap<>();
    for (int slot = 0; slot < table.capacity(); slot++) {
      if (table.keyAt(slot) != null) {
        contents.put(wrap(table.keyAt(slot)), table.valueAt(slot));
      }
    }
    return contents;
  }
}

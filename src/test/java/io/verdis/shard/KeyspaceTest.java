package io.verdis.shard;

import static io.verdis.shard.TestKeys.key;
import static io.verdis.shard.TestKeys.text;
import static io.verdis.shard.TestKeys.wrap;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KeyspaceTest {
  private static final long T0 = 1_800_000_000_000L;

  private final ShardClock clock = new ShardClock();
  private final Keyspace db = new Keyspace(clock);

  KeyspaceTest() {
    clock.setNowMs(T0);
  }

  @Test
  void aKeyWhoseExpiryTimeHasComeDisappearsOnLookupAndIsCountedAsExpired() {
    db.set(key("session"), "data");
    db.setExpireAt(key("session"), T0 + 1_000);
    clock.setNowMs(T0 + 999 + 1);
    assertEquals("data", db.lookup(key("session")));
    clock.setNowMs(T0 + 1_000 + 1);
    assertNull(db.lookup(key("session")));
    assertEquals(1, db.expiredKeys());
    assertEquals(0, db.size());
    assertEquals(0, db.expiresCount());
  }

  @Test
  void overwriteKeepsTheTtlWhileSetClearsIt() {
    db.set(key("counter"), "1");
    db.setExpireAt(key("counter"), T0 + 5_000);
    db.overwrite(key("counter"), "2");
    assertEquals(T0 + 5_000, db.expireAt(key("counter")));
    db.set(key("counter"), "3");
    assertEquals(-1, db.expireAt(key("counter")));
    assertEquals(0, db.expiresCount());
    clock.setNowMs(T0 + 10_000 + 1);
    assertEquals("3", db.lookup(key("counter")));
  }

  @Test
  void overwriteOfAnExpiredKeyInsertsAFreshKeyWithoutTtl() {
    db.set(key("k"), "old");
    db.setExpireAt(key("k"), T0 + 1);
    clock.setNowMs(T0 + 2 + 1);
    db.overwrite(key("k"), "new");
    assertEquals("new", db.lookup(key("k")));
    assertEquals(-1, db.expireAt(key("k")));
    assertEquals(1, db.expiredKeys());
  }

  @Test
  void deletingAnExpiredKeyReturnsFalseButReapsIt() {
    db.set(key("gone"), "x");
    db.setExpireAt(key("gone"), T0 + 10);
    clock.setNowMs(T0 + 10 + 1);
    assertFalse(db.delete(key("gone")));
    assertEquals(0, db.size());
    assertEquals(1, db.expiredKeys());
    db.set(key("here"), "y");
    assertTrue(db.delete(key("here")));
    assertFalse(db.delete(key("here")));
  }

  @Test
  void lookupReadCountsKeyspaceHitsAndMisses() {
    db.set(key("a"), "1");
    db.lookupRead(key("a"));
    db.lookupRead(key("b"));
    db.lookupRead(key("b"));
    db.lookup(key("c"));
    assertEquals(1, db.keyspaceHits());
    assertEquals(2, db.keyspaceMisses());
  }

  @Test
  void persistRemovesTheTtlOnlyWhenThereIsOne() {
    db.set(key("k"), "v");
    assertFalse(db.persist(key("k")));
    db.setExpireAt(key("k"), T0 + 100);
    assertTrue(db.persist(key("k")));
    assertEquals(-1, db.expireAt(key("k")));
    clock.setNowMs(T0 + 1_000 + 1);
    assertEquals("v", db.peek(key("k")));
  }

  @Test
  void setExpireAtOnAMissingKeyIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> db.setExpireAt(key("nope"), T0));
  }

  @Test
  void idleTimeGrowsWithTheClockLookupResetsItAndPeekDoesNot() {
    db.set(key("k"), "v");
    clock.setNowMs(T0 + 7_000 + 1);
    assertEquals(7, db.idleSeconds(key("k")));
    db.peek(key("k"));
    assertEquals(7, db.idleSeconds(key("k")));
    db.lookup(key("k"));
    assertEquals(0, db.idleSeconds(key("k")));
    assertEquals(-1, db.idleSeconds(key("absent")));
  }

  @Test
  void activeExpireCycleReapsEveryKeyWhenAllTtlsHavePassed() {
    for (int i = 0; i < 1_000; i++) {
      db.set(key("ttl:" + i), i);
      db.setExpireAt(key("ttl:" + i), T0 + i);
      db.set(key("plain:" + i), i);
    }
    clock.setNowMs(T0 + 1_000 + 1);
    assertEquals(1_000, db.activeExpireCycle(1_000_000));
    assertEquals(1_000, db.expiredKeys());
    assertEquals(1_000, db.size());
    assertEquals(0, db.expiresCount());
  }

  @Test
  void activeExpireCycleStopsEarlyWhenFewSampledKeysHaveExpiredAndNeverReapsLiveOnes() {
    for (int i = 0; i < 1_000; i++) {
      db.set(key("ttl:" + i), i);
      db.setExpireAt(key("ttl:" + i), i < 100 ? T0 - 1 : T0 + 60_000);
    }
    clock.setNowMs(T0 + 1 + 1);
    int reaped = db.activeExpireCycle(1_000_000);
    assertTrue(reaped < 100, "reaped " + reaped);
    assertEquals(1_000 - reaped, db.size());
    for (int i = 100; i < 1_000; i++) {
      assertNotNull(db.peek(key("ttl:" + i)));
    }
  }

  @Test
  void randomKeyNeverReturnsAnExpiredKey() {
    for (int i = 0; i < 1_000; i++) {
      db.set(key("k" + i), i);
      if (i >= 10) {
        db.setExpireAt(key("k" + i), T0 + 1);
      }
    }
    clock.setNowMs(T0 + 1 + 1);
    int found = 0;
    for (int call = 0; call < 300; call++) {
      byte[] key = db.randomKey();
      if (key != null) {
        found++;
        assertTrue(Integer.parseInt(text(key).substring(1)) < 10, text(key));
      }
    }
    assertTrue(found > 0);
    assertNull(new Keyspace(clock).randomKey());
  }

  @Test
  void scanReportsEveryLiveKeyAndReapsTheExpiredOnesItMeets() {
    for (int i = 0; i < 5_000; i++) {
      db.set(key("k" + i), i);
      if (i % 2 == 0) {
        db.setExpireAt(key("k" + i), T0 - 1);
      }
    }
    Set<ByteBuffer> seen = new HashSet<>();
    long cursor = 0;
    do {
      cursor = db.scan(cursor, 10, (key, value) -> {
        assertEquals(1, ((Integer) value) % 2);
        seen.add(wrap(key));
      });
    } while (cursor != 0);
    assertEquals(2_500, seen.size());
    assertEquals(2_500, db.size());
    assertEquals(2_500, db.expiredKeys());
  }

  @Test
  void prefixIterationIsInKeyOrderAndSkipsExpiredKeys() {
    for (String name : List.of("user:9", "user:10", "user:1", "order:1", "user:", "users")) {
      db.set(key(name), name.toUpperCase());
    }
    db.setExpireAt(key("user:10"), T0 - 1);
    List<String> seen = new ArrayList<>();
    db.forEachWithPrefix(key("user:"), (key, value) -> seen.add(text(key) + "=" + value));
    assertEquals(List.of("user:=USER:", "user:1=USER:1", "user:9=USER:9"), seen);
    assertEquals(5, db.size());
  }

  @Test
  void clearEmptiesKeysTtlsAndTheIndex() {
    db.set(key("a"), "1");
    db.setExpireAt(key("a"), T0 + 100);
    db.set(key("b"), "2");
    db.clear();
    assertEquals(0, db.size());
    assertEquals(0, db.expiresCount());
    db.forEachSorted((key, value) -> {
      throw new AssertionError("cleared database still holds " + text(key));
    });
  }

  @Test
  void randomOperationsAgreeWithASimpleModelOfRedisKeySemantics() {
    Random random = new Random(6);
    Map<String, Long> modelTtl = new TreeMap<>();
    Map<String, Object> model = new TreeMap<>();
    for (int op = 0; op < 100_000; op++) {
      String name = "k" + random.nextInt(2_000);
      byte[] key = key(name);
      if (modelTtl.containsKey(name) && modelTtl.get(name) < clock.nowMs()) {
        model.remove(name);
        modelTtl.remove(name);
      }
      switch (random.nextInt(7)) {
        case 0 -> {
          db.set(key, op);
          model.put(name, op);
          modelTtl.remove(name);
        }
        case 1 -> {
          db.overwrite(key, op);
          model.put(name, op);
        }
        case 2 -> assertEquals(model.remove(name) != null, db.delete(key), name);
        case 3 -> {
          if (model.containsKey(name)) {
            long when = clock.nowMs() + random.nextInt(50);
            db.setExpireAt(key, when);
            modelTtl.put(name, when);
          }
        }
        case 4 -> assertEquals(modelTtl.remove(name) != null, db.persist(key));
        case 5 -> clock.setNowMs(clock.nowMs() + random.nextInt(5));
        default -> assertEquals(model.get(name), db.lookup(key), name);
      }
      if (!model.containsKey(name)) {
        modelTtl.remove(name);
      }
    }
    modelTtl.forEach((name, when) -> {
      if (when < clock.nowMs()) {
        model.remove(name);
      }
    });
    List<String> sorted = new ArrayList<>();
    db.forEachSorted((key, value) -> sorted.add(text(key) + "=" + value));
    List<String> expected = new ArrayList<>();
    model.forEach((name, value) -> expected.add(name + "=" + value));
    assertEquals(expected, sorted);
    assertEquals(model.size(), db.size());
  }

  @Test
  void theKeyArrayFirstStoredIsTheOneKeptWhenAnEqualKeyReplacesTheValue() {
    byte[] first = key("k");
    db.set(first, "1");
    db.set(key("k"), "2");
    List<byte[]> keys = new ArrayList<>();
    db.forEachSorted((key, value) -> keys.add(key));
    assertEquals(1, keys.size());
    assertTrue(keys.get(0) == first);
    assertArrayEquals(first, db.randomKey());
  }
}

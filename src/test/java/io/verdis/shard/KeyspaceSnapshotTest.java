package io.verdis.shard;

import io.verdis.types.ListValue;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A snapshot shares the table's chunks and the table copies a chunk before writing to it: the
 * snapshot must keep showing exactly the data of its instant whatever the table does afterwards
 * (overwrites, deletes, TTL changes, LRU touches, resizes both ways, clears), and the table must
 * behave exactly as if no snapshot had been taken.
 */
class KeyspaceSnapshotTest {
  private final ShardClock clock = new ShardClock();

  @Test
  void anAggregateChangedInPlaceAfterASnapshotIsCopiedFirst() throws IOException {
    Keyspace db = new Keyspace(clock);
    ListValue list = new ListValue();
    list.pushTail(bytes("a"));
    db.set(bytes("list"), list);
    KeyspaceSnapshot snapshot = db.snapshot();
    ListValue writable = (ListValue) db.lookupWrite(bytes("list"));
    writable.pushTail(bytes("b"));
    db.changed(bytes("list"), 1);
    ListValue again = (ListValue) db.lookupWrite(bytes("list"));
    again.pushTail(bytes("c"));
    Map<String, Integer> sizes = new HashMap<>();
    snapshot.forEach((key, value, expireAt) -> sizes.put(new String(key, StandardCharsets.UTF_8), ((ListValue) value).size()));
    assertEquals(Map.of("list", 1), sizes, "the snapshot saw a change made after it");
    assertEquals(3, ((ListValue) db.lookup(bytes("list"))).size());
    assertSame(writable, again, "copied once per snapshot, not once per write");
  }

  @Test
  void aSnapshotKeepsItsInstantWhileTheTableChangesUnderIt() throws IOException {
    Keyspace db = new Keyspace(clock);
    Map<String, String> model = new HashMap<>();
    Map<String, Long> ttls = new HashMap<>();
    Random random = new Random(42);
    long far = clock.nowMs() + 1_000_000;
    for (int i = 0; i < 50_000; i++) {
      put(db, model, "key:" + i, "v" + i);
      if (i % 7 == 0) {
        db.setExpireAt(bytes("key:" + i), far + i);
        ttls.put("key:" + i, far + i);
      }
    }
    KeyspaceSnapshot first = db.snapshot();
    Map<String, String> firstModel = new HashMap<>(model);
    Map<String, Long> firstTtls = new HashMap<>(ttls);
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 40_000; i++) {
        String key = "key:" + random.nextInt(120_000);
        switch (random.nextInt(5)) {
          case 0 -> {
            put(db, model, key, "w" + round + "-" + i);
            ttls.remove(key);
          }
          case 1 -> {
            db.delete(bytes(key));
            model.remove(key);
            ttls.remove(key);
          }
          case 2 -> {
            if (db.lookup(bytes(key)) != null) {
              db.setExpireAt(bytes(key), far - i);
              ttls.put(key, far - i);
            }
          }
          case 3 -> {
            db.persist(bytes(key));
            ttls.remove(key);
          }
          default -> db.lookup(bytes(key));
        }
      }
      if (round == 1) {
        // A second snapshot while the first is still being read: both must stay intact.
        assertSnapshot(db.snapshot(), model, ttls);
      }
    }
    assertSnapshot(first, firstModel, firstTtls);
    assertSnapshot(db.snapshot(), model, ttls);
    for (String key : model.keySet().toArray(new String[0])) {
      db.delete(bytes(key));
    }
    assertEquals(0, db.size(), "the table shrank back through every resize");
    assertSnapshot(first, firstModel, firstTtls);
  }

  @Test
  void clearingTheTableLeavesTheSnapshotWhole() throws IOException {
    Keyspace db = new Keyspace(clock);
    Map<String, String> model = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      put(db, model, "k" + i, "v" + i);
    }
    KeyspaceSnapshot snapshot = db.snapshot();
    db.clear();
    put(db, new HashMap<>(), "k1", "new");
    assertSnapshot(snapshot, model, Map.of());
  }

  private static void put(Keyspace db, Map<String, String> model, String key, String value) {
    db.set(bytes(key), bytes(value));
    model.put(key, value);
  }

  private static void assertSnapshot(KeyspaceSnapshot snapshot, Map<String, String> model, Map<String, Long> ttls)
      throws IOException {
    Map<String, String> seen = new HashMap<>();
    Map<String, Long> seenTtls = new HashMap<>();
    snapshot.forEach((key, value, expireAt) -> {
      String name = new String(key, StandardCharsets.UTF_8);
      seen.put(name, new String((byte[]) value, StandardCharsets.UTF_8));
      if (expireAt != -1) {
        seenTtls.put(name, expireAt);
      }
    });
    assertEquals(model, seen);
    assertEquals(ttls, seenTtls);
    assertEquals(model.size(), snapshot.size());
    assertEquals(ttls.size(), snapshot.expiresCount());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

package io.verdis.shard;

import static io.verdis.shard.TestKeys.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.types.SetValue;
import io.verdis.types.ValueSize;
import org.junit.jupiter.api.Test;

/** The counted memory a keyspace keeps as it changes, and the evictor's choices on a bare shard store. */
class EvictorTest {
  private static final long T0 = 1_800_000_000_000L;

  @Test
  void countedBytesFollowEveryStoreChangeAndDeleteBackToZero() {
    ShardClock clock = new ShardClock();
    clock.setNowMs(T0);
    Keyspace db = new Keyspace(clock);
    db.set(key("a"), new byte[100]);
    assertEquals(ValueSize.ofEntry(key("a"), new byte[100], 5) + Keyspace.INDEX_ENTRY, db.usedBytes());
    db.overwrite(key("a"), new byte[10]);
    assertEquals(ValueSize.ofEntry(key("a"), new byte[10], 5) + Keyspace.INDEX_ENTRY, db.usedBytes());
    db.setExpireAt(key("a"), T0 + 10_000);
    assertEquals(ValueSize.ofEntry(key("a"), new byte[10], 5) + Keyspace.INDEX_ENTRY + Keyspace.EXPIRY_ENTRY,
        db.usedBytes());
    SetValue set = new SetValue();
    db.set(key("s"), set);
    long emptySet = db.usedBytes();
    for (int i = 0; i < 100; i++) {
      ((SetValue) db.lookupWrite(key("s"))).add(("member-" + i).getBytes());
      db.changed(key("s"), 1);
    }
    assertTrue(db.usedBytes() > emptySet + 100 * 8, "a set that grew in place is counted again: " + db.usedBytes());
    for (int i = 0; i < 1000; i++) {
      db.set(key("k" + i), new byte[i % 50]);
    }
    for (int i = 0; i < 1000; i++) {
      db.delete(key("k" + i)); // deletes move entries back in their probe runs: the sizes move along
    }
    db.delete(key("a"));
    db.delete(key("s"));
    assertEquals(0, db.usedBytes());
    db.set(key("b"), new byte[1]);
    db.clear();
    assertEquals(0, db.usedBytes());
  }

  /** Sampling is random: each choice is checked over 20 fresh shards, and must be the best in nearly all. */
  @Test
  void volatileTtlEvictsTheSoonestToExpire() {
    int right = 0;
    for (int trial = 0; trial < 20; trial++) {
      ShardStore store = new ShardStore(0, 1);
      store.clock().setNowMs(T0);
      Keyspace db = store.database(0);
      for (int i = 0; i < 10; i++) {
        db.set(key("t" + i), new byte[100]);
        db.setExpireAt(key("t" + i), T0 + 1_000_000 - i * 1000L); // t9 ends first
      }
      db.set(key("plain"), new byte[100]);
      store.evictionSettings(new EvictionSettings(store.usedBytes() - 1, EvictionPolicy.VOLATILE_TTL, 64, Long.MAX_VALUE));
      assertTrue(store.makeRoom());
      assertEquals(1, db.evictedKeys());
      assertTrue(db.peek(key("plain")) != null, "a key without TTL is never evicted under volatile-ttl");
      right += db.peek(key("t9")) == null ? 1 : 0;
    }
    assertTrue(right >= 15, "the soonest to expire was evicted in " + right + " of 20");
  }

  @Test
  void allkeysLruEvictsTheLongestIdle() {
    int right = 0;
    for (int trial = 0; trial < 20; trial++) {
      ShardStore store = new ShardStore(0, 1);
      store.clock().setNowMs(T0);
      Keyspace db = store.database(0);
      for (int i = 0; i < 10; i++) {
        db.set(key("k" + i), new byte[100]);
      }
      store.clock().setNowMs(T0 + 100_000);
      for (int i = 1; i < 10; i++) {
        db.lookup(key("k" + i)); // all but k0 read 100 s later
      }
      store.evictionSettings(new EvictionSettings(store.usedBytes() - 1, EvictionPolicy.ALLKEYS_LRU, 64, Long.MAX_VALUE));
      assertTrue(store.makeRoom());
      assertEquals(9, db.size());
      right += db.peek(key("k0")) == null ? 1 : 0;
    }
    assertTrue(right >= 15, "the longest idle was evicted in " + right + " of 20");
  }

  @Test
  void allkeysLfuEvictsTheLeastFrequentlyUsed() {
    ShardStore store = new ShardStore(0, 1);
    store.clock().setNowMs(T0);
    store.clock().setLfu(new LfuSettings(10, 1));
    Keyspace db = store.database(0);
    for (int i = 0; i < 10; i++) {
      db.set(key("k" + i), new byte[100]);
      db.setAccessFrequency(key("k" + i), i == 3 ? 1 : 50);
    }
    // 64 samples walk the whole small table: the choice is exact here.
    store.evictionSettings(new EvictionSettings(store.usedBytes() - 1, EvictionPolicy.ALLKEYS_LFU, 64, Long.MAX_VALUE));
    assertTrue(store.makeRoom());
    assertEquals(9, db.size());
    assertTrue(db.peek(key("k3")) == null, "the key used least often goes");
  }

  @Test
  void noevictionAndAVolatilePolicyWithoutTtlKeysCannotMakeRoom() {
    ShardStore store = new ShardStore(0, 1);
    store.database(0).set(key("plain"), new byte[100]);
    store.evictionSettings(new EvictionSettings(1, EvictionPolicy.NOEVICTION, 5, Long.MAX_VALUE));
    assertFalse(store.makeRoom());
    assertTrue(store.outOfMemory());
    store.evictionSettings(new EvictionSettings(1, EvictionPolicy.VOLATILE_LRU, 5, Long.MAX_VALUE));
    assertFalse(store.makeRoom());
    store.evictionSettings(new EvictionSettings(1, EvictionPolicy.ALLKEYS_RANDOM, 5, Long.MAX_VALUE));
    assertTrue(store.makeRoom());
    assertFalse(store.outOfMemory());
    assertEquals(0, store.database(0).size());
  }

  @Test
  void thePoolKeepsTheBestSixteenInOrder() {
    EvictionPool pool = new EvictionPool();
    for (int score = 0; score < 40; score++) {
      pool.offer((score * 7) % 40, key("k" + (score * 7) % 40), 0);
    }
    for (int expected = 39; expected >= 24; expected--) {
      assertEquals("k" + expected, new String(pool.bestKey()));
      pool.dropBest();
    }
    assertTrue(pool.isEmpty());
  }
}

package io.verdis.shard;

import static io.verdis.shard.TestKeys.key;
import static io.verdis.shard.TestKeys.text;
import static io.verdis.shard.TestKeys.wrap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class RoutedDatabaseTest {
  private static final ToIntFunction<byte[]> BY_LAST_DIGIT = key -> (key[key.length - 1] - '0') % 3;

  private final ShardClock clock = new ShardClock();
  private final Keyspace[] shards = {new Keyspace(clock), new Keyspace(clock), new Keyspace(clock)};
  private final RoutedDatabase db = new RoutedDatabase(shards, BY_LAST_DIGIT);

  @Test
  void keyOperationsGoToTheOwningShardAndCountsAreSummed() {
    for (int i = 0; i < 30; i++) {
      db.set(key("key:" + i), i);
    }
    db.setExpireAt(key("key:4"), clock.nowMs() + 60_000);
    assertEquals(4, db.lookup(key("key:4")));
    assertEquals(4, shards[1].peek(key("key:4")));
    assertNull(shards[0].peek(key("key:4")));
    assertEquals(30, db.size());
    assertEquals(1, db.expiresCount());
    assertTrue(db.delete(key("key:4")));
    assertEquals(29, db.size());
  }

  @Test
  void sortedIterationMergesThreeShardsIntoGlobalKeyOrder() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      db.set(key(String.format("item:%04d", i)), i);
      expected.add(String.format("item:%04d", i));
    }
    List<String> seen = new ArrayList<>();
    db.forEachSorted((key, value) -> seen.add(text(key)));
    assertEquals(expected, seen);
    assertTrue(shards[0].size() > 0 && shards[1].size() > 0 && shards[2].size() > 0);
  }

  @Test
  void prefixIterationAcrossShardsIsOrderedAndStopsWhenTheVisitorSaysSo() {
    for (String name : List.of("a:2", "b:1", "a:1", "a:0", "a:5", "b:0")) {
      db.set(key(name), name);
    }
    List<String> seen = new ArrayList<>();
    db.forEachWithPrefix(key("a:"), (key, value) -> seen.add(text(key)) && seen.size() < 3);
    assertEquals(List.of("a:0", "a:1", "a:2"), seen);
  }

  @Test
  void scanWalksEveryShardWithTheShardIndexInTheLowCursorBits() {
    Set<ByteBuffer> expected = new HashSet<>();
    for (int i = 0; i < 3_000; i++) {
      db.set(key("key:" + i), i);
      expected.add(wrap(key("key:" + i)));
    }
    Set<ByteBuffer> seen = new HashSet<>();
    List<Integer> shardOrder = new ArrayList<>();
    long cursor = 0;
    do {
      int shard = (int) (cursor & 3);
      cursor = db.scan(cursor, 50, (key, value) -> {
        assertEquals(shard, BY_LAST_DIGIT.applyAsInt(key));
        seen.add(wrap(key));
      });
      if (shardOrder.isEmpty() || shardOrder.get(shardOrder.size() - 1) != shard) {
        shardOrder.add(shard);
      }
    } while (cursor != 0);
    assertEquals(expected, seen);
    assertEquals(List.of(0, 1, 2), shardOrder);
  }

  @Test
  void randomKeyComesFromWhicheverShardHoldsKeys() {
    assertNull(db.randomKey());
    db.set(key("only:2"), "x");
    assertEquals("only:2", text(db.randomKey()));
    db.set(key("other:0"), "y");
    assertNotNull(db.randomKey());
  }
}

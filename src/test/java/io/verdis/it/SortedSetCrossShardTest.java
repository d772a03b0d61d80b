package io.verdis.it;

import io.verdis.shard.SlotTable;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The multi-key sorted-set commands with their keys spread over the three shards of the test node. */
class SortedSetCrossShardTest extends RedisTestBase {

  /** Three keys starting with {@code prefix}, one on each shard of the 3-shard test node. */
  private static String[] keysOnEveryShard(String prefix) {
    SlotTable slots = new SlotTable(3);
    String[] keys = new String[3];
    Set<Integer> taken = new HashSet<>();
    for (int i = 0; taken.size() < 3; i++) {
      String key = prefix + i;
      int shard = slots.shardOf(key.getBytes());
      if (taken.add(shard)) {
        keys[shard] = key;
      }
    }
    return keys;
  }

  @Test
  void zunionstoreCombinesSetsFromOtherShardsIntoAThird() {
    String[] k = keysOnEveryShard("u");
    call("zadd", k[0], "1", "a", "2", "b");
    call("zadd", k[1], "10", "b", "20", "c");
    assertEquals(3, integer("zunionstore", k[2], "2", k[0], k[1], "weights", "1", "2"));
    assertEquals("[[a, 1.0], [b, 22.0], [c, 40.0]]", call("zrange", k[2], "0", "-1", "withscores"));
    assertEquals(1, integer("zinterstore", k[2], "2", k[0], k[1]));
    assertEquals("[[b, 12.0]]", call("zrange", k[2], "0", "-1", "withscores"));
    assertEquals(1, integer("zdiffstore", k[2], "2", k[0], k[1]));
    assertEquals("[a]", call("zrange", k[2], "0", "-1"));
    assertEquals(0, integer("zinterstore", k[2], "2", k[0], "missing"));
    assertEquals(0, integer("exists", k[2]));
  }

  @Test
  void readingSetOperationsAcrossShards() {
    String[] k = keysOnEveryShard("r");
    call("zadd", k[0], "1", "a", "2", "b");
    call("zadd", k[1], "3", "b", "4", "c");
    call("zadd", k[2], "5", "b");
    assertEquals("[b]", call("zinter", "3", k[0], k[1], k[2]));
    assertEquals(1, integer("zintercard", "3", k[0], k[1], k[2]));
    assertEquals("[a]", call("zdiff", "2", k[0], k[2]));
    assertEquals("[a, c, b]", call("zunion", "3", k[0], k[1], k[2]));
  }

  @Test
  void zrangestoreWritesToAnotherShard() {
    String[] k = keysOnEveryShard("s");
    call("zadd", k[0], "1", "a", "2", "b", "3", "c");
    assertEquals(2, integer("zrangestore", k[1], k[0], "(1", "+inf", "byscore"));
    assertEquals("[b, c]", call("zrange", k[1], "0", "-1"));
    assertEquals(0, integer("zrangestore", k[1], k[2], "0", "-1"));
    assertEquals(0, integer("exists", k[1]));
  }

  @Test
  void multiKeyPopsTakeFromTheFirstNonEmptyKeyWhereverItLives() {
    String[] k = keysOnEveryShard("p");
    call("zadd", k[2], "1", "a", "2", "b");
    assertEquals("[" + k[2] + ", [[b, 2.0]]]", call("zmpop", "3", k[0], k[1], k[2], "max"));
    assertEquals("[" + k[2] + ", a, 1.0]", call("bzpopmin", k[0], k[1], k[2], "0"));
    assertEquals(0, integer("exists", k[2]));
    call("zadd", k[1], "7", "x");
    assertEquals("[" + k[1] + ", [[x, 7.0]]]", call("bzmpop", "0", "3", k[0], k[1], k[2], "min", "count", "5"));
  }
}

package io.verdis.it;

import io.verdis.persist.rdb.RdbValue;
import io.verdis.shard.ShardSet;
import io.verdis.types.SetValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ZUNION, ZINTER, ZDIFF and ZINTERCARD take plain sets too, their members scoring 1. The same
 * sets are made in a real redis-server with SADD and planted into Verdis's keyspace directly
 * (this branch has no set commands), then both servers answer the same commands.
 */
class SortedSetWithSetInputsTest {
  @TempDir
  Path tmp;

  @Test
  void setsCountAsSortedSetsOfScoreOne() throws Exception {
    RealRedis.assumeInstalled();
    List<String> large = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      large.add("m" + i);
    }
    try (RealRedis redis = RealRedis.start(tmp);
         TestServer verdis = TestServer.start("--shards", "3");
         RawClient client = new RawClient(verdis.port())) {
      for (String[] set : new String[][] {{"s1", "a", "b", "c"}, {"s2", "c", "d"}, {"ints", "1", "2", "3"}}) {
        plantSet(verdis, set[0], List.of(set).subList(1, set.length));
        redis.call((Object[]) concat("SADD", set));
      }
      plantSet(verdis, "large", large);
      redis.call((Object[]) concat("SADD", concat("large", large.toArray(String[]::new))));
      SideBySide both = new SideBySide(client, redis.client());
      both.assertSameReplies("""
          TYPE s1
          ZADD z 1 a 5 c 7 x 0.5 2
          ZUNION 2 z s1 WITHSCORES
          ZUNION 3 s1 s2 z WEIGHTS 2 3 0.5 WITHSCORES
          ZUNION 2 s1 s2 AGGREGATE MAX WITHSCORES
          ZINTER 2 z s1 WITHSCORES
          ZINTER 2 s1 z AGGREGATE MIN WITHSCORES
          ZINTER 2 s1 s2 WITHSCORES
          ZINTER 2 ints z WITHSCORES
          ZDIFF 2 z s1 WITHSCORES
          ZDIFF 2 s1 z WITHSCORES
          ZDIFF 3 s1 s2 z
          ZINTERCARD 2 s1 z
          ZINTERCARD 3 s1 s2 z
          ZINTERCARD 2 large large LIMIT 10
          ZUNIONSTORE d 2 s1 s2
          ZRANGE d 0 -1 WITHSCORES
          OBJECT ENCODING d
          ZINTERSTORE d 2 large s1
          EXISTS d
          ZDIFFSTORE d 2 large s1
          ZCARD d
          OBJECT ENCODING d
          ZRANGESTORE d s1 0 -1
          ZSCORE s1 a
          """);
    }
  }

  /** Puts a set under {@code key} in database 0 of the shard that owns it. */
  private static void plantSet(TestServer verdis, String key, List<String> members) {
    byte[] name = key.getBytes(StandardCharsets.UTF_8);
    List<byte[]> bytes = members.stream().map(m -> m.getBytes(StandardCharsets.UTF_8)).toList();
    ShardSet shards = verdis.node().state().shards();
    shards.onEveryShard(store -> {
      if (store.id() == shards.shardOf(name)) {
        store.database(0).set(name, SetValue.fromRdb(new RdbValue.SetValue(bytes)));
      }
    }).await();
  }

  private static String[] concat(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}

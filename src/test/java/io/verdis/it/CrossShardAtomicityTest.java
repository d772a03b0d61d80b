package io.verdis.it;

import io.verdis.shard.SlotTable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Multi-key commands whose keys live on different shards are never observed half-done. */
class CrossShardAtomicityTest extends RedisTestBase {

  /** Two keys on different shards of the 3-shard test node. */
  private static String[] keysOnTwoShards() {
    SlotTable slots = new SlotTable(3);
    String first = "pair:a";
    for (int i = 0; ; i++) {
      String second = "pair:b" + i;
      if (slots.shardOf(second.getBytes()) != slots.shardOf(first.getBytes())) {
        return new String[] {first, second};
      }
    }
  }

  @Test
  void mgetNeverSeesHalfOfAConcurrentCrossShardMset(Vertx vertx) {
    String[] keys = keysOnTwoShards();
    assertNotEquals(new SlotTable(3).shardOf(keys[0].getBytes()), new SlotTable(3).shardOf(keys[1].getBytes()));
    call("mset", keys[0], "0", keys[1], "0");
    RedisConnection writer = client.connect().await();
    RedisConnection reader = client.connect().await();
    try {
      List<Future<Response>> writes = new ArrayList<>();
      List<Future<Response>> reads = new ArrayList<>();
      for (int round = 1; round <= 2000; round++) {
        String value = Integer.toString(round);
        writes.add(writer.send(Request.cmd(Command.MSET).arg(keys[0]).arg(value).arg(keys[1]).arg(value)));
        reads.add(reader.send(Request.cmd(Command.MGET).arg(keys[0]).arg(keys[1])));
      }
      Future.all(writes).await();
      for (Future<Response> read : reads) {
        Response pair = read.await();
        assertEquals(pair.get(0).toString(), pair.get(1).toString(), "MGET saw half of an MSET");
      }
      assertEquals("2000", call("get", keys[1]));
    } finally {
      writer.close().await();
      reader.close().await();
    }
  }

  @Test
  void renameAcrossShardsMovesTheValueAtomicallyForReaders(Vertx vertx) {
    String[] keys = keysOnTwoShards();
    RedisConnection mover = client.connect().await();
    RedisConnection reader = client.connect().await();
    try {
      call("set", keys[0], "payload");
      List<Future<Response>> reads = new ArrayList<>();
      for (int round = 0; round < 1000; round++) {
        String from = keys[round % 2];
        String to = keys[(round + 1) % 2];
        mover.send(Request.cmd(Command.RENAME).arg(from).arg(to));
        reads.add(reader.send(Request.cmd(Command.EXISTS).arg(keys[0]).arg(keys[1])));
      }
      for (Future<Response> read : reads) {
        assertEquals(1, read.await().toInteger(), "a reader saw the key in both places or in neither");
      }
    } finally {
      mover.close().await();
      reader.close().await();
    }
  }
}

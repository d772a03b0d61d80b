package io.verdis.it;

import io.verdis.shard.SlotTable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MULTI/EXEC/DISCARD/WATCH with Redis's replies, and atomicity across shards. */
class TransactionTest extends RedisTestBase {

  /** Keys on {@code count} different shards of the 3-shard test node. */
  static String[] keysOnShards(int count) {
    SlotTable slots = new SlotTable(3);
    String[] keys = new String[count];
    boolean[] used = new boolean[3];
    for (int i = 0, n = 0; n < count; i++) {
      String key = "k" + i;
      int shard = slots.shardOf(key.getBytes());
      if (!used[shard]) {
        used[shard] = true;
        keys[n++] = key;
      }
    }
    return keys;
  }

  @Test
  void queuedCommandsRunAtExecAndAnswerInOneArray() throws Exception {
    try (RawClient raw = new RawClient(server.port())) {
      assertEquals("+OK\r\n", raw.call("MULTI"));
      assertEquals("+QUEUED\r\n", raw.call("SET", "a", "1"));
      assertEquals("+QUEUED\r\n", raw.call("INCR", "a"));
      assertEquals("+QUEUED\r\n", raw.call("GET", "a"));
      assertEquals("+QUEUED\r\n", raw.call("PING"));
      raw.send(RawClient.command("EXEC"));
      assertEquals("*4\r\n+OK\r\n:2\r\n$1\r\n2\r\n+PONG\r\n", raw.readUntil("+PONG\r\n"));
    }
  }

  @Test
  void anEmptyTransactionAnswersAnEmptyArray() throws Exception {
    try (RawClient raw = new RawClient(server.port())) {
      raw.call("MULTI");
      assertEquals("*0\r\n", raw.call("EXEC"));
    }
  }

  @Test
  void aCommandRefusedWhileQueuingAbortsTheTransaction() throws Exception {
    try (RawClient raw = new RawClient(server.port())) {
      raw.call("MULTI");
      assertEquals("+QUEUED\r\n", raw.call("SET", "doomed", "1"));
      assertEquals("-ERR unknown command 'NOPE', with args beginning with: \r\n", raw.call("NOPE"));
      assertEquals("-ERR wrong number of arguments for 'get' command\r\n", raw.call("GET"));
      assertEquals("-EXECABORT Transaction discarded because of previous errors.\r\n", raw.call("EXEC"));
      assertEquals("$-1\r\n", raw.call("GET", "doomed"));
      assertEquals("-ERR EXEC without MULTI\r\n", raw.call("EXEC"));
    }
  }

  @Test
  void anErrorWhileRunningDoesNotStopTheOtherCommands() throws Exception {
    try (RawClient raw = new RawClient(server.port())) {
      raw.call("SET", "text", "abc");
      raw.call("MULTI");
      raw.call("INCR", "text");
      raw.call("SET", "after", "yes");
      raw.send(RawClient.command("EXEC"));
      assertEquals("*2\r\n-ERR value is not an integer or out of range\r\n+OK\r\n", raw.readUntil("+OK\r\n"));
      assertEquals("$3\r\nyes\r\n", raw.call("GET", "after"));
    }
  }

  @Test
  void controlCommandsRefuseAsRedisDoes() throws Exception {
    try (RawClient raw = new RawClient(server.port())) {
      assertEquals("-ERR DISCARD without MULTI\r\n", raw.call("DISCARD"));
      raw.call("MULTI");
      assertEquals("-ERR MULTI calls can not be nested\r\n", raw.call("MULTI"));
      assertEquals("-ERR WATCH inside MULTI is not allowed\r\n", raw.call("WATCH", "x"));
      assertEquals("+QUEUED\r\n", raw.call("SET", "x", "1"));
      assertEquals("+OK\r\n", raw.call("DISCARD"));
      assertEquals("$-1\r\n", raw.call("GET", "x"));
    }
  }

  @Test
  void selectInsideATransactionMovesTheLaterCommands() throws Exception {
    try (RawClient raw = new RawClient(server.port())) {
      raw.call("MULTI");
      raw.call("SELECT", "3");
      raw.call("SET", "in3", "v");
      raw.send(RawClient.command("EXEC"));
      assertEquals("*2\r\n+OK\r\n+OK\r\n", raw.readUntil("+OK\r\n+OK\r\n"));
      assertEquals("$1\r\nv\r\n", raw.call("GET", "in3"));
      raw.call("SELECT", "0");
      assertEquals("$-1\r\n", raw.call("GET", "in3"));
    }
  }

  @Test
  void watchedKeyWrittenByAnotherClientFailsTheExec() throws Exception {
    try (RawClient raw = new RawClient(server.port())) {
      raw.call("SET", "w", "1");
      assertEquals("+OK\r\n", raw.call("WATCH", "w"));
      call("set", "w", "2");
      raw.call("MULTI");
      raw.call("SET", "w", "3");
      assertEquals("*-1\r\n", raw.call("EXEC"));
      assertEquals("2", call("get", "w"));
    }
  }

  @Test
  void watchedKeysUntouchedLetTheExecRun() throws Exception {
    String[] keys = keysOnShards(3);
    try (RawClient raw = new RawClient(server.port())) {
      raw.call("WATCH", keys[0], keys[1], keys[2]);
      call("set", "unrelated", "x");
      raw.call("MULTI");
      raw.call("SET", keys[0], "a");
      raw.send(RawClient.command("EXEC"));
      assertEquals("*1\r\n+OK\r\n", raw.readUntil("+OK\r\n"));
    }
  }

  /**
   * WATCH, MULTI, EXEC (and UNWATCH, DISCARD) sent in one write: the watch is in place before the
   * commands after it look at it, and the watched keys stay plainly writable afterwards. They once
   * answered "internal error in 'mset'" for good: EXEC dropped the watch before the WATCH ahead of
   * it reached its shard, which registered a null watch on the key.
   */
  @Test
  void watchPipelinedWithItsTransactionLeavesTheKeysWritable() throws Exception {
    String[] keys = keysOnShards(3);
    try (RawClient raw = new RawClient(server.port()); RawClient other = new RawClient(server.port())) {
      raw.sendPipelined(
          new String[] {"WATCH", keys[0], keys[1], keys[2]},
          new String[] {"MULTI"},
          new String[] {"MSET", keys[0], "a", keys[1], "b"},
          new String[] {"EXEC"},
          new String[] {"WATCH", keys[1]},
          new String[] {"SET", keys[1], "touched by its own client"},
          new String[] {"MULTI"},
          new String[] {"GET", keys[1]},
          new String[] {"EXEC"},
          new String[] {"WATCH", keys[2]},
          new String[] {"UNWATCH"},
          new String[] {"WATCH", keys[0]},
          new String[] {"MULTI"},
          new String[] {"DISCARD"});
      assertEquals("+OK\r\n+OK\r\n+QUEUED\r\n*1\r\n+OK\r\n"
          + "+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n*-1\r\n"
          + "+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n", raw.readUntil("*-1\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n"));
      assertEquals("+OK\r\n", other.call("MSET", keys[0], "x", keys[1], "y", keys[2], "z"));
      for (String key : keys) {
        assertEquals("+OK\r\n", other.call("SET", key, "w"));
      }
    }
  }

  /** A client that goes away right after WATCH leaves nothing behind on the shards. */
  @Test
  void watchFromAClientThatDisconnectsAtOnceLeavesTheKeyWritable() throws Exception {
    String[] keys = keysOnShards(3);
    for (int i = 0; i < 50; i++) {
      try (RawClient raw = new RawClient(server.port())) {
        raw.sendPipelined(new String[] {"WATCH", keys[i % 3]}, new String[] {"MULTI"},
            new String[] {"SET", keys[(i + 1) % 3], "v"});
        raw.reset();
      }
    }
    try (RawClient other = new RawClient(server.port())) {
      assertEquals("+OK\r\n", other.call("MSET", keys[0], "x", keys[1], "y", keys[2], "z"));
    }
  }

  @Test
  void execForgetsTheWatchedKeys() throws Exception {
    try (RawClient raw = new RawClient(server.port())) {
      raw.call("WATCH", "w2");
      raw.call("MULTI");
      raw.call("EXEC");
      call("set", "w2", "changed");
      raw.call("MULTI");
      raw.call("SET", "w2", "mine");
      raw.send(RawClient.command("EXEC"));
      assertEquals("*1\r\n+OK\r\n", raw.readUntil("+OK\r\n"));
    }
  }

  @Test
  void unwatchAndDiscardForgetTheWatchedKeys() throws Exception {
    try (RawClient raw = new RawClient(server.port())) {
      raw.call("WATCH", "w3");
      assertEquals("+OK\r\n", raw.call("UNWATCH"));
      call("set", "w3", "changed");
      raw.call("MULTI");
      raw.call("GET", "w3");
      raw.send(RawClient.command("EXEC"));
      assertEquals("*1\r\n$7\r\nchanged\r\n", raw.readUntil("changed\r\n"));
      raw.call("WATCH", "w3");
      raw.call("MULTI");
      raw.call("DISCARD");
      call("set", "w3", "again");
      raw.call("MULTI");
      raw.call("GET", "w3");
      raw.send(RawClient.command("EXEC"));
      assertEquals("*1\r\n$5\r\nagain\r\n", raw.readUntil("again\r\n"));
    }
  }

  @Test
  void aWatchedKeyThatExpiresFailsTheExec() throws Exception {
    try (RawClient raw = new RawClient(server.port())) {
      raw.call("SET", "fleeting", "1", "PX", "30");
      raw.call("WATCH", "fleeting");
      Thread.sleep(80);
      raw.call("MULTI");
      raw.call("SET", "other", "1");
      assertEquals("*-1\r\n", raw.call("EXEC"));
    }
  }

  @Test
  void flushdbAndSwapdbTouchWatchedKeysThatExist() throws Exception {
    try (RawClient raw = new RawClient(server.port())) {
      raw.call("SET", "f", "1");
      raw.call("WATCH", "f");
      call("flushdb");
      raw.call("MULTI");
      raw.call("SET", "f", "2");
      assertEquals("*-1\r\n", raw.call("EXEC"));

      raw.call("WATCH", "absent");
      call("flushdb");
      raw.call("MULTI");
      raw.call("SET", "x", "2");
      raw.send(RawClient.command("EXEC"));
      assertEquals("*1\r\n+OK\r\n", raw.readUntil("+OK\r\n"));

      call("select", "5");
      call("set", "s", "in5");
      call("select", "0");
      raw.call("WATCH", "s");
      call("swapdb", "0", "5");
      raw.call("MULTI");
      raw.call("GET", "s");
      assertEquals("*-1\r\n", raw.call("EXEC"));
      call("swapdb", "0", "5");
    }
  }

  @Test
  void resp3NullForATouchedTransaction() throws Exception {
    try (RawClient raw = new RawClient(server.port())) {
      raw.call("HELLO", "3");
      raw.call("WATCH", "r3");
      call("set", "r3", "x");
      raw.call("MULTI");
      raw.call("GET", "r3");
      assertEquals("_\r\n", raw.call("EXEC"));
    }
  }

  /**
   * Transfers between counters on three shards, in transactions from several clients, while
   * readers sum the counters in transactions: every sum is the initial total.
   */
  @Test
  void transfersBetweenShardsNeverShowAPartialTransaction(Vertx vertx) {
    String[] keys = keysOnShards(3);
    call("mset", keys[0], "1000", keys[1], "1000", keys[2], "1000");
    List<RedisConnection> connections = new ArrayList<>();
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        RedisConnection writer = client.connect().await();
        connections.add(writer);
        for (int round = 0; round < 300; round++) {
          String from = keys[(round + w) % 3];
          String to = keys[(round + w + 1) % 3];
          writer.send(Request.cmd(Command.MULTI));
          writer.send(Request.cmd(Command.DECRBY).arg(from).arg(7));
          writer.send(Request.cmd(Command.INCRBY).arg(to).arg(7));
          writes.add(writer.send(Request.cmd(Command.EXEC)));
        }
      }
      RedisConnection reader = client.connect().await();
      connections.add(reader);
      List<Future<Response>> sums = new ArrayList<>();
      for (int round = 0; round < 350; round++) {
        reader.send(Request.cmd(Command.MULTI));
        for (String key : keys) {
          reader.send(Request.cmd(Command.GET).arg(key));
        }
        sums.add(reader.send(Request.cmd(Command.EXEC)));
      }
      Future.all(writes).await();
      for (Future<Response> sum : sums) {
        Response values = sum.await();
        long total = 0;
        for (int i = 0; i < 3; i++) {
          total += values.get(i).toLong();
        }
        assertEquals(3000, total, "a reader saw part of a transfer");
      }
      long total = 0;
      for (String key : keys) {
        total += Long.parseLong(call("get", key));
      }
      assertEquals(3000, total);
    } finally {
      connections.forEach(connection -> connection.close().await());
    }
  }

  @Test
  void aTransactionAcrossShardsIsAppliedWhole() throws Exception {
    String[] keys = keysOnShards(3);
    try (RawClient raw = new RawClient(server.port())) {
      raw.call("MULTI");
      for (String key : keys) {
        raw.call("SET", key, "v-" + key);
      }
      raw.call("DBSIZE");
      raw.send(RawClient.command("EXEC"));
      String reply = raw.readUntil(":3\r\n");
      assertTrue(reply.startsWith("*4\r\n+OK\r\n+OK\r\n+OK\r\n"), reply);
      assertNull(call("get", "nothing"));
      assertEquals("v-" + keys[2], call("get", keys[2]));
    }
  }
}

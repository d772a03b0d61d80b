package io.verdis.it;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Blocking pops with several clients: who gets what, in which order, and what happens on timeout,
 * disconnection, CLIENT UNBLOCK and inside MULTI. Keys on different shards are chosen on purpose.
 */
class BlockingTest extends RedisTestBase {

  /** Waits until the server counts {@code count} blocked clients (the requests were sent, not yet parked). */
  private void awaitBlocked(int count) throws Exception {
    try (RawClient info = new RawClient(server.port())) {
      Info.await(info, "clients", "blocked_clients:" + count);
    }
  }

  private static RawClient blockingClient(int port, String... command) throws Exception {
    RawClient client = new RawClient(port);
    client.send(RawClient.command(command));
    return client;
  }

  @Test
  void aPushFromAnotherClientServesTheWaiter() throws Exception {
    try (RawClient waiter = blockingClient(server.port(), "BLPOP", "jobs", "0")) {
      awaitBlocked(1);
      assertEquals(1, integer("rpush", "jobs", "job-1"));
      assertEquals("*2\r\n$4\r\njobs\r\n$5\r\njob-1\r\n", waiter.readReply());
      assertEquals(0, integer("exists", "jobs"));
      awaitBlocked(0);
    }
  }

  @Test
  void aSubSecondTimeoutAnswersNil() throws Exception {
    try (RawClient waiter = blockingClient(server.port(), "BRPOP", "nothing", "0.05")) {
      assertEquals("*-1\r\n", waiter.readReply());
    }
    try (RawClient waiter = blockingClient(server.port(), "BLMOVE", "nothing", "dst", "LEFT", "RIGHT", "0.01")) {
      assertEquals("*-1\r\n", waiter.readReply());
    }
  }

  @Test
  void waitersAreServedFirstComeFirstServedAndOnlyAsManyAsThereAreElements() throws Exception {
    String[] keys = TransactionTest.keysOnShards(1);
    List<RawClient> waiters = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        waiters.add(blockingClient(server.port(), "BLPOP", keys[0], "0"));
        awaitBlocked(i + 1);
      }
      assertEquals(2, integer("rpush", keys[0], "first", "second"));
      assertEquals("*2\r\n$" + keys[0].length() + "\r\n" + keys[0] + "\r\n$5\r\nfirst\r\n", waiters.get(0).readReply());
      assertEquals("*2\r\n$" + keys[0].length() + "\r\n" + keys[0] + "\r\n$6\r\nsecond\r\n", waiters.get(1).readReply());
      awaitBlocked(1);
      assertEquals(0, integer("llen", keys[0]));
      integer("lpush", keys[0], "third");
      assertEquals("*2\r\n$" + keys[0].length() + "\r\n" + keys[0] + "\r\n$5\r\nthird\r\n", waiters.get(2).readReply());
    } finally {
      for (RawClient waiter : waiters) {
        waiter.close();
      }
    }
  }

  @Test
  void aWaiterOnKeysOfSeveralShardsGetsExactlyOneElement() throws Exception {
    String[] keys = TransactionTest.keysOnShards(3);
    try (RawClient waiter = blockingClient(server.port(), "BRPOP", keys[0], keys[1], keys[2], "0")) {
      awaitBlocked(1);
      integer("rpush", keys[2], "x");
      String reply = waiter.readReply();
      assertEquals("*2\r\n$" + keys[2].length() + "\r\n" + keys[2] + "\r\n$1\r\nx\r\n", reply);
      awaitBlocked(0);
      integer("rpush", keys[0], "stays");
      assertEquals(1, integer("llen", keys[0]));
    }
  }

  @Test
  void aPushInsideExecWakesTheWaiter() throws Exception {
    String[] keys = TransactionTest.keysOnShards(2);
    try (RawClient waiter = blockingClient(server.port(), "BLPOP", keys[1], "0");
         RawClient pusher = new RawClient(server.port())) {
      awaitBlocked(1);
      pusher.call("MULTI");
      pusher.call("SET", keys[0], "other shard");
      pusher.call("RPUSH", keys[1], "from-exec");
      assertEquals("*2\r\n+OK\r\n:1\r\n", pusher.call("EXEC"));
      assertEquals("*2\r\n$" + keys[1].length() + "\r\n" + keys[1] + "\r\n$9\r\nfrom-exec\r\n", waiter.readReply());
    }
  }

  @Test
  void aMoveAcrossShardsWakesTheWaiterOnItsDestination() throws Exception {
    String[] keys = TransactionTest.keysOnShards(2);
    call("rpush", keys[0], "moving");
    try (RawClient waiter = blockingClient(server.port(), "BLPOP", keys[1], "0")) {
      awaitBlocked(1);
      assertEquals("moving", call("lmove", keys[0], keys[1], "LEFT", "RIGHT"));
      assertEquals("*2\r\n$" + keys[1].length() + "\r\n" + keys[1] + "\r\n$6\r\nmoving\r\n", waiter.readReply());
    }
  }

  @Test
  void blmoveToAnotherShardMovesWhenWoken() throws Exception {
    String[] keys = TransactionTest.keysOnShards(2);
    try (RawClient waiter = blockingClient(server.port(), "BLMOVE", keys[0], keys[1], "LEFT", "LEFT", "0")) {
      awaitBlocked(1);
      integer("rpush", keys[0], "item");
      assertEquals("$4\r\nitem\r\n", waiter.readReply());
      assertEquals(0, integer("exists", keys[0]));
      assertEquals("item", call("lindex", keys[1], "0"));
    }
  }

  @Test
  void aClientThatLeavesWhileBlockedTakesNothing() throws Exception {
    RawClient waiter = blockingClient(server.port(), "BLPOP", "abandoned", "0");
    awaitBlocked(1);
    waiter.close();
    awaitBlocked(0);
    integer("rpush", "abandoned", "kept");
    assertEquals(1, integer("llen", "abandoned"));
  }

  /**
   * A client that shut its side before its blocking command blocked (it waited behind a command
   * across shards) is gone, as Redis frees it: it does not stay blocked, and counted, for ever.
   */
  @Test
  void aClientThatLeftBeforeItsCommandBlockedIsGoneToo() throws Exception {
    String[] keys = TransactionTest.keysOnShards(3);
    try (RawClient leaving = new RawClient(server.port())) {
      leaving.sendPipelined(new String[] {"MSET", keys[0], "1", keys[1], "2", keys[2], "3"},
          new String[] {"BLPOP", "never-pushed", "0"});
      leaving.finishSending();
      assertEquals("+OK\r\n", leaving.readReply());
      assertEquals("", leaving.readToEnd(), "closed by the server");
    }
    awaitBlocked(0);
  }

  @Test
  void clientUnblockEndsTheWaitWithATimeoutOrAnError() throws Exception {
    try (RawClient waiter = new RawClient(server.port())) {
      long id = Long.parseLong(waiter.call("CLIENT", "ID").substring(1).trim());
      waiter.send(RawClient.command("BLPOP", "never", "0"));
      awaitBlocked(1);
      assertEquals(1, integer("client", "unblock", Long.toString(id)));
      assertEquals("*-1\r\n", waiter.readReply());
      assertEquals(0, integer("client", "unblock", Long.toString(id)));

      waiter.send(RawClient.command("BZPOPMIN", "never", "0"));
      awaitBlocked(1);
      assertEquals(1, integer("client", "unblock", Long.toString(id), "ERROR"));
      assertEquals("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n", waiter.readReply());
      assertError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR", "client", "unblock", Long.toString(id), "nope");
    }
  }

  @Test
  void commandsPipelinedAfterABlockingOneWaitForIt() throws Exception {
    try (RawClient waiter = new RawClient(server.port())) {
      waiter.send(RawClient.command("BLPOP", "pipe", "0"));
      waiter.send(RawClient.command("GET", "after"));
      awaitBlocked(1);
      call("set", "after", "set-before-the-push");
      call("rpush", "pipe", "x");
      assertEquals("*2\r\n$4\r\npipe\r\n$1\r\nx\r\n", waiter.readReply());
      assertEquals("$19\r\nset-before-the-push\r\n", waiter.readReply());
    }
  }

  @Test
  void insideMultiABlockingCommandAnswersAtOnce() throws Exception {
    try (RawClient raw = new RawClient(server.port())) {
      raw.call("MULTI");
      raw.call("BLPOP", "empty", "0");
      raw.call("BLMOVE", "empty", "dst", "LEFT", "LEFT", "0");
      assertEquals("*2\r\n*-1\r\n$-1\r\n", raw.call("EXEC"));
    }
  }

  @Test
  void timeoutArgumentsAreCheckedAsRedisDoes() {
    assertError("ERR timeout is not a float or out of range", "blpop", "k", "abc");
    assertError("ERR timeout is negative", "blpop", "k", "-1");
    assertError("ERR timeout is out of range", "blpop", "k", "inf");
  }

  @Test
  void aWaiterOfTheWrongTypeStaysBlocked() throws Exception {
    try (RawClient waiter = blockingClient(server.port(), "BZPOPMIN", "typed", "0")) {
      awaitBlocked(1);
      integer("rpush", "typed", "a list");
      assertEquals(1, integer("llen", "typed"));
      call("del", "typed");
      awaitBlocked(1);
    }
  }
}

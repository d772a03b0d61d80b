package io.verdis.it;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.RedisConnection;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scripts on a node of three shards: a script is atomic whichever shards its keys (declared or
 * built inside it) live in, learns where it may run, and behaves inside MULTI, next to blocked
 * clients and under SCRIPT KILL as in Redis.
 */
class ScriptingTest extends RedisTestBase {
  /** Increments its three keys: two declared, one built from the first (undeclared). */
  private static final String INCR_THREE = "redis.call('incr', KEYS[1]); redis.call('incr', KEYS[2]); "
      + "return redis.call('incr', KEYS[1] .. ':built')";

  @Test
  void aScriptOverThreeShardsIsNeverSeenHalfDone(Vertx vertx) {
    String a = keyOnShard("atomic:a", 0);
    String b = keyOnShard("atomic:b", 1);
    String built = a + ":built";
    assertTrue(SLOTS.shardOf(built.getBytes()) != SLOTS.shardOf(a.getBytes())
        || SLOTS.shardOf(built.getBytes()) != SLOTS.shardOf(b.getBytes()));
    RedisConnection writer = client.connect().await();
    RedisConnection reader = client.connect().await();
    try {
      List<Future<Response>> writes = new ArrayList<>();
      List<Future<Response>> reads = new ArrayList<>();
      for (int round = 0; round < 1000; round++) {
        writes.add(writer.send(Request.cmd(Command.EVAL).arg(INCR_THREE).arg(2).arg(a).arg(b)));
        reads.add(reader.send(Request.cmd(Command.MGET).arg(a).arg(b).arg(built)));
      }
      Future.all(writes).await();
      for (Future<Response> read : reads) {
        Response values = read.await();
        String first = String.valueOf(values.get(0));
        assertEquals(first, String.valueOf(values.get(1)), "MGET saw half of a script");
        assertEquals(first, String.valueOf(values.get(2)), "MGET saw half of a script");
      }
      assertEquals("1000", call("get", built));
    } finally {
      writer.close().await();
      reader.close().await();
    }
  }

  @Test
  void keysBuiltInsideTheScriptWorkOnEveryRun() {
    String script = "redis.call('set', KEYS[1] .. ':' .. ARGV[1], ARGV[2]); return redis.call('get', KEYS[1] .. ':' .. ARGV[1])";
    for (int i = 0; i < 50; i++) {
      assertEquals("v" + i, call("eval", script, "1", "job", Integer.toString(i), "v" + i));
    }
    for (int i = 0; i < 50; i++) {
      assertEquals("v" + i, call("get", "job:" + i));
    }
  }

  @Test
  void aScriptOnItsOwnKeyKeepsRunningOnceItRanOnTheShard() {
    String sha = call("script", "load", "return redis.call('incrby', KEYS[1], ARGV[1])");
    for (int i = 1; i <= 20; i++) {
      assertEquals(i * 2L, integer("evalsha", sha, "1", "own", "2"));
    }
    assertEquals("40", call("get", "own"));
  }

  @Test
  void aReadOnlyScriptOnItsKeysShardThatReachesAnotherShardRunsAgainWithEveryShard() throws IOException {
    String own = keyOnShard("moving:own", 0);
    String other = keyOnShard("moving:other", 1);
    String script = "return redis.call('get', ARGV[1]) or 'none'";
    call("set", other, "from-other");
    // Its first runs only read the key it declares: it now runs on that key's shard.
    assertEquals("none", call("eval", script, "1", own, own));
    assertEquals("none", call("eval", script, "1", own, own));
    try (RawClient raw = client()) {
      // Now it reads a key of another shard: it runs again with every shard held, in order with the pipeline.
      raw.sendPipelined(new String[] {"EVAL", script, "1", own, other}, new String[] {"SET", own, "after"},
          new String[] {"EVAL", script, "1", own, own});
      assertEquals("$10\r\nfrom-other\r\n", raw.readReply());
      assertEquals("+OK\r\n", raw.readReply());
      assertEquals("$5\r\nafter\r\n", raw.readReply());
    }
  }

  @Test
  void aScriptThatOnlyReadUntilNowWritesAndReachesAnotherShardLikeBullsDelaySet() {
    // Bull's updateDelaySet: most runs find nothing due and only read; one finds a job, removes it
    // from its set, then reads the job's hash under a name it builds. Nothing may be lost.
    String delayed = keyOnShard("bull:delayed", 0);
    String job = keyOnShard("bull:job", 1);
    String script = "local due = redis.call('zrangebyscore', KEYS[1], 0, ARGV[1]) "
        + "if #due == 0 then return 'none' end redis.call('zrem', KEYS[1], due[1]) "
        + "return redis.call('hget', due[1], 'name')";
    for (int i = 0; i < 3; i++) {
      assertEquals("none", call("eval", script, "1", delayed, "10"));
    }
    call("hset", job, "name", "the-job");
    call("zadd", delayed, "5", job);
    assertEquals("the-job", call("eval", script, "1", delayed, "10"));
    assertEquals(0, integer("zcard", delayed));
  }

  @Test
  void aClientsScriptNeverOvertakesItsOwnEarlierCommandsWhileOthersRunScripts(Vertx vertx) throws Exception {
    String read = "redis.call('incr', KEYS[2]); return redis.call('get', KEYS[1])";
    List<RedisConnection> others = new ArrayList<>();
    List<Future<Response>> noise = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      RedisConnection other = client.connect().await();
      others.add(other);
      for (int i = 0; i < 1500; i++) {
        noise.add(other.send(Request.cmd(Command.EVAL).arg("return redis.call('incr', KEYS[1])").arg(1).arg("noise" + c)));
      }
    }
    try (RawClient raw = client()) {
      for (int i = 0; i < 500; i++) {
        String key = "ordered:" + i;
        raw.sendPipelined(new String[] {"SET", key, Integer.toString(i)}, new String[] {"EVAL", read, "2", key, "count"});
        assertEquals("+OK\r\n", raw.readReply());
        String value = Integer.toString(i);
        assertEquals("$" + value.length() + "\r\n" + value + "\r\n", raw.readReply(), "the script ran before its client's SET");
      }
    } finally {
      Future.all(noise).await();
      for (RedisConnection other : others) {
        other.close().await();
      }
    }
  }

  @Test
  void aWriteInsideACoroutineOfAScriptThatOnlyReadBeforeIsNotLost() {
    String script = "if ARGV[1] == 'w' then coroutine.resume(coroutine.create(function() "
        + "redis.call('set', KEYS[1], 'written') end)) end return redis.call('get', KEYS[1])";
    call("set", "co", "old");
    assertEquals("old", call("eval", script, "1", "co"));
    assertEquals("old", call("eval", script, "1", "co"));
    assertEquals("written", call("eval", script, "1", "co", "w"));
    assertEquals("written", call("get", "co"));
  }

  @Test
  void aClientBlockedOnAListGetsWhatAScriptPushedBeforeTheNextScriptRuns(Vertx vertx) throws Exception {
    RedisConnection blocked = client.connect().await();
    try (RawClient raw = client()) {
      Future<Response> popped = blocked.send(Request.cmd(Command.BLPOP).arg("bq").arg(10));
      Info.await(raw, "clients", "blocked_clients:1");
      raw.sendPipelined(new String[] {"EVAL", "return redis.call('rpush', KEYS[1], 'x')", "1", "bq"},
          new String[] {"EVAL", "return redis.call('lpop', KEYS[1])", "1", "bq"});
      assertEquals(":1\r\n", raw.readReply());
      assertEquals("$-1\r\n", raw.readReply());
      assertEquals("[bq, x]", popped.await().toString());
    } finally {
      blocked.close().await();
    }
  }

  @Test
  void killStopsALoopInsidePcall() throws Exception {
    call("config", "set", "busy-reply-threshold", "100");
    try (RawClient looping = client(); RawClient other = client()) {
      looping.send(RawClient.command("eval", "while true do pcall(function() while true do end end) end", "0"));
      String reply;
      do {
        reply = other.call("script", "kill");
      } while (reply.startsWith("-NOTBUSY"));
      assertEquals("+OK\r\n", reply);
      assertTrue(looping.readReply().startsWith("-ERR Script killed by user with SCRIPT KILL..."));
      assertEquals("+PONG\r\n", other.call("ping"));
    } finally {
      call("config", "set", "busy-reply-threshold", "5000");
    }
  }

  @Test
  void aLibraryThatNeverEndsLoadingTimesOut() {
    assertError("ERR Error registering functions: ERR FUNCTION LOAD timeout", "function", "load",
        "#!lua name=spin\nwhile true do end\nredis.register_function('f', function() return 1 end)");
    assertEquals("PONG", call("ping"));
  }

  @Test
  void evalInsideMultiRunsWithTheTransactionAcrossShards() {
    String a = keyOnShard("tx:a", 0);
    String b = keyOnShard("tx:b", 2);
    Response replies;
    assertEquals("OK", call("multi"));
    assertEquals("QUEUED", call("eval", "redis.call('set', KEYS[1], 'x'); return redis.call('set', KEYS[2], 'y')", "2", a, b));
    assertEquals("QUEUED", call("mget", a, b));
    replies = send("exec");
    assertEquals("OK", replies.get(0).toString());
    assertEquals("[x, y]", replies.get(1).toString());
  }

  @Test
  void aScriptPushWakesAClientBlockedOnTheList(Vertx vertx) {
    RedisConnection blocked = client.connect().await();
    try {
      Future<Response> popped = blocked.send(Request.cmd(Command.BLPOP).arg("queue").arg(5));
      Response pushed = send("eval", "return redis.call('rpush', KEYS[1], ARGV[1])", "1", "queue", "job");
      assertEquals(1, pushed.toInteger());
      assertEquals("[queue, job]", popped.await().toString());
    } finally {
      blocked.close().await();
    }
  }

  @Test
  void blockingCommandsAreRefusedInScripts() {
    String script = "return redis.call('blpop', KEYS[1], 0)";
    String sha = call("script", "load", script);
    assertError("ERR This Redis command is not allowed from script script: " + sha + ", on @user_script:1.",
        "eval", script, "1", "l");
  }

  @Test
  void selectInsideAScriptChangesOnlyTheScriptsDatabase() {
    assertEquals("OK", call("eval", "redis.call('select', 3); return redis.call('set', KEYS[1], 'in3')", "1", "db"));
    assertEquals(0, integer("exists", "db"));
    assertEquals("OK", call("select", "3"));
    assertEquals("in3", call("get", "db"));
    assertEquals("OK", call("select", "0"));
  }

  @Test
  void scriptKillStopsAReadOnlyScriptAndOthersAreToldBusy() throws Exception {
    call("config", "set", "busy-reply-threshold", "100");
    try (RawClient looping = client(); RawClient other = client()) {
      looping.send(RawClient.command("eval", "while true do end", "0"));
      String busy;
      do {
        // PING runs on the connection: a command for a shard would wait behind the script instead.
        busy = other.call("ping");
      } while (!busy.startsWith("-BUSY"));
      assertEquals("-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n", busy);
      assertEquals("+OK\r\n", other.call("script", "kill"));
      String reply = looping.readReply();
      assertTrue(reply.startsWith("-ERR Script killed by user with SCRIPT KILL... script: "), reply);
      assertEquals("$-1\r\n", other.call("get", "anything"));
      assertEquals("-NOTBUSY No scripts in execution right now.\r\n", other.call("script", "kill"));
    } finally {
      call("config", "set", "busy-reply-threshold", "5000");
    }
  }

  @Test
  void aScriptThatWroteCannotBeKilled() throws Exception {
    call("config", "set", "busy-reply-threshold", "100");
    try (RawClient writing = client(); RawClient other = client()) {
      writing.send(RawClient.command("eval", "redis.call('set', KEYS[1], 'w'); local t = redis.call('time')[1] "
          + "while tonumber(redis.call('time')[1]) - tonumber(t) < 2 do end return 'done'", "1", "written"));
      String reply;
      do {
        reply = other.call("script", "kill");
      } while (reply.startsWith("-NOTBUSY"));
      assertTrue(reply.startsWith("-UNKILLABLE Sorry the script already executed write commands"), reply);
      assertEquals("$4\r\ndone\r\n", writing.readReply());
      assertEquals("w", call("get", "written"));
    } finally {
      call("config", "set", "busy-reply-threshold", "5000");
    }
  }

  @Test
  void functionsAreCalledWithTheirKeysAndArguments() {
    call("function", "flush");
    assertEquals("counters", call("function", "load", "#!lua name=counters\n"
        + "redis.register_function('bump', function(keys, args) return redis.call('incrby', keys[1], args[1]) end)\n"
        + "redis.register_function{function_name='peek', callback=function(keys) return redis.call('get', keys[1]) end,"
        + " flags={'no-writes'}}"));
    assertEquals(5, integer("fcall", "bump", "1", "fn:counter", "5"));
    assertEquals("5", call("fcall_ro", "peek", "1", "fn:counter"));
    assertError("ERR Can not execute a script with write flag using *_ro command.", "fcall_ro", "bump", "1", "x", "1");
    assertEquals("OK", call("function", "delete", "counters"));
    assertError("ERR Function not found", "fcall", "bump", "1", "fn:counter", "1");
  }

  @Test
  void scriptFlushForgetsEveryScript() throws IOException {
    String sha = call("script", "load", "return 1");
    assertEquals("[1]", send("script", "exists", sha).toString());
    assertEquals("OK", call("script", "flush"));
    assertEquals("[0]", send("script", "exists", sha).toString());
    assertError("NOSCRIPT No matching script. Please use EVAL.", "evalsha", sha, "0");
  }
}

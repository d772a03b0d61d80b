package io.verdis.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.it.Info;
import io.verdis.it.RawClient;
import io.verdis.it.RealRedis;
import io.verdis.it.SideBySide;
import io.verdis.it.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * min-replicas-to-write / min-replicas-max-lag side by side with redis-server 7.0 as primaries:
 * which commands are refused without enough good replicas (MULTI/EXEC, scripts with and without
 * flags, functions), the aliases, INFO's min_slaves_good_slaves, and a real redis-server replica
 * stopped with SIGSTOP past the lag and woken again. Pizzaria and the admin API refuse writes too.
 */
@Timeout(120)
class MinReplicasToWriteTest {
  private static final String NOREPLICAS = "-NOREPLICAS Not enough good replicas to write.\r\n";
  @TempDir
  static Path tmp;
  private static TestServer verdis;
  private static RealRedis redis;

  @BeforeAll
  static void start() throws Exception {
    RealRedis.assumeInstalled();
    verdis = TestServer.start("--shards", "2");
    redis = RealRedis.start(Files.createDirectories(tmp.resolve("redis")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (redis != null) {
      redis.close();
    }
    if (verdis != null) {
      verdis.close();
    }
  }

  @BeforeEach
  void reset() throws IOException {
    for (RawClient client : new RawClient[] {new RawClient(verdis.port()), new RawClient(redis.port)}) {
      try (client) {
        client.request("CONFIG", "SET", "min-replicas-to-write", "0", "min-replicas-max-lag", "10");
        client.request("FLUSHALL");
        client.request("FUNCTION", "FLUSH");
      }
    }
  }

  @Test
  void withoutEnoughReplicasWritesAreRefusedAsRedisRefusesThem() throws IOException {
    try (SideBySide both = sideBySide()) {
      both.assertSameReplies("""
          CONFIG GET min-replicas-to-write
          CONFIG GET min-slaves-to-write
          CONFIG GET min-replicas-max-lag
          CONFIG GET min-slaves-max-lag
          SET k before
          FUNCTION LOAD "#!lua name=lib\\x0aredis.register_function('w', function(k, a) return redis.call('set', k[1], 'v') end)\\x0aredis.register_function{function_name='r', callback=function(k, a) return redis.call('get', k[1]) end, flags={'no-writes'}}"
          SCRIPT LOAD "return redis.call('set','k','v')"
          CONFIG SET min-slaves-to-write 1
          CONFIG GET min-replicas-to-write
          SET a 1
          GET k
          DEL k
          INCR x
          EXPIRE k 10
          FLUSHALL
          PING
          PUBLISH c m
          SCRIPT FLUSH
          EVAL "return redis.call('set','k','v')" 0
          EVAL "return redis.pcall('set','k','v')" 0
          EVAL "redis.call('get','k'); return redis.pcall('incr','n')" 0
          EVAL "return redis.call('get','k')" 0
          EVAL "#!lua\\x0areturn redis.call('get','k')" 0
          EVAL "#!lua flags=no-writes\\x0areturn redis.call('get','k')" 0
          EVAL "#!lua flags=no-writes\\x0areturn redis.call('set','k','v')" 0
          EVAL_RO "return redis.call('get','k')" 0
          FCALL w 1 k
          FCALL r 1 k
          FCALL_RO r 1 k
          FUNCTION DELETE lib
          MULTI
          SET a 1
          GET k
          EXEC
          MULTI
          GET k
          EXEC
          CONFIG SET min-replicas-max-lag 0
          SET a 1
          CONFIG SET min-replicas-max-lag 10
          SET a 2
          """);
    }
  }

  @Test
  void anExecOfWritesQueuedWhileThereWereEnoughReplicasIsAbortedAndTheTransactionDiscarded() throws IOException {
    try (SideBySide both = sideBySide(); SideBySide admin = sideBySide()) {
      both.assertSameReplies("""
          MULTI
          SET a 1
          """);
      admin.same("CONFIG", "SET", "min-replicas-to-write", "1");
      assertEquals("-EXECABORT Transaction discarded because of: NOREPLICAS Not enough good replicas to write.\r\n",
          both.same("EXEC"));
      both.assertSameReplies("""
          PING
          EXEC
          MULTI
          GET a
          PING
          EXEC
          """);
      admin.same("CONFIG", "SET", "min-replicas-to-write", "0");
      both.same("WATCH", "a");
      both.same("MULTI");
      both.same("SET", "a", "1");
      admin.same("CONFIG", "SET", "min-replicas-to-write", "1");
      both.same("EXEC");
      both.same("GET", "a");
    }
  }

  @Test
  void infoShowsTheGoodReplicasOnlyWhileTheCheckIsOn() throws IOException {
    try (RawClient client = new RawClient(verdis.port()); RawClient real = new RawClient(redis.port)) {
      for (RawClient each : new RawClient[] {client, real}) {
        assertFalse(Info.lines(each, "replication").stream().anyMatch(line -> line.startsWith("min_slaves")));
        each.request("CONFIG", "SET", "min-replicas-to-write", "2");
        assertTrue(Info.lines(each, "replication").contains("min_slaves_good_slaves:0"));
        each.request("CONFIG", "SET", "min-replicas-max-lag", "0");
        assertFalse(Info.lines(each, "replication").stream().anyMatch(line -> line.startsWith("min_slaves")));
      }
      assertEquals(Info.lines(real, "replication").subList(0, 3), Info.lines(client, "replication").subList(0, 3));
    }
  }

  @Test
  void pizzariaAndTheAdminApiRefuseWritesButStillRead() throws Exception {
    try (RawClient client = new RawClient(verdis.port()); RawClient pizzaria = new RawClient(verdis.pizzariaPort())) {
      client.request("SET", "k", "v");
      client.request("CONFIG", "SET", "min-replicas-to-write", "1");
      assertEquals("error\r", pizzaria.send("write k|w\r").readUntil("\r"));
      assertEquals("error\r", pizzaria.send("delete k\r").readUntil("\r"));
      assertEquals("v\r", pizzaria.send("read k\r").readUntil("\r"));

      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + verdis.httpPort() + "/api/key?db=0&key=k";
      HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(base))
          .header("content-type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString("{\"type\":\"string\",\"value\":\"w\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(503, put.statusCode(), put.body());
      assertTrue(put.body().contains("NOREPLICAS Not enough good replicas to write."), put.body());
      HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create(base)).DELETE().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(503, delete.statusCode(), delete.body());
      HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(base)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, get.statusCode(), get.body());
      assertEquals("v", client.request("GET", "k") instanceof byte[] bytes ? new String(bytes) : null);
    }
  }

  /**
   * Both as primaries of a real redis-server replica: writes go through while it acknowledges,
   * are refused once it has been stopped past min-replicas-max-lag, and go through again when it wakes.
   */
  @Test
  void aReplicaStoppedPastTheLagStopsWritesUntilItWakes() throws Exception {
    try (RealRedis primary = RealRedis.start(Files.createDirectories(tmp.resolve("primary")))) {
      stopAndWake(primary.port, "redis");
    }
    stopAndWake(verdis.port(), "verdis");
  }

  private void stopAndWake(int primaryPort, String name) throws Exception {
    try (RawClient client = new RawClient(primaryPort);
         RealRedis replica = RealRedis.start(Files.createDirectories(tmp.resolve("replica-of-" + name)),
             "--replicaof", "127.0.0.1", Integer.toString(primaryPort))) {
      client.request("CONFIG", "SET", "min-replicas-to-write", "1", "min-replicas-max-lag", "2");
      Info.await(replica.client(), "replication", "master_link_status:up", "master_sync_in_progress:0");
      awaitSetAnswers(client, "+OK\r\n");
      assertTrue(Info.lines(client, "replication").contains("min_slaves_good_slaves:1"), name);
      ReplicationProbe.signal("STOP", replica.pid());
      try {
        awaitSetAnswers(client, NOREPLICAS);
        assertTrue(Info.lines(client, "replication").contains("min_slaves_good_slaves:0"), name);
        assertEquals("$1\r\n1\r\n", client.call("GET", "written"), name + ": reads go on");
      } finally {
        ReplicationProbe.signal("CONT", replica.pid());
      }
      awaitSetAnswers(client, "+OK\r\n");
      client.request("CONFIG", "SET", "min-replicas-to-write", "0");
    }
  }

  /** Until SET answers {@code reply}: the replica's acknowledgements come once a second. */
  private static void awaitSetAnswers(RawClient client, String reply) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String last;
    while (!(last = client.call("SET", "written", "1")).equals(reply)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("SET still answers " + last + ", not " + reply);
      }
      Thread.sleep(50);
    }
  }

  private static SideBySide sideBySide() throws IOException {
    return new SideBySide(new RawClient(verdis.port()), new RawClient(redis.port));
  }
}

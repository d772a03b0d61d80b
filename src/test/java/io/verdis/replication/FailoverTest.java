package io.verdis.replication;

import static io.verdis.replication.ReplicationProbe.awaitCaughtUp;
import static io.verdis.replication.ReplicationProbe.awaitLinkUp;
import static io.verdis.replication.ReplicationProbe.countOf;
import static io.verdis.replication.ReplicationProbe.signal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.it.Info;
import io.verdis.it.RawClient;
import io.verdis.it.RealRedis;
import io.verdis.it.SideBySide;
import io.verdis.persist.VerdisProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * FAILOVER on a Verdis primary, Redis 6.2+'s coordinated switch: to a redis-server replica and to a
 * Verdis replica (roles swapped, data equal, the new primary's writes reach the old one), a
 * replica that never catches up (TIMEOUT), FAILOVER ABORT, and the errors, beside redis-server.
 */
@Timeout(180)
class FailoverTest {
  @TempDir
  Path dir;

  @BeforeEach
  void needsRedis() {
    RealRedis.assumeInstalled();
  }

  @Test
  void aVerdisPrimaryFailsOverToItsRedisReplica() throws Exception {
    try (VerdisProcess verdis = VerdisProcess.start(dir.resolve("verdis"));
         RawClient primary = verdis.client();
         RealRedis redis = RealRedis.start(dirOf("replica"))) {
      primary.request("SET", "a", "1");
      primary.request("RPUSH", "l", "x", "y");
      redis.call("REPLICAOF", "127.0.0.1", verdis.port());
      awaitLinkUp(redis.client());
      primary.request("SET", "b", "2");
      awaitCaughtUp(primary, redis.client());

      assertEquals("OK", primary.request("FAILOVER", "TO", "127.0.0.1", redis.port, "TIMEOUT", 20000));
      Info.await(primary, "replication", "role:slave", "master_link_status:up", "master_failover_state:no-failover");
      assertEquals("master", RawClient.asText(((List<?>) redis.call("ROLE")).get(0)));
      assertEquals(1L, redis.call("INCR", "c"));
      awaitCaughtUp(redis.client(), primary);
      assertEquals(List.of("1", "2", "1"), RawClient.asText(primary.request("MGET", "a", "b", "c")));
      assertEquals(List.of("x", "y"), RawClient.asText(primary.request("LRANGE", "l", 0, -1)));
      assertTrue(assertThrows(RawClient.ErrorReply.class, () -> primary.request("SET", "d", "4")).getMessage()
          .startsWith("READONLY"));
      assertEquals(0, countOf(verdis.log(), "Full resync from master"), verdis.log());
      assertTrue(redis.log().contains("MASTER MODE enabled (failover request from"), redis.log());
    }
  }

  @Test
  void aVerdisPrimaryFailsOverToAnyVerdisReplicaThatCaughtUp() throws Exception {
    try (VerdisProcess old = VerdisProcess.start(dir.resolve("old"));
         VerdisProcess next = VerdisProcess.start(dir.resolve("next"));
         RawClient primary = old.client();
         RawClient replica = next.client()) {
      primary.request("SET", "a", "1");
      replica.request("REPLICAOF", "127.0.0.1", old.port());
      awaitLinkUp(replica);
      primary.request("HSET", "h", "f", "v");
      awaitCaughtUp(primary, replica);

      assertEquals("OK", primary.request("FAILOVER"));
      Info.await(primary, "replication", "role:slave", "master_link_status:up", "master_failover_state:no-failover");
      assertEquals("master", RawClient.asText(((List<?>) replica.request("ROLE")).get(0)));
      assertEquals(1L, replica.request("INCR", "c"));
      awaitCaughtUp(replica, primary);
      assertEquals(List.of("1", "1"), RawClient.asText(primary.request("MGET", "a", "c")));
      assertEquals("v", RawClient.asText(primary.request("HGET", "h", "f")));
      assertEquals(0, countOf(old.log(), "Full resync from master"), old.log());
      assertTrue(next.log().contains("MASTER MODE enabled (failover request from"), next.log());
    }
  }

  /**
   * Under a writer: every INCR the old primary acknowledged is on the new one, the writes held by
   * the pause answer -READONLY, and the two datasets are equal.
   */
  @Test
  void noAcknowledgedWriteIsLostWhileFailingOverUnderLoad() throws Exception {
    try (VerdisProcess old = VerdisProcess.start(dir.resolve("old"));
         VerdisProcess next = VerdisProcess.start(dir.resolve("next"));
         RawClient primary = old.client();
         RawClient replica = next.client();
         RawClient writer = old.client()) {
      replica.request("REPLICAOF", "127.0.0.1", old.port());
      awaitLinkUp(replica);
      AtomicLong incrs = new AtomicLong();
      AtomicLong pushes = new AtomicLong();
      AtomicReference<String> refusal = new AtomicReference<>();
      Thread load = new Thread(() -> {
        try {
          while (true) {
            writer.request("INCR", "counter");
            incrs.incrementAndGet();
            writer.request("RPUSH", "list", incrs.get());
            pushes.incrementAndGet();
          }
        } catch (RawClient.ErrorReply e) {
          refusal.set(e.getMessage());
        } catch (IOException e) {
          refusal.set(e.toString());
        }
      });
      load.start();
      while (pushes.get() < 200 && load.isAlive()) {
        Thread.sleep(10);
      }
      assertEquals("OK", primary.request("FAILOVER", "TO", "127.0.0.1", next.port(), "TIMEOUT", 20000));
      load.join(30_000);
      assertTrue(refusal.get() != null && refusal.get().startsWith("READONLY"), String.valueOf(refusal.get()));
      Info.await(primary, "replication", "role:slave", "master_link_status:up", "master_failover_state:no-failover");
      awaitCaughtUp(replica, primary);
      assertEquals(Long.toString(incrs.get()), RawClient.asText(replica.request("GET", "counter")));
      assertEquals(pushes.get(), replica.request("LLEN", "list"));
      for (String key : List.of("counter", "list")) {
        assertEquals(RawClient.asText(replica.request("DUMP", key)), RawClient.asText(primary.request("DUMP", key)));
      }
    }
  }

  /** The same checks and texts as redis-server's, without replicas and with one. */
  @Test
  void argumentsAndStatesAnswerAsRedis() throws Exception {
    try (VerdisProcess verdis = VerdisProcess.start(dir.resolve("verdis"));
         RealRedis redis = RealRedis.start(dirOf("redis"));
         SideBySide both = new SideBySide(verdis.client(), redis.client())) {
      both.same("FAILOVER");
      both.same("FAILOVER", "ABORT");
      both.same("FAILOVER", "TIMEOUT", 0);
      both.same("FAILOVER", "TIMEOUT", "x");
      both.same("FAILOVER", "TO", "127.0.0.1", "port");
      both.same("FAILOVER", "FORCE");
      both.same("FAILOVER", "FORCE", "FORCE");
      both.same("FAILOVER", "TIMEOUT", 10, "TIMEOUT", 10);
      both.same("FAILOVER", "TO", "127.0.0.1");
      both.same("FAILOVER", "ABORT", "TIMEOUT", 10);
      both.same("FAILOVER", "bogus");
      try (RealRedis verdisReplica = RealRedis.start(dirOf("verdis-replica"));
           RealRedis redisReplica = RealRedis.start(dirOf("redis-replica"))) {
        verdisReplica.call("REPLICAOF", "127.0.0.1", verdis.port());
        redisReplica.call("REPLICAOF", "127.0.0.1", redis.port);
        awaitLinkUp(verdisReplica.client());
        awaitLinkUp(redisReplica.client());
        both.same("FAILOVER", "TO", "127.0.0.1", 1);
        both.same("FAILOVER", "TO", "127.0.0.1", 1, "FORCE");
        both.same("FAILOVER", "TIMEOUT", 100, "FORCE");
      }
    }
  }

  /**
   * A target that stops acknowledging: writes wait meanwhile; past TIMEOUT the failover aborts,
   * this node stays the primary and the held writes run. Then FAILOVER ABORT, on both servers.
   */
  @Test
  void aReplicaThatNeverCatchesUpTimesOutOrIsAborted() throws Exception {
    try (VerdisProcess verdis = VerdisProcess.start(dir.resolve("verdis"));
         RealRedis redis = RealRedis.start(dirOf("redis"));
         RealRedis verdisReplica = RealRedis.start(dirOf("verdis-replica"));
         RealRedis redisReplica = RealRedis.start(dirOf("redis-replica"));
         SideBySide both = new SideBySide(verdis.client(), new RawClient(redis.port));
         SideBySide writers = new SideBySide(verdis.client(), new RawClient(redis.port))) {
      verdisReplica.call("REPLICAOF", "127.0.0.1", verdis.port());
      redisReplica.call("REPLICAOF", "127.0.0.1", redis.port);
      awaitLinkUp(verdisReplica.client());
      awaitLinkUp(redisReplica.client());
      int verdisTarget = verdisReplica.port;
      int redisTarget = redisReplica.port;
      signal("STOP", verdisReplica.pid());
      signal("STOP", redisReplica.pid());
      try {
        both.same("SET", "x", "1");
        assertEquals("OK", both.verdis.request("FAILOVER", "TO", "127.0.0.1", verdisTarget, "TIMEOUT", 1500));
        assertEquals("OK", both.redis.request("FAILOVER", "TO", "127.0.0.1", redisTarget, "TIMEOUT", 1500));
        for (RawClient writer : List.of(writers.verdis, writers.redis)) {
          writer.send(RawClient.command("SET", "y", "2"));
        }
        for (RawClient primary : List.of(both.verdis, both.redis)) {
          Info.await(primary, "replication", "role:master", "master_failover_state:no-failover");
        }
        writers.sameNext("the write held during the failover");
        assertTrue(verdis.log().contains("aborted: Replica never caught up before timeout"), verdis.log());

        assertEquals("OK", both.verdis.request("FAILOVER", "TO", "127.0.0.1", verdisTarget));
        assertEquals("OK", both.redis.request("FAILOVER", "TO", "127.0.0.1", redisTarget));
        for (RawClient primary : List.of(both.verdis, both.redis)) {
          Info.await(primary, "replication", "master_failover_state:waiting-for-sync");
        }
        both.same("FAILOVER");
        both.same("REPLICAOF", "127.0.0.1", 1);
        both.same("GET", "y");
        for (RawClient writer : List.of(writers.verdis, writers.redis)) {
          writer.send(RawClient.command("INCR", "n"));
        }
        both.same("FAILOVER", "ABORT");
        writers.sameNext("the write held until FAILOVER ABORT");
        for (RawClient primary : List.of(both.verdis, both.redis)) {
          Info.await(primary, "replication", "role:master", "master_failover_state:no-failover");
        }
        both.same("FAILOVER", "ABORT");
      } finally {
        signal("CONT", verdisReplica.pid());
        signal("CONT", redisReplica.pid());
      }
    }
  }

  /**
   * FORCE: past the TIMEOUT the switch goes on though the target has not acknowledged everything
   * (failover-in-progress until it answers); the target, woken, takes over and Verdis follows it.
   */
  @Test
  void forceFailsOverPastTheTimeout() throws Exception {
    try (VerdisProcess verdis = VerdisProcess.start(dir.resolve("verdis"));
         RawClient primary = verdis.client();
         RealRedis redis = RealRedis.start(dirOf("replica"))) {
      primary.request("SET", "a", "1");
      redis.call("REPLICAOF", "127.0.0.1", verdis.port());
      awaitLinkUp(redis.client());
      awaitCaughtUp(primary, redis.client());
      signal("STOP", redis.pid());
      try {
        primary.request("SET", "b", "2");
        assertEquals("OK", primary.request("FAILOVER", "TO", "127.0.0.1", redis.port, "TIMEOUT", 500, "FORCE"));
        Info.await(primary, "replication", "master_failover_state:failover-in-progress");
      } finally {
        signal("CONT", redis.pid());
      }
      Info.await(primary, "replication", "role:slave", "master_link_status:up", "master_failover_state:no-failover");
      assertEquals("master", RawClient.asText(((List<?>) redis.call("ROLE")).get(0)));
      assertEquals(1L, redis.call("INCR", "c"));
      awaitCaughtUp(redis.client(), primary);
      assertEquals(List.of("1", "1"), RawClient.asText(primary.request("MGET", "a", "c")));
      assertTrue(verdis.log().contains("time out exceeded, failing over."), verdis.log());
    }
  }

  private Path dirOf(String name) throws IOException {
    return Files.createDirectories(dir.resolve(name));
  }
}

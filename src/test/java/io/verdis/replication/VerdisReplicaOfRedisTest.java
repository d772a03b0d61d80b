package io.verdis.replication;

import static io.verdis.replication.ReplicationProbe.awaitCaughtUp;
import static io.verdis.replication.ReplicationProbe.awaitLinkUp;
import static io.verdis.replication.ReplicationProbe.countOf;
import static io.verdis.replication.ReplicationProbe.stat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.it.Info;
import io.verdis.it.RawClient;
import io.verdis.it.RealRedis;
import io.verdis.persist.EveryType;
import io.verdis.persist.TypedImage;
import io.verdis.persist.VerdisProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Verdis as a replica (REPLICAOF) of a real redis-server 7.0, of another Verdis, and the migration
 * from Redis to Verdis: datasets equal once the offsets are, partial resyncs, and the replies a
 * replica gives compared with a redis-server replica of the same primary.
 */
@Timeout(180)
class VerdisReplicaOfRedisTest {
  @TempDir
  Path dir;

  @BeforeEach
  void needsRedis() {
    RealRedis.assumeInstalled();
  }

  @ParameterizedTest(name = "repl-diskless-sync {0}, appendonly {1}")
  @CsvSource({"yes, yes", "no, no"})
  void aReplicaSyncedDuringAWriteLoadOfEveryTypeEndsEqualToItsPrimary(String diskless, String appendonly)
      throws Exception {
    try (RealRedis primary = primaryWithEveryType("--repl-diskless-sync", diskless);
         VerdisProcess verdis = VerdisProcess.start(dir.resolve("verdis"), "--appendonly", appendonly);
         RawClient replica = verdis.client()) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong written = new AtomicLong();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread load = new Thread(() -> writeLoad(primary.port, stop, written, failure));
      load.start();
      try {
        awaitWritten(written, 200, failure);
        assertEquals("OK", replica.request("REPLICAOF", "127.0.0.1", primary.port));
        awaitLinkUp(replica);
        long synced = written.get();
        awaitWritten(written, synced + 500, failure);
      } finally {
        stop.set(true);
        load.join(TimeUnit.SECONDS.toMillis(30));
      }
      assertEquals(null, failure.get(), "the write load");
      expireShortLivedKeys(primary);
      awaitCaughtUp(primary.client(), replica);
      assertSameData(primary, replica);
      assertEquals(1L, stat(primary.client(), "sync_full"));
      assertTrue(verdis.log().contains("MASTER <-> REPLICA sync: Finished with success"), verdis.log());
    }
  }

  @Test
  void aLinkDroppedFromEitherSideResumesWithAPartialResync() throws Exception {
    try (RealRedis primary = RealRedis.start(dirOf("primary"), "--repl-diskless-sync-delay", "0");
         VerdisProcess verdis = VerdisProcess.start(dir.resolve("verdis"));
         RawClient replica = verdis.client()) {
      primary.call("SET", "before", "1");
      replica.request("REPLICAOF", "127.0.0.1", primary.port);
      awaitLinkUp(replica);
      awaitCaughtUp(primary.client(), replica);

      assertEquals(1L, primary.call("CLIENT", "KILL", "TYPE", "replica"));
      primary.call("SET", "after-primary-kill", "2");
      primary.call("SELECT", 4);
      primary.call("RPUSH", "list", "a", "b");
      awaitCaughtUp(primary.client(), replica);

      assertEquals(1L, replica.request("CLIENT", "KILL", "TYPE", "master"));
      primary.call("RPUSH", "list", "c");
      primary.call("SELECT", 0);
      primary.call("INCR", "after-replica-kill");
      awaitCaughtUp(primary.client(), replica);

      assertEquals(1L, stat(primary.client(), "sync_full"), "no second full sync");
      assertEquals(2L, stat(primary.client(), "sync_partial_ok"));
      assertEquals("2", text(replica.request("GET", "after-primary-kill")));
      assertEquals("1", text(replica.request("GET", "after-replica-kill")));
      replica.request("SELECT", 4);
      assertEquals(List.of("a", "b", "c"), texts(replica.request("LRANGE", "list", 0, -1)));
      assertEquals(2, countOf(verdis.log(), "Successful partial resynchronization with master"), verdis.log());
    }
  }

  @Test
  void aReplicaAnswersAsARedisReplicaOfTheSamePrimary() throws Exception {
    try (RealRedis primary = RealRedis.start(dirOf("primary"), "--repl-diskless-sync-delay", "0");
         RealRedis redisReplica = RealRedis.start(dirOf("replica"));
         VerdisProcess verdis = VerdisProcess.start(dir.resolve("verdis"));
         RawClient replica = verdis.client()) {
      RawClient redis = redisReplica.client();
      primary.call("SET", "k", "v");
      List<RawClient> blocked = List.of(new RawClient(redisReplica.port), verdis.client());
      for (RawClient each : blocked) {
        each.send(RawClient.command("BLPOP", "never", "0"));
      }
      for (RawClient each : List.of(redis, replica)) {
        Info.await(each, "clients", "blocked_clients:1");
      }
      for (RawClient each : List.of(redis, replica)) {
        assertEquals("OK", each.request("REPLICAOF", "127.0.0.1", primary.port));
        assertEquals("OK Already connected to specified master", each.request("SLAVEOF", "127.0.0.1", primary.port));
        awaitLinkUp(each);
        awaitCaughtUp(primary.client(), each);
      }
      assertEquals(pendingReply(blocked.get(0)), pendingReply(blocked.get(1)), "a client blocked when the role changed");
      for (RawClient each : blocked) {
        each.close();
      }
      assertSameReplies(redis, replica, "SET", "x", "1");
      assertSameReplies(redis, replica, "GET", "k");
      assertSameReplies(redis, replica, "EVAL", "return redis.call('get', 'k')", 0);
      assertSameReplies(redis, replica, "EVAL", "return redis.call('set', 'x', '1')", 0);
      assertSameReplies(redis, replica, "MULTI");
      assertSameReplies(redis, replica, "SET", "x", "1");
      assertSameReplies(redis, replica, "EXEC");
      assertSameReplies(redis, replica, "REPLICAOF", "127.0.0.1", "not-a-port");
      assertSameReplies(redis, replica, "REPLICAOF", "127.0.0.1");
      assertSameReplies(redis, replica, "WAIT", 1, 0);
      assertSameReplies(redis, replica, "CONFIG", "GET", "replicaof");
      for (String directive : List.of("replica-read-only", "replica-serve-stale-data", "replica-priority",
          "replica-announced", "slave-read-only", "slave-priority", "masterauth", "masteruser")) {
        assertSameReplies(redis, replica, "CONFIG", "GET", directive);
      }
      assertSameReplies(redis, replica, "CONFIG", "SET", "replicaof", "127.0.0.1 1");

      List<?> role = (List<?>) replica.request("ROLE");
      assertEquals(List.of("slave", "127.0.0.1"), texts(role.subList(0, 2)));
      assertEquals((long) primary.port, role.get(2));
      assertEquals("connected", text(role.get(3)));
      assertEquals(ReplicationProbe.number(replica, "slave_repl_offset"), role.get(4));

      assertEquals(ReplicationProbe.fieldNames(redis), ReplicationProbe.fieldNames(replica));
      List<String> info = Info.lines(replica, "replication");
      for (String same : List.of("role:slave", "master_host:127.0.0.1", "master_port:" + primary.port,
          "master_link_status:up", "master_sync_in_progress:0", "slave_priority:100", "slave_read_only:1",
          "replica_announced:1", "connected_slaves:0")) {
        assertTrue(info.contains(same), same + " in " + info);
      }
      assertEquals(ReplicationProbe.text(Info.lines(redis, "replication"), "master_replid"),
          ReplicationProbe.text(info, "master_replid"), "both follow the primary's history");
      assertTrue(text(replica.request("CLIENT", "LIST", "TYPE", "master")).contains(" flags=M "));

      // The link down, replica-serve-stale-data no: only the commands flagged stale still answer.
      primary.close();
      for (RawClient each : List.of(redis, replica)) {
        Info.await(each, "replication", "master_link_status:down");
        each.request("CONFIG", "SET", "replica-serve-stale-data", "no");
      }
      assertSameReplies(redis, replica, "GET", "k");
      assertSameReplies(redis, replica, "PING");
      assertEquals(ReplicationProbe.fieldNames(redis), ReplicationProbe.fieldNames(replica));

      for (RawClient each : List.of(redis, replica)) {
        assertEquals("OK", each.request("REPLICAOF", "NO", "ONE"));
      }
      assertSameReplies(redis, replica, "SET", "x", "1");
      assertSameReplies(redis, replica, "GET", "k");
      assertSameReplies(redis, replica, "CONFIG", "GET", "replicaof");
      assertEquals(ReplicationProbe.fieldNames(redis), ReplicationProbe.fieldNames(replica));
    }
  }

  @Test
  void theReplicasClientsSeeThePrimarysWritesAsTheirOwn() throws Exception {
    try (RealRedis primary = RealRedis.start(dirOf("primary"), "--repl-diskless-sync-delay", "0",
             "--enable-debug-command", "yes");
         VerdisProcess verdis = VerdisProcess.start(dir.resolve("verdis"));
         RawClient replica = verdis.client();
         RawClient blocked = verdis.client();
         RawClient subscriber = verdis.client()) {
      replica.request("REPLICAOF", "127.0.0.1", primary.port);
      awaitLinkUp(replica);
      // BLPOP is a write: READONLY on a read-only replica, as in Redis 7.0. On a writable one it is
      // served by the primary's push; the replica's subscribers get the primary's PUBLISH.
      assertEquals("READONLY You can't write against a read only replica.",
          assertThrows(RawClient.ErrorReply.class, () -> replica.request("BLPOP", "queue", "1")).getMessage());
      replica.request("CONFIG", "SET", "replica-read-only", "no");
      blocked.send(RawClient.command("BLPOP", "queue", "0"));
      awaitBlocked(replica);
      subscriber.request("SUBSCRIBE", "news");
      primary.call("RPUSH", "queue", "job");
      primary.call("PUBLISH", "news", "hello");
      assertEquals(List.of("queue", "job"), texts(blocked.reply()));
      assertEquals(List.of("message", "news", "hello"), texts(subscriber.reply()));

      // A key whose TTL passed reads as missing, but only the primary's DEL removes it (Redis 7.0).
      primary.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
      primary.call("SET", "short", "v", "PX", "50");
      awaitCaughtUp(primary.client(), replica);
      Thread.sleep(100);
      assertEquals(null, replica.request("GET", "short"));
      assertEquals(1L, replica.request("DBSIZE"), "still there until the primary expires it");
      assertEquals(null, primary.call("GET", "short"));
      awaitCaughtUp(primary.client(), replica);
      assertEquals(0L, replica.request("DBSIZE"));
    }
  }

  @Test
  void aVerdisReplicaOfVerdisFeedsARedisReplicaOfItWithThePrimarysHistory() throws Exception {
    try (VerdisProcess primary = VerdisProcess.start(dir.resolve("primary"));
         RawClient writer = primary.client();
         VerdisProcess middle = VerdisProcess.start(dir.resolve("middle"));
         RawClient replica = middle.client()) {
      writer.request("SET", "before", "1");
      writer.request("HSET", "h", "f", "v");
      replica.request("REPLICAOF", "127.0.0.1", primary.port());
      awaitLinkUp(replica);
      try (RealRedis last = RealRedis.start(dirOf("last"), "--replicaof", "127.0.0.1", Integer.toString(middle.port()))) {
        awaitLinkUp(last.client());
        writer.request("SELECT", 2);
        writer.request("ZADD", "z", 1, "a", 2, "b");
        writer.request("SET", "t", "v", "EX", 1000);
        writer.request("EVAL", "redis.call('incr', KEYS[1]); return redis.call('incr', KEYS[1])", 1, "n");
        awaitCaughtUp(writer, replica);
        awaitCaughtUp(writer, last.client());
        assertEquals(ReplicationProbe.number(writer, "master_repl_offset"),
            ReplicationProbe.number(last.client(), "master_repl_offset"), "one history, one offset");
        TypedImage expected = throughDump(writer);
        throughDump(replica).assertSameAs(expected);
        TypedImage.ofRedis(last.client()).assertSameAs(expected);
      }
    }
  }

  @Test
  void aPromotedReplicaLetsItsSiblingContinuePartially() throws Exception {
    try (RealRedis primary = RealRedis.start(dirOf("primary"), "--repl-diskless-sync-delay", "0");
         VerdisProcess verdis = VerdisProcess.start(dir.resolve("verdis"));
         RawClient promoted = verdis.client();
         RealRedis sibling = RealRedis.start(dirOf("sibling"), "--replicaof", "127.0.0.1", Integer.toString(primary.port))) {
      primary.call("SET", "a", "1");
      promoted.request("REPLICAOF", "127.0.0.1", primary.port);
      awaitLinkUp(promoted);
      awaitLinkUp(sibling.client());
      primary.call("SET", "b", "2");
      awaitCaughtUp(primary.client(), promoted);
      awaitCaughtUp(primary.client(), sibling.client());
      String oldId = ReplicationProbe.text(Info.lines(primary.client(), "replication"), "master_replid");
      long offset = ReplicationProbe.number(primary.client(), "master_repl_offset");

      assertEquals("OK", promoted.request("REPLICAOF", "NO", "ONE"));
      List<String> info = Info.lines(promoted, "replication");
      assertEquals(oldId, ReplicationProbe.text(info, "master_replid2"));
      assertEquals(offset + 1, ReplicationProbe.number(info, "second_repl_offset"));
      promoted.request("SET", "c", "3");
      sibling.call("REPLICAOF", "127.0.0.1", verdis.port());
      awaitLinkUp(sibling.client());
      awaitCaughtUp(promoted, sibling.client());
      assertEquals(List.of("1", "2", "3"), sibling.texts("MGET", "a", "b", "c"));
      assertEquals(1, countOf(sibling.log(), "Full resync from master"), sibling.log());
      assertTrue(verdis.log().contains("Partial resynchronization request from"), verdis.log());
    }
  }

  /**
   * As Redis: a replica saves its place in the primary's history in its RDB on shutdown and
   * continues from there once restarted on its dir; with the AOF on (its dataset comes from the
   * AOF, which has no such place) it syncs in full, as Redis 7.0 does.
   */
  @ParameterizedTest(name = "appendonly {0}")
  @CsvSource({"no, 1", "yes, 2"})
  void aReplicaRestartedOnItsDirContinuesWhereRedisWould(String appendonly, long fullSyncs) throws Exception {
    try (RealRedis primary = RealRedis.start(dirOf("primary"), "--repl-diskless-sync-delay", "0")) {
      String[] directives = {"--appendonly", appendonly, "--replicaof", "127.0.0.1", Integer.toString(primary.port)};
      primary.call("SET", "a", "1");
      try (VerdisProcess verdis = VerdisProcess.start(dir.resolve("verdis"), directives);
           RawClient replica = verdis.client()) {
        awaitLinkUp(replica);
        primary.call("SELECT", 3);
        primary.call("SET", "b", "2");
        awaitCaughtUp(primary.client(), replica);
        assertEquals(0, verdis.shutdown("SAVE"));
      }
      primary.call("SET", "c", "3");
      try (VerdisProcess verdis = VerdisProcess.start(dir.resolve("verdis"), directives);
           RawClient replica = verdis.client()) {
        awaitLinkUp(replica);
        awaitCaughtUp(primary.client(), replica);
        replica.request("SELECT", 3);
        assertEquals(List.of("2", "3"), texts(replica.request("MGET", "b", "c")));
        replica.request("SELECT", 0);
        assertEquals("1", text(replica.request("GET", "a")));
        assertEquals(fullSyncs, stat(primary.client(), "sync_full"), primary.log());
        assertEquals(2 - fullSyncs, stat(primary.client(), "sync_partial_ok"), primary.log());
      }
    }
  }

  /**
   * Redis 6.2's coordinated switch, to Verdis: FAILOVER on the redis-server pauses its writers,
   * waits for Verdis to have every byte, and hands over with PSYNC … FAILOVER; Redis then follows
   * Verdis, continuing partially.
   */
  @Test
  void aRedisPrimaryFailsOverToItsVerdisReplica() throws Exception {
    try (RealRedis redis = RealRedis.start(dirOf("primary"), "--repl-diskless-sync-delay", "0");
         VerdisProcess verdis = VerdisProcess.start(dir.resolve("verdis"));
         RawClient target = verdis.client()) {
      redis.call("SET", "a", "1");
      target.request("REPLICAOF", "127.0.0.1", redis.port);
      awaitLinkUp(target);
      redis.call("SET", "b", "2");
      assertEquals("OK", redis.call("FAILOVER", "TO", "127.0.0.1", verdis.port(), "TIMEOUT", 20000));
      Info.await(redis.client(), "replication", "role:slave", "master_link_status:up", "master_failover_state:no-failover");
      assertEquals("master", text(((List<?>) target.request("ROLE")).get(0)));
      assertEquals(1L, target.request("INCR", "c"));
      awaitCaughtUp(target, redis.client());
      assertEquals(List.of("1", "2", "1"), redis.texts("MGET", "a", "b", "c"));
      assertEquals(0, countOf(redis.log(), "Full resync from master"), redis.log());
      assertTrue(verdis.log().contains("MASTER MODE enabled (failover request from"), verdis.log());
    }
  }

  /**
   * The README's migration: a live redis-server with a writer, Verdis REPLICAOF it, in sync, the
   * writer switched to Verdis after REPLICAOF NO ONE: every key as Redis had it, nothing lost.
   */
  @Test
  void aLiveRedisMigratesToVerdisWithNothingLost() throws Exception {
    try (RealRedis redis = primaryWithEveryType();
         VerdisProcess verdis = VerdisProcess.start(dir.resolve("verdis"));
         RawClient target = verdis.client()) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong written = new AtomicLong();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread load = new Thread(() -> writeLoad(redis.port, stop, written, failure));
      load.start();
      try {
        target.request("REPLICAOF", "127.0.0.1", redis.port);
        awaitLinkUp(target);
        awaitWritten(written, written.get() + 300, failure);
      } finally {
        stop.set(true);
        load.join(TimeUnit.SECONDS.toMillis(30));
      }
      assertEquals(null, failure.get(), "the write load on Redis");
      // The switch: writes stopped on Redis; once Verdis has the last byte, it takes over.
      expireShortLivedKeys(redis);
      awaitCaughtUp(redis.client(), target);
      assertEquals("OK", target.request("REPLICAOF", "NO", "ONE"));
      assertSameData(redis, target);
      long counter = Long.parseLong(text(target.request("GET", "load:counter")));
      assertEquals(counter + 1, target.request("INCR", "load:counter"), "Verdis takes the writes");
    }
  }

  // ---- Helpers ---------------------------------------------------------------------------------

  private Path dirOf(String name) throws IOException {
    return Files.createDirectories(dir.resolve(name));
  }

  private RealRedis primaryWithEveryType(String... directives) throws IOException, InterruptedException {
    List<String> all = new java.util.ArrayList<>(List.of("--repl-diskless-sync-delay", "0"));
    all.addAll(List.of(directives));
    RealRedis redis = RealRedis.start(dirOf("primary"), all.toArray(String[]::new));
    EveryType.build(redis.client());
    return redis;
  }

  /**
   * Writes of every type into several databases until stopped: strings with TTLs (and keys that
   * expire at once, which reach the replica as DELs), lists, hashes, sets, sorted sets, streams,
   * HyperLogLogs, geo, bitmaps, a script and a transaction.
   */
  private static void writeLoad(int port, AtomicBoolean stop, AtomicLong written, AtomicReference<Throwable> failure) {
    try (RawClient load = new RawClient(port)) {
      for (int i = 0; !stop.get(); i++) {
        load.request("SELECT", i % 3);
        load.request("SET", "load:" + (i % 500), "value-" + i, "EX", 1000 + i % 100);
        load.request("SET", "short:" + (i % 50), "gone soon", "PX", 20);
        load.request("INCR", "load:counter");
        load.request("INCRBYFLOAT", "load:float", "0.5");
        load.request("HSET", "load:hash", "f" + (i % 50), i);
        load.request("RPUSH", "load:list", i);
        if (i % 3 == 0) {
          load.request("LPOP", "load:list");
        }
        load.request("ZADD", "load:zset", i % 97, "m" + (i % 200));
        load.request("SADD", "load:set", i % 300);
        load.request("SREM", "load:set", (i + 150) % 300);
        load.request("XADD", "load:stream", "MAXLEN", "~", "1000", "*", "i", i);
        load.request("PFADD", "load:hll", "e" + i);
        load.request("GEOADD", "load:geo", 13.0 + (i % 100) / 1000.0, 52.0, "p" + (i % 100));
        load.request("SETBIT", "load:bits", i % 4096, 1);
        load.request("EVAL", "redis.call('incr', KEYS[1]); return redis.call('rpush', KEYS[2], ARGV[1])", 2,
            "load:script-counter", "load:script-list", i);
        load.request("MULTI");
        load.request("INCR", "load:tx");
        load.request("HINCRBY", "load:tx-hash", "n", 2);
        load.request("EXEC");
        if (i % 7 == 0) {
          load.request("DEL", "load:" + ((i + 250) % 500));
        }
        written.incrementAndGet();
      }
    } catch (Throwable e) {
      failure.set(e);
    }
  }

  /**
   * The load's 20 ms keys, touched once they are past their TTL: the primary expires each then (and
   * sends its DEL), rather than while the comparison reads its keys.
   */
  private static void expireShortLivedKeys(RealRedis primary) throws IOException, InterruptedException {
    Thread.sleep(100);
    RawClient client = primary.client();
    for (int db = 0; db < 3; db++) {
      client.request("SELECT", db);
      for (int i = 0; i < 50; i++) {
        client.request("EXISTS", "short:" + i);
      }
    }
    client.request("SELECT", 0);
  }

  private static void awaitWritten(AtomicLong written, long target, AtomicReference<Throwable> failure)
      throws InterruptedException {
    while (written.get() < target && failure.get() == null) {
      Thread.sleep(10);
    }
  }

  private static void awaitBlocked(RawClient client) throws IOException, InterruptedException {
    Info.await(client, "clients", "blocked_clients:1");
  }

  /** Every key of the replica (read through DUMP into a scratch redis-server) as on the Redis primary. */
  private void assertSameData(RealRedis primary, RawClient replica) throws IOException, InterruptedException {
    TypedImage expected = TypedImage.ofRedis(primary.client());
    assertTrue(expected.keyCount() > 50, "the dataset has keys");
    throughDump(replica).assertSameAs(expected);
  }

  private TypedImage throughDump(RawClient server) throws IOException, InterruptedException {
    Path scratchDir = Files.createDirectories(dir.resolve("scratch-" + System.nanoTime()));
    try (RealRedis scratch = RealRedis.start(scratchDir)) {
      return TypedImage.throughDump(server, scratch.client());
    }
  }

  private static void assertSameReplies(RawClient redis, RawClient verdis, Object... command) throws IOException {
    assertEquals(reply(redis, command), reply(verdis, command), String.join(" ", List.of(command).stream().map(String::valueOf).toList()));
  }

  private static Object reply(RawClient client, Object... command) throws IOException {
    try {
      return normalize(client.request(command));
    } catch (RawClient.ErrorReply e) {
      return "-" + e.getMessage();
    }
  }

  /** The reply to a command sent earlier. */
  private static Object pendingReply(RawClient client) throws IOException {
    try {
      return normalize(client.reply());
    } catch (RawClient.ErrorReply e) {
      return "-" + e.getMessage();
    }
  }

  private static Object normalize(Object reply) {
    if (reply instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (reply instanceof List<?> list) {
      return list.stream().map(VerdisReplicaOfRedisTest::normalize).toList();
    }
    return reply;
  }

  private static String text(Object reply) {
    return reply == null ? null : reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : reply.toString();
  }

  private static List<String> texts(Object reply) {
    return ((List<?>) reply).stream().map(VerdisReplicaOfRedisTest::text).toList();
  }
}

package io.verdis.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.it.Info;
import io.verdis.it.RawClient;
import io.verdis.it.RealRedis;
import io.verdis.persist.EveryType;
import io.verdis.persist.TypedImage;
import io.verdis.persist.VerdisProcess;
import java.io.IOException;
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
 * A real redis-server 7.0 started with {@code --replicaof} a Verdis process: full sync of every
 * type while writes go on, the stream after it, partial resync after a dropped link, WAIT, ROLE
 * and INFO replication, and the replica output limit.
 */
@Timeout(120)
class RedisReplicaOfVerdisTest {
  @TempDir
  Path dir;

  @BeforeEach
  void needsRedis() {
    RealRedis.assumeInstalled();
  }

  @ParameterizedTest(name = "appendonly {0}, repl-diskless-sync {1}")
  @CsvSource({"yes, no", "no, yes"})
  void aReplicaStartedDuringAWriteLoadEndsWithTheSameKeysValuesAndTtls(String appendonly, String diskless)
      throws Exception {
    try (VerdisProcess verdis = startWithEveryType("--appendonly", appendonly, "--repl-diskless-sync", diskless);
         RawClient client = verdis.client()) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> loadFailure = new AtomicReference<>();
      AtomicLong written = new AtomicLong();
      Thread load = new Thread(() -> writeLoad(verdis, stop, written, loadFailure));
      load.start();
      try (RealRedis replica = startReplicaOf(verdis)) {
        awaitOnline(replica);
        long before = written.get();
        while (written.get() < before + 2000 && loadFailure.get() == null) {
          Thread.sleep(10);
        }
        stop.set(true);
        load.join(TimeUnit.SECONDS.toMillis(30));
        assertEquals(null, loadFailure.get(), "the write load");
        // Short-lived keys expire on Verdis at their first access: each becomes a DEL in the stream.
        Thread.sleep(300);
        for (int db = 0; db < 3; db++) {
          client.request("SELECT", db);
          for (int i = 0; i < 200; i++) {
            client.request("EXISTS", "short:" + i);
          }
        }
        awaitCaughtUp(client, replica);
        TypedImage expected;
        Path scratchDir = dir.resolve("scratch");
        java.nio.file.Files.createDirectories(scratchDir);
        try (RealRedis scratch = RealRedis.start(scratchDir)) {
          expected = TypedImage.throughDump(client, scratch.client());
        }
        assertTrue(expected.keyCount() > 100, "the dataset has keys");
        TypedImage.ofRedis(replica.client()).assertSameAs(expected);
        assertEquals(1, countOf(replica.log(), "Full resync from master"), replica.log());
        assertTrue(verdis.log().contains("target: " + (diskless.equals("yes") ? "replicas sockets" : "disk")));
      }
    }
  }

  @Test
  void aLinkKilledOnVerdisResumesWithAPartialResync() throws Exception {
    try (VerdisProcess verdis = VerdisProcess.start(dir.resolve("verdis"));
         RawClient client = verdis.client();
         RealRedis replica = startReplicaOf(verdis)) {
      client.request("SET", "before", "1");
      awaitOnline(replica);
      assertEquals(1L, client.request("CLIENT", "KILL", "TYPE", "replica"));
      client.request("SET", "after", "2");
      client.request("SELECT", 5);
      client.request("RPUSH", "list", "a", "b");
      Info.await(replica.client(), "replication", "master_link_status:up");
      awaitCaughtUp(client, replica);
      assertEquals("2", replica.text("GET", "after"));
      replica.call("SELECT", 5);
      assertEquals(List.of("a", "b"), replica.texts("LRANGE", "list", "0", "-1"));
      assertTrue(replica.log().contains("Successful partial resynchronization with master"), replica.log());
      assertEquals(1, countOf(replica.log(), "Full resync from master"), replica.log());
      assertTrue(verdis.log().contains("Partial resynchronization request from"), verdis.log());
    }
  }

  @Test
  void aReplicaRestartedWithItsDirResyncsPartially() throws Exception {
    try (VerdisProcess verdis = VerdisProcess.start(dir.resolve("verdis"));
         RawClient client = verdis.client()) {
      client.request("SET", "a", "1");
      try (RealRedis replica = startReplicaOf(verdis)) {
        awaitOnline(replica);
        client.request("SET", "b", "2");
        awaitCaughtUp(client, replica);
        try {
          replica.call("SHUTDOWN", "SAVE");
        } catch (IOException | RawClient.ErrorReply closed) {
          // the connection goes with the server
        }
      }
      client.request("SET", "c", "3");
      try (RealRedis restarted = startReplicaOf(verdis)) {
        awaitOnline(restarted);
        awaitCaughtUp(client, restarted);
        assertEquals(List.of("1", "2", "3"), restarted.texts("MGET", "a", "b", "c"));
        assertTrue(restarted.log().contains("Successful partial resynchronization with master"), restarted.log());
        assertEquals(0, countOf(restarted.log(), "Full resync from master"), restarted.log());
      }
    }
  }

  @Test
  void theBacklogIsFreedAfterReplBacklogTtlWithoutReplicasAndTheNextReplicaSyncsInFull() throws Exception {
    try (VerdisProcess verdis = VerdisProcess.start(dir.resolve("verdis"), "--repl-backlog-ttl", "1",
             "--appendonly", "no");
         RawClient client = verdis.client()) {
      String firstId;
      try (RealRedis replica = startReplicaOf(verdis)) {
        awaitOnline(replica);
        client.request("SET", "a", "1");
        awaitCaughtUp(client, replica);
        firstId = infoText(Info.lines(client, "replication"), "master_replid");
      }
      awaitInfo(client, line -> line.equals("repl_backlog_active:0"));
      assertTrue(verdis.log().contains("Replication backlog freed after 1 seconds without connected replicas"));
      assertTrue(!infoText(Info.lines(client, "replication"), "master_replid").equals(firstId), "a new replid");
      client.request("SET", "b", "2");
      try (RealRedis replica = startReplicaOf(verdis)) {
        awaitOnline(replica);
        client.request("SET", "c", "3");
        awaitCaughtUp(client, replica);
        assertEquals(List.of("1", "2", "3"), replica.texts("MGET", "a", "b", "c"));
      }
    }
  }

  @Test
  void aStoppedReplicaIsDroppedAfterReplTimeoutAndResumesPartiallyWhenItWakes() throws Exception {
    try (VerdisProcess verdis = VerdisProcess.start(dir.resolve("verdis"), "--repl-timeout", "2");
         RawClient client = verdis.client();
         RealRedis replica = startReplicaOf(verdis)) {
      awaitOnline(replica);
      signal("STOP", replica.pid());
      try {
        client.request("SET", "while-stopped", "1");
        awaitInfo(client, line -> line.equals("connected_slaves:0"));
      } finally {
        signal("CONT", replica.pid());
      }
      awaitOnline(replica);
      awaitCaughtUp(client, replica);
      assertEquals("1", replica.text("GET", "while-stopped"));
      assertTrue(verdis.log().contains("Disconnecting timedout replica (streaming sync)"), verdis.log());
      // redis-server marks the link up a moment before it logs how it resynced.
      awaitLog(replica, "Successful partial resynchronization with master");
      assertEquals(1, countOf(replica.log(), "Full resync from master"), replica.log());
    }
  }

  private static void awaitLog(RealRedis redis, String line) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!redis.log().contains(line) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(redis.log().contains(line), redis.log());
  }

  @Test
  void aReplicaPastItsHardOutputLimitIsDroppedAndResyncsInFull() throws Exception {
    try (VerdisProcess verdis = VerdisProcess.start(dir.resolve("verdis"),
             "--client-output-buffer-limit", "replica 1mb 0 0", "--repl-backlog-size", "64kb");
         RawClient client = verdis.client();
         RealRedis replica = startReplicaOf(verdis)) {
      awaitOnline(replica);
      signal("STOP", replica.pid());
      try {
        String value = "v".repeat(10_000);
        for (int i = 0; i < 3000; i++) {
          client.request("SET", "big:" + i, value);
        }
        awaitInfo(client, line -> line.equals("connected_slaves:0"));
      } finally {
        signal("CONT", replica.pid());
      }
      awaitOnline(replica);
      awaitCaughtUp(client, replica);
      assertEquals(2, countOf(replica.log(), "Full resync from master"), replica.log());
      TypedImage.ofRedis(replica.client()).assertSameAs(TypedImage.ofRedis(client));
      assertTrue(verdis.log().contains("scheduled to be closed ASAP for overcoming of output buffer limits"),
          verdis.log());
    }
  }

  @Test
  void redisCliReplicaGetsTheRdbThenTheCommands() throws Exception {
    try (VerdisProcess verdis = VerdisProcess.start(dir.resolve("verdis"));
         RawClient client = verdis.client()) {
      client.request("SET", "before", "1");
      Process cli = new ProcessBuilder(RealRedis.CLI.toString(), "-p", Integer.toString(verdis.port()), "--replica")
          .redirectErrorStream(true).start();
      try (java.io.BufferedReader out = new java.io.BufferedReader(
          new java.io.InputStreamReader(cli.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
        List<String> seen = new java.util.ArrayList<>();
        for (String line = out.readLine(); line != null && !line.startsWith("SYNC done"); line = out.readLine()) {
          seen.add(line);
        }
        assertTrue(seen.stream().noneMatch(line -> line.contains("error")), seen.toString());
        // After an EOF-marked RDB redis-cli sends REPLCONF ACK 0 and reads a reply to it, which
        // the primary never sends (Redis neither): it takes the first thing the stream brings.
        client.request("SET", "first", "0");
        client.request("SELECT", 2);
        client.request("SET", "after", "2");
        List<String> lines = new java.util.ArrayList<>();
        for (String line = out.readLine(); !line.equals("\"SET\",\"after\",\"2\""); line = out.readLine()) {
          lines.add(line);
        }
        assertEquals("\"SELECT\",\"2\"", lines.get(lines.size() - 1), lines.toString());
      } finally {
        cli.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aMessagePublishedOnVerdisReachesTheReplicasSubscribers() throws Exception {
    try (VerdisProcess verdis = VerdisProcess.start(dir.resolve("verdis"));
         RawClient client = verdis.client();
         RealRedis replica = startReplicaOf(verdis);
         RawClient subscriber = new RawClient(replica.port)) {
      awaitOnline(replica);
      subscriber.request("SUBSCRIBE", "news");
      client.request("PUBLISH", "news", "hello");
      assertEquals(List.of("message", "news", "hello"), ((List<?>) subscriber.reply()).stream().map(RedisReplicaOfVerdisTest::text).toList());
      awaitCaughtUp(client, replica);
    }
  }

  @Test
  void waitCountsTheReplicaOnceItAcknowledgedTheWrites() throws Exception {
    try (VerdisProcess verdis = VerdisProcess.start(dir.resolve("verdis"));
         RawClient client = verdis.client()) {
      assertEquals(0L, client.request("WAIT", 1, 50));
      try (RealRedis replica = startReplicaOf(verdis)) {
        awaitOnline(replica);
        client.request("SET", "k", "v");
        assertEquals(1L, client.request("WAIT", 1, 0));
        client.request("INCR", "n");
        assertEquals(1L, client.request("WAIT", 2, 100), "a second replica never comes: the timeout answers");
        assertEquals("1", replica.text("GET", "n"));
      }
    }
  }

  @Test
  void infoReplicationRoleAndClientListShowTheReplica() throws Exception {
    try (VerdisProcess verdis = VerdisProcess.start(dir.resolve("verdis"));
         RawClient client = verdis.client()) {
      assertTrue(Info.lines(client, "replication").containsAll(List.of(
          "role:master", "connected_slaves:0", "master_repl_offset:0", "repl_backlog_active:0")));
      try (RealRedis replica = startReplicaOf(verdis)) {
        awaitOnline(replica);
        client.request("SET", "k", "v");
        awaitCaughtUp(client, replica);
        List<String> info = Info.lines(client, "replication");
        long offset = infoNumber(info, "master_repl_offset");
        assertTrue(info.containsAll(List.of("role:master", "connected_slaves:1", "repl_backlog_active:1",
            "repl_backlog_size:1048576", "repl_backlog_first_byte_offset:1", "repl_backlog_histlen:" + offset,
            "second_repl_offset:-1")), info.toString());
        String slave0 = info.stream().filter(line -> line.startsWith("slave0:")).findFirst().orElseThrow();
        assertTrue(slave0.startsWith("slave0:ip=127.0.0.1,port=" + replica.port + ",state=online,offset="), slave0);
        String replid = info.stream().filter(line -> line.startsWith("master_replid:")).findFirst().orElseThrow();
        assertTrue(Info.lines(replica.client(), "replication").contains(replid), "the replica follows our replid");

        // The replica acknowledges once a second: ROLE shows its offset once it did.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
          List<?> role = (List<?>) client.request("ROLE");
          assertEquals("master", text(role.get(0)));
          List<?> replicas = (List<?>) role.get(2);
          assertEquals(1, replicas.size());
          List<String> first = ((List<?>) replicas.get(0)).stream().map(RedisReplicaOfVerdisTest::text).toList();
          assertEquals(List.of("127.0.0.1", Integer.toString(replica.port)), first.subList(0, 2));
          if (first.get(2).equals(role.get(1).toString())) {
            break;
          }
          assertTrue(System.nanoTime() < deadline, "ROLE never showed the replica's ack of " + role.get(1) + ": " + first);
          Thread.sleep(50);
        }

        String list = text(client.request("CLIENT", "LIST", "TYPE", "replica"));
        assertEquals(1, list.lines().count(), list);
        assertTrue(list.contains(" flags=S "), list);
        assertTrue(Info.lines(client, "clients").contains("connected_clients:1"), "the replica is not a client");

        assertEquals(List.of("repl-backlog-size", "1048576"),
            ((List<?>) client.request("CONFIG", "GET", "repl-backlog-size")).stream().map(RedisReplicaOfVerdisTest::text).toList());
        assertEquals("OK", client.request("CONFIG", "SET", "repl-backlog-size", "2mb"));
        Info.await(client, "replication", "repl_backlog_size:2097152");
      }
    }
  }

  // ---- Helpers ---------------------------------------------------------------------------------

  /**
   * Verdis loaded with {@link EveryType}'s dataset, built on a redis-server (it uses commands of
   * every type) and handed over as its RDB.
   */
  private VerdisProcess startWithEveryType(String... directives) throws IOException, InterruptedException {
    Path source = dir.resolve("source");
    Path verdisDir = dir.resolve("verdis");
    java.nio.file.Files.createDirectories(source);
    java.nio.file.Files.createDirectories(verdisDir);
    try (RealRedis redis = RealRedis.start(source)) {
      EveryType.build(redis.client());
      redis.call("SAVE");
    }
    java.nio.file.Files.copy(source.resolve("dump.rdb"), verdisDir.resolve("dump.rdb"));
    return VerdisProcess.start(verdisDir, directives);
  }

  private RealRedis startReplicaOf(VerdisProcess verdis) throws IOException, InterruptedException {
    return RealRedis.start(dir, "--replicaof", "127.0.0.1", Integer.toString(verdis.port()));
  }

  /** Writes of several types into several databases, some with TTLs, until stopped. */
  private static void writeLoad(VerdisProcess verdis, AtomicBoolean stop, AtomicLong written,
                                AtomicReference<Throwable> failure) {
    try (RawClient load = verdis.client()) {
      for (int i = 0; !stop.get(); i++) {
        load.request("SELECT", i % 3);
        load.request("SET", "load:" + (i % 500), "value-" + i);
        load.request("INCR", "load:counter");
        load.request("HSET", "load:hash", "f" + (i % 50), i);
        load.request("RPUSH", "load:list", i);
        load.request("ZADD", "load:zset", i % 97, "m" + (i % 200));
        load.request("SADD", "load:set", i % 300);
        load.request("EXPIRE", "load:" + (i % 500), 1000 + i % 100);
        if (i % 7 == 0) {
          load.request("DEL", "load:" + ((i + 250) % 500));
        }
        if (i < 200) {
          load.request("SET", "short:" + i, "gone soon", "PX", 100);
        }
        load.request("XADD", "load:stream", "*", "i", i);
        written.incrementAndGet();
      }
    } catch (Throwable e) {
      failure.set(e);
    }
  }

  private static void awaitOnline(RealRedis replica) throws IOException, InterruptedException {
    Info.await(replica.client(), "replication", "master_link_status:up", "master_sync_in_progress:0");
  }

  /** Until the replica has processed every byte of the stream Verdis produced. */
  private static void awaitCaughtUp(RawClient verdis, RealRedis replica) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      long produced = infoNumber(Info.lines(verdis, "replication"), "master_repl_offset");
      long applied = infoNumber(Info.lines(replica.client(), "replication"), "slave_repl_offset");
      if (produced == applied) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the replica stays at offset " + applied + " of " + produced);
      }
      Thread.sleep(20);
    }
  }

  private static void awaitInfo(RawClient client, java.util.function.Predicate<String> line)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (Info.lines(client, "replication").stream().noneMatch(line)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("INFO replication never matched: " + Info.lines(client, "replication"));
      }
      Thread.sleep(20);
    }
  }

  private static long infoNumber(List<String> info, String field) {
    return info.stream().filter(line -> line.startsWith(field + ":")).findFirst()
        .map(line -> Long.parseLong(line.substring(field.length() + 1)))
        .orElseThrow(() -> new AssertionError("no " + field + " in " + info));
  }

  private static String infoText(List<String> info, String field) {
    return info.stream().filter(line -> line.startsWith(field + ":")).findFirst()
        .map(line -> line.substring(field.length() + 1))
        .orElseThrow(() -> new AssertionError("no " + field + " in " + info));
  }

  private static int countOf(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  private static void signal(String name, long pid) throws IOException, InterruptedException {
    assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor());
  }

  private static String text(Object reply) {
    return reply instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(reply);
  }
}

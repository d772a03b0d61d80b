package io.verdis.it;

import io.verdis.client.ClientEviction;
import io.verdis.pubsub.OutputLimit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Client memory as Redis 7.0 shows and limits it (issue 15): CLIENT LIST's qbuf, argv-mem,
 * multi-mem, obl/oll/omem, tot-mem and events from what the connection really holds;
 * client-output-buffer-limit's soft limit for normal clients; client eviction under
 * maxmemory-clients; the directives and the listing's fields side by side with redis-server.
 */
class ClientMemoryTest extends RawSocketTestBase {
  private static final int MB = 1 << 20;

  /** The eviction tests lift maxmemory-clients themselves, before their clients go: a new client could be evicted. */
  @AfterEach
  void defaults() throws IOException {
    try (RawClient admin = client()) {
      admin.request("CONFIG", "SET", "maxmemory-clients", "0", "maxmemory", "0");
      admin.request("CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0 slave 256mb 64mb 60 pubsub 32mb 8mb 60");
    }
  }

  /** The admin connection of an eviction test: never evicted, and lifts the limit before the test's clients go. */
  private static RawClient exemptAdmin() throws IOException {
    RawClient admin = client();
    admin.request("CLIENT", "NO-EVICT", "on");
    return admin;
  }

  private static void noClientLimit(RawClient admin) throws IOException {
    admin.request("CONFIG", "SET", "maxmemory-clients", "0", "maxmemory", "0");
  }

  @Test
  void clientListShowsTheOutputOfAClientThatDoesNotReadGrowingInOmem() throws Exception {
    try (RawClient admin = client(); Socket stalled = named("stalled")) {
      admin.request("SET", "mb", new byte[MB]);
      Map<String, String> idle = fields(lineOf(admin, "stalled"));
      assertEquals("0", idle.get("omem"));
      assertEquals("0", idle.get("oll"));
      assertEquals("r", idle.get("events"));
      stalled.getOutputStream().write("GET mb\r\n".repeat(64).getBytes(StandardCharsets.US_ASCII));
      Map<String, String> full = awaitLine(admin, "stalled", line -> number(line, "omem") >= MB);
      assertTrue(number(full, "obl") == 16 * 1024, full.toString());
      assertTrue(number(full, "oll") > 0, full.toString());
      assertTrue(full.get("events").contains("w"), "output waits for the socket: " + full);
      assertTrue(number(full, "tot-mem") > number(full, "omem"), full.toString());
      assertEquals("PONG", admin.request("PING"));
    }
  }

  @Test
  void clientListShowsAnIncompleteRequestInQbufAndItsParsedArgumentsInArgvMem() throws Exception {
    try (RawClient admin = client(); RawClient slow = client()) {
      slow.request("CLIENT", "SETNAME", "slow");
      slow.send("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$100000\r\n" + "x".repeat(60_000));
      Map<String, String> partial = awaitLine(admin, "slow", line -> number(line, "qbuf") >= 60_000);
      assertEquals(3 + 3 + 2 * 8, number(partial, "argv-mem"), "SET and key, a reference each: " + partial);
      assertTrue(number(partial, "tot-mem") > 60_000, partial.toString());
      slow.send("x".repeat(40_000) + "\r\n");
      assertEquals("+OK\r\n", slow.readReply());
      Map<String, String> done = fields(lineOf(admin, "slow"));
      assertEquals("0", done.get("qbuf"));
      assertEquals("0", done.get("argv-mem"));
    }
  }

  @Test
  void clientListShowsTheQueuedCommandsOfATransactionInMultiMem() throws Exception {
    try (RawClient admin = client(); RawClient tx = client()) {
      tx.request("CLIENT", "SETNAME", "tx");
      assertEquals(0, number(fields(lineOf(admin, "tx")), "multi-mem"));
      tx.request("MULTI");
      assertEquals("QUEUED", tx.request("SET", "k", "x".repeat(1000)));
      Map<String, String> queued = fields(lineOf(admin, "tx"));
      assertEquals("1", queued.get("multi"));
      assertTrue(number(queued, "multi-mem") >= 1004, queued.toString());
      tx.request("DISCARD");
      assertEquals(0, number(fields(lineOf(admin, "tx")), "multi-mem"));
    }
  }

  @Test
  void aClientOverTheNormalSoftLimitForLongerThanItsSecondsIsClosedWhileOthersAreServed() throws Exception {
    try (RawClient admin = client(); LogCapture log = LogCapture.of(OutputLimit.class)) {
      admin.request("SET", "mb", new byte[MB]);
      long disconnections = infoLong(admin, "stats", "client_output_buffer_limit_disconnections");
      assertEquals("OK", admin.request("CONFIG", "SET", "client-output-buffer-limit", "normal 0 1mb 1"));
      try (Socket stalled = named("stalled")) {
        stalled.getOutputStream().write("GET mb\r\n".repeat(64).getBytes(StandardCharsets.US_ASCII));
        // Nothing is read until it is closed: reading would take it under the soft limit.
        await(() -> infoLong(admin, "stats", "client_output_buffer_limit_disconnections") == disconnections + 1);
        assertEquals("PONG", admin.request("PING"));
        assertTrue(closedByServer(stalled), "the client held over the soft limit was closed");
      }
      assertFalse(log.linesWith("scheduled to be closed ASAP for overcoming of output buffer limits.").isEmpty(),
          log.lines().toString());
    }
  }

  @Test
  void maxmemoryClientsEvictsTheBiggestClientFirst() throws Exception {
    try (RawClient admin = exemptAdmin(); RawClient small = client(); Socket hog = named("hog");
         LogCapture log = LogCapture.of(ClientEviction.class)) {
      try {
        small.request("CLIENT", "SETNAME", "small");
        admin.request("SET", "mb", new byte[MB]);
        long evicted = infoLong(admin, "stats", "evicted_clients");
        // 10% of 20 MB: 2 MB for all clients together.
        assertEquals("OK", admin.request("CONFIG", "SET", "maxmemory", "20mb", "maxmemory-clients", "10%"));
        hog.getOutputStream().write("GET mb\r\n".repeat(64).getBytes(StandardCharsets.US_ASCII));
        assertTrue(closedByServer(hog), "the client over maxmemory-clients was evicted");
        assertEquals("PONG", small.request("PING"), "the small client stays");
        assertEquals(evicted + 1, infoLong(admin, "stats", "evicted_clients"));
        assertNull(lineOrNull(admin, "hog"));
        assertFalse(log.linesWith("Evicting client: id=").isEmpty(), log.lines().toString());
        assertTrue(log.linesWith("Evicting client: ").get(0).contains(" name=hog "), log.lines().toString());
      } finally {
        noClientLimit(admin);
      }
    }
  }

  @Test
  void aSubscriberThatDoesNotReadItsMessagesIsEvictedToo() throws Exception {
    try (RawClient admin = exemptAdmin(); RawClient publisher = client(); Socket subscriber = named("subscriber")) {
      try {
        subscriber.getOutputStream().write(RawClient.command("SUBSCRIBE", "news"));
        awaitLine(admin, "subscriber", line -> line.get("flags").contains("P"));
        long evicted = infoLong(admin, "stats", "evicted_clients");
        assertEquals("OK", admin.request("CONFIG", "SET", "maxmemory-clients", "2mb"));
        for (int i = 0; i < 16; i++) {
          publisher.request("PUBLISH", "news", new byte[MB]);
        }
        assertTrue(closedByServer(subscriber), "the subscriber over maxmemory-clients was evicted");
        assertEquals("PONG", publisher.request("PING"), "the publisher stays");
        assertEquals(evicted + 1, infoLong(admin, "stats", "evicted_clients"));
      } finally {
        noClientLimit(admin);
      }
    }
  }

  @Test
  void aClientWithNoEvictOnIsCountedButNeverEvicted() throws Exception {
    try (RawClient admin = exemptAdmin(); RawClient small = client(); Socket hog = named("hog");
         LogCapture log = LogCapture.of(ClientEviction.class)) {
      try {
        small.request("CLIENT", "SETNAME", "small");
        admin.request("SET", "mb", new byte[MB]);
        long evicted = infoLong(admin, "stats", "evicted_clients");
        hog.getOutputStream().write("CLIENT NO-EVICT on\r\n".getBytes(StandardCharsets.US_ASCII));
        awaitLine(admin, "hog", line -> line.get("flags").contains("e"));
        assertEquals("OK", admin.request("CONFIG", "SET", "maxmemory-clients", "2mb"));
        hog.getOutputStream().write("GET mb\r\n".repeat(64).getBytes(StandardCharsets.US_ASCII));
        assertTrue(small.closedByServerWithin(20_000), "the only evictable client was evicted");
        assertEquals(evicted + 1, infoLong(admin, "stats", "evicted_clients"));
        Map<String, String> hogLine = fields(lineOf(admin, "hog"));
        assertTrue(number(hogLine, "tot-mem") >= 2 * MB, "the hog stays, over the limit: " + hogLine);
        assertFalse(log.linesWith("Over client maxmemory after evicting all evictable clients").isEmpty(),
            log.lines().toString());
      } finally {
        noClientLimit(admin);
      }
    }
  }

  @Test
  void infoShowsTheClientsMemory() throws Exception {
    try (RawClient admin = client(); Socket stalled = named("stalled")) {
      admin.request("SET", "mb", new byte[MB]);
      assertTrue(infoLong(admin, "memory", "mem_clients_normal") > 0);
      assertEquals(0, infoLong(admin, "memory", "mem_clients_slaves"));
      stalled.getOutputStream().write("GET mb\r\n".repeat(64).getBytes(StandardCharsets.US_ASCII));
      awaitLine(admin, "stalled", line -> number(line, "omem") >= MB);
      assertTrue(infoLong(admin, "memory", "mem_clients_normal") >= MB);
      await(() -> infoLong(admin, "clients", "client_recent_max_output_buffer") >= MB);
    }
  }

  @Test
  void maxmemoryClientsAndOutputBufferLimitsAnswerAsRedis(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); SideBySide both = new SideBySide(client(), new RawClient(redis.port))) {
      both.assertSameReplies("""
          CONFIG GET maxmemory-clients
          CONFIG SET maxmemory-clients 10%
          CONFIG GET maxmemory-clients
          CONFIG SET maxmemory-clients 100%
          CONFIG SET maxmemory-clients 101%
          CONFIG SET maxmemory-clients 0%
          CONFIG GET maxmemory-clients
          CONFIG SET maxmemory-clients -5
          CONFIG SET maxmemory-clients -1%
          CONFIG SET maxmemory-clients 1.5%
          CONFIG SET maxmemory-clients abc
          CONFIG SET maxmemory-clients 1mb
          CONFIG GET maxmemory-clients
          CONFIG SET maxmemory-clients 5k
          CONFIG GET maxmemory-clients
          CONFIG SET maxmemory-clients ""
          CONFIG GET maxmemory-clients
          CONFIG GET client-output-buffer-limit
          CONFIG SET client-output-buffer-limit "normal 1mb 2mb 3 pubsub 1 1 1"
          CONFIG GET client-output-buffer-limit
          CONFIG SET client-output-buffer-limit "replica 1gb 1g 0"
          CONFIG GET client-output-buffer-limit
          CONFIG SET client-output-buffer-limit "normal 1 2"
          CONFIG SET client-output-buffer-limit "master 1 1 1"
          CONFIG SET client-output-buffer-limit "normal x 1 1"
          CONFIG SET client-output-buffer-limit "normal 1 1 -1"
          CONFIG SET client-output-buffer-limit "normal 0 0 0 slave 256mb 64mb 60 pubsub 32mb 8mb 60"
          CONFIG GET client-output-buffer-limit
          CONFIG SET maxmemory-clients 0
          """);
    }
  }

  @Test
  void clientListHasRedisFieldsInRedisOrder(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client(); RawClient real = new RawClient(redis.port)) {
      List<String> redisNames = new ArrayList<>(fields((String) RawClient.asText(real.request("CLIENT", "INFO"))).keySet());
      List<String> verdisNames = new ArrayList<>(fields((String) RawClient.asText(verdis.request("CLIENT", "INFO"))).keySet());
      // Redis 7.2's two fields follow Redis 7.0's.
      assertEquals(redisNames, verdisNames.subList(0, redisNames.size()));
      assertEquals(List.of("lib-name", "lib-ver"), verdisNames.subList(redisNames.size(), verdisNames.size()));
      for (String[] field : new String[][] {{"clients", "client_recent_max_input_buffer"},
          {"clients", "client_recent_max_output_buffer"}, {"memory", "mem_clients_slaves"},
          {"memory", "mem_clients_normal"}, {"stats", "evicted_clients"}}) {
        infoLong(real, field[0], field[1]);
        infoLong(verdis, field[0], field[1]);
      }
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** A raw socket that named itself, read up to its +OK, and reads nothing more unless told. */
  private static Socket named(String name) throws IOException {
    Socket socket = new Socket("127.0.0.1", server.port());
    socket.getOutputStream().write(RawClient.command("CLIENT", "SETNAME", name));
    byte[] ok = socket.getInputStream().readNBytes(5);
    assertEquals("+OK\r\n", new String(ok, StandardCharsets.US_ASCII));
    return socket;
  }

  private static String lineOf(RawClient admin, String name) throws IOException {
    String line = lineOrNull(admin, name);
    assertTrue(line != null, "no client named " + name);
    return line;
  }

  private static String lineOrNull(RawClient admin, String name) throws IOException {
    String list = (String) RawClient.asText(admin.request("CLIENT", "LIST"));
    for (String line : list.split("\n")) {
      if (line.contains(" name=" + name + " ")) {
        return line.trim();
      }
    }
    return null;
  }

  private static Map<String, String> awaitLine(RawClient admin, String name, Predicate<Map<String, String>> condition)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      Map<String, String> line = fields(lineOf(admin, name));
      if (condition.test(line)) {
        return line;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("CLIENT LIST never showed what was awaited: " + line);
      }
      Thread.sleep(20);
    }
  }

  private interface Condition {
    boolean holds() throws IOException;
  }

  private static void await(Condition condition) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.holds()) {
      assertTrue(System.nanoTime() < deadline, "never happened");
      Thread.sleep(20);
    }
  }

  /** A CLIENT LIST line's fields, in their order. */
  private static Map<String, String> fields(String line) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String field : line.trim().split(" ")) {
      int equals = field.indexOf('=');
      fields.put(field.substring(0, equals), field.substring(equals + 1));
    }
    return fields;
  }

  private static long number(Map<String, String> fields, String name) {
    return Long.parseLong(fields.get(name));
  }

  private static long infoLong(RawClient client, String section, String field) throws IOException {
    for (String line : Info.lines(client, section)) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1));
      }
    }
    throw new AssertionError("INFO " + section + " has no " + field);
  }

  /** Reads (and drops) what the server sent until it closes; false if it is still open after 20 s. */
  private static boolean closedByServer(Socket socket) throws IOException {
    try (RawClient raw = new RawClient(socket)) {
      raw.readTimeout(20_000);
      while (true) {
        byte[] sink = raw.readBytes(64 * 1024);
        if (sink.length == 0) {
          return true;
        }
      }
    } catch (java.net.SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException closed) {
      return true;
    }
  }
}

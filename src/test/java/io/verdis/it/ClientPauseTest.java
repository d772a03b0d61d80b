package io.verdis.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CLIENT PAUSE and CLIENT UNPAUSE, each behaviour tried on Verdis and on a redis-server 7.0 side
 * by side: the same replies, in the same order, whatever holds them.
 */
@Timeout(60)
class ClientPauseTest {
  /** Long enough for a command sent before to have reached the server and been held. */
  private static final long SETTLE_MS = 300;

  @TempDir
  Path dir;
  private RealRedis redis;
  private TestServer verdis;
  private final List<RawClient> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    RealRedis.assumeInstalled();
    redis = RealRedis.start(Files.createDirectories(dir.resolve("redis")));
    verdis = TestServer.start();
  }

  @AfterEach
  void stop() throws Exception {
    for (RawClient client : clients) {
      client.close();
    }
    if (verdis != null) {
      verdis.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  /** One client to each server, in the order redis-server, Verdis. */
  private List<RawClient> pair() throws IOException {
    List<RawClient> pair = List.of(new RawClient(redis.port), new RawClient(verdis.port()));
    clients.addAll(pair);
    return pair;
  }

  @Test
  void pauseWriteHoldsWritesButNotReadsAndUnpauseRunsThemInOrder() throws Exception {
    List<RawClient> admins = pair();
    List<RawClient> writers = pair();
    List<List<Object>> seen = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      RawClient admin = admins.get(i);
      RawClient writer = writers.get(i);
      admin.request("SET", "k", "0");
      assertEquals("OK", admin.request("CLIENT", "PAUSE", 100000, "WRITE"));
      writer.sendPipelined(new String[] {"INCR", "k"}, new String[] {"GET", "k"}, new String[] {"PUBLISH", "c", "m"},
          new String[] {"INCR", "k"});
      Thread.sleep(SETTLE_MS);
      List<Object> replies = new ArrayList<>();
      replies.add(text(admin.request("GET", "k")));
      replies.add(admin.request("EXISTS", "k"));
      replies.add(admin.request("CLIENT", "UNPAUSE"));
      for (int reply = 0; reply < 4; reply++) {
        replies.add(RawClient.asText(writer.reply()));
      }
      replies.add(text(admin.request("GET", "k")));
      seen.add(replies);
    }
    assertEquals(List.of("0", 1L, "OK", 1L, "1", 0L, 2L, "2"), seen.get(0), "redis-server");
    assertEquals(seen.get(0), seen.get(1), "Verdis as redis-server");
  }

  @Test
  void aTransactionsWritesWaitToBeQueued() throws Exception {
    List<RawClient> admins = pair();
    List<RawClient> writers = pair();
    List<List<Object>> seen = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      RawClient admin = admins.get(i);
      RawClient writer = writers.get(i);
      List<Object> replies = new ArrayList<>();
      replies.add(writer.request("MULTI"));
      admin.request("CLIENT", "PAUSE", 100000, "WRITE");
      writer.sendPipelined(new String[] {"GET", "t"}, new String[] {"SET", "t", "1"}, new String[] {"EXEC"});
      Thread.sleep(SETTLE_MS);
      replies.add(RawClient.asText(writer.reply()));
      admin.request("CLIENT", "UNPAUSE");
      replies.add(RawClient.asText(writer.reply()));
      replies.add(RawClient.asText(writer.reply()));
      replies.add(text(admin.request("GET", "t")));
      seen.add(replies);
    }
    assertEquals(List.of("OK", "QUEUED", "QUEUED", Arrays.asList(null, "OK"), "1"), seen.get(0), "redis-server");
    assertEquals(seen.get(0), seen.get(1), "Verdis as redis-server");
  }

  @Test
  void pauseAllHoldsReadsUntilItsTimeout() throws Exception {
    List<RawClient> admins = pair();
    List<RawClient> readers = pair();
    for (int i = 0; i < 2; i++) {
      admins.get(i).request("SET", "r", "v");
      assertEquals("OK", admins.get(i).request("CLIENT", "PAUSE", 500));
      readers.get(i).readTimeout(20000);
      assertEquals("v", text(readers.get(i).request("GET", "r")));
      assertEquals("PONG", readers.get(i).request("PING"));
    }
  }

  @Test
  void keysDoNotExpireWhilePausedButReadAsMissing() throws Exception {
    List<RawClient> admins = pair();
    List<List<Object>> seen = new ArrayList<>();
    for (RawClient admin : admins) {
      admin.request("SET", "gone", "v", "PX", 50);
      admin.request("CLIENT", "PAUSE", 100000, "WRITE");
      Thread.sleep(SETTLE_MS);
      List<Object> replies = new ArrayList<>();
      replies.add(admin.request("GET", "gone"));
      replies.add(admin.request("DBSIZE"));
      replies.add(admin.request("CLIENT", "UNPAUSE"));
      replies.add(admin.request("GET", "gone"));
      replies.add(admin.request("DBSIZE"));
      seen.add(replies);
    }
    List<Object> expected = new ArrayList<>();
    expected.add(null);
    expected.addAll(List.of(1L, "OK"));
    expected.add(null);
    expected.add(0L);
    assertEquals(expected, seen.get(0), "redis-server");
    assertEquals(seen.get(0), seen.get(1), "Verdis as redis-server");
  }

  @Test
  void badArgumentsAnswerAsRedis() throws Exception {
    List<RawClient> pair = pair();
    SideBySide both = new SideBySide(pair.get(1), pair.get(0));
    both.same("CLIENT", "PAUSE", "abc");
    both.same("CLIENT", "PAUSE", -1);
    both.same("CLIENT", "PAUSE", 10, "READ");
    both.same("CLIENT", "PAUSE", "abc", "READ");
    both.same("CLIENT", "PAUSE", 10, "WRITE", "x");
    both.same("CLIENT", "PAUSE");
    both.same("CLIENT", "UNPAUSE", "x");
    both.same("CLIENT", "UNPAUSE");
  }

  private static String text(Object reply) {
    return reply == null ? null : new String((byte[]) reply, StandardCharsets.UTF_8);
  }
}

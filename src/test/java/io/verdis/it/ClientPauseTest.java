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
      replies.add(Info.lines(admin, "clients").stream().filter(line -> line.startsWith("blocked_clients:")).toList());
      replies.add(admin.request("CLIENT", "UNPAUSE"));
      for (int reply = 0; reply < 4; reply++) {
        replies.add(RawClient.asText(writer.reply()));
      }
      replies.add(text(admin.request("GET", "k")));
      seen.add(replies);
    }
    assertEquals(List.of("0", 1L, List.of("blocked_clients:1"), "OK", 1L, "1", 0L, 2L, "2"), seen.get(0),
        "redis-server");
    assertEquals(seen.get(0), seen.get(1), "Verdis as redis-server");
  }

  /** Which commands PAUSE WRITE holds besides writes: those that may reach the replicas. */
  @Test
  void pauseWriteHoldsWhatMayReplicateAsRedisDoes() throws Exception {
    List<Object[]> commands = List.of(
        new Object[] {"PUBLISH", "c", "m"},
        new Object[] {"SPUBLISH", "c", "m"},
        new Object[] {"PFCOUNT", "hll"},
        new Object[] {"EVAL", "return 1", 0},
        new Object[] {"EVAL", "#!lua flags=no-writes\nreturn 2", 0},
        new Object[] {"EVAL", "#!lua\nreturn 3", 0},
        new Object[] {"EVAL_RO", "return 4", 0},
        new Object[] {"EVALSHA", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", 0},
        new Object[] {"EVALSHA", sha1(NO_WRITES_SCRIPT), 0},
        new Object[] {"EVALSHA", sha1("return 'not loaded'"), 0},
        new Object[] {"FCALL", "writes", 0},
        new Object[] {"FCALL", "reads", 0},
        new Object[] {"FCALL_RO", "reads", 0},
        new Object[] {"SCRIPT", "LOAD", "return 5"},
        new Object[] {"GET", "x"},
        new Object[] {"PING"},
        new Object[] {"FUNCTION", "DELETE", "nolib"},
        new Object[] {"DEL", "nothing"});
    List<RawClient> admins = pair();
    List<List<String>> held = new ArrayList<>();
    List<List<Object>> replies = new ArrayList<>();
    for (RawClient admin : admins) {
      admin.request("SCRIPT", "LOAD", "return 1");
      admin.request("SCRIPT", "LOAD", NO_WRITES_SCRIPT);
      admin.request("FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function('writes', function() return 1 end)\n"
          + "redis.register_function{function_name='reads', callback=function() return 2 end, flags={'no-writes'}}");
      admin.request("CLIENT", "PAUSE", 100000, "WRITE");
      List<RawClient> senders = new ArrayList<>();
      for (Object[] command : commands) {
        RawClient sender = new RawClient(admin == admins.get(0) ? redis.port : verdis.port());
        clients.add(sender);
        senders.add(sender);
        sender.send(RawClient.command(java.util.Arrays.stream(command).map(String::valueOf).toArray(String[]::new)));
      }
      Thread.sleep(SETTLE_MS * 3);
      List<String> heldHere = new ArrayList<>();
      for (int i = 0; i < commands.size(); i++) {
        senders.get(i).readTimeout(1);
        try {
          senders.get(i).readUntil("\r\n").length();
          senders.set(i, null);
        } catch (java.net.SocketTimeoutException stillHeld) {
          heldHere.add(List.of(commands.get(i)).toString());
        }
      }
      held.add(heldHere);
      admin.request("CLIENT", "UNPAUSE");
      List<Object> answered = new ArrayList<>();
      for (RawClient sender : senders) {
        if (sender != null) {
          sender.readTimeout(20000);
          try {
            answered.add(RawClient.asText(sender.reply()));
          } catch (RawClient.ErrorReply error) {
            answered.add("-" + error.getMessage());
          }
        }
      }
      replies.add(answered);
    }
    assertEquals(held.get(0), held.get(1), "held by CLIENT PAUSE WRITE (redis-server, Verdis)");
    assertEquals(replies.get(0), replies.get(1), "their replies once unpaused");
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

  /** Pizzaria has no CLIENT PAUSE of its own, but its writes wait for one as RESP's do. */
  @Test
  void pizzariaWritesWaitAndReadsRun() throws Exception {
    try (RawClient admin = new RawClient(verdis.port());
         RawClient pizzaria = new RawClient(verdis.pizzariaPort())) {
      pizzaria.send("write p|1\r");
      assertEquals("success\r", pizzaria.readUntil("\r"));
      admin.request("CLIENT", "PAUSE", 100000, "WRITE");
      pizzaria.send("read p\r");
      assertEquals("1\r", pizzaria.readUntil("\r"));
      pizzaria.send("write p|2\rread p\r");
      Thread.sleep(SETTLE_MS);
      assertEquals("1", text(admin.request("GET", "p")));
      admin.request("CLIENT", "UNPAUSE");
      assertEquals("success\r", pizzaria.readUntil("\r"));
      assertEquals("2\r", pizzaria.readUntil("\r"));
    }
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

  private static final String NO_WRITES_SCRIPT = "#!lua flags=no-writes\nreturn 6";

  private static String sha1(String body) throws Exception {
    return java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static String text(Object reply) {
    return reply == null ? null : new String((byte[]) reply, StandardCharsets.UTF_8);
  }
}

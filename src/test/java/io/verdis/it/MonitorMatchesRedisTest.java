package io.verdis.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MONITOR on Verdis and on redis-server side by side, through raw sockets: the same commands run
 * by another client must reach the monitor as the same lines (timestamps and ports masked), in
 * the same order: transactions, scripts ("lua"), escaping, redaction, admin commands left out.
 */
class MonitorMatchesRedisTest extends RawSocketTestBase {
  private static final Pattern LINE = Pattern.compile("\\+\\d+\\.\\d{6} \\[\\d+ (lua|127\\.0\\.0\\.1:\\d+)\\] .*\r\n");
  private static final String END = "monitor-test-end";

  private static final String SCRIPT = """
      SET k v
      GET k
      SET bin "a\\x00b\\x22\\x5c\\x0a\\x0d\\x09\\x07\\x08\\xff \\xc3\\xa9"
      MULTI
      SET a 1
      INCR a
      EXEC
      MULTI
      SET a 1
      DISCARD
      EXEC
      MULTI
      NOSUCH
      SET a 1
      EXEC
      EVAL "redis.call('set','x','1'); return redis.call('get','x')" 0
      EVAL "return redis.call('nosuch')" 0
      EVAL "local v = redis.call('get', KEYS[1]); if ARGV[1] == 'w' then redis.call('set', KEYS[1], 'x') end; return v" 1 first r
      EVAL "local v = redis.call('get', KEYS[1]); if ARGV[1] == 'w' then redis.call('set', KEYS[1], 'x') end; return v" 1 first w
      EVALSHA 0000000000000000000000000000000000000000 0
      MULTI
      EVAL "return redis.call('set','q','2')" 0
      EXEC
      AUTH secret
      AUTH user pw
      ACL SETUSER mon on >pw ~* +@all
      ACL DELUSER mon
      !HELLO 3 AUTH default pw
      !HELLO 2
      CONFIG GET maxmemory
      !CLIENT LIST
      CLIENT KILL ID 999999
      SELECT 3
      SET z 1
      MULTI
      SELECT 2
      SET x 1
      EXEC
      SELECT 0
      PING
      GET
      CLIENT SETNAME worker
      !CLIENT ID
      LPUSH list x
      GET list
      BLPOP nolist 0.01
      MULTI
      MONITOR
      EXEC
      """;

  @Test
  void aMonitorSeesWhatRedisShowsIt(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir);
         RawClient verdisMonitor = client(); RawClient redisMonitor = new RawClient(redis.port);
         SideBySide both = new SideBySide(client(), new RawClient(redis.port))) {
      assertEquals("+OK\r\n", verdisMonitor.call("MONITOR"));
      assertEquals("+OK\r\n", redisMonitor.call("MONITOR"));
      both.assertSameReplies(SCRIPT + "ECHO " + END + "\n");
      List<String> expected = linesUntilEnd(redisMonitor);
      List<String> actual = linesUntilEnd(verdisMonitor);
      assertEquals(String.join("", expected), String.join("", actual));
      assertTrue(expected.size() > 30, "the script shows most of its commands");
    }
  }

  @Test
  void aMonitorMayOnlyRunWhatRedisLetsAReplicaRun(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir);
         SideBySide monitor = new SideBySide(client(), new RawClient(redis.port))) {
      monitor.same("MONITOR");
      // PING, CLIENT ID run (and the monitor sees its own command); the keyspace is refused.
      for (String[] command : List.of(new String[] {"GET", "k"}, new String[] {"SET", "k", "1"},
          new String[] {"PUBLISH", "c", "m"}, new String[] {"EVAL", "return 1", "0"})) {
        monitor.same((Object[]) command);
      }
      assertEquals("+PONG\r\n", monitor.verdis.call("PING"));
      assertEquals("+PONG\r\n", monitor.redis.call("PING"));
      assertEquals(masked(monitor.redis.readReply()), masked(monitor.verdis.readReply()));
      // A second MONITOR is ignored without a reply: the next reply is RESET's.
      monitor.verdis.send(RawClient.command("MONITOR"));
      monitor.redis.send(RawClient.command("MONITOR"));
      monitor.same("RESET");
      monitor.same("SET", "k", "after-reset");
      monitor.same("GET", "k");
    }
  }

  @Test
  void aMonitorUnderClientReplyOffGetsNoLines() throws Exception {
    try (RawClient monitor = client(); RawClient other = client()) {
      assertEquals("+OK\r\n", monitor.call("MONITOR"));
      String id = monitor.call("CLIENT", "ID").substring(1).trim();
      monitor.readReply(); // its own CLIENT ID line
      monitor.send(RawClient.command("CLIENT", "REPLY", "OFF"));
      // CLIENT LIST names a command as it starts; the name set by the next one shows OFF has run.
      monitor.send(RawClient.command("CLIENT", "SETNAME", "replies-off"));
      while (!other.call("CLIENT", "LIST", "ID", id).contains(" name=replies-off ")) {
        Thread.onSpinWait();
      }
      assertEquals("+OK\r\n", other.call("SET", "hidden", "1"));
      assertEquals("+OK\r\n", monitor.call("CLIENT", "REPLY", "ON"));
      assertTrue(masked(monitor.readReply()).endsWith("\"CLIENT\" \"REPLY\" \"ON\"\r\n"));
      assertEquals("+OK\r\n", other.call("SET", "shown", "1"));
      assertTrue(monitor.readReply().endsWith("\"SET\" \"shown\" \"1\"\r\n"));
    }
  }

  @Test
  void everyKindOfClientIsShown() throws Exception {
    try (RawClient monitor = client(); RawClient resp3 = client()) {
      assertEquals("+OK\r\n", monitor.call("MONITOR"));
      resp3.call("HELLO", "3");
      assertTrue(monitor.readReply().endsWith("\"HELLO\" \"3\"\r\n"));
      resp3.send("SET inline 1\r\n");
      assertEquals("+OK\r\n", resp3.readReply());
      assertTrue(monitor.readReply().endsWith("\"SET\" \"inline\" \"1\"\r\n"));
    }
  }

  @Test
  void pizzariaRequestsAreShownAsTheirVerbs() throws Exception {
    try (RawClient monitor = client(); RawClient pizzaria = new RawClient(server.pizzariaPort())) {
      assertEquals("+OK\r\n", monitor.call("MONITOR"));
      pizzaria.send("write pie|apple\r");
      pizzaria.readUntil("\r");
      String line = monitor.readReply();
      assertTrue(LINE.matcher(line).matches(), line);
      assertTrue(line.endsWith(" \"write\" \"pie\" \"apple\"\r\n"), line);
    }
  }

  @Test
  void clientListFlagsAMonitorWithO() throws Exception {
    try (RawClient monitor = client(); RawClient other = client()) {
      monitor.call("CLIENT", "SETNAME", "watcher");
      assertEquals("+OK\r\n", monitor.call("MONITOR"));
      String list = other.call("CLIENT", "LIST");
      assertTrue(list.contains("name=watcher age="), list);
      assertTrue(Pattern.compile("name=watcher age=\\d+ idle=\\d+ flags=O ").matcher(list).find(), list);
    }
  }

  /** The monitor's lines up to the ECHO that ends the script, each checked for Redis's shape and masked. */
  private static List<String> linesUntilEnd(RawClient monitor) throws IOException {
    List<String> lines = new ArrayList<>();
    while (true) {
      String line = monitor.readUntil("\r\n");
      assertTrue(LINE.matcher(line).matches(), "a monitor line: " + line);
      if (line.endsWith("\"ECHO\" \"" + END + "\"\r\n")) {
        return lines;
      }
      lines.add(masked(line));
    }
  }

  private static String masked(String line) {
    return line.replaceAll("^\\+\\d+\\.\\d{6} ", "+TIME ")
        .replaceAll("127\\.0\\.0\\.1:\\d+", "ADDR");
  }
}

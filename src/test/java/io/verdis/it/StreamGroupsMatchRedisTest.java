package io.verdis.it;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Consumer groups side by side with redis-server 7.0: XGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM
 * and XINFO, every option and error, in RESP2 and RESP3. Replies must be equal byte for byte once
 * the fields that tell the time are masked (idle times, seen times, delivery times: see
 * {@link #masked}) and radix-tree-nodes, which counts the nodes of Redis's radix tree. Where a time
 * matters (IDLE, TIME, min-idle-time) the scripts check it through XPENDING's IDLE filter, whose
 * answer does not depend on when the test runs.
 */
class StreamGroupsMatchRedisTest extends RawSocketTestBase {
  private static final Pattern[] TIMES = {
      Pattern.compile("(\\$4\r\nidle\r\n):\\d+\r\n"),
      Pattern.compile("(\\$9\r\nseen-time\r\n):\\d+\r\n"),
      Pattern.compile("(\\$16\r\nradix-tree-nodes\r\n):\\d+\r\n"),
      // XPENDING's entries and XINFO STREAM FULL's group PEL: id, consumer, time, deliveries.
      Pattern.compile("(\\*4\r\n\\$\\d+\r\n\\d+-\\d+\r\n\\$\\d+\r\n[^\r\n]*\r\n):\\d+\r\n"),
      // XINFO STREAM FULL's consumer PEL: id, time, deliveries.
      Pattern.compile("(\\*3\r\n\\$\\d+\r\n\\d+-\\d+\r\n):\\d+\r\n")};

  @TempDir
  Path dir;

  /** The reply with its times replaced by ":T" (see the class comment). */
  static String masked(String reply) {
    for (Pattern time : TIMES) {
      reply = time.matcher(reply).replaceAll("$1:T\r\n");
    }
    return reply;
  }

  private void inBothProtocols(String script) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(Files.createDirectories(dir.resolve("redis")));
         RawClient verdis = client()) {
      SideBySide both = new SideBySide(verdis, redis.client());
      for (int protocol : new int[] {2, 3}) {
        assertSameMasked(both, "!hello " + protocol + "\n!flushall\n" + script);
      }
    }
  }

  /** As {@link SideBySide#assertSameReplies}, comparing the replies {@link #masked}. */
  static void assertSameMasked(SideBySide both, String script) throws IOException {
    List<String[]> commands = SideBySide.parse(script);
    List<String> differences = new ArrayList<>();
    for (String[] command : commands) {
      boolean compare = !command[0].startsWith("!");
      String[] words = command.clone();
      words[0] = words[0].replaceFirst("^!", "");
      byte[] request = RawClient.command(words);
      String expected = masked(both.redis.send(request).readReply());
      String actual = masked(both.verdis.send(request).readReply());
      if (compare && !expected.equals(actual)) {
        differences.add(String.join(" ", words) + "\n    redis:  " + expected.replace("\r\n", "\\r\\n")
            + "\n    verdis: " + actual.replace("\r\n", "\\r\\n"));
      }
    }
    if (!differences.isEmpty()) {
      fail(differences.size() + " of " + commands.size() + " replies differ:\n  " + String.join("\n  ", differences));
    }
  }

  /** Five entries 1-0 … 5-0 in s, group g from the start, c1 read two and c2 one. */
  private static final String READ = """
      xadd s 1-0 f 1
      xadd s 2-0 f 2
      xadd s 3-0 f 3 g x
      xadd s 4-0 f 4
      xadd s 5-0 f 5
      xgroup create s g 0
      xreadgroup group g c1 count 2 streams s >
      xreadgroup group g c2 count 1 streams s >
      """;

  @Test
  @DisplayName("XGROUP CREATE with an id, $, MKSTREAM and ENTRIESREAD; SETID; and their errors in Redis's order")
  void createAndSetid() throws Exception {
    inBothProtocols("""
        xgroup create s g $
        xgroup create s g $ mkstream
        xinfo stream s
        xgroup create s g $ mkstream
        xgroup create s g 0
        xadd s 1-1 a 1
        xadd s 2-2 b 2
        xgroup create s g2 $
        xgroup create s g3 1 entriesread 1
        xgroup create s g4 1-1 ENTRIESREAD -1 MKSTREAM
        xgroup create s g5 0 entriesread -2
        xgroup create s g5 0 entriesread x
        xgroup create s g5 0 entriesread
        xgroup create s g5 0 mkstream foo
        xgroup create s g5 0 entriesread 1 entriesread 2
        xgroup create s g5 -
        xgroup create s g5 +
        xgroup create s g5 (0
        xgroup create s g5 x
        xgroup create s g5 18446744073709551615-18446744073709551615
        xgroup create nokey g 0
        xgroup create nokey g x mkstream
        exists nokey
        set str v
        xgroup create str g 0
        xgroup create str g 0 mkstream
        xgroup create s
        xgroup create s g
        xinfo groups s
        xgroup setid s g 1-1
        xgroup setid s g $ entriesread 2
        xgroup setid s g2 - entriesread 0
        xgroup setid s g3 +
        xgroup setid s g4 5 entriesread 9
        xgroup setid s g4 5 entriesread
        xgroup setid s g4 5 foo
        xgroup setid s g4 5 mkstream
        xgroup setid s g4 x
        xgroup setid s g4 5 entriesread -3
        xgroup setid s nog 0
        xgroup setid nokey g 0
        xgroup setid str g 0
        xgroup setid s g 0 entriesread 1 entriesread 2
        xinfo groups s
        xgroup CREATE s G5 0
        xgroup nosuch s g
        xgroup nosuch
        xgroup
        xgroup help
        xgroup HELP extra
        """);
  }

  @Test
  @DisplayName("XGROUP CREATECONSUMER, DELCONSUMER (with pending entries) and DESTROY")
  void consumersAndDestroy() throws Exception {
    inBothProtocols(READ + """
        xgroup createconsumer s g c3
        xgroup createconsumer s g c3
        xgroup createconsumer s nog c3
        xgroup createconsumer nokey g c3
        xgroup createconsumer s g
        xinfo consumers s g
        xpending s g
        xgroup delconsumer s g c1
        xgroup delconsumer s g c1
        xgroup delconsumer s g c3
        xgroup delconsumer s nog c3
        xgroup delconsumer nokey g c3
        xpending s g
        xinfo consumers s g
        xinfo groups s
        xgroup destroy s g
        xgroup destroy s g
        xgroup destroy s nog
        xgroup destroy nokey g
        xgroup destroy s
        xgroup destroy s g extra
        xinfo groups s
        set str v
        xgroup destroy str g
        xgroup delconsumer str g c
        """);
  }

  @Test
  @DisplayName("XACK and XPENDING: summary, ranges, exclusive bounds, IDLE, one consumer, and errors")
  void ackAndPending() throws Exception {
    inBothProtocols(READ + """
        xpending s g
        xpending s g - + 10
        xpending s g - + 2
        xpending s g - + 0
        xpending s g - + -1
        xpending s g (1-0 + 10
        xpending s g - (3 10
        xpending s g (2 (3 10
        xpending s g 3 1 10
        xpending s g 2 2 10
        xpending s g - + 10 c1
        xpending s g - + 10 c2
        xpending s g - + 10 nosuch
        xpending s g - + 10 c1 ignored words
        xpending s g IDLE 0 - + 10
        xpending s g IDLE 100000000 - + 10
        xpending s g idle 100000000 - + 10 c1
        xpending s g idle -5 - + 10 c1
        xpending s g idle x - + 10
        xpending s g idle 5 - +
        xpending s g idle 5 - + 10 c1 extra
        xpending s g - +
        xpending s g - + x
        xpending s g x + 10
        xpending s g - x 10
        xpending s g (- + 10
        xpending s g - (+ 10
        xpending s g (18446744073709551615-18446744073709551615 + 10
        xpending s g - (0-0 10
        xpending s g 1-0 + 10 c1 a b c
        xpending s nog
        xpending nokey g
        xpending nokey g - + x
        xpending s
        set str v
        xpending str g
        xpending str g - + 10
        xack s g 1-0 9-9
        xack s g 1-0
        xack s g 2-0 3-0 x
        xack s g 2 +
        xack s g -
        xack s nog 2-0
        xack nokey g x
        xack str g 1
        xack s g
        xpending s g
        xack s g 2-0 3-0 3-0
        xpending s g
        xpending s g - + 10
        xinfo groups s
        """);
  }

  @Test
  @DisplayName("XCLAIM with IDLE, TIME, RETRYCOUNT, FORCE, JUSTID and LASTID; deleted entries leave the PEL")
  void claim() throws Exception {
    inBothProtocols(READ + """
        xclaim s g c2 0 1-0
        xpending s g - + 10
        xclaim s g c2 0 1 2 9 justid
        xpending s g - + 10
        xclaim s g c2 0 1-0 1-0 2-0 retrycount 3 justid
        xclaim s g c2 0 1-0 1-0 retrycount 3
        xpending s g - + 10
        xclaim s g c1 100000000 1-0 2-0
        xclaim s g c3 100000000 1-0 2-0
        xinfo consumers s g
        xclaim s g c1 0 1-0 idle 200000000 retrycount 7
        xpending s g idle 150000000 - + 10
        xclaim s g c1 100000000 1-0 2-0 justid
        xclaim s g c1 0 2-0 time 1000
        xpending s g idle 100000000 - + 10
        xclaim s g c1 0 2-0 time 99999999999999999 justid
        xclaim s g c1 0 2-0 idle -5
        xclaim s g c1 0 2-0 time -5 retrycount -3
        xpending s g idle 100000000 - + 10
        xpending s g - + 10
        xclaim s g c4 0 4-0 5-0
        xclaim s g c4 0 4-0 force
        xclaim s g c4 0 5-0 force justid
        xclaim s g c4 0 9-0 force
        xpending s g - + 10
        xinfo groups s
        xclaim s g c4 0 4-0 lastid 7-0 justid
        xinfo groups s
        xclaim s g c4 999999999 4-0 lastid 8-0
        xclaim s g c4 0 4-0 lastid 2-0
        xinfo groups s
        xdel s 1-0 4-0
        xclaim s g c5 0 1-0 4-0 5-0
        xpending s g
        xinfo consumers s g
        xclaim s g c5 0 1-0 force
        xclaim s g c5 0 x
        xclaim s g c5 x 1-0
        xclaim s g c5 -7 5-0 justid
        xclaim s g c5 0 5-0 foo
        xclaim s g c5 0 5-0 idle
        xclaim s g c5 0 5-0 idle x
        xclaim s g c5 0 5-0 time x
        xclaim s g c5 0 5-0 retrycount x
        xclaim s g c5 0 5-0 lastid x
        xclaim s g c5 0 5-0 lastid +
        xclaim s g c5 0 5-0 justid 2-0
        xclaim s g c5 0 -
        xclaim s nog c 0 1-0
        xclaim nokey g c 0 1-0
        set str v
        xclaim str g c 0 1-0
        xclaim s g c 0
        xpending s g - + 10
        """);
  }

  @Test
  @DisplayName("XAUTOCLAIM: the cursor, COUNT and its bounds, JUSTID, min-idle-time, deleted entries in the third element")
  void autoclaim() throws Exception {
    inBothProtocols(READ + """
        xreadgroup group g c3 streams s >
        xautoclaim s g c9 100000000 0
        xinfo consumers s g
        xautoclaim s g c9 0 0 count 2
        xautoclaim s g c9 0 3-0 count 2 justid
        xautoclaim s g c9 0 (3-0 count 1
        xautoclaim s g c9 0 (5-0
        xautoclaim s g c9 0 -
        xautoclaim s g c9 0 +
        xautoclaim s g c9 0 5
        xautoclaim s g c9 0 4-0 count 1 justid
        xpending s g - + 10
        xdel s 2-0 3-0
        xautoclaim s g c8 0 0 count 1
        xautoclaim s g c8 0 0 count 2
        xautoclaim s g c8 0 0
        xpending s g
        xinfo consumers s g
        xautoclaim s g c8 0 0 count 0
        xautoclaim s g c8 0 0 count -1
        xautoclaim s g c8 0 0 count x
        xautoclaim s g c8 0 0 count 576460752303423488
        xautoclaim s g c8 0 0 count 576460752303423487
        xautoclaim nokey g c8 0 0 count 576460752303423487
        xautoclaim s g c8 0 0 count
        xautoclaim s g c8 0 0 foo
        xautoclaim s g c8 x 0
        xautoclaim s g c8 -5 0 justid
        xautoclaim s g c8 0 x
        xautoclaim s g c8 0 (18446744073709551615-18446744073709551615
        xautoclaim s nog c8 0 0
        xautoclaim nokey g c8 0 0
        xautoclaim nokey g c8 0 x
        set str v
        xautoclaim str g c 0 0
        xautoclaim s g c 0
        """);
  }

  @Test
  @DisplayName("XINFO STREAM (and FULL with COUNT), GROUPS with entries-read and lag, CONSUMERS, HELP, and errors")
  void info() throws Exception {
    StringBuilder many = new StringBuilder();
    for (int i = 1; i <= 14; i++) {
      many.append("xadd big ").append(i).append("-0 f ").append(i).append('\n');
    }
    inBothProtocols(READ + many + """
        xinfo stream s
        xinfo stream s full
        xinfo stream s FULL count 1
        xinfo stream s full count 0
        xinfo stream s full count -1
        xinfo stream s full count x
        xinfo stream s full count
        xinfo stream s full foo 1
        xinfo stream s count 1
        xinfo stream s foo
        xinfo stream nokey
        xinfo stream nokey foo
        xinfo groups s
        xinfo consumers s g
        xgroup create big g 0
        xgroup create big late $
        xgroup create big unknown 3-0
        xreadgroup group g a count 11 streams big >
        xinfo stream big full
        xinfo stream big full count 12
        xinfo stream big full count -1
        xinfo stream big full count 2
        xinfo groups big
        xdel big 13-0
        xinfo stream big
        xinfo groups big
        xdel big 1-0
        xinfo groups big
        xinfo stream big
        xgroup setid big g 12-0 entriesread 12
        xinfo groups big
        xgroup setid big g 13-0
        xinfo groups big
        xgroup setid big g 99-0 entriesread 100
        xinfo groups big
        xgroup create empty g $ mkstream
        xinfo stream empty
        xinfo stream empty full
        xinfo groups empty
        xinfo consumers empty g
        xinfo consumers empty nog
        xinfo consumers nokey g
        xinfo groups nokey
        set str v
        xinfo stream str
        xinfo groups str
        xinfo consumers str g
        xinfo groups s extra
        xinfo consumers s
        xinfo stream
        xinfo nosuch s
        xinfo
        xinfo help
        xinfo help extra
        """);
  }

  @Test
  @DisplayName("XINFO STREAM's radix-tree-keys: nodes cut at stream-node-max-entries as Redis cuts its listpacks")
  void nodes() throws Exception {
    StringBuilder script = new StringBuilder();
    for (int i = 1; i <= 250; i++) {
      script.append("!xadd long ").append(i).append("-0 field ").append(i).append('\n');
      if (i % 50 == 0 || i == 1 || i == 99 || i == 101) {
        script.append("xinfo stream long\n");
      }
    }
    script.append("""
        !config set stream-node-max-entries 7
        !config set stream-node-max-bytes 0
        """);
    for (int i = 1; i <= 30; i++) {
      script.append("!xadd short ").append(i).append("-0 f ").append(i).append('\n').append("xinfo stream short\n");
    }
    script.append("""
        !config set stream-node-max-entries 100
        !config set stream-node-max-bytes 4096
        """);
    inBothProtocols(script.toString());
  }

  @Test
  @DisplayName("Claims and group changes inside MULTI/EXEC reply as outside")
  void inTransactions() throws Exception {
    inBothProtocols(READ + """
        multi
        xclaim s g c9 0 1-0 2-0
        xautoclaim s g c8 0 0 count 1
        xack s g 3-0
        xgroup createconsumer s g c7
        xgroup setid s g 0
        xinfo groups s
        xpending s g - + 10
        exec
        """);
  }

  /** WATCH s, then {@code command}, then an EXEC that fails only if the command touched the key. */
  private static String underWatch(String command) {
    return "watch s\n" + command + "\nmulti\nping\nexec\n";
  }

  @Test
  @DisplayName("Group changes leave WATCHes of the stream valid, as in Redis 7.0; MKSTREAM and XADD do not")
  void watches() throws Exception {
    inBothProtocols(READ
        + underWatch("xack s g 1-0")
        + underWatch("xgroup createconsumer s g c9")
        + underWatch("xgroup delconsumer s g c9")
        + underWatch("xgroup setid s g 0")
        + underWatch("xgroup create s g2 0")
        + underWatch("xclaim s g c3 0 2-0")
        + underWatch("xautoclaim s g c4 0 0")
        + underWatch("xgroup destroy s g2")
        + underWatch("xreadgroup group g c1 count 1 streams s >")
        + underWatch("xadd s 6-0 f 6")
        + "del s\n"
        + underWatch("xgroup create s g 0 mkstream"));
  }

  @Test
  @DisplayName("XGROUP DESTROY wakes the group's clients blocked in XREADGROUP with NOGROUP; DELCONSUMER does not")
  void destroyWakesBlockedReaders() throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client();
         RawClient redisReader = new RawClient(redis.port); RawClient verdisReader = client()) {
      SideBySide both = new SideBySide(verdis, redis.client());
      SideBySide readers = new SideBySide(verdisReader, redisReader);
      both.assertSameReplies("""
          xgroup create s g $ mkstream
          xgroup create s other $
          """);
      byte[] read = RawClient.command("xreadgroup", "group", "g", "c", "block", "0", "streams", "s", ">");
      redisReader.send(read);
      verdisReader.send(read);
      awaitBlocked(redis.client(), 1);
      awaitBlocked(verdis, 1);
      both.assertSameReplies("""
          xgroup delconsumer s g c
          xgroup destroy s other
          xgroup createconsumer s g c
          """);
      awaitBlocked(redis.client(), 1);
      awaitBlocked(verdis, 1);
      both.same("xgroup", "destroy", "s", "g");
      readers.sameNext("the blocked XREADGROUP after XGROUP DESTROY");
      awaitBlocked(verdis, 0);
    }
  }

  /** Waits until the server reports {@code count} blocked clients. */
  private static void awaitBlocked(RawClient client, int count) throws Exception {
    for (int attempt = 0; attempt < 500; attempt++) {
      String info = new String((byte[]) client.request("INFO", "clients"), StandardCharsets.ISO_8859_1);
      if (info.contains("blocked_clients:" + count + "\r\n")) {
        return;
      }
      Thread.sleep(10);
    }
    fail("the server never reported " + count + " blocked clients");
  }

  @Test
  @DisplayName("COMMAND INFO, COMMAND DOCS and COMMAND GETKEYS describe the group commands as Redis does")
  void declarations() throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      RawClient real = redis.client();
      CommandDeclarations.assertSameAsRedis(real, verdis, "xgroup", "xgroup|create", "xgroup|setid", "xgroup|destroy",
          "xgroup|createconsumer", "xgroup|delconsumer", "xgroup|help", "xack", "xpending", "xclaim", "xautoclaim",
          "xinfo", "xinfo|stream", "xinfo|groups", "xinfo|consumers", "xinfo|help");
      new SideBySide(verdis, real).assertSameReplies("""
          command getkeys xgroup create k g 0
          command getkeys xack k g 1-0
          command getkeys xclaim k g c 0 1-0
          command getkeys xinfo stream k
          command getkeys xpending k g
          """);
    }
  }

  @Test
  @DisplayName("Group commands publish Redis's keyspace events, once a change is made")
  void keyspaceEvents() throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client();
         KeyspaceEventStream redisEvents = new RespEventStream(redis.port);
         KeyspaceEventStream verdisEvents = KeyspaceEventStream.verdis(server)) {
      RawClient real = redis.client();
      List<String[]> commands = SideBySide.parse("""
          config set notify-keyspace-events KEA
          xgroup create s g $ mkstream
          xgroup create s g $ mkstream
          xgroup setid s g 0
          xgroup createconsumer s g c
          xgroup createconsumer s g c
          xadd s 1-0 f v
          xadd s 2-0 f v
          xreadgroup group g c count 1 streams s >
          xack s g 1-0
          xack s g 1-0
          xclaim s g d 100000000 2-0
          xreadgroup group g c streams s >
          xclaim s g d 0 2-0
          xautoclaim s g e 0 0
          xautoclaim s g d 100000000 0
          xdel s 2-0
          xautoclaim s g f 0 0
          xclaim s g d 0 1-0 lastid 9-0
          xgroup delconsumer s g c
          xgroup delconsumer s g nosuch
          xgroup destroy s g
          xgroup destroy s g
          xpending s g
          xinfo stream s
          """);
      StringBuilder expected = new StringBuilder();
      StringBuilder actual = new StringBuilder();
      for (String[] command : commands) {
        byte[] request = RawClient.command(command);
        String line = "> " + String.join(" ", command) + "\n";
        expected.append(line).append("  ").append(masked(real.send(request).readReply()).replace("\r\n", "\\r\\n"))
            .append('\n');
        actual.append(line).append("  ").append(masked(verdis.send(request).readReply()).replace("\r\n", "\\r\\n"))
            .append('\n');
        for (String event : redisEvents.take()) {
          expected.append("    ").append(event).append('\n');
        }
        for (String event : verdisEvents.take()) {
          actual.append("    ").append(event).append('\n');
        }
      }
      verdis.request("config", "set", "notify-keyspace-events", "");
      assertEquals(expected.toString(), actual.toString());
    }
  }
}

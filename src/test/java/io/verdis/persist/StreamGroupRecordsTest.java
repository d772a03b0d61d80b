package io.verdis.persist;

import io.verdis.it.RawClient;
import io.verdis.it.RealRedis;
import io.verdis.it.SideBySide;
import io.verdis.it.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the consumer-group commands log, record for record against redis-server 7.0's own AOF
 * (both with {@code appendfsync always}): XCLAIM and XAUTOCLAIM as one idempotent XCLAIM per entry
 * claimed or dropped (wrapped in MULTI/EXEC when there are several), LASTID alone as XGROUP SETID,
 * nothing for a claim that claimed nothing, the XGROUP subcommands and XACK as they came, and the
 * same from a script (the script's effects wrapped as a whole); XREADGROUP as an XCLAIM per entry
 * delivered, or with NOACK as XGROUP SETID (after XGROUP CREATECONSUMER for a new consumer). The delivery times in the records
 * (TIME ms) are the only thing masked. Replaying Verdis's file must then give the same groups.
 */
class StreamGroupRecordsTest {
  private static final String SCRIPT = """
      xadd s 1-0 f 1
      xadd s 2-0 f 2
      xadd s 3-0 f 3
      xadd s 4-0 f 4
      xadd s 5-0 f 5
      xgroup create s g 0
      xgroup create s g2 $ entriesread 5
      xgroup create new g 0 MKSTREAM
      xclaim s g c 0 1-0 2-0 3-0 force lastid 3-0
      xdel s 2-0
      xclaim s g d 0 1 2-0 3-0 lastid 4-5
      xclaim s g d 0 3-0 lastid 4-9 retrycount 5 idle 10
      xclaim s g d 999999999 3-0 lastid 4-10
      xclaim s g d 0 9-9 lastid 4-10
      xclaim s g newbie 999999999 3-0
      xclaim s g e 0 4-0 force justid
      xack s g 1-0
      xack s g 1-0
      xautoclaim s g e 0 0
      xautoclaim s g f 999999999 0
      xgroup createconsumer s g z
      xgroup createconsumer s g z
      xgroup delconsumer s g z
      xgroup delconsumer s g z
      xgroup setid s g 0 entriesread 3
      multi
      xclaim s g q 0 3-0 4-0
      xack s g 3-0
      exec
      eval "return redis.call('xautoclaim', KEYS[1], 'g', 'scripted', 0, 0)" 1 s
      eval "redis.call('xack', KEYS[1], 'g', '4-0') return redis.call('xclaim', KEYS[1], 'g', 'x', 0, '3-0')" 1 s
      xgroup create s g3 0
      xreadgroup group g3 c count 2 streams s >
      xreadgroup group g3 c2 count 1 noack streams s >
      xreadgroup group g3 c2 count 1 noack streams s >
      xreadgroup group g3 c streams s 0
      xreadgroup group g3 c3 noack streams s 0
      xreadgroup group g3 c4 streams s >
      xgroup destroy s g2
      xgroup destroy s g2
      """;

  @TempDir
  Path dir;

  @Test
  @DisplayName("Claims, acknowledgements and group changes are logged as Redis 7.0 logs them, and replay")
  void sameRecordsAsRedis() throws Exception {
    RealRedis.assumeInstalled();
    Path redisDir = Files.createDirectories(dir.resolve("redis"));
    Path verdisDir = Files.createDirectories(dir.resolve("verdis"));
    String[] options = {"--dir", verdisDir.toString(), "--appendonly", "yes", "--appendfsync", "always",
        "--shards", "3"};
    String before;
    try (RealRedis redis = RealRedis.startWithAof(redisDir, "--appendfsync", "always");
         TestServer verdis = TestServer.start(options);
         RawClient client = new RawClient(verdis.port())) {
      SideBySide both = new SideBySide(client, redis.client());
      both.assertSameReplies(SCRIPT);
      String expected = masked(AofRecords.read(redisDir));
      assertTrue(expected.contains("XCLAIM s g d 0 1 TIME T RETRYCOUNT 3 FORCE JUSTID LASTID 4-5"), expected);
      assertEquals(expected, masked(AofRecords.read(verdisDir)));
      before = both.same("xinfo", "groups", "s") + both.same("xpending", "s", "g");
    }
    try (TestServer verdis = TestServer.start(options);
         RawClient client = new RawClient(verdis.port())) {
      client.send(RawClient.command("xinfo", "groups", "s"));
      String groups = client.readReply();
      client.send(RawClient.command("xpending", "s", "g"));
      assertEquals(before, groups + client.readReply());
    }
  }

  private static String masked(List<String> records) {
    return String.join("\n", records).replaceAll("TIME \\d+", "TIME T");
  }
}

package io.verdis.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Client-side caching (CLIENT TRACKING) on Verdis and redis-server side by side: the commands'
 * replies and errors, and the invalidations themselves, byte for byte, as RESP3 pushes and as
 * {@code __redis__:invalidate} messages to a RESP2 client's redirect target. The node under test has
 * three shards: reads and writes cross them. "No invalidation" is checked by a PING answered next.
 */
class ClientTrackingMatchesRedisTest extends RawSocketTestBase {
  private static Path dir;
  private static RealRedis redis;

  @BeforeAll
  static void startRedis() throws Exception {
    RealRedis.assumeInstalled();
    dir = Files.createTempDirectory("tracking");
    redis = RealRedis.start(dir);
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  @BeforeEach
  void flushRedis() throws IOException {
    try (RawClient raw = new RawClient(redis.port)) {
      assertEquals("+OK\r\n", raw.call("FLUSHALL"));
    }
  }

  private static SideBySide pair(int protocol) throws IOException {
    SideBySide both = new SideBySide(client(), new RawClient(redis.port));
    if (protocol == 3) {
      both.verdis.call("HELLO", "3");
      both.redis.call("HELLO", "3");
    }
    return both;
  }

  @Test
  void trackingCommandsAnswerAsRedisWithRedisErrors() throws IOException {
    for (int protocol : new int[] {2, 3}) {
      try (SideBySide both = pair(protocol)) {
        both.assertSameReplies("""
            CLIENT GETREDIR
            CLIENT TRACKINGINFO
            CLIENT CACHING YES
            CLIENT CACHING
            CLIENT TRACKING
            CLIENT TRACKING maybe
            CLIENT TRACKING on foo
            CLIENT TRACKING on redirect
            CLIENT TRACKING on redirect notanumber
            CLIENT TRACKING on redirect 987654
            CLIENT TRACKING off redirect 987654
            CLIENT TRACKING on prefix a
            CLIENT TRACKING on optin optout
            CLIENT TRACKING on bcast optin
            CLIENT TRACKING on bcast optout
            CLIENT TRACKING on bcast prefix a prefix ab
            CLIENT TRACKING on bcast prefix ab prefix a
            CLIENT TRACKING on optin
            CLIENT TRACKING on optout
            CLIENT TRACKING on bcast
            CLIENT CACHING NO
            CLIENT CACHING maybe
            CLIENT TRACKINGINFO
            CLIENT CACHING YES
            CLIENT TRACKINGINFO
            GET k
            CLIENT TRACKINGINFO
            CLIENT GETREDIR
            CLIENT TRACKING off
            CLIENT TRACKING on optout noloop
            CLIENT CACHING YES
            CLIENT CACHING NO
            CLIENT TRACKINGINFO
            CLIENT TRACKING off
            CLIENT TRACKING on bcast prefix b prefix a
            CLIENT TRACKING on bcast prefix abc
            CLIENT TRACKING on bcast prefix c
            CLIENT TRACKING on bcast noloop
            CLIENT TRACKINGINFO
            CLIENT TRACKING on
            CLIENT TRACKING off
            CLIENT TRACKINGINFO
            CLIENT GETREDIR
            """);
      }
    }
  }

  @Test
  void aReadKeyIsInvalidatedOnceWhenAnotherClientWritesIt() throws IOException {
    try (SideBySide reader = pair(3); SideBySide writer = pair(2)) {
      reader.same("CLIENT", "TRACKING", "ON");
      reader.same("GET", "k1");
      reader.same("MGET", "k2", "k3", "k4");
      writer.same("SET", "k1", "v");
      reader.sameNext("invalidation of k1");
      writer.same("SET", "k1", "again");
      reader.same("PING");
      writer.same("MSET", "k2", "x", "k3", "y");
      reader.sameNext("invalidation of k2");
      reader.sameNext("invalidation of k3");
      writer.same("RPUSH", "k4", "a");
      reader.sameNext("a type change invalidates as well");
      reader.same("CLIENT", "TRACKINGINFO");
      reader.same("GET", "k1");
      writer.same("SELECT", "1");
      writer.same("SET", "k1", "in another database");
      reader.sameNext("keys are tracked by name, whatever the database");
      reader.same("GET", "k1");
      reader.same("SET", "k1", "own");
      reader.sameNext("its own write is invalidated after its reply");
    }
  }

  @Test
  void noloopSkipsTheClientsOwnWritesOnly() throws IOException {
    try (SideBySide reader = pair(3); SideBySide writer = pair(2)) {
      reader.same("CLIENT", "TRACKING", "ON", "NOLOOP");
      reader.same("MGET", "n1", "n2");
      reader.same("SET", "n1", "own");
      reader.same("PING");
      writer.same("SET", "n2", "other");
      reader.sameNext("n2, written by another client");
      reader.same("GET", "n1");
      reader.same("MULTI");
      reader.same("DEL", "n1");
      reader.same("EXEC");
      reader.same("PING");
    }
  }

  @Test
  void writesInsideMultiExecInvalidateAfterExec() throws IOException {
    try (SideBySide reader = pair(3); SideBySide writer = pair(2)) {
      reader.same("CLIENT", "TRACKING", "ON");
      reader.same("MGET", "a1", "b1", "c1");
      writer.same("MULTI");
      writer.same("SET", "a1", "1");
      writer.same("INCR", "b1");
      writer.same("DEL", "c1");
      writer.same("EXEC");
      reader.sameNext("a1");
      reader.sameNext("b1");
      reader.same("PING");
      reader.same("MULTI");
      reader.same("GET", "x1");
      reader.same("GET", "y1");
      reader.same("EXEC");
      writer.same("MSET", "x1", "1", "y1", "2");
      reader.sameNext("reads in a transaction are tracked: x1");
      reader.sameNext("y1");
    }
  }

  @Test
  void readsMadeByAScriptAreTrackedForItsCaller() throws IOException {
    try (SideBySide reader = pair(3); SideBySide writer = pair(2)) {
      reader.same("CLIENT", "TRACKING", "ON");
      reader.same("EVAL", "return redis.call('get', KEYS[1])", "1", "s1");
      reader.same("EVAL_RO", "return redis.call('get', KEYS[1])", "1", "s2");
      reader.same("EVAL", "redis.call('get', KEYS[1]); redis.call('get', KEYS[2]); return 1", "2", "{s}a", "{s}b");
      writer.same("SET", "s1", "1");
      reader.sameNext("s1, read by EVAL");
      writer.same("SET", "s2", "1");
      reader.sameNext("s2, read by EVAL_RO");
      writer.same("MSET", "{s}b", "1", "{s}a", "2");
      reader.sameNext("{s}b");
      reader.sameNext("{s}a");
      writer.same("SET", "s1", "2");
      reader.same("PING");
    }
  }

  @Test
  void anExpiredKeyIsInvalidated() throws Exception {
    try (SideBySide reader = pair(3); SideBySide writer = pair(2)) {
      writer.same("SET", "e", "1", "PX", "1000");
      reader.same("CLIENT", "TRACKING", "ON");
      reader.same("GET", "e");
      // The key goes by active expiry, or by the writer's lookup: whichever comes first, once.
      awaitExpired(writer.verdis);
      awaitExpired(writer.redis);
      reader.sameNext("invalidation of the expired key");
      reader.same("PING");
    }
  }

  @Test
  void flushAllAndFlushDbSendEveryTrackingClientANullInvalidation() throws IOException {
    try (SideBySide reader = pair(3); SideBySide writer = pair(2)) {
      reader.same("CLIENT", "TRACKING", "ON");
      reader.same("GET", "f");
      writer.same("FLUSHALL");
      reader.sameNext("null invalidation after FLUSHALL");
      writer.same("SET", "f", "1");
      reader.same("PING");
      writer.same("FLUSHDB");
      reader.sameNext("null invalidation after FLUSHDB, tracked keys or not");
    }
  }

  @Test
  void optinOptoutNoloopAndBroadcastAsRedis() throws IOException {
    try (SideBySide optin = pair(3); SideBySide optout = pair(3); SideBySide bcast = pair(3); SideBySide writer = pair(2)) {
      optin.same("CLIENT", "TRACKING", "ON", "OPTIN", "NOLOOP");
      optin.same("GET", "o1");
      optin.same("CLIENT", "CACHING", "YES");
      optin.same("GET", "o2");
      optin.same("GET", "o3");
      optout.same("CLIENT", "TRACKING", "ON", "OPTOUT");
      optout.same("CLIENT", "CACHING", "NO");
      optout.same("GET", "o1");
      optout.same("GET", "o2");
      bcast.same("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "o1", "PREFIX", "p:", "NOLOOP");
      writer.same("SET", "o1", "1");
      optin.same("PING");
      bcast.sameNext("broadcast of o1");
      writer.same("SET", "o2", "2");
      optin.sameNext("optin: o2 was read after CACHING YES");
      optout.sameNext("optout: o2 was read without CACHING NO");
      optin.same("SET", "o2", "own");
      optin.same("PING");
      bcast.same("SET", "p:own", "1");
      bcast.same("PING");
      writer.same("SET", "p:x", "1");
      bcast.sameNext("broadcast of p:x");
      writer.same("SET", "q:x", "1");
      bcast.same("PING");
      bcast.same("CLIENT", "TRACKINGINFO");
      bcast.same("CLIENT", "TRACKING", "OFF");
      writer.same("SET", "p:y", "1");
      bcast.same("PING");
      optout.same("GET", "o3");
      optout.same("RESET");
      optout.same("CLIENT", "TRACKINGINFO");
      writer.same("SET", "o3", "after reset");
      optout.same("PING");
    }
  }

  @Test
  void aResp2ClientRedirectsInvalidationsToASubscribedClient() throws IOException {
    try (SideBySide target = pair(2); SideBySide tracker = pair(2); SideBySide writer = pair(2)) {
      long verdisTarget = (Long) target.verdis.request("CLIENT", "ID");
      long redisTarget = (Long) target.redis.request("CLIENT", "ID");
      target.same("SUBSCRIBE", "__redis__:invalidate");
      assertEquals("+OK\r\n", tracker.verdis.call("CLIENT", "TRACKING", "ON", "REDIRECT", Long.toString(verdisTarget)));
      assertEquals("+OK\r\n", tracker.redis.call("CLIENT", "TRACKING", "ON", "REDIRECT", Long.toString(redisTarget)));
      assertEquals(verdisTarget, tracker.verdis.request("CLIENT", "GETREDIR"));
      tracker.same("GET", "r1");
      tracker.same("GET", "r2");
      writer.same("SET", "r1", "1");
      target.sameNext("message with the key r1");
      writer.same("FLUSHALL");
      target.sameNext("null message after FLUSHALL");
      String list = (String) RawClient.asText(tracker.verdis.request("CLIENT", "INFO"));
      assertTrue(list.contains(" flags=t "), list);
      assertTrue(list.contains(" flags=t ") && list.contains(" redir=" + verdisTarget + " "), list);
    }
  }

  @Test
  void aRedirectToAClientThatWentIsReportedToARespThreeTracker() throws Exception {
    try (SideBySide tracker = pair(3); SideBySide writer = pair(2)) {
      long verdisTarget;
      long redisTarget;
      try (SideBySide target = pair(2)) {
        verdisTarget = (Long) target.verdis.request("CLIENT", "ID");
        redisTarget = (Long) target.redis.request("CLIENT", "ID");
        tracker.verdis.call("CLIENT", "TRACKING", "ON", "REDIRECT", Long.toString(verdisTarget));
        tracker.redis.call("CLIENT", "TRACKING", "ON", "REDIRECT", Long.toString(redisTarget));
        tracker.same("GET", "b1");
      }
      // Until both servers have seen the target go, a write may still reach it.
      awaitGone(writer.verdis, verdisTarget);
      awaitGone(writer.redis, redisTarget);
      writer.same("SET", "b1", "1");
      assertEquals(">2\r\n$21\r\ntracking-redir-broken\r\n:" + verdisTarget + "\r\n", tracker.verdis.readReply());
      assertEquals(">2\r\n$21\r\ntracking-redir-broken\r\n:" + redisTarget + "\r\n", tracker.redis.readReply());
      String verdisInfo = tracker.verdis.call("CLIENT", "TRACKINGINFO");
      String redisInfo = tracker.redis.call("CLIENT", "TRACKINGINFO");
      assertEquals(redisInfo.replace(":" + redisTarget + "\r\n", ":ID\r\n"), verdisInfo.replace(":" + verdisTarget + "\r\n", ":ID\r\n"));
    }
  }

  /**
   * Over tracking-table-max-keys (here one key per shard) keys are forgotten, each with an
   * invalidation, so a cache never keeps a value the server no longer watches. Verdis only: which
   * keys go differs from Redis's random choice.
   */
  @Test
  void theTrackingTableStaysUnderItsLimitByInvalidating() throws IOException {
    try (RawClient reader = client(); RawClient admin = client()) {
      assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "tracking-table-max-keys", "3"));
      try {
        reader.call("HELLO", "3");
        assertEquals("+OK\r\n", reader.call("CLIENT", "TRACKING", "ON"));
        int evicted = 0;
        for (int i = 0; i < 30; i++) {
          reader.send(RawClient.command("GET", "limited:" + i));
          String reply = reader.readReply();
          while (reply.startsWith(">")) {
            evicted++;
            reply = reader.readReply();
          }
          assertEquals("_\r\n", reply);
        }
        reader.send(RawClient.command("PING"));
        for (String reply = reader.readReply(); reply.startsWith(">"); reply = reader.readReply()) {
          evicted++;
        }
        String stats = (String) RawClient.asText(admin.request("INFO", "stats"));
        long kept = Long.parseLong(stats.replaceAll("(?s).*tracking_total_keys:(\\d+).*", "$1"));
        assertTrue(kept <= 3, stats);
        assertEquals(30, evicted + kept, "every key read is either still tracked or was invalidated once");
      } finally {
        admin.call("CONFIG", "SET", "tracking-table-max-keys", "1000000");
      }
    }
  }

  private static void awaitExpired(RawClient client) throws Exception {
    while ((Long) client.request("EXISTS", "e") == 1) {
      Thread.sleep(20);
    }
  }

  private static void awaitGone(RawClient client, long id) throws Exception {
    while (((String) RawClient.asText(client.request("CLIENT", "LIST", "ID", Long.toString(id)))).contains("id=")) {
      Thread.sleep(10);
    }
  }
}

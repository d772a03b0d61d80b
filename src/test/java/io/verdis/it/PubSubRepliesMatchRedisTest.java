package io.verdis.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Pub/sub sessions run on Verdis and on redis-server side by side, each with a subscriber, a
 * pattern subscriber and a publisher connection: every reply and every message must be the same
 * bytes, in RESP2 and in RESP3. Only what Redis answers in a deterministic order is compared
 * (Redis lists channels, patterns and subcommands in hash-table order).
 */
class PubSubRepliesMatchRedisTest extends RawSocketTestBase {

  @Test
  void pubSubRepliesAndMessagesAreRedisBytesInBothProtocols(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir)) {
      for (int protocol : new int[] {2, 3}) {
        try (Pair sub = new Pair(redis); Pair psub = new Pair(redis); Pair pub = new Pair(redis)) {
          session(protocol, sub.both, psub.both, pub.both);
        }
      }
    }
  }

  /** One connection to each server, compared side by side. */
  private static final class Pair implements AutoCloseable {
    final SideBySide both;

    Pair(RealRedis redis) throws IOException {
      both = new SideBySide(client(), new RawClient(redis.port));
    }

    @Override
    public void close() throws IOException {
      both.verdis.close();
      both.redis.close();
    }
  }

  private static void session(int protocol, SideBySide sub, SideBySide psub, SideBySide pub) throws IOException {
    String hello = Integer.toString(protocol);
    for (SideBySide pair : new SideBySide[] {sub, psub, pub}) {
      pair.verdis.call("HELLO", hello);
      pair.redis.call("HELLO", hello);
    }
    String p = "RESP" + protocol + ": ";
    sub.same("UNSUBSCRIBE");
    sub.same("PUNSUBSCRIBE");
    sub.same("SUNSUBSCRIBE");
    sub.same("UNSUBSCRIBE", "x", "y");
    sub.sameNext(p + "second unsubscribe confirmation");
    sub.same("SUBSCRIBE");
    sub.same("SUBSCRIBE", "news", "news");
    sub.sameNext(p + "a channel given twice is confirmed twice");
    sub.same("PING");
    sub.same("PING", "hi");
    sub.same("GET", "k");
    sub.same("CLIENT", "GETNAME");
    psub.same("PSUBSCRIBE", "n?ws");
    pub.same("PUBLISH", "news", "hello");
    sub.sameNext(p + "message");
    psub.sameNext(p + "pmessage");
    pub.same("PUBLISH", "nows", "only the pattern");
    psub.sameNext(p + "pmessage of another channel");
    pub.same("PUBLISH", "nothing", "nobody");
    pub.same("PUBSUB", "NUMSUB");
    pub.same("PUBSUB", "NUMSUB", "news", "nothing", "news");
    pub.same("PUBSUB", "NUMPAT");
    pub.same("PUBSUB", "CHANNELS");
    pub.same("PUBSUB", "CHANNELS", "n*");
    pub.same("PUBSUB", "CHANNELS", "x*");
    pub.same("PUBSUB", "CHANNELS", "a", "b");
    pub.same("PUBSUB", "NUMPAT", "x");
    pub.same("PUBSUB", "NOPE");
    pub.same("PUBSUB");
    pub.same("PUBSUB", "HELP");
    pub.same("PUBLISH", "news");
    sub.same("SSUBSCRIBE", "orders");
    pub.same("SPUBLISH", "orders", "shipped");
    sub.sameNext(p + "smessage");
    pub.same("PUBLISH", "orders", "not to shard subscribers");
    pub.same("PUBSUB", "SHARDCHANNELS");
    pub.same("PUBSUB", "SHARDNUMSUB", "orders", "none");
    pub.same("PUBSUB", "SHARDNUMSUB");
    sub.same("SUNSUBSCRIBE");
    sub.same("UNSUBSCRIBE");
    sub.same("GET", "k");
    psub.same("PUNSUBSCRIBE");
    psub.same("PUNSUBSCRIBE");
    // A publish to itself (RESP3 only: RESP2 may not publish while subscribed) comes before the reply.
    if (protocol == 3) {
      sub.same("SUBSCRIBE", "self");
      sub.same("PUBLISH", "self", "me");
      sub.sameNext(p + "the reply after the message");
      sub.same("UNSUBSCRIBE");
    }
    sub.same("MULTI");
    sub.same("SUBSCRIBE", "queued");
    sub.same("PUBLISH", "queued", "during exec");
    sub.same("EXEC");
    sub.sameNext(p + "EXEC's last reply, after the message it holds");
    sub.same("MULTI");
    sub.same("EXEC");
    sub.same("RESET");
    sub.same("GET", "k");
    pub.same("PUBSUB", "NUMSUB", "queued");
    pub.same("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 512kb 10 normal 1 2 3");
    pub.same("CONFIG", "GET", "client-output-buffer-limit");
    pub.same("CONFIG", "SET", "client-output-buffer-limit", "");
    pub.same("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1 2");
    pub.same("CONFIG", "SET", "client-output-buffer-limit", "master 1 2 3");
    pub.same("CONFIG", "SET", "client-output-buffer-limit", "pubsub x 2 3");
    pub.same("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1 2 -3");
    pub.same("CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0 slave 256mb 64mb 60 pubsub 32mb 8mb 60");
    pub.same("CONFIG", "GET", "client-output-buffer-limit");
    for (String command : new String[] {"subscribe", "unsubscribe", "psubscribe", "punsubscribe", "publish",
        "ssubscribe", "sunsubscribe", "spublish", "pubsub|numsub", "pubsub|channels", "pubsub|numpat",
        "pubsub|shardchannels", "pubsub|shardnumsub", "pubsub|help"}) {
      pub.same("COMMAND", "INFO", command);
    }
    pub.same("COMMAND", "GETKEYS", "spublish", "channel", "message");
    pub.same("COMMAND", "GETKEYS", "ssubscribe", "a", "b");
  }
}

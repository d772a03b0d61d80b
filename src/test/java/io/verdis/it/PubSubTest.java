package io.verdis.it;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pub/sub over RESP against a real node (two event loops, so publisher and subscribers are often
 * on different loops): replies and messages byte for byte, counts, the RESP2 subscribed context,
 * clean-up on RESET and disconnection, slow subscribers, and real clients (the Vert.x Redis
 * client, redis-cli) as subscribers.
 */
class PubSubTest extends RawSocketTestBase {

  /** A RESP2 array (or, with '>', a RESP3 push) of bulk strings (String), integers (Long) and nils (null). */
  private static String frame(char type, Object... items) {
    StringBuilder out = new StringBuilder().append(type).append(items.length).append("\r\n");
    for (Object item : items) {
      if (item == null) {
        out.append(type == '>' ? "_\r\n" : "$-1\r\n");
      } else if (item instanceof Long number) {
        out.append(':').append(number).append("\r\n");
      } else {
        String text = (String) item;
        out.append('$').append(text.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(text).append("\r\n");
      }
    }
    return out.toString();
  }

  private static String resp2(Object... items) {
    return frame('*', items);
  }

  private static String resp3(Object... items) {
    return frame('>', items);
  }

  /** Polls until {@code condition} holds; fails after 10 s (a hang guard, not a timing assertion). */
  private static void await(String what, Check condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never happened: " + what);
      }
      Thread.sleep(10);
    }
  }

  @FunctionalInterface
  private interface Check {
    boolean holds() throws Exception;
  }

  /** Other tests' clients close asynchronously: wait until the node has no subscriber left. */
  private static void awaitNoSubscriptions(RawClient admin) throws Exception {
    await("no subscriptions left from earlier tests", () -> "0".equals(infoField(admin, "clients", "pubsub_clients")));
  }

  private static long numsub(RawClient client, String channel) throws IOException {
    return (Long) ((List<?>) client.request("PUBSUB", "NUMSUB", channel)).get(1);
  }

  private static String infoField(RawClient client, String section, String field) throws IOException {
    for (String line : Info.lines(client, section)) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1);
      }
    }
    throw new AssertionError("INFO " + section + " has no " + field);
  }

  @Test
  void subscribeConfirmsEveryChannelGivenWithTheRunningCount() throws Exception {
    try (RawClient subscriber = client()) {
      subscriber.send(RawClient.command("SUBSCRIBE", "a", "b", "a"));
      assertEquals(resp2("subscribe", "a", 1L), subscriber.readReply());
      assertEquals(resp2("subscribe", "b", 2L), subscriber.readReply());
      assertEquals(resp2("subscribe", "a", 2L), subscriber.readReply());
      subscriber.send(RawClient.command("PSUBSCRIBE", "a*"));
      assertEquals(resp2("psubscribe", "a*", 3L), subscriber.readReply());
      subscriber.send(RawClient.command("SSUBSCRIBE", "s"));
      assertEquals(resp2("ssubscribe", "s", 1L), subscriber.readReply(), "shard channels count on their own");
    }
  }

  @Test
  void publishCountsChannelAndPatternReceiversAndEachGetsItsFrame() throws Exception {
    try (RawClient first = client(); RawClient second = client(); RawClient pattern = client();
         RawClient other = client(); RawClient publisher = client()) {
      first.call("SUBSCRIBE", "news");
      second.call("SUBSCRIBE", "news");
      pattern.call("PSUBSCRIBE", "n?ws");
      other.call("PSUBSCRIBE", "sport*");
      assertEquals(3L, publisher.request("PUBLISH", "news", "hello"));
      assertEquals(resp2("message", "news", "hello"), first.readReply());
      assertEquals(resp2("message", "news", "hello"), second.readReply());
      assertEquals(resp2("pmessage", "n?ws", "news", "hello"), pattern.readReply());
      assertEquals(0L, publisher.request("PUBLISH", "weather", "rain"));
      assertEquals(1L, publisher.request("PUBLISH", "sports", "goal"));
      assertEquals(resp2("pmessage", "sport*", "sports", "goal"), other.readReply());
    }
  }

  @Test
  void aClientOnBothChannelAndPatternGetsTheMessageTwiceAndCountsTwice() throws Exception {
    try (RawClient subscriber = client(); RawClient publisher = client()) {
      subscriber.call("SUBSCRIBE", "c");
      subscriber.call("PSUBSCRIBE", "c*");
      assertEquals(2L, publisher.request("PUBLISH", "c", "m"));
      assertEquals(resp2("message", "c", "m"), subscriber.readReply());
      assertEquals(resp2("pmessage", "c*", "c", "m"), subscriber.readReply());
    }
  }

  @Test
  void patternsMatchBytesAsRedisGlobDoes() throws Exception {
    byte[] binaryChannel = {'h', (byte) 0xff, 'x'};
    try (RawClient subscriber = client(); RawClient publisher = client()) {
      subscriber.send(RawClient.command("PSUBSCRIBE", "h[ae]llo", "h\\*", "h?x"));
      for (int i = 0; i < 3; i++) {
        subscriber.readReply();
      }
      assertEquals(1L, publisher.request("PUBLISH", "hallo", "1"));
      assertEquals(0L, publisher.request("PUBLISH", "hillo", "2"));
      assertEquals(1L, publisher.request("PUBLISH", "h*", "3"));
      assertEquals(0L, publisher.request("PUBLISH", "hh", "4"));
      assertEquals(1L, publisher.request("PUBLISH", binaryChannel, "5"));
      assertEquals(resp2("pmessage", "h[ae]llo", "hallo", "1"), subscriber.readReply());
      assertEquals(resp2("pmessage", "h\\*", "h*", "3"), subscriber.readReply());
      assertEquals(List.of("pmessage", "h?x"), texts(subscriber.reply()).subList(0, 2));
    }
  }

  private static List<String> texts(Object reply) {
    List<String> texts = new ArrayList<>();
    for (Object item : (List<?>) reply) {
      texts.add(new String((byte[]) item, StandardCharsets.ISO_8859_1));
    }
    return texts;
  }

  @Test
  void shardChannelsAreApartFromChannelsAndPatterns() throws Exception {
    try (RawClient sharded = client(); RawClient plain = client(); RawClient patterns = client();
         RawClient publisher = client()) {
      sharded.call("SSUBSCRIBE", "orders");
      plain.call("SUBSCRIBE", "orders");
      patterns.call("PSUBSCRIBE", "*");
      assertEquals(1L, publisher.request("SPUBLISH", "orders", "shipped"));
      assertEquals(resp2("smessage", "orders", "shipped"), sharded.readReply());
      assertEquals(2L, publisher.request("PUBLISH", "orders", "paid"));
      assertEquals(resp2("message", "orders", "paid"), plain.readReply());
      assertEquals(resp2("pmessage", "*", "orders", "paid"), patterns.readReply());
      assertEquals(List.of("orders"), texts(publisher.request("PUBSUB", "SHARDCHANNELS")));
      assertEquals(1L, ((List<?>) publisher.request("PUBSUB", "SHARDNUMSUB", "orders")).get(1));
      sharded.send(RawClient.command("SUNSUBSCRIBE"));
      assertEquals(resp2("sunsubscribe", "orders", 0L), sharded.readReply());
      assertEquals(0L, publisher.request("SPUBLISH", "orders", "lost"));
    }
  }

  @Test
  void aSubscribedResp2ClientMayOnlySubscribePingQuitOrReset() throws Exception {
    try (RawClient subscriber = client()) {
      subscriber.call("SUBSCRIBE", "c");
      assertEquals("-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET "
          + "are allowed in this context\r\n", subscriber.call("GET", "k"));
      assertEquals("-ERR Can't execute 'client|id': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET "
          + "are allowed in this context\r\n", subscriber.call("CLIENT", "ID"));
      assertEquals("*2\r\n$4\r\npong\r\n$0\r\n\r\n", subscriber.call("PING"));
      assertEquals("*2\r\n$4\r\npong\r\n$2\r\nhi\r\n", subscriber.call("PING", "hi"));
      assertEquals(resp2("unsubscribe", "c", 0L), subscriber.call("UNSUBSCRIBE"));
      assertEquals("$-1\r\n", subscriber.call("GET", "k"), "out of the context once subscribed to nothing");
      assertEquals("+PONG\r\n", subscriber.call("PING"));
    }
  }

  @Test
  void aResp3SubscriberRunsAnyCommandAndGetsPushes() throws Exception {
    try (RawClient subscriber = client(); RawClient publisher = client()) {
      subscriber.call("HELLO", "3");
      assertEquals(resp3("subscribe", "c", 1L), subscriber.call("SUBSCRIBE", "c"));
      assertEquals("+OK\r\n", subscriber.call("SET", "k", "v"));
      assertEquals("$1\r\nv\r\n", subscriber.call("GET", "k"));
      assertEquals("+PONG\r\n", subscriber.call("PING"));
      assertEquals(1L, publisher.request("PUBLISH", "c", "m"));
      assertEquals(resp3("message", "c", "m"), subscriber.readReply());
      assertEquals(resp3("unsubscribe", "c", 0L), subscriber.call("UNSUBSCRIBE"));
    }
  }

  @Test
  void unsubscribingFromNothingRepliesWithANilName() throws Exception {
    try (RawClient client = client()) {
      assertEquals(resp2("unsubscribe", null, 0L), client.call("UNSUBSCRIBE"));
      assertEquals(resp2("punsubscribe", null, 0L), client.call("PUNSUBSCRIBE"));
      assertEquals(resp2("sunsubscribe", null, 0L), client.call("SUNSUBSCRIBE"));
      client.call("HELLO", "3");
      assertEquals(resp3("unsubscribe", null, 0L), client.call("UNSUBSCRIBE"));
      client.call("SUBSCRIBE", "c");
      assertEquals(resp3("punsubscribe", null, 1L), client.call("PUNSUBSCRIBE"),
          "the count is of channels and patterns together");
    }
  }

  @Test
  void aPublishToItselfComesBeforeThePublishReply() throws Exception {
    try (RawClient client = client()) {
      client.call("HELLO", "3");
      client.call("SUBSCRIBE", "me");
      client.send(RawClient.command("PUBLISH", "me", "hi"));
      assertEquals(resp3("message", "me", "hi"), client.readReply());
      assertEquals(":1\r\n", client.readReply());
    }
  }

  @Test
  void subscribeInsideMultiRunsAtExec() throws Exception {
    try (RawClient client = client()) {
      client.call("MULTI");
      assertEquals("+QUEUED\r\n", client.call("SUBSCRIBE", "m"));
      assertEquals("+QUEUED\r\n", client.call("PUBLISH", "m", "x"));
      // As Redis: the message to itself is written while EXEC runs, between the two replies it counts.
      client.send(RawClient.command("EXEC"));
      assertEquals("*2\r\n" + resp2("subscribe", "m", 1L) + resp2("message", "m", "x"), client.readReply());
      assertEquals(":1\r\n", client.readReply());
      assertEquals("-ERR Can't execute 'multi': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET "
          + "are allowed in this context\r\n", client.call("MULTI"));
      assertEquals("-EXECABORT Transaction discarded because of: Can't execute 'exec': only (P|S)SUBSCRIBE / "
          + "(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n", client.call("EXEC"));
    }
  }

  @Test
  void aMessageWaitsBehindTheRepliesTheClientIsStillOwed() throws Exception {
    try (RawClient subscriber = client(); RawClient publisher = client()) {
      subscriber.call("HELLO", "3");
      subscriber.call("SUBSCRIBE", "c");
      subscriber.send(RawClient.command("DEBUG", "SLEEP", "0.3"));
      // The reply to DEBUG SLEEP is owed for a while; a message published meanwhile goes after it.
      Thread.sleep(50);
      assertEquals(1L, publisher.request("PUBLISH", "c", "later"));
      assertEquals("+OK\r\n", subscriber.readReply());
      assertEquals(resp3("message", "c", "later"), subscriber.readReply());
    }
  }

  @Test
  void aClientWaitingInABlockingCommandGetsMessagesAtOnce() throws Exception {
    try (RawClient subscriber = client(); RawClient other = client()) {
      subscriber.call("HELLO", "3");
      subscriber.call("SUBSCRIBE", "c");
      subscriber.send(RawClient.command("BLPOP", "nolist", "0"));
      await("the subscriber is blocked", () -> "1".equals(infoField(other, "clients", "blocked_clients")));
      // As in Redis: the reply of BLPOP does not exist yet, so the message does not wait for it.
      assertEquals(1L, other.request("PUBLISH", "c", "while blocked"));
      assertEquals(resp3("message", "c", "while blocked"), subscriber.readReply());
      assertEquals(1L, other.request("LPUSH", "nolist", "v"));
      assertEquals("*2\r\n$6\r\nnolist\r\n$1\r\nv\r\n", subscriber.readReply());
    }
  }

  @Test
  void pubsubCountsChannelsSubscribersAndPatterns() throws Exception {
    try (RawClient one = client(); RawClient two = client(); RawClient admin = client()) {
      awaitNoSubscriptions(admin);
      one.call("SUBSCRIBE", "alpha", "beta");
      one.readReply(); // one confirmation per channel or pattern: every one read before asking
      two.call("SUBSCRIBE", "alpha");
      two.call("PSUBSCRIBE", "a*", "b*");
      two.readReply();
      one.call("PSUBSCRIBE", "a*");
      assertEquals("*0\r\n", admin.call("PUBSUB", "NUMSUB"));
      assertEquals(resp2("alpha", 2L, "beta", 1L, "gamma", 0L), admin.call("PUBSUB", "NUMSUB", "alpha", "beta", "gamma"));
      assertEquals(":2\r\n", admin.call("PUBSUB", "NUMPAT"));
      assertEquals(List.of("alpha", "beta"), sorted(texts(admin.request("PUBSUB", "CHANNELS"))));
      assertEquals(List.of("beta"), texts(admin.request("PUBSUB", "CHANNELS", "b*")));
      assertEquals("-ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP.\r\n",
          admin.call("PUBSUB", "CHANNELS", "a", "b"));
      assertEquals("2", infoField(admin, "stats", "pubsub_channels"));
      assertEquals("2", infoField(admin, "stats", "pubsub_patterns"));
      assertEquals("0", infoField(admin, "stats", "pubsubshard_channels"));
      assertEquals("2", infoField(admin, "clients", "pubsub_clients"));
    }
  }

  private static List<String> sorted(List<String> list) {
    return list.stream().sorted().toList();
  }

  @Test
  void clientListShowsWhatAClientSubscribesTo() throws Exception {
    try (RawClient subscriber = client(); RawClient admin = client()) {
      long id = (Long) subscriber.request("CLIENT", "ID");
      subscriber.call("CLIENT", "SETNAME", "listener");
      subscriber.call("SUBSCRIBE", "a", "b");
      subscriber.readReply(); // one confirmation per channel: b's too, or the next calls read one behind
      subscriber.call("PSUBSCRIBE", "p*");
      subscriber.call("SSUBSCRIBE", "s");
      String line = new String((byte[]) admin.request("CLIENT", "LIST", "TYPE", "pubsub"), StandardCharsets.UTF_8);
      assertTrue(line.contains(" name=listener ") && line.contains(" flags=P ") && line.contains(" sub=2 psub=1 ssub=1 "), line);
      String normal = new String((byte[]) admin.request("CLIENT", "LIST", "TYPE", "normal"), StandardCharsets.UTF_8);
      assertTrue(!normal.contains("name=listener") && normal.contains("cmd=client|list"), normal);
      assertEquals(1L, admin.request("CLIENT", "KILL", "ID", id, "TYPE", "pubsub"));
      await("the killed subscriber is gone", () -> numsub(admin, "a") == 0);
    }
  }

  @Test
  void resetLeavesEveryChannelPatternAndShardChannel() throws Exception {
    try (RawClient subscriber = client(); RawClient admin = client()) {
      awaitNoSubscriptions(admin);
      subscriber.call("SUBSCRIBE", "a");
      subscriber.call("PSUBSCRIBE", "p*");
      subscriber.call("SSUBSCRIBE", "s");
      assertEquals("+RESET\r\n", subscriber.call("RESET"));
      assertEquals(0L, numsub(admin, "a"));
      assertEquals(0L, admin.request("PUBSUB", "NUMPAT"));
      assertEquals(0L, admin.request("PUBLISH", "pp", "x"));
      assertEquals(0L, admin.request("SPUBLISH", "s", "x"));
      assertEquals("$-1\r\n", subscriber.call("GET", "k"), "a plain client again");
      assertEquals("0", infoField(admin, "clients", "pubsub_clients"));
    }
  }

  @Test
  void aDisconnectedSubscriberLeavesNothingBehind() throws Exception {
    try (RawClient admin = client()) {
      awaitNoSubscriptions(admin);
      RawClient subscriber = client();
      subscriber.call("SUBSCRIBE", "gone");
      subscriber.call("PSUBSCRIBE", "gone*");
      subscriber.call("SSUBSCRIBE", "gone");
      assertEquals(1L, numsub(admin, "gone"));
      subscriber.close();
      await("the subscriptions of a closed client are dropped", () -> numsub(admin, "gone") == 0
          && (Long) admin.request("PUBSUB", "NUMPAT") == 0
          && (Long) ((List<?>) admin.request("PUBSUB", "SHARDNUMSUB", "gone")).get(1) == 0);
      assertEquals(0L, admin.request("PUBLISH", "gone", "x"));
      assertEquals("0", infoField(admin, "stats", "pubsub_channels"));
    }
  }

  @Test
  void aPipelinedBurstReachesEverySubscriberInOrder() throws Exception {
    int messages = 2000;
    List<RawClient> subscribers = new ArrayList<>();
    try (RawClient publisher = client()) {
      for (int i = 0; i < 20; i++) {
        RawClient subscriber = client();
        subscribers.add(subscriber);
        subscriber.call("SUBSCRIBE", "burst");
      }
      java.io.ByteArrayOutputStream pipeline = new java.io.ByteArrayOutputStream();
      for (int i = 0; i < messages; i++) {
        pipeline.writeBytes(RawClient.command("PUBLISH", "burst", "m" + i));
      }
      publisher.send(pipeline.toByteArray());
      for (int i = 0; i < messages; i++) {
        assertEquals(":20\r\n", publisher.readReply());
      }
      for (RawClient subscriber : subscribers) {
        for (int i = 0; i < messages; i++) {
          assertEquals(resp2("message", "burst", "m" + i), subscriber.readReply());
        }
      }
    } finally {
      for (RawClient subscriber : subscribers) {
        subscriber.close();
      }
    }
  }

  /** A subscriber that reads nothing, with a small receive buffer so its backlog builds up on the server. */
  private static Socket stalledSubscriber(String channel) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
    socket.setSoTimeout(10_000);
    socket.getOutputStream().write(RawClient.command("SUBSCRIBE", channel));
    byte[] confirmation = resp2("subscribe", channel, 1L).getBytes(StandardCharsets.US_ASCII);
    assertEquals(confirmation.length, socket.getInputStream().readNBytes(confirmation.length).length);
    return socket;
  }

  /** Reads until the server closes the socket: true if it did (a reset counts), within the read timeout. */
  private static boolean closedByServer(Socket socket) {
    try {
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[64 * 1024];
      while (in.read(buffer) >= 0) {
        // drain what was sent before the close
      }
      return true;
    } catch (java.net.SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  @Test
  void aSubscriberThatDoesNotReadIsClosedPastTheHardLimitWhileOthersKeepReceiving() throws Exception {
    try (RawClient admin = client(); RawClient fast = client()) {
      long before = Long.parseLong(infoField(admin, "stats", "client_output_buffer_limit_disconnections"));
      assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 256kb 0 0"));
      try (Socket stalled = stalledSubscriber("flood")) {
        fast.call("SUBSCRIBE", "flood");
        java.util.concurrent.atomic.AtomicInteger published = new java.util.concurrent.atomic.AtomicInteger();
        AtomicLong received = new AtomicLong();
        Thread reader = new Thread(() -> {
          try {
            while (true) {
              fast.readReply();
              received.incrementAndGet();
            }
          } catch (IOException | RuntimeException end) {
            // the test closes the client
          }
        });
        reader.setDaemon(true);
        reader.start();
        byte[] payload = new byte[64 * 1024];
        long receivers;
        do {
          receivers = (Long) admin.request("PUBLISH", "flood", payload);
          int sent = published.incrementAndGet();
          // Lockstep with the reader: only the stalled subscriber builds up a backlog.
          await("the fast subscriber read message " + sent, () -> received.get() == sent);
        } while (receivers == 2 && published.get() < 2000);
        assertEquals(1L, receivers, "the stalled subscriber was closed");
        assertEquals(1L, admin.request("PUBLISH", "flood", "after"));
        await("the fast subscriber got every message", () -> received.get() == published.get() + 1);
        assertTrue(closedByServer(stalled), "the stalled subscriber's connection was closed");
        assertEquals(1L, numsub(admin, "flood"));
        assertEquals(before + 1, Long.parseLong(infoField(admin, "stats", "client_output_buffer_limit_disconnections")));
      } finally {
        admin.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 32mb 8mb 60");
      }
    }
  }

  @Test
  void aSubscriberOverTheSoftLimitForItsSecondsIsClosedEvenWhenNothingMoreComes() throws Exception {
    try (RawClient admin = client()) {
      assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 0 128kb 0"));
      try (Socket stalled = stalledSubscriber("soft")) {
        // Fill its backlog past the soft limit; with 0 seconds the next look closes it.
        byte[] payload = new byte[64 * 1024];
        int published = 0;
        while ((Long) admin.request("PUBLISH", "soft", payload) == 1) {
          assertTrue(++published < 2000, "the stalled subscriber was never closed");
        }
        await("the stalled subscriber is closed", () -> numsub(admin, "soft") == 0);
        assertTrue(closedByServer(stalled));
      } finally {
        admin.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 32mb 8mb 60");
      }
    }
  }

  @Test
  void clientKillClosesASubscriberThatDoesNotReadAtOnce() throws Exception {
    try (RawClient admin = client()) {
      assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 0 0 0"));
      try (Socket stalled = stalledSubscriber("stuck")) {
        byte[] payload = new byte[64 * 1024];
        for (int i = 0; i < 100; i++) {
          assertEquals(1L, admin.request("PUBLISH", "stuck", payload), "no limit: it stays subscribed");
        }
        assertEquals("OK", admin.request("CLIENT", "KILL", "127.0.0.1:" + stalled.getLocalPort()));
        await("the killed subscriber is gone though it never read its backlog", () -> numsub(admin, "stuck") == 0);
        assertTrue(closedByServer(stalled));
      } finally {
        admin.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 32mb 8mb 60");
      }
    }
  }

  @Test
  void configSetChangesOnlyTheClassesItNames() throws Exception {
    try (RawClient admin = client()) {
      try {
        assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 512kb 10"));
        assertEquals(resp2("client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 1048576 524288 10"),
            admin.call("CONFIG", "GET", "client-output-buffer-limit"));
        assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "client-output-buffer-limit", "replica 1gb 1g 0"));
        assertEquals(resp2("client-output-buffer-limit",
            "normal 0 0 0 slave 1073741824 1000000000 0 pubsub 1048576 524288 10"),
            admin.call("CONFIG", "GET", "client-output-buffer-limit"));
        assertEquals("-ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - "
            + "Invalid client class specified in buffer limit configuration.\r\n",
            admin.call("CONFIG", "SET", "client-output-buffer-limit", "master 1 1 1"));
      } finally {
        admin.call("CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0 slave 256mb 64mb 60 pubsub 32mb 8mb 60");
      }
    }
  }

  @Test
  void theVertxRedisClientSubscribesInResp2AndResp3() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      subscribeWithTheVertxClient(vertx);
    } finally {
      vertx.close().await();
    }
  }

  private static void subscribeWithTheVertxClient(Vertx vertx) throws Exception {
    for (ProtocolVersion protocol : new ProtocolVersion[] {ProtocolVersion.RESP2, ProtocolVersion.RESP3}) {
      String channel = "vx-" + protocol;
      String pattern = channel.substring(0, 4) + "*";
      Redis redis = Redis.createClient(vertx, new RedisOptions()
          .setConnectionString("redis://127.0.0.1:" + server.port())
          .setPreferredProtocolVersion(protocol));
      RedisConnection subscriber = redis.connect().await();
      try (RawClient publisher = client()) {
        awaitNoSubscriptions(publisher);
        BlockingQueue<Response> messages = new LinkedBlockingQueue<>();
        subscriber.handler(messages::add);
        subscriber.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).await();
        subscriber.send(Request.cmd(Command.PSUBSCRIBE).arg(pattern)).await();
        // The client may complete a (P)SUBSCRIBE as soon as it is sent: wait until the node has both.
        await("subscribed", () -> numsub(publisher, channel) == 1 && (Long) publisher.request("PUBSUB", "NUMPAT") == 1);
        assertEquals(2L, publisher.request("PUBLISH", channel, "hello"));
        List<String> seen = new ArrayList<>();
        while (seen.size() < 2) {
          Response message = messages.poll(10, TimeUnit.SECONDS);
          assertNotNull(message, protocol + ": a message arrives");
          if (message.get(0).toString().endsWith("message")) {
            seen.add(message.toString());
          }
        }
        assertTrue(seen.contains("[message, " + channel + ", hello]"), protocol + ": " + seen);
        assertTrue(seen.contains("[pmessage, " + pattern + ", " + channel + ", hello]"), protocol + ": " + seen);
      } finally {
        subscriber.close().await();
        redis.close();
      }
    }
  }


  @Test
  void redisCliPrintsTheMessagesItSubscribedTo() throws Exception {
    Path cli = Path.of("/usr/bin/redis-cli");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(cli), "redis-cli is not installed");
    Process process = new ProcessBuilder(cli.toString(), "-p", Integer.toString(server.port()), "subscribe", "cli")
        .redirectErrorStream(true).start();
    try (RawClient publisher = client()) {
      InputStream out = process.getInputStream();
      StringBuilder printed = new StringBuilder();
      // redis-cli prints the confirmation (subscribe, cli, 1) once it is subscribed.
      while (!printed.toString().endsWith("subscribe\ncli\n1\n")) {
        int b = out.read();
        assertTrue(b >= 0, "redis-cli ended: " + printed);
        printed.append((char) b);
      }
      await("redis-cli is subscribed", () -> numsub(publisher, "cli") == 1);
      assertEquals(1L, publisher.request("PUBLISH", "cli", "hello there"));
      String expected = "message\ncli\nhello there\n";
      StringBuilder message = new StringBuilder();
      while (message.length() < expected.length()) {
        int b = out.read();
        assertTrue(b >= 0, "redis-cli ended: " + message);
        message.append((char) b);
      }
      assertEquals(expected, message.toString());
    } finally {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void subscribeNeedsAChannelAndPublishAMessage() throws Exception {
    try (RawClient client = client()) {
      assertEquals("-ERR wrong number of arguments for 'subscribe' command\r\n", client.call("SUBSCRIBE"));
      assertEquals("-ERR wrong number of arguments for 'publish' command\r\n", client.call("PUBLISH", "c"));
      assertEquals("-ERR wrong number of arguments for 'pubsub|numpat' command\r\n", client.call("PUBSUB", "NUMPAT", "x"));
      assertThrows(RawClient.ErrorReply.class, () -> client.request("PUBSUB", "NOPE"));
    }
  }

}

package io.verdis.cluster;

import io.verdis.it.RawClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pub/sub on three nodes: one channel namespace, as Redis Cluster broadcasts PUBLISH. */
class ClusterPubSubTest {
  @TempDir
  static Path root;
  static LocalCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.start(root, 3);
    for (LocalCluster.Node node : cluster.nodes()) {
      try (RawClient client = node.client()) {
        assertEquals("OK", client.request("CONFIG", "SET", "notify-keyspace-events", "KEA"));
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @DisplayName("PUBLISH on any node reaches channel subscribers on every node, RESP and WebSocket; it counts this node's")
  void publishReachesEveryNode() throws Exception {
    List<RespSubscriber> subscribers = new ArrayList<>();
    try (JsonWebSocket ws = JsonWebSocket.open(cluster.node(2).httpPort())) {
      for (LocalCluster.Node node : cluster.nodes()) {
        subscribers.add(RespSubscriber.open(node).subscribe("SUBSCRIBE", "news"));
      }
      ws.call(new JsonObject().put("op", "subscribe").put("channels", new JsonArray().add("news")));
      for (int from = 0; from < 3; from++) {
        String message = "hello from " + from;
        try (RawClient publisher = cluster.node(from).client()) {
          // Redis Cluster's PUBLISH answers the receivers on the node it ran on: node 2 also has the WebSocket.
          assertEquals(from == 2 ? 2L : 1L, publisher.request("PUBLISH", "news", message));
        }
        for (RespSubscriber subscriber : subscribers) {
          assertEquals(List.of("message", "news", message), subscriber.next());
        }
        assertEquals(new JsonObject().put("type", "message").put("channel", "news").put("data", message), ws.next());
      }
    } finally {
      closeAll(subscribers);
    }
  }

  @Test
  @DisplayName("a pattern subscriber on any node gets pmessage for a channel published on another node")
  void patternsAcrossNodes() throws Exception {
    List<RespSubscriber> subscribers = new ArrayList<>();
    try (JsonWebSocket ws = JsonWebSocket.open(cluster.node(1).httpPort())) {
      for (LocalCluster.Node node : cluster.nodes()) {
        subscribers.add(RespSubscriber.open(node).subscribe("PSUBSCRIBE", "metrics.*"));
      }
      ws.call(new JsonObject().put("op", "psubscribe").put("patterns", new JsonArray().add("metrics.*")));
      try (RawClient publisher = cluster.node(0).client()) {
        assertEquals(1L, publisher.request("PUBLISH", "metrics.cpu", "42"));
      }
      for (RespSubscriber subscriber : subscribers) {
        assertEquals(List.of("pmessage", "metrics.*", "metrics.cpu", "42"), subscriber.next());
      }
      assertEquals(new JsonObject().put("type", "pmessage").put("pattern", "metrics.*").put("channel", "metrics.cpu")
          .put("data", "42"), ws.next());
    } finally {
      closeAll(subscribers);
    }
  }

  @Test
  @DisplayName("PUBSUB NUMSUB, CHANNELS and NUMPAT count the subscribers of every node")
  void countsAcrossNodes() throws Exception {
    List<RespSubscriber> subscribers = new ArrayList<>();
    try (RawClient asker = cluster.node(0).client()) {
      awaitEquals(0L, () -> request(asker, "PUBSUB", "NUMPAT"), "patterns left by other tests");
      subscribers.add(RespSubscriber.open(cluster.node(0)).subscribe("SUBSCRIBE", "count.a"));
      subscribers.add(RespSubscriber.open(cluster.node(1)).subscribe("SUBSCRIBE", "count.a", "count.b"));
      subscribers.add(RespSubscriber.open(cluster.node(2)).subscribe("SUBSCRIBE", "count.a"));
      subscribers.add(RespSubscriber.open(cluster.node(1)).subscribe("PSUBSCRIBE", "count.*"));
      subscribers.add(RespSubscriber.open(cluster.node(2)).subscribe("PSUBSCRIBE", "count.*", "other.*"));

      assertEquals(List.of("count.a", 3L, "count.b", 1L, "count.none", 0L),
          text(asker.request("PUBSUB", "NUMSUB", "count.a", "count.b", "count.none")));
      assertEquals(Set.of("count.a", "count.b"), Set.copyOf(text(asker.request("PUBSUB", "CHANNELS", "count.*"))));
      // Distinct patterns: count.* on two nodes counts once.
      assertEquals(2L, asker.request("PUBSUB", "NUMPAT"));
      try (RawClient other = cluster.node(2).client()) {
        assertEquals(List.of("count.a", 3L), text(other.request("PUBSUB", "NUMSUB", "count.a")));
      }
      // The answer waits for the other nodes, which a transaction cannot.
      assertEquals("OK", asker.request("MULTI"));
      assertEquals("QUEUED", asker.request("PUBSUB", "NUMPAT"));
      assertEquals("ERR PUBSUB cannot be used inside a transaction",
          assertThrows(RawClient.ErrorReply.class, () -> asker.request("EXEC")).getMessage());
    } finally {
      closeAll(subscribers);
    }
  }

  @Test
  @DisplayName("SPUBLISH on any node reaches SSUBSCRIBE subscribers on every node; SHARDNUMSUB and SHARDCHANNELS count them all")
  void shardChannelsAcrossNodes() throws Exception {
    List<RespSubscriber> subscribers = new ArrayList<>();
    try {
      for (LocalCluster.Node node : cluster.nodes()) {
        subscribers.add(RespSubscriber.open(node).subscribe("SSUBSCRIBE", "orders{7}"));
      }
      try (RawClient publisher = cluster.node(1).client()) {
        assertEquals(1L, publisher.request("SPUBLISH", "orders{7}", "order-1"));
        // A shard channel is not a channel: PUBLISH does not reach it.
        assertEquals(0L, publisher.request("PUBLISH", "orders{7}", "not-for-shard-subscribers"));
        assertEquals(List.of("orders{7}", 3L), text(publisher.request("PUBSUB", "SHARDNUMSUB", "orders{7}")));
        assertEquals(List.of("orders{7}"), text(publisher.request("PUBSUB", "SHARDCHANNELS", "orders*")));
        assertEquals(List.of("orders{7}", 0L), text(publisher.request("PUBSUB", "NUMSUB", "orders{7}")));
      }
      for (RespSubscriber subscriber : subscribers) {
        assertEquals(List.of("smessage", "orders{7}", "order-1"), subscriber.next());
      }
    } finally {
      closeAll(subscribers);
    }
  }

  @Test
  @DisplayName("under cluster-routing redirect, SPUBLISH and SSUBSCRIBE for another node's slot answer -MOVED, as Redis Cluster")
  void shardChannelsRedirect() throws Exception {
    LocalCluster.Node node = cluster.node(0);
    try (RawClient client = node.client()) {
      assertEquals("OK", client.request("CONFIG", "SET", "cluster-routing", "redirect"));
      try {
        String here = null;
        String elsewhere = null;
        String moved = null;
        for (int i = 0; here == null || elsewhere == null; i++) {
          String channel = "redirect-" + i;
          try {
            assertEquals(0L, client.request("SPUBLISH", channel, "x"));
            here = channel;
          } catch (RawClient.ErrorReply e) {
            elsewhere = channel;
            moved = e.getMessage();
          }
        }
        long slot = (Long) client.request("CLUSTER", "KEYSLOT", elsewhere);
        assertTrue(moved.startsWith("MOVED " + slot + " 127.0.0.1:"), moved);
        int port = Integer.parseInt(moved.substring(moved.lastIndexOf(':') + 1));
        assertTrue(port == cluster.node(1).port() || port == cluster.node(2).port(), moved);

        String remote = elsewhere;
        assertEquals(moved, assertThrows(RawClient.ErrorReply.class,
            () -> client.request("SSUBSCRIBE", remote)).getMessage());
        String local = here;
        assertEquals("CROSSSLOT Keys in request don't hash to the same slot", assertThrows(RawClient.ErrorReply.class,
            () -> client.request("SSUBSCRIBE", local, remote)).getMessage());
        assertEquals(List.of("ssubscribe", here, 1L), text(client.request("SSUBSCRIBE", here)));
        assertEquals(List.of("sunsubscribe", here, 0L), text(client.request("SUNSUBSCRIBE", here)));
      } finally {
        assertEquals("OK", client.request("CONFIG", "SET", "cluster-routing", "forward"));
      }
    }
  }

  @Test
  @DisplayName("a keyspace notification raised by the key's owner reaches subscribers on every node")
  void keyspaceNotificationsAcrossNodes() throws Exception {
    List<RespSubscriber> subscribers = new ArrayList<>();
    try {
      for (LocalCluster.Node node : cluster.nodes()) {
        subscribers.add(RespSubscriber.open(node).subscribe("SUBSCRIBE", "__keyspace@0__:ks-key", "__keyevent@0__:set"));
      }
      // Three subscribers on three nodes: at least two of them are not on the node owning ks-key.
      try (RawClient writer = cluster.node(0).client()) {
        assertEquals("OK", writer.request("SET", "ks-key", "v"));
      }
      for (RespSubscriber subscriber : subscribers) {
        assertEquals(List.of("message", "__keyspace@0__:ks-key", "set"), subscriber.next());
        assertEquals(List.of("message", "__keyevent@0__:set", "ks-key"), subscriber.next());
      }
    } finally {
      closeAll(subscribers);
    }
  }

  @Test
  @DisplayName("a channel and a message that are not UTF-8 cross nodes byte for byte")
  void binarySafe() throws Exception {
    byte[] channel = {(byte) 0xff, 0, 'c', (byte) 0x80, '\r', '\n'};
    byte[] message = {(byte) 0xc0, (byte) 0x80, 0, (byte) 0xfe, '\n', 'm'};
    try (RespSubscriber subscriber = RespSubscriber.open(cluster.node(1))) {
      subscriber.client.request("SUBSCRIBE", channel);
      try (RawClient publisher = cluster.node(2).client()) {
        assertEquals(0L, publisher.request("PUBLISH", channel, message));
        assertEquals(1L, ((List<?>) publisher.request("PUBSUB", "NUMSUB", channel)).get(1));
      }
      List<?> received = (List<?>) subscriber.client.reply();
      assertArrayEquals("message".getBytes(StandardCharsets.US_ASCII), (byte[]) received.get(0));
      assertArrayEquals(channel, (byte[]) received.get(1));
      assertArrayEquals(message, (byte[]) received.get(2));
    }
  }

  private static Object request(RawClient client, Object... args) {
    try {
      return client.request(args);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Polls until {@code actual} gives {@code expected}: a connection closed just before is forgotten a moment later. */
  private static void awaitEquals(Object expected, Supplier<Object> actual, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Object last = actual.get();
    while (!expected.equals(last) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      last = actual.get();
    }
    assertEquals(expected, last, what);
  }

  /** A reply with its bulk strings as text (UTF-8), for comparing with literals. */
  private static List<Object> text(Object reply) {
    List<Object> out = new ArrayList<>();
    for (Object element : (List<?>) reply) {
      out.add(element instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : element);
    }
    return out;
  }

  private static void closeAll(List<RespSubscriber> subscribers) throws IOException {
    for (RespSubscriber subscriber : subscribers) {
      subscriber.close();
    }
  }

  /** A RESP2 connection in subscribed mode on one node. */
  private static final class RespSubscriber implements AutoCloseable {
    final RawClient client;

    private RespSubscriber(RawClient client) {
      this.client = client;
    }

    static RespSubscriber open(LocalCluster.Node node) throws IOException {
      return new RespSubscriber(node.client());
    }

    /** Sends (P|S)SUBSCRIBE and reads one confirmation per name. */
    RespSubscriber subscribe(String command, String... names) throws IOException {
      Object[] args = new Object[names.length + 1];
      args[0] = command;
      System.arraycopy(names, 0, args, 1, names.length);
      client.request(args);
      for (int i = 1; i < names.length; i++) {
        client.reply();
      }
      return this;
    }

    /** The next push, as text. */
    List<Object> next() throws IOException {
      return text(client.reply());
    }

    @Override
    public void close() throws IOException {
      client.close();
    }
  }

  /** A WebSocket on a node's /ws, speaking the JSON pub/sub protocol (JDK client). */
  private static final class JsonWebSocket implements WebSocket.Listener, AutoCloseable {
    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static JsonWebSocket open(int httpPort) throws Exception {
      JsonWebSocket listener = new JsonWebSocket();
      listener.socket = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + httpPort + "/ws"), listener).get(10, TimeUnit.SECONDS);
      return listener;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.add(new JsonObject(partial.toString()));
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    /** Sends {@code request} and returns the first frame answering it. */
    JsonObject call(JsonObject request) throws Exception {
      socket.sendText(request.encode(), true).get(10, TimeUnit.SECONDS);
      return next();
    }

    JsonObject next() throws InterruptedException {
      JsonObject frame = frames.poll(10, TimeUnit.SECONDS);
      assertNotNull(frame, "no WebSocket frame within 10 s");
      return frame;
    }

    @Override
    public void close() {
      socket.abort();
    }
  }
}

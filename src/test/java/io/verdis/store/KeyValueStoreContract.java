package io.verdis.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link KeyValueStore} does, whichever server is behind it: each subclass opens the
 * store one way (in-process, over the network to Verdis, to redis-server) and runs the same tests.
 */
abstract class KeyValueStoreContract {
  protected KeyValueStore store;

  /** A store on an empty database. */
  protected abstract KeyValueStore open() throws Exception;

  protected void closeServer() throws Exception {
  }

  @BeforeEach
  void openStore() throws Exception {
    store = open();
    await(store.clear());
  }

  @AfterEach
  void closeStore() throws Exception {
    if (store != null) {
      await(store.close());
    }
    closeServer();
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static Buffer b(String text) {
    return Buffer.buffer(text);
  }

  @Test
  void stringsPutGetFetchRemoveAndRemove() throws Exception {
    assertNull(await(store.get("missing")));
    await(store.put("greeting", "hello"));
    assertEquals("hello", await(store.getString("greeting")));
    assertFalse(await(store.putIfAbsent("greeting", b("again"))));
    assertTrue(await(store.putIfAbsent("other", b("first"))));
    assertEquals(b("hello"), await(store.fetchRemove("greeting")));
    assertNull(await(store.fetchRemove("greeting")));
    assertTrue(await(store.exists("other")));
    assertEquals(1L, await(store.remove("other", "never-there")));
    assertFalse(await(store.exists("other")));
  }

  @Test
  void valuesAreBinarySafe() throws Exception {
    byte[] raw = new byte[256];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (byte) i;
    }
    await(store.put("bin", Buffer.buffer(raw)));
    assertEquals(Buffer.buffer(raw), await(store.get("bin")));
    await(store.put("ключ", "значение"));
    assertEquals("значение", await(store.getString("ключ")));
  }

  @Test
  void timeToLive() throws Exception {
    await(store.put("session", b("s"), Duration.ofMinutes(10)));
    Duration left = await(store.ttl("session"));
    assertTrue(left.compareTo(Duration.ofMinutes(9)) > 0 && left.compareTo(Duration.ofMinutes(10)) <= 0, left::toString);
    assertTrue(await(store.persist("session")));
    assertNull(await(store.ttl("session")));
    assertNull(await(store.ttl("missing")));
    assertFalse(await(store.expire("missing", Duration.ofSeconds(5))));
    // Less than a millisecond is one, not Redis's PX 0 error or PEXPIRE 0's instant delete.
    await(store.put("brief", b("b"), Duration.ofNanos(500_000)));
    assertTrue(await(store.expire("session", Duration.ofNanos(1))));
    // A key past its TTL is gone at the next read, whichever server.
    for (int i = 0; i < 200 && await(store.exists("session")); i++) {
      Thread.sleep(10);
    }
    assertNull(await(store.get("session")));
  }

  @Test
  void counters() throws Exception {
    assertEquals(1L, await(store.increment("hits")));
    assertEquals(11L, await(store.increment("hits", 10)));
    assertEquals(6L, await(store.increment("hits", -5)));
    await(store.put("text", "abc"));
    StoreException refused = assertThrows(StoreException.class, () -> unwrap(store.increment("text")));
    assertEquals("ERR value is not an integer or out of range", refused.getMessage());
  }

  @Test
  void queues() throws Exception {
    assertEquals(2L, await(store.append("jobs", b("a"), b("b"))));
    assertEquals(3L, await(store.prepend("jobs", b("z"))));
    assertEquals(List.of(b("z"), b("a"), b("b")), await(store.range("jobs", 0, -1)));
    assertEquals(b("b"), await(store.pop("jobs")));
    assertEquals(b("z"), await(store.popFirst("jobs")));
    assertEquals(1L, await(store.length("jobs")));
    assertEquals(b("a"), await(store.popFirst("jobs")));
    assertNull(await(store.popFirst("jobs")));
    assertNull(await(store.pop("jobs")));
    assertFalse(await(store.exists("jobs")));
  }

  @Test
  void aWrongTypeIsRefusedWithRedisText() throws Exception {
    await(store.put("plain", "x"));
    StoreException refused = assertThrows(StoreException.class, () -> unwrap(store.append("plain", b("y"))));
    assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value", refused.getMessage());
  }

  @Test
  void hashes() throws Exception {
    assertTrue(await(store.hashPut("user:1", "name", b("Ada"))));
    assertFalse(await(store.hashPut("user:1", "name", b("Ada L."))));
    assertTrue(await(store.hashPut("user:1", "born", b("1815"))));
    assertEquals(b("Ada L."), await(store.hashGet("user:1", "name")));
    assertNull(await(store.hashGet("user:1", "died")));
    assertEquals(Map.of("name", b("Ada L."), "born", b("1815")), await(store.hashGetAll("user:1")));
    assertEquals(1L, await(store.hashRemove("user:1", "born", "died")));
    assertEquals(Map.of(), await(store.hashGetAll("missing")));
  }

  @Test
  void sets() throws Exception {
    assertEquals(2L, await(store.setAdd("tags", b("a"), b("b"))));
    assertEquals(1L, await(store.setAdd("tags", b("b"), b("c"))));
    assertTrue(await(store.setContains("tags", b("c"))));
    assertFalse(await(store.setContains("tags", b("d"))));
    assertEquals(Set.of(b("a"), b("b"), b("c")), await(store.setMembers("tags")));
    assertEquals(1L, await(store.setRemove("tags", b("a"), b("x"))));
    assertEquals(Set.of(), await(store.setMembers("missing")));
  }

  @Test
  void sortedSets() throws Exception {
    assertTrue(await(store.sortedAdd("board", 10, b("ann"))));
    assertTrue(await(store.sortedAdd("board", 2.5, b("bob"))));
    assertFalse(await(store.sortedAdd("board", 1, b("ann"))));
    assertEquals(5.5, await(store.sortedIncrement("board", 3, b("bob"))));
    assertEquals(1.0, await(store.sortedScore("board", b("ann"))));
    assertNull(await(store.sortedScore("board", b("nobody"))));
    assertTrue(await(store.sortedAdd("board", Double.POSITIVE_INFINITY, b("top"))));
    assertEquals(List.of(new ScoredMember(b("ann"), 1.0), new ScoredMember(b("bob"), 5.5),
        new ScoredMember(b("top"), Double.POSITIVE_INFINITY)), await(store.sortedRange("board", 0, -1)));
    assertEquals(1L, await(store.sortedRemove("board", b("ann"))));
  }

  @Test
  void publishAndSubscribe() throws Exception {
    List<ChannelMessage> received = new CopyOnWriteArrayList<>();
    CountDownLatch two = new CountDownLatch(2);
    Subscription subscription = await(store.subscribe(message -> {
      received.add(message);
      two.countDown();
    }, "news", "alerts"));
    assertEquals(1L, await(store.publish("news", b("first"))));
    assertEquals(1L, await(store.publish("alerts", b("second"))));
    assertEquals(0L, await(store.publish("elsewhere", b("lost"))));
    assertTrue(two.await(10, TimeUnit.SECONDS), received::toString);
    assertEquals(List.of(new ChannelMessage("news", b("first")), new ChannelMessage("alerts", b("second"))), received);
    await(subscription.close());
    for (int i = 0; i < 200 && await(store.publish("news", b("after"))) > 0; i++) {
      Thread.sleep(10); // the server drops the subscription as the connection closes
    }
    assertEquals(0L, await(store.publish("news", b("after"))));
  }

  @Test
  void clearRemovesEveryKey() throws Exception {
    await(store.put("a", "1"));
    await(store.append("b", b("2")));
    await(store.clear());
    assertFalse(await(store.exists("a")));
    assertFalse(await(store.exists("b")));
  }

  /** The future's failure itself, for assertThrows. */
  static <T> T unwrap(Future<T> future) throws Throwable {
    try {
      return await(future);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause();
    }
  }
}

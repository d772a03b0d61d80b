package io.verdis.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.redisson.Redisson;
import org.redisson.api.RAtomicLong;
import org.redisson.api.RBlockingQueue;
import org.redisson.api.RLock;
import org.redisson.api.RMap;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RStream;
import org.redisson.api.stream.AutoClaimResult;
import org.redisson.api.stream.PendingEntry;
import org.redisson.api.stream.PendingResult;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamGroup;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.api.stream.StreamTrimArgs;
import org.redisson.api.RTopic;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redisson, as an application uses it, against a real node: its locks, maps, atomic longs, rate
 * limiters and sorted-set polls are Lua scripts (EVAL/EVALSHA, loaded on NOSCRIPT), its lock waiters
 * wake on pub/sub, its queues block on BLPOP. Run with {@code -Dverdis.it.server=redis} to check the
 * test itself against redis-server. Waits are generous and nothing is timed: a wait that runs out
 * means the library never saw what it waited for.
 */
// A hang guard, not a timing assertion: Redisson retries an EVALSHA the server refuses forever.
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RedissonTest {
  private static final long WAIT_SECONDS = 30;

  private static ServerUnderTest server;
  private static RedissonClient redisson;
  /** The test's other threads: lock contenders, producer, consumer (never the common pool, one thread on two cores). */
  private static final ExecutorService threads = Executors.newCachedThreadPool();

  @BeforeAll
  static void start() throws Exception {
    server = ServerUnderTest.start();
    try (RawClient client = new RawClient(server.port())) {
      // COMMAND INFO answers [nil] for an unknown command; fail at once rather than time out in every test.
      assertNotNull(((List<?>) client.request("COMMAND", "INFO", "EVALSHA")).get(0),
          server.name() + " has no EVALSHA: Redisson retries a refused script forever instead of failing");
    }
    Config config = new Config();
    // Two cores on the test machine, and other tests beside this one: small pools.
    config.setThreads(2).setNettyThreads(2);
    config.useSingleServer()
        .setAddress("redis://127.0.0.1:" + server.port())
        .setConnectionMinimumIdleSize(1)
        .setConnectionPoolSize(4)
        .setSubscriptionConnectionMinimumIdleSize(1)
        .setSubscriptionConnectionPoolSize(2)
        .setTimeout(10_000);
    redisson = Redisson.create(config);
  }

  @AfterAll
  static void stop() throws Exception {
    threads.shutdownNow();
    if (redisson != null) {
      redisson.shutdown(0, 10, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void flush() {
    redisson.getKeys().flushall();
  }

  @Test
  void lockIsReentrantAndBlocksOtherThreadsUntilFullyReleased() throws Exception {
    RLock lock = redisson.getLock("lock:orders");
    lock.lock(60, TimeUnit.SECONDS);
    lock.lock(60, TimeUnit.SECONDS);
    assertEquals(2, lock.getHoldCount());
    assertTrue(lock.isHeldByCurrentThread());
    assertFalse(inOtherThread(() -> lock.tryLock(0, 60, TimeUnit.SECONDS)), "another thread got a held lock");

    CountDownLatch acquired = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
      lock.lock(60, TimeUnit.SECONDS);
      acquired.countDown();
      await(release);
      lock.unlock();
    }, threads);

    lock.unlock();
    assertEquals(1, lock.getHoldCount());
    assertTrue(lock.isLocked());
    assertEquals(1, acquired.getCount(), "the waiter got the lock while its owner still held it once");

    lock.unlock();
    assertTrue(acquired.await(WAIT_SECONDS, TimeUnit.SECONDS), "the waiter was not woken when the lock was released");
    assertFalse(lock.isHeldByCurrentThread());
    assertTrue(lock.isLocked());
    release.countDown();
    waiter.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertFalse(lock.isLocked());
  }

  @Test
  void aLockWhoseLeaseRunsOutIsFreeForOthers() throws Exception {
    RLock lock = redisson.getLock("lock:lease");
    lock.lock(1, TimeUnit.SECONDS);
    assertTrue(lock.isHeldByCurrentThread());
    // Never unlocked: only the lease's expiry lets the other thread in.
    assertTrue(inOtherThread(() -> {
      boolean got = lock.tryLock(WAIT_SECONDS, 60, TimeUnit.SECONDS);
      if (got) {
        lock.unlock();
      }
      return got;
    }), "the lock was not free after its lease ran out");
    assertFalse(lock.isHeldByCurrentThread());
    assertFalse(lock.isLocked());
  }

  @Test
  void mapPutsGetsAndRemovesLikeAJavaMap() {
    RMap<String, String> map = redisson.getMap("map:users", StringCodec.INSTANCE);
    assertNull(map.put("alice", "admin"));
    assertEquals("admin", map.put("alice", "owner"));
    assertEquals("owner", map.get("alice"));
    assertNull(map.putIfAbsent("bob", "reader"));
    assertEquals("reader", map.putIfAbsent("bob", "writer"));
    assertTrue(map.fastPut("carol", "writer"));
    assertFalse(map.fastPut("carol", "editor"));
    assertEquals("editor", map.get("carol"));
    assertEquals("reader", map.remove("bob"));
    assertNull(map.remove("bob"));
    assertNull(map.get("nobody"));

    Map<String, String> entries = new TreeMap<>();
    map.entrySet().forEach(entry -> entries.put(entry.getKey(), entry.getValue()));
    assertEquals(Map.of("alice", "owner", "carol", "editor"), entries);
    assertEquals(2, map.size());
  }

  @Test
  void atomicLongIncrementsComparesAndSetsAndAdds() {
    RAtomicLong counter = redisson.getAtomicLong("counter:visits");
    assertEquals(1, counter.incrementAndGet());
    assertEquals(2, counter.incrementAndGet());
    assertFalse(counter.compareAndSet(1, 10));
    assertTrue(counter.compareAndSet(2, 10));
    assertEquals(10, counter.getAndAdd(5));
    assertEquals(15, counter.get());
    assertEquals(15, counter.getAndAdd(-15));
    assertEquals(0, counter.get());
  }

  @Test
  void blockingQueueHandsEveryItemFromAProducerToAConsumerInOrder() throws Exception {
    RBlockingQueue<String> queue = redisson.getBlockingQueue("queue:jobs", StringCodec.INSTANCE);
    int items = 50;
    CountDownLatch firstTaken = new CountDownLatch(1);
    CompletableFuture<List<String>> consumer = CompletableFuture.supplyAsync(() -> {
      List<String> taken = new ArrayList<>();
      for (int i = 0; i < items; i++) {
        try {
          taken.add(queue.take());
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        firstTaken.countDown();
      }
      return taken;
    }, threads);
    // The consumer is blocked in take() on an empty queue: nothing to take until the producer offers.
    assertFalse(firstTaken.await(500, TimeUnit.MILLISECONDS), "take() returned from an empty queue");

    List<String> offered = new ArrayList<>();
    CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < items; i++) {
        String item = "job-" + i;
        offered.add(item);
        assertTrue(queue.offer(item));
      }
    }, threads);
    producer.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(offered, consumer.get(WAIT_SECONDS, TimeUnit.SECONDS));
    assertTrue(queue.isEmpty());
  }

  @Test
  void rateLimiterGrantsPermitsUpToTheRateAndRefusesBeyond() {
    RRateLimiter limiter = redisson.getRateLimiter("limiter:api");
    // An hour-long interval: no permit comes back while the test runs.
    assertTrue(limiter.trySetRate(RateType.OVERALL, 5, Duration.ofHours(1)));
    assertFalse(limiter.trySetRate(RateType.OVERALL, 50, Duration.ofHours(1)), "trySetRate replaced a set rate");
    assertEquals(5, limiter.availablePermits());
    assertTrue(limiter.tryAcquire());
    assertTrue(limiter.tryAcquire(3));
    assertFalse(limiter.tryAcquire(2));
    assertEquals(1, limiter.availablePermits());
    assertTrue(limiter.tryAcquire());
    assertFalse(limiter.tryAcquire());
    assertEquals(0, limiter.availablePermits());
  }

  /**
   * RStream as a work queue: entries added, two consumers of one group each reading new entries
   * (one blocked until an entry arrives), acknowledging some, the rest claimed by the other after
   * they sat idle, the pending summary and the group's figures as XINFO reports them.
   */
  @Test
  void streamGroupDeliversAcknowledgesAndClaimsPendingEntries() throws Exception {
    RStream<String, String> jobs = redisson.getStream("jobs:stream", StringCodec.INSTANCE);
    jobs.createGroup(StreamCreateGroupArgs.name("workers").makeStream());
    List<StreamMessageId> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(jobs.add(StreamAddArgs.entries("job", Integer.toString(i), "kind", "resize")));
    }
    assertEquals(5, jobs.size());
    Map<StreamMessageId, Map<String, String>> first =
        jobs.readGroup("workers", "alice", StreamReadGroupArgs.neverDelivered().count(3));
    assertEquals(ids.subList(0, 3), new ArrayList<>(first.keySet()));
    assertEquals(Map.of("job", "0", "kind", "resize"), first.get(ids.get(0)));
    Map<StreamMessageId, Map<String, String>> rest =
        jobs.readGroup("workers", "bob", StreamReadGroupArgs.neverDelivered());
    assertEquals(ids.subList(3, 5), new ArrayList<>(rest.keySet()));
    assertEquals(2, jobs.ack("workers", ids.get(0), ids.get(3)));

    PendingResult pending = jobs.getPendingInfo("workers");
    assertEquals(3, pending.getTotal());
    assertEquals(ids.get(1), pending.getLowestId());
    assertEquals(ids.get(4), pending.getHighestId());
    assertEquals(Map.of("alice", 2L, "bob", 1L), pending.getConsumerNames());

    // bob waits for new work; the entry added meanwhile goes to him.
    CompletableFuture<Map<StreamMessageId, Map<String, String>>> waiting = CompletableFuture.supplyAsync(() ->
        jobs.readGroup("workers", "bob", StreamReadGroupArgs.neverDelivered().timeout(Duration.ofSeconds(20))));
    Thread.sleep(300);
    StreamMessageId late = jobs.add(StreamAddArgs.entry("job", "late"));
    assertEquals(List.of(late), new ArrayList<>(waiting.get(30, TimeUnit.SECONDS).keySet()));

    // alice's entries, idle long enough, go to bob.
    Thread.sleep(50);
    AutoClaimResult<String, String> claimed = jobs.autoClaim("workers", "bob", 10, TimeUnit.MILLISECONDS,
        StreamMessageId.MIN, 10);
    assertTrue(claimed.getMessages().keySet().containsAll(List.of(ids.get(1), ids.get(2))), claimed.getMessages().toString());
    assertEquals(List.of(), claimed.getDeletedIds());
    for (PendingEntry entry : jobs.listPending("workers", StreamMessageId.MIN, StreamMessageId.MAX, 10)) {
      assertEquals("bob", entry.getConsumerName(), entry.toString());
    }
    StreamGroup group = jobs.listGroups().get(0);
    assertEquals("workers", group.getName());
    assertEquals(2, group.getConsumers());
    assertEquals(late, group.getLastDeliveredId());
    assertEquals(0, group.getLag());
    assertEquals(6, jobs.trim(StreamTrimArgs.maxLen(2).noLimit()) + 2);
  }

  @Test
  void scoredSortedSetAddsScoresRanksRangesAndPolls() {
    RScoredSortedSet<String> board = redisson.getScoredSortedSet("board:scores", StringCodec.INSTANCE);
    assertTrue(board.add(10, "alice"));
    assertTrue(board.add(20, "bob"));
    assertTrue(board.add(5, "carol"));
    assertFalse(board.add(25, "bob"), "re-adding a member counted as new");
    assertEquals(35.0, board.addScore("carol", 30));
    assertEquals(0, board.rank("alice"));
    assertEquals(2, board.rank("carol"));
    assertNull(board.rank("nobody"));
    assertEquals(List.of("alice", "bob", "carol"), new ArrayList<>(board.valueRange(0, -1)));
    assertEquals(List.of("bob", "carol"), new ArrayList<>(board.valueRange(20, true, 40, true)));
    assertEquals("alice", board.pollFirst());
    assertEquals(List.of("bob", "carol"), new ArrayList<>(board.pollFirst(5)));
    assertNull(board.pollFirst());
    assertTrue(board.isEmpty());
  }

  @Test
  void topicDeliversPublishedMessagesToItsListener() throws Exception {
    RTopic topic = redisson.getTopic("news", StringCodec.INSTANCE);
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    int listener = topic.addListener(String.class, (channel, message) -> received.add(channel + ":" + message));
    try {
      assertEquals(1, topic.publish("first"));
      assertEquals(1, topic.publish("second"));
      assertEquals("news:first", received.poll(WAIT_SECONDS, TimeUnit.SECONDS));
      assertEquals("news:second", received.poll(WAIT_SECONDS, TimeUnit.SECONDS));
    } finally {
      topic.removeListener(listener);
    }
    assertEquals(0, topic.publish("unheard"));
  }

  private interface Check {
    boolean run() throws Exception;
  }

  /** Runs {@code check} on another thread (Redisson's locks belong to threads); its result. */
  private static boolean inOtherThread(Check check) throws Exception {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return check.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, threads).get(WAIT_SECONDS * 2, TimeUnit.SECONDS);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("not released");
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}

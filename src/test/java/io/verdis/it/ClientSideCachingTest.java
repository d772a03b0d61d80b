package io.verdis.it;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.support.caching.CacheAccessor;
import io.lettuce.core.support.caching.CacheFrontend;
import io.lettuce.core.support.caching.ClientSideCaching;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real client library's client-side cache on Verdis: Lettuce's {@code ClientSideCaching} turns
 * tracking on over RESP3, caches what it reads and drops an entry when the server's invalidation
 * push arrives. Another client's write must reach the cache; nothing is timed (a wait that never
 * ends is what the timeout catches).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClientSideCachingTest {
  private static TestServer server;
  private static RedisClient lettuce;

  @BeforeAll
  static void start() {
    server = TestServer.start("--shards", "3", "--event-loops", "2");
    lettuce = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
  }

  @AfterAll
  static void stop() {
    if (lettuce != null) {
      lettuce.shutdown();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void lettucesCacheSeesAnotherClientsWrite() throws Exception {
    Map<String, String> cache = new ConcurrentHashMap<>();
    try (StatefulRedisConnection<String, String> tracked = lettuce.connect();
         StatefulRedisConnection<String, String> other = lettuce.connect()) {
      other.sync().set("cached", "first");
      other.sync().set("{cached}other", "x");
      CacheFrontend<String, String> frontend =
          ClientSideCaching.enable(CacheAccessor.forMap(cache), tracked, TrackingArgs.Builder.enabled());
      assertEquals("first", frontend.get("cached"));
      assertEquals("first", cache.get("cached"), "the value read is cached");
      other.sync().set("cached", "second");
      awaitEvicted(cache, "cached");
      assertEquals("second", frontend.get("cached"));

      // A key read through the cache and deleted in a transaction by the other client.
      assertEquals("x", frontend.get("{cached}other"));
      other.sync().multi();
      other.sync().del("{cached}other");
      other.sync().exec();
      awaitEvicted(cache, "{cached}other");
      assertEquals(null, frontend.get("{cached}other"));

      String info = other.sync().info("clients");
      assertTrue(info.contains("tracking_clients:1"), info);
      frontend.close();
    }
  }

  /**
   * A flush is one invalidation with no key list (null), as Redis sends it; Lettuce's cache does not
   * act on it (its listener expects a list), so this reads the push itself through Lettuce.
   */
  @Test
  void flushAllReachesLettuceAsANullInvalidation() throws Exception {
    BlockingQueue<List<Object>> pushes = new LinkedBlockingQueue<>();
    try (StatefulRedisConnection<String, String> tracked = lettuce.connect();
         StatefulRedisConnection<String, String> other = lettuce.connect()) {
      other.sync().flushall(); // forgets the keys the other test's clients read
      other.sync().set("f1", "1");
      tracked.addListener(message -> {
        if (message.getType().equals("invalidate")) {
          pushes.add(new ArrayList<>(message.getContent()));
        }
      });
      tracked.sync().clientTracking(TrackingArgs.Builder.enabled());
      assertEquals("1", tracked.sync().get("f1"));
      String stats = other.sync().info("stats");
      assertTrue(stats.contains("tracking_total_keys:1\r\n") && stats.contains("tracking_total_items:1\r\n"), stats);
      other.sync().flushall();
      List<Object> content = pushes.take();
      assertEquals(2, content.size());
      assertEquals(null, content.get(1), "the flush's invalidation carries no keys");
      assertTrue(other.sync().info("stats").contains("tracking_total_keys:0\r\n"));
    }
  }

  private static void awaitEvicted(Map<String, String> cache, String key) throws InterruptedException {
    while (cache.containsKey(key)) {
      Thread.sleep(10);
    }
  }
}

package io.verdis.junit;

import io.verdis.embed.EmbeddedVerdis;
import io.verdis.it.RawClient;
import io.verdis.store.KeyValueStore;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The extension as a user writes it: a node per class, injected four ways, flushed between tests. */
@WithVerdis(flushBetweenTests = true, config = {"maxmemory 64mb", "maxmemory-policy allkeys-lru"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WithVerdisTest {
  static int portBeforeAll;

  @BeforeAll
  static void before(@VerdisPort int port) {
    portBeforeAll = port;
  }

  @Test
  @Order(1)
  void everythingPointsAtOneNode(EmbeddedVerdis verdis, @VerdisPort int port, KeyValueStore store, Redis client)
      throws Exception {
    assertEquals(portBeforeAll, port);
    assertEquals(verdis.port(), port);
    store.put("written", "by the store").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals("by the store", client.send(Request.cmd(Command.GET).arg("written"))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).toString());
    try (RawClient raw = new RawClient(port)) {
      assertEquals("*2\r\n$9\r\nmaxmemory\r\n$8\r\n67108864\r\n", raw.call("CONFIG", "GET", "maxmemory"));
      assertEquals("*2\r\n$16\r\nmaxmemory-policy\r\n$11\r\nallkeys-lru\r\n", raw.call("CONFIG", "GET", "maxmemory-policy"));
    }
  }

  @Test
  @Order(2)
  void theNextTestStartsEmpty(KeyValueStore store) throws Exception {
    assertFalse(store.exists("written").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
  }

  @Nested
  class InsideANestedClass {
    @Test
    void theEnclosingNodeServes(EmbeddedVerdis verdis, @VerdisPort int port) {
      assertEquals(portBeforeAll, port);
      assertEquals(verdis.port(), port);
    }
  }
}

package io.verdis.junit;

import io.verdis.it.RawClient;
import io.verdis.store.KeyValueStore;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A node with a password: the injected client logs in, flushing between tests still works, others must AUTH. */
@WithVerdis(flushBetweenTests = true, config = "requirepass \"s3cret word\"")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WithVerdisPasswordTest {
  @Test
  @Order(1)
  void theInjectedClientIsLoggedIn(Redis client, @VerdisPort int port) throws Exception {
    assertEquals("OK", client.send(Request.cmd(Command.SET).arg("k").arg("v"))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).toString());
    try (RawClient stranger = new RawClient(port)) {
      assertEquals("-NOAUTH Authentication required.\r\n", stranger.call("GET", "k"));
    }
  }

  @Test
  @Order(2)
  void theNextTestStartsEmpty(KeyValueStore store) throws Exception {
    assertFalse(store.exists("k").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
  }
}

package io.verdis.embed;

import io.verdis.it.RawClient;
import io.verdis.store.KeyValueStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starting and stopping nodes inside the test's JVM, as an application would. */
class EmbeddedVerdisTest {
  @TempDir
  Path dir;

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void twoNodesInOneJvmServeTheirOwnData() throws Exception {
    try (EmbeddedVerdis first = await(EmbeddedVerdis.builder().start());
         EmbeddedVerdis second = await(EmbeddedVerdis.builder().start())) {
      assertNotEquals(first.port(), second.port());
      try (RawClient a = new RawClient(first.port()); RawClient b = new RawClient(second.port())) {
        assertEquals("+OK\r\n", a.call("SET", "k", "first"));
        assertEquals("+OK\r\n", b.call("SET", "k", "second"));
        assertEquals("$5\r\nfirst\r\n", a.call("GET", "k"));
        assertEquals("$6\r\nsecond\r\n", b.call("GET", "k"));
      }
    }
  }

  @Test
  void aNodeWithADirKeepsItsDataAcrossRestarts() throws Exception {
    try (EmbeddedVerdis verdis = await(EmbeddedVerdis.builder().dir(dir).appendfsync("always").start());
         RawClient client = new RawClient(verdis.port())) {
      assertEquals("+OK\r\n", client.call("SET", "kept", "yes"));
      assertEquals(":2\r\n", client.call("RPUSH", "queue", "a", "b"));
    }
    try (EmbeddedVerdis again = await(EmbeddedVerdis.builder().dir(dir).start());
         RawClient client = new RawClient(again.port())) {
      assertEquals("$3\r\nyes\r\n", client.call("GET", "kept"));
      assertEquals(":2\r\n", client.call("LLEN", "queue"));
    }
  }

  @Test
  void onTheCallersVertxStoppingLeavesVertxRunning() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      EmbeddedVerdis verdis = await(EmbeddedVerdis.builder().vertx(vertx).start());
      int deployed = vertx.deploymentIDs().size();
      assertTrue(deployed > 0);
      await(verdis.stop());
      assertEquals(0, vertx.deploymentIDs().size(), "the node's verticles outlived it");
      verdis.close(); // a second stop answers as the first did
      assertEquals("done", await(vertx.executeBlocking(() -> "done")));
      // and the port is free again: a node can start on it
      try (EmbeddedVerdis again = await(EmbeddedVerdis.builder().vertx(vertx).port(verdis.port()).start())) {
        assertEquals(verdis.port(), again.port());
      }
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void aStoreLocationStartsAnEmbeddedNodeThatCloseStops() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      KeyValueStore store = await(KeyValueStore.open(vertx, "embedded:" + dir));
      await(store.put("k", "v"));
      await(store.close());
      assertEquals(0, vertx.deploymentIDs().size());
      KeyValueStore reopened = await(KeyValueStore.open(vertx, "embedded:" + dir));
      assertEquals("v", await(reopened.getString("k")));
      await(reopened.close());
      assertTrue(Files.list(dir.resolve("appendonlydir")).findAny().isPresent());
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void shutdownStopsTheNodeNotTheJvmAndCloseAfterwardsIsHarmless() throws Exception {
    EmbeddedVerdis verdis = await(EmbeddedVerdis.builder().start());
    try (RawClient client = new RawClient(verdis.port())) {
      client.call("SHUTDOWN", "NOSAVE");
    } catch (java.io.IOException closedWithoutReply) {
      // as Redis: SHUTDOWN closes the connection instead of answering
    }
    for (int i = 0; i < 100 && portOpen(verdis.port()); i++) {
      Thread.sleep(50);
    }
    assertTrue(!portOpen(verdis.port()), "still listening after SHUTDOWN");
    verdis.close();
  }

  private static boolean portOpen(int port) {
    try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
      return true;
    } catch (java.io.IOException refused) {
      return false;
    }
  }

  @Test
  void aPortDirectiveDecidesThePortReported() throws Exception {
    int wanted = io.verdis.it.TestServer.freePort();
    try (EmbeddedVerdis verdis = await(EmbeddedVerdis.builder().config("port " + wanted).start());
         RawClient client = new RawClient(wanted)) {
      assertEquals(wanted, verdis.port());
      assertEquals("+PONG\r\n", client.call("PING"));
    }
  }

  @Test
  void aBadDirectiveFailsTheStartWithRedisText() {
    Exception failed = assertThrows(Exception.class,
        () -> await(EmbeddedVerdis.builder().config("maxmemory-policy sometimes").start()));
    assertTrue(failed.getMessage().contains("maxmemory-policy"), failed.getMessage());
  }
}

package io.verdis.persist;

import io.verdis.it.RawClient;
import io.verdis.it.TestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DEBUG RELOAD and DEBUG LOADAOF beside other work: no acknowledged write is lost, loads are
 * exclusive, a rewrite never races the AOF load, and a failed load does not go on serving writes.
 */
class DebugLoadSafetyTest {
  private static final String LOADING = "-LOADING Redis is loading the dataset in memory\r\n";
  private static final int KEYS = 5000;

  @Test
  void everyIncrementAcknowledgedDuringReloadsSurvivesThem() throws Exception {
    try (TestServer server = TestServer.start("--shards", "3", "--event-loops", "2");
         RawClient admin = new RawClient(server.port())) {
      fill(admin, KEYS);
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService writers = Executors.newFixedThreadPool(2);
      try {
        List<Future<Long>> acknowledged = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
          acknowledged.add(writers.submit(() -> increment(server.port(), stop)));
        }
        for (int i = 0; i < 10; i++) {
          assertEquals("+OK\r\n", admin.call("DEBUG", "RELOAD"));
          admin.call("INCR", "reloads"); // a moment of writes between two reloads
        }
        stop.set(true);
        long total = 0;
        for (Future<Long> count : acknowledged) {
          total += count.get();
        }
        assertEquals(":" + total + "\r\n", admin.call("INCRBY", "counter", "0"),
            "the counter holds every acknowledged INCR, and only those");
        assertEquals(":" + (KEYS + 2) + "\r\n", admin.call("DBSIZE"));
      } finally {
        stop.set(true);
        writers.shutdownNow();
      }
    }
  }

  @Test
  void aSecondLoadWhileOneRunsIsRefusedAndTheLoadingStateLastsToTheEnd() throws Exception {
    try (TestServer server = TestServer.start("--shards", "3", "--appendonly", "yes");
         RawClient first = new RawClient(server.port());
         RawClient second = new RawClient(server.port());
         RawClient third = new RawClient(server.port())) {
      fill(first, 50_000);
      for (int round = 0; round < 5; round++) {
        first.send(RawClient.command("DEBUG", "RELOAD"));
        second.send(RawClient.command("DEBUG", "LOADAOF"));
        third.send(RawClient.command("DEBUG", "RELOAD", "NOSAVE"));
        for (RawClient client : List.of(first, second, third)) {
          String reply = client.readReply();
          assertTrue(reply.equals("+OK\r\n") || reply.equals(LOADING), reply);
        }
        assertEquals(":50000\r\n", first.call("DBSIZE"), "round " + round);
        assertEquals("+OK\r\n", first.call("SET", "k0", "v0"), "no load is left claiming the state");
      }
      assertTrue(first.call("INFO", "persistence").contains("loading:0\r\n"));
    }
  }

  @Test
  void loadaofRacingRewritesKeepsEveryKeyInMemoryAndOnDisk() throws Exception {
    try (TestServer server = TestServer.start("--shards", "3", "--appendonly", "yes");
         RawClient loader = new RawClient(server.port());
         RawClient rewriter = new RawClient(server.port())) {
      fill(loader, 50_000);
      for (int round = 0; round < 8; round++) {
        rewriter.send(RawClient.command("BGREWRITEAOF"));
        loader.send(RawClient.command("DEBUG", "LOADAOF"));
        String rewrite = rewriter.readReply();
        assertTrue(rewrite.startsWith("+Background append only file rewriting") || rewrite.equals(LOADING)
            || rewrite.startsWith("-ERR Background append only file rewriting already"), rewrite);
        assertEquals("+OK\r\n", loader.readReply(), "round " + round);
        assertEquals(":50000\r\n", loader.call("DBSIZE"), "round " + round);
      }
      // What is on disk now: loaded again once the last rewrite is over.
      awaitNoRewrite(loader);
      assertEquals("+OK\r\n", loader.call("DEBUG", "LOADAOF"));
      assertEquals(":50000\r\n", loader.call("DBSIZE"));
    }
  }

  @Test
  void aFailedReloadRefusesWritesAndSavesUntilALoadSucceeds() throws Exception {
    try (TestServer server = TestServer.start("--shards", "2");
         RawClient client = new RawClient(server.port())) {
      fill(client, 100);
      assertEquals("+OK\r\n", client.call("SAVE"));
      byte[] good = Files.readAllBytes(server.dir().resolve("dump.rdb"));
      // Cut short: the load fails part-way, with some keys in.
      Files.write(server.dir().resolve("dump.rdb"), java.util.Arrays.copyOf(good, good.length / 2));
      assertEquals("-ERR Error trying to load the RDB dump\r\n", client.call("DEBUG", "RELOAD", "NOSAVE"));
      assertTrue(client.call("SET", "k", "v").startsWith("-MISCONF DEBUG RELOAD failed to load the dataset"));
      assertTrue(client.call("BGSAVE").startsWith("-MISCONF DEBUG RELOAD failed"));
      assertTrue(client.call("DEBUG", "RELOAD").startsWith("-ERR"), "its save is refused too");
      assertEquals(good.length / 2, Files.size(server.dir().resolve("dump.rdb")), "the file is left alone");
      Files.write(server.dir().resolve("dump.rdb"), good);
      assertEquals("+OK\r\n", client.call("DEBUG", "RELOAD", "NOSAVE"));
      assertEquals(":100\r\n", client.call("DBSIZE"));
      assertEquals("+OK\r\n", client.call("SET", "k", "v"));
    }
  }

  /** {@code count} keys k0 … , pipelined. */
  private static void fill(RawClient client, int count) throws IOException {
    int chunk = 1000;
    for (int from = 0; from < count; from += chunk) {
      int to = Math.min(count, from + chunk);
      for (int i = from; i < to; i++) {
        client.send(RawClient.command("SET", "k" + i, "v" + i));
      }
      for (int i = from; i < to; i++) {
        assertEquals("+OK\r\n", client.readReply());
      }
    }
  }

  /** Pipelines INCR counter until {@code stop}; returns how many were answered with a number. */
  private static long increment(int port, AtomicBoolean stop) throws IOException {
    long acknowledged = 0;
    try (RawClient client = new RawClient(port)) {
      while (!stop.get()) {
        for (int i = 0; i < 32; i++) {
          client.send(RawClient.command("INCR", "counter"));
        }
        for (int i = 0; i < 32; i++) {
          String reply = client.readReply();
          if (reply.startsWith(":")) {
            acknowledged++;
          } else {
            assertEquals(LOADING, reply);
          }
        }
      }
    }
    return acknowledged;
  }

  private static void awaitNoRewrite(RawClient client) throws IOException, InterruptedException {
    while (client.call("INFO", "persistence").contains("aof_rewrite_in_progress:1")) {
      Thread.sleep(20);
    }
  }
}

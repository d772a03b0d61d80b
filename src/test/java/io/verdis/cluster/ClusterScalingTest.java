package io.verdis.cluster;

import io.verdis.it.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nodes joining and leaving while clients write through every node: slots move with their keys,
 * and every acknowledged write is there exactly once afterwards (the books balance).
 */
class ClusterScalingTest {
  @TempDir
  Path root;
  LocalCluster cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @DisplayName("a fourth node joins under load (blocked BLPOPs follow their keys), then one leaves on SIGTERM: no acknowledged write lost or doubled")
  void scaleUpAndDownUnderLoad() throws Exception {
    cluster = LocalCluster.start(root, 3, "--appendfsync", "always");
    Load load = new Load(cluster.nodes().subList(0, 3));
    List<CompletableFuture<String>> pops = new ArrayList<>();
    List<RawClient> waiters = new ArrayList<>();
    for (int q = 0; q < WAITERS; q++) {
      RawClient waiter = cluster.node(q % 3).client();
      waiter.readTimeout(150_000);
      waiters.add(waiter);
      String queue = "queue:" + q;
      pops.add(CompletableFuture.supplyAsync(() -> call(waiter, "BLPOP", queue, "120")));
    }
    load.start();
    try {
      Thread.sleep(1000);
      LocalCluster.Node fourth = cluster.addNode();
      cluster.awaitSettled();
      assertEquals(4, cluster.running().size());
      // Clients blocked on keys whose slots moved wait on the new owner now: a push wakes each.
      try (RawClient pusher = fourth.client()) {
        for (int q = 0; q < WAITERS; q++) {
          assertEquals(":1\r\n", pusher.call("RPUSH", "queue:" + q, "job" + q), "queue:" + q);
        }
      }
      for (int q = 0; q < WAITERS; q++) {
        String queue = "queue:" + q;
        String job = "job" + q;
        assertEquals("*2\r\n$" + queue.length() + "\r\n" + queue + "\r\n$" + job.length() + "\r\n" + job + "\r\n",
            pops.get(q).get(30, TimeUnit.SECONDS));
      }
      for (RawClient waiter : waiters) {
        waiter.close();
      }
      Thread.sleep(500);
      cluster.terminate(cluster.node(1), 150);
      assertTrue(cluster.node(1).log().contains("All slots handed over"), cluster.node(1).log());
      cluster.awaitSettled();
      Thread.sleep(500);
      assertTrue(fourth.log().contains("Cluster joined"), fourth.log());
    } finally {
      load.stop();
    }
    assertNull(load.failure.get(), () -> "a client saw an error: " + load.failure.get());
    assertTrue(load.acknowledged.size() > 100, "too little load ran: " + load.acknowledged.size());
    // Exactly once: the nodes' own key counts (node-local under redirect routing) add up to the
    // keys written, so no copy was left behind on a node that moved its slots away.
    long total = 0;
    for (LocalCluster.Node node : cluster.running()) {
      try (RawClient client = node.client()) {
        assertEquals("+OK\r\n", client.call("CONFIG", "SET", "cluster-routing", "redirect"));
        total += Long.parseLong(client.call("DBSIZE").trim().substring(1));
      }
    }
    for (LocalCluster.Node node : cluster.running()) {
      try (RawClient client = node.client()) {
        assertEquals("+OK\r\n", client.call("CONFIG", "SET", "cluster-routing", "forward"));
      }
    }
    long written = load.acknowledged.size() + Load.COUNTERS + load.lastSequence.size();
    assertTrue(total >= written && total <= written + load.cutOff.get(),
        "the nodes hold " + total + " keys, " + written + " were written");
    for (LocalCluster.Node node : cluster.running()) {
      try (RawClient client = node.client()) {
        for (Map.Entry<String, String> entry : load.acknowledged.entrySet()) {
          String value = entry.getValue();
          assertEquals("$" + value.length() + "\r\n" + value + "\r\n", client.call("GET", entry.getKey()),
              node + " lost " + entry.getKey());
        }
        for (Map.Entry<Integer, String> last : load.lastSequence.entrySet()) {
          String reply = client.call("GET", "seq:" + last.getKey());
          // The writer cut off by the SIGTERM may have had a later burst applied but not acknowledged.
          assertTrue(reply.endsWith("\r\n" + last.getValue() + "\r\n") || last.getKey() == 1,
              node + ": seq:" + last.getKey() + " is " + reply + " after " + last.getValue());
        }
        long sum = 0;
        for (int c = 0; c < Load.COUNTERS; c++) {
          String reply = client.call("GET", "counter:" + c);
          sum += reply.startsWith("$-1") ? 0 : Long.parseLong(reply.split("\r\n")[1]);
        }
        // A writer whose node stopped may have had its last INCR applied without hearing the reply.
        long unacknowledged = sum - load.increments.get();
        assertTrue(unacknowledged >= 0 && unacknowledged <= load.cutOff.get(),
            node + ": counters sum to " + sum + " after " + load.increments.get() + " acknowledged increments");
      }
    }
  }

  private static final int WAITERS = 24;

  private static String call(RawClient client, String... command) {
    try {
      return client.call(command);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Writers through given nodes: unique SETs and INCRs on shared counters, each recorded once acknowledged. */
  static final class Load {
    static final int COUNTERS = 20;
    final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    final AtomicLong increments = new AtomicLong();
    /** Each writer's last value written to seq:<writer>, acknowledged. */
    final Map<Integer, String> lastSequence = new ConcurrentHashMap<>();
    /** Writers whose connection closed (their node stopped): each may have one unacknowledged write applied. */
    final AtomicLong cutOff = new AtomicLong();
    final AtomicReference<String> failure = new AtomicReference<>();
    final AtomicBoolean running = new AtomicBoolean(true);
    final List<Thread> threads = new ArrayList<>();
    final List<LocalCluster.Node> nodes;

    Load(List<LocalCluster.Node> nodes) {
      this.nodes = nodes;
    }

    void start() {
      for (int w = 0; w < nodes.size(); w++) {
        int writer = w;
        LocalCluster.Node node = nodes.get(w);
        Thread thread = new Thread(() -> write(writer, node), "writer-" + w);
        threads.add(thread);
        thread.start();
      }
    }

    private void write(int writer, LocalCluster.Node node) {
      int i = 0;
      try (RawClient client = node.client()) {
        while (running.get()) {
          String key = "w" + writer + ":k" + i;
          String value = "v" + i;
          String reply = client.call("SET", key, value);
          if (!reply.equals("+OK\r\n")) {
            failure.compareAndSet(null, key + " -> " + reply);
            return;
          }
          acknowledged.put(key, value);
          String counted = client.call("INCR", "counter:" + (i % COUNTERS));
          if (!counted.startsWith(":")) {
            failure.compareAndSet(null, "INCR -> " + counted);
            return;
          }
          increments.incrementAndGet();
          if (i % 10 == 0) {
            // A pipelined burst of writes to one key: they must land in order whatever moves.
            String[][] burst = new String[20][];
            for (int b = 0; b < burst.length; b++) {
              burst[b] = new String[] {"SET", "seq:" + writer, i + "." + b};
            }
            client.sendPipelined(burst);
            for (String[] ignored : burst) {
              String burstReply = client.readReply();
              if (!burstReply.equals("+OK\r\n")) {
                failure.compareAndSet(null, "pipelined SET -> " + burstReply);
                return;
              }
            }
            lastSequence.put(writer, i + "." + (burst.length - 1));
          }
          i++;
        }
      } catch (IOException e) {
        // the node this writer used was stopped: its last write may not have been acknowledged
        cutOff.incrementAndGet();
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread thread : threads) {
        thread.join(30_000);
      }
    }
  }
}

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a Kubernetes rolling update does to a StatefulSet: each node in turn gets SIGTERM, hands its
 * slots over, exits, and starts again on its dir, while clients write through the nodes that are
 * up (reconnecting when theirs goes). No acknowledged write is lost.
 */
class ClusterRollingRestartTest {
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
  @DisplayName("a rolling restart of every node under load loses no acknowledged write")
  void rollingRestart() throws Exception {
    cluster = LocalCluster.start(root, 3, "--appendfsync", "always");
    Writers writers = new Writers(cluster, 3);
    writers.start();
    try {
      for (LocalCluster.Node node : cluster.nodes()) {
        Thread.sleep(500);
        cluster.terminate(node, 150);
        assertTrue(node.log().contains("All slots handed over"), node.log());
        cluster.launch(node);
        cluster.awaitSettled();
      }
      Thread.sleep(500);
    } finally {
      writers.stop();
    }
    assertNull(writers.failure.get(), () -> "a client saw an error: " + writers.failure.get());
    for (LocalCluster.Node node : cluster.nodes()) {
      // A node used to stop as soon as the table named the last chunk's new owner, before answering
      // the coordinator, which then waited for the answer until its timeout.
      String log = node.log();
      assertFalse(java.util.regex.Pattern.compile("Move of \\d+ slots from \\w+ to \\w+ failed").matcher(log).find(),
          () -> node + " saw a move fail:\n" + log);
    }
    assertTrue(writers.acknowledged.size() > 100, "too little load ran: " + writers.acknowledged.size());
    for (LocalCluster.Node node : cluster.nodes()) {
      try (RawClient client = node.client()) {
        for (Map.Entry<String, String> entry : writers.acknowledged.entrySet()) {
          String value = entry.getValue();
          assertEquals("$" + value.length() + "\r\n" + value + "\r\n", client.call("GET", entry.getKey()),
              node + " lost " + entry.getKey());
        }
      }
    }
  }

  /** Writers of unique keys that move to another running node when theirs stops. */
  static final class Writers {
    final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    final AtomicReference<String> failure = new AtomicReference<>();
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicLong reconnects = new AtomicLong();
    final List<Thread> threads = new ArrayList<>();
    final LocalCluster cluster;
    final int count;

    Writers(LocalCluster cluster, int count) {
      this.cluster = cluster;
      this.count = count;
    }

    void start() {
      for (int w = 0; w < count; w++) {
        int writer = w;
        Thread thread = new Thread(() -> write(writer), "writer-" + w);
        threads.add(thread);
        thread.start();
      }
    }

    private void write(int writer) {
      int i = 0;
      int target = writer;
      while (running.get()) {
        LocalCluster.Node node = cluster.node(target % cluster.nodes().size());
        if (!LocalCluster.isReady(node)) {
          target++; // as a Service sends clients only to ready pods
          continue;
        }
        try (RawClient client = node.client()) {
          while (running.get()) {
            String key = "w" + writer + ":k" + i;
            String reply = client.call("SET", key, "v" + i);
            if (!reply.equals("+OK\r\n")) {
              failure.compareAndSet(null, node + " " + key + " -> " + reply);
              return;
            }
            acknowledged.put(key, "v" + i);
            i++;
          }
        } catch (IOException e) {
          // this node is stopping or stopped: an unacknowledged SET may or may not have been applied
          reconnects.incrementAndGet();
          i++;
          target++;
          try {
            Thread.sleep(50);
          } catch (InterruptedException interrupted) {
            return;
          }
        }
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

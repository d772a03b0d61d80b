package io.verdis.persist;

import io.verdis.it.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 while producers XADD and consumers XREADGROUP and XACK one job stream under
 * {@code appendfsync always}: after the restart no acknowledged entry is missing, no acknowledged
 * XACK is undone (the entry is not pending again), and no delivery a consumer was answered is made
 * again as new (the group's position survived with it).
 */
class StreamCrashRecoveryTest {
  private static final int PRODUCERS = 2;
  private static final int CONSUMERS = 2;

  @TempDir
  Path dir;

  @Test
  void acknowledgedEntriesAndAcksSurviveKill9() throws Exception {
    Set<String> added = ConcurrentHashMap.newKeySet();
    Set<String> delivered = ConcurrentHashMap.newKeySet();
    Set<String> acked = ConcurrentHashMap.newKeySet();
    VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes", "--appendfsync", "always",
        "--shards", "4", "--event-loops", "2");
    try {
      try (RawClient setup = server.client()) {
        setup.request("XGROUP", "CREATE", "jobs", "workers", "$", "MKSTREAM");
      }
      AtomicBoolean killed = new AtomicBoolean();
      List<Thread> threads = new ArrayList<>();
      for (int p = 0; p < PRODUCERS; p++) {
        int producer = p;
        threads.add(new Thread(() -> produce(server.port(), producer, added, killed)));
      }
      for (int c = 0; c < CONSUMERS; c++) {
        String consumer = "consumer-" + c;
        threads.add(new Thread(() -> consume(server.port(), consumer, delivered, acked, killed)));
      }
      threads.forEach(Thread::start);
      Thread.sleep(1500);
      killed.set(true);
      server.kill9();
      for (Thread thread : threads) {
        thread.join(30_000);
      }
    } finally {
      server.close();
    }
    assertTrue(added.size() > 20, "only " + added.size() + " entries were acknowledged");
    assertTrue(acked.size() > 10, "only " + acked.size() + " acks were acknowledged");
    VerdisProcess restarted = VerdisProcess.start(dir, "--appendonly", "yes", "--shards", "4");
    try (RawClient client = restarted.client()) {
      Set<String> present = ids(client.request("XRANGE", "jobs", "-", "+"));
      for (String id : added) {
        assertTrue(present.contains(id), "acknowledged XADD " + id + " is missing");
      }
      Set<String> pending = new java.util.HashSet<>();
      for (Object row : (List<?>) client.request("XPENDING", "jobs", "workers", "-", "+", "1000000")) {
        pending.add(text(((List<?>) row).get(0)));
      }
      for (String id : acked) {
        assertFalse(pending.contains(id), "acknowledged XACK of " + id + " was undone");
      }
      Object fresh = client.request("XREADGROUP", "GROUP", "workers", "probe", "COUNT", "1000000", "STREAMS", "jobs", ">");
      if (fresh != null) {
        Set<String> redelivered = ids(((List<?>) ((List<?>) fresh).get(0)).get(1));
        for (String id : delivered) {
          assertFalse(redelivered.contains(id), "entry " + id + " was delivered before the kill and again as new");
        }
      }
    } finally {
      restarted.close();
    }
  }

  private static void produce(int port, int producer, Set<String> added, AtomicBoolean killed) {
    try (RawClient redis = new RawClient(port)) {
      for (long i = 0; ; i++) {
        added.add(text(redis.request("XADD", "jobs", "*", "producer", Integer.toString(producer), "n", Long.toString(i))));
      }
    } catch (IOException | RuntimeException e) {
      failUnlessKilled(killed, "producer " + producer, e);
    }
  }

  private static void consume(int port, String consumer, Set<String> delivered, Set<String> acked,
                              AtomicBoolean killed) {
    try (RawClient redis = new RawClient(port)) {
      while (true) {
        Object reply = redis.request("XREADGROUP", "GROUP", "workers", consumer, "COUNT", "10", "BLOCK", "100",
            "STREAMS", "jobs", ">");
        if (reply == null) {
          continue;
        }
        Set<String> batch = ids(((List<?>) ((List<?>) reply).get(0)).get(1));
        delivered.addAll(batch);
        for (String id : batch) {
          if ((Long) redis.request("XACK", "jobs", "workers", id) == 1) {
            acked.add(id);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      failUnlessKilled(killed, consumer, e);
    }
  }

  private static void failUnlessKilled(AtomicBoolean killed, String who, Exception e) {
    if (!killed.get()) {
      throw new IllegalStateException(who + " failed before the kill", e);
    }
  }

  /** The ids of a list of [id, fields] entries. */
  private static Set<String> ids(Object entries) {
    Set<String> ids = new java.util.HashSet<>();
    for (Object entry : (List<?>) entries) {
      ids.add(text(((List<?>) entry).get(0)));
    }
    return ids;
  }

  private static String text(Object bulk) {
    return new String((byte[]) bulk, StandardCharsets.ISO_8859_1);
  }
}

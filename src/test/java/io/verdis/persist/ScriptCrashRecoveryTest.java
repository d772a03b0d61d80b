package io.verdis.persist;

import io.verdis.it.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 while scripts write to several shards under {@code appendfsync always}: after the
 * restart every acknowledged script's writes are all there, and a script cut off by the kill left
 * all of its writes or none (its effects are one MULTI/EXEC block in the AOF).
 */
class ScriptCrashRecoveryTest {
  private static final int CLIENTS = 4;
  /** Sets three keys to one value: two declared, one built inside the script (so every shard is held). */
  private static final String SET_THREE = "redis.call('set', KEYS[1], ARGV[1]); redis.call('set', KEYS[2], ARGV[1]); "
      + "redis.call('set', KEYS[1] .. ':built', ARGV[1]); return redis.call('incr', KEYS[1] .. ':count')";

  @TempDir
  Path dir;

  @Test
  void everyAcknowledgedScriptIsWholeAfterKill9() throws Exception {
    long[] acked = new long[CLIENTS];
    java.util.Arrays.fill(acked, -1);
    VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes", "--appendfsync", "always",
        "--shards", "4", "--event-loops", "2");
    try {
      AtomicBoolean killed = new AtomicBoolean();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        Thread thread = new Thread(() -> write(server.port(), client, acked, killed));
        thread.start();
        clients.add(thread);
      }
      Thread.sleep(1500);
      killed.set(true);
      server.kill9();
      for (Thread thread : clients) {
        thread.join(30_000);
      }
    } finally {
      server.close();
    }
    VerdisProcess restarted = VerdisProcess.start(dir, "--appendonly", "yes", "--shards", "4");
    try (RawClient redis = restarted.client()) {
      for (int c = 0; c < CLIENTS; c++) {
        assertTrue(acked[c] > 10, "client " + c + " got only " + acked[c] + " scripts acknowledged");
        String value = bulkText(redis.call("GET", "{c" + c + "}a"));
        assertEquals(value, bulkText(redis.call("GET", "c" + c + ":b")), "client " + c + ": half a script");
        assertEquals(value, bulkText(redis.call("GET", "{c" + c + "}a:built")), "client " + c + ": half a script");
        long last = Long.parseLong(value);
        assertTrue(last == acked[c] || last == acked[c] + 1,
            "client " + c + ": " + last + " after " + acked[c] + " acknowledged");
        assertEquals(Long.toString(last + 1), bulkText(redis.call("GET", "{c" + c + "}a:count")),
            "client " + c + ": the counter and the values disagree");
      }
    } finally {
      restarted.close();
    }
  }

  private static void write(int port, int client, long[] acked, AtomicBoolean killed) {
    try (RawClient redis = new RawClient(port)) {
      for (long i = 0; ; i++) {
        String reply = redis.call("EVAL", SET_THREE, "2", "{c" + client + "}a", "c" + client + ":b", Long.toString(i));
        if (!reply.equals(":" + (i + 1) + "\r\n")) {
          throw new IllegalStateException("EVAL answered " + reply);
        }
        acked[client] = i;
      }
    } catch (IOException | RuntimeException e) {
      if (!killed.get()) {
        throw new IllegalStateException("client " + client + " failed before the kill", e);
      }
    }
  }

  private static String bulkText(String reply) {
    if (reply.startsWith("$-1")) {
      return null;
    }
    return reply.substring(reply.indexOf('\n') + 1, reply.length() - 2);
  }
}

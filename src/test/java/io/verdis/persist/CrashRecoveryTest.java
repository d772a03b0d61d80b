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
 * kill -9 under write load with {@code appendfsync always}: every write a client saw acknowledged
 * is there after the restart, round after round, across shards and clients, with AOF rewrites
 * started in the middle of the load.
 */
class CrashRecoveryTest {
  private static final int CLIENTS = 6;
  private static final int ROUNDS = 3;

  @TempDir
  Path dir;

  @Test
  void noAcknowledgedWriteIsLostUnderKill9WithAppendfsyncAlways() throws Exception {
    List<Round> rounds = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      // Two event loops: cross-shard calls then hold shards owned by another thread, as on bigger machines.
      VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes", "--appendfsync", "always",
          "--shards", "4", "--event-loops", "2");
      try {
        for (Round earlier : rounds) {
          earlier.verify(server.port());
        }
        Round current = new Round(round);
        current.writeUntilKilled(server, round % 2 == 1);
        rounds.add(current);
      } finally {
        server.close();
      }
    }
    VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes", "--shards", "4");
    try {
      for (Round round : rounds) {
        round.verify(server.port());
      }
      assertTrue(server.log().contains("DB loaded from append only file"), server.log());
    } finally {
      server.close();
    }
  }

  /** One load phase: what each client saw acknowledged before the kill. */
  private static final class Round {
    private final int id;
    private final long[] ackedSets = new long[CLIENTS];
    private final long[] ackedCounter = new long[CLIENTS];
    private final long[] attemptedIncrs = new long[CLIENTS];

    Round(int id) {
      this.id = id;
      java.util.Arrays.fill(ackedSets, -1);
    }

    void writeUntilKilled(VerdisProcess server, boolean rewriteMidway) throws Exception {
      AtomicBoolean killed = new AtomicBoolean();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        Thread thread = new Thread(() -> write(server.port(), client, killed));
        thread.start();
        clients.add(thread);
      }
      Thread.sleep(700);
      if (rewriteMidway) {
        try (RawClient admin = server.client()) {
          assertEquals("+Background append only file rewriting started\r\n", admin.call("BGREWRITEAOF"));
        }
        Thread.sleep(30);
      } else {
        Thread.sleep(300);
      }
      killed.set(true);
      server.kill9();
      for (Thread thread : clients) {
        thread.join(30_000);
      }
      for (int c = 0; c < CLIENTS; c++) {
        assertTrue(ackedSets[c] > 10, "client " + c + " got only " + ackedSets[c] + " writes acknowledged");
      }
    }

    private void write(int port, int client, AtomicBoolean killed) {
      try (RawClient redis = new RawClient(port)) {
        for (long i = 0; ; i++) {
          String reply = redis.call("SET", key(client, i), value(client, i));
          if (!"+OK\r\n".equals(reply)) {
            throw new IllegalStateException("SET answered " + reply);
          }
          ackedSets[client] = i;
          attemptedIncrs[client]++;
          String counted = redis.call("INCR", counter(client));
          ackedCounter[client] = Long.parseLong(counted.substring(1).trim());
          if (i % 50 == 0) {
            // A cross-shard write: logged once, as one record, between the shards' own records.
            redis.call("MSET", "{a}" + key(client, i), "x", "{b}" + key(client, i), "y");
          }
        }
      } catch (IOException | RuntimeException e) {
        if (!killed.get()) {
          throw new IllegalStateException("client " + client + " failed before the kill", e);
        }
      }
    }

    void verify(int port) throws IOException {
      try (RawClient redis = new RawClient(port)) {
        for (int c = 0; c < CLIENTS; c++) {
          for (long i = 0; i <= ackedSets[c]; i++) {
            assertEquals(value(c, i), bulkText(redis.call("GET", key(c, i))),
                "round " + id + " client " + c + " write " + i + " of " + ackedSets[c] + " acknowledged");
          }
          long counter = Long.parseLong(bulkText(redis.call("GET", counter(c))));
          assertTrue(counter >= ackedCounter[c] && counter <= attemptedIncrs[c],
              "counter " + counter + " not within acknowledged " + ackedCounter[c] + " .. attempted " + attemptedIncrs[c]);
        }
      }
    }

    private String key(int client, long i) {
      return "crash:" + id + ":" + client + ":" + i;
    }

    private String counter(int client) {
      return "counter:" + id + ":" + client;
    }

    private String value(int client, long i) {
      return "v" + id + "-" + client + "-" + i;
    }
  }

  /** "$3\r\nabc" as RawClient.call returns a bulk reply → "abc"; a nil reply → null. */
  private static String bulkText(String reply) {
    if (reply.startsWith("$-1")) {
      return null;
    }
    return reply.substring(reply.indexOf('\n') + 1, reply.length() - 2);
  }
}

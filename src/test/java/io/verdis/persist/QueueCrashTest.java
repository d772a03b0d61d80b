package io.verdis.persist;

import io.verdis.it.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Job queues survive kill -9 under {@code appendfsync always}: producers push numbered jobs onto
 * queues on every shard, consumers take them with BRPOP over several queues and with BLMOVE into
 * processing lists (then LREM), transfers move amounts between shards in MULTI/EXEC, and the
 * server is killed in the middle, round after round, on the same directory. After each restart no
 * acknowledged push is lost, no job a consumer got is back in a queue, and the accounts still sum
 * to zero (see {@link JobLedger} for exactly what may be in doubt). Last, after a clean SHUTDOWN,
 * replaying the AOF — served pops logged as the plain pops they did — rebuilds every list exactly.
 */
class QueueCrashTest {
  private static final int KILLED_LOADS = 3;
  private static final long LOAD_MS = 900;

  @TempDir
  Path dir;

  @Test
  void acknowledgedJobsSurviveKill9AndReplayRebuildsEveryList() throws Exception {
    QueueKeys keys = new QueueKeys();
    JobLedger ledger = new JobLedger(keys);
    List<JobLedger.InFlight> unanswered = List.of();
    for (int round = 0; round < KILLED_LOADS; round++) {
      VerdisProcess server = start();
      try {
        check(server, ledger, unanswered);
        QueueLoad load = new QueueLoad(round, server.port(), keys, ledger);
        load.start();
        if (round == 1) {
          // A rewrite mid-load: the lists go to the new base while pops and moves go on.
          Thread.sleep(LOAD_MS / 2);
          try (RawClient admin = server.client()) {
            assertEquals("+Background append only file rewriting started\r\n", admin.call("BGREWRITEAOF"));
          }
          Thread.sleep(LOAD_MS / 2);
        } else {
          Thread.sleep(LOAD_MS);
        }
        load.killServer(server);
        System.out.println(load.stats());
        assertEquals(List.of(), load.failures(), load.stats());
        unanswered = load.inFlight();
      } finally {
        server.close();
      }
    }

    Map<String, String> before;
    VerdisProcess server = start();
    try {
      check(server, ledger, unanswered);
      QueueLoad load = new QueueLoad(KILLED_LOADS, server.port(), keys, ledger);
      load.start();
      Thread.sleep(LOAD_MS);
      // The producers go on a little alone, so the lists to compare are long and their order counts.
      load.stopConsumers();
      Thread.sleep(LOAD_MS / 4);
      load.stop();
      System.out.println(load.stats());
      assertEquals(List.of(), load.failures(), load.stats());
      check(server, ledger, load.inFlight());
      before = image(server);
      assertTrue(before.values().stream().filter(entry -> entry.startsWith("list")).count() >= QueueKeys.QUEUES,
          "the queues are there to compare: " + before.keySet());
      assertEquals(0, server.shutdown());
    } finally {
      server.close();
    }
    server = start();
    try {
      assertTrue(server.log().contains("DB loaded from append only file"), server.log());
      assertEquals(before, image(server), "the lists and accounts after replaying the AOF");
      check(server, ledger, List.of());
      System.out.println(ledger.summary());
    } finally {
      server.close();
    }
  }

  private VerdisProcess start() throws IOException {
    // Two event loops: cross-shard calls and blocked clients waiting on several shards cross threads.
    return VerdisProcess.start(dir, "--appendonly", "yes", "--appendfsync", "always",
        "--shards", Integer.toString(QueueKeys.SHARDS), "--event-loops", "2");
  }

  /** Every list the server holds against the ledger, and the accounts' sum, which transfers keep at 0. */
  private static void check(VerdisProcess server, JobLedger ledger, List<JobLedger.InFlight> unanswered)
      throws IOException {
    Map<String, List<String>> lists = new TreeMap<>();
    long sum = 0;
    try (RawClient redis = server.client()) {
      for (String key : keys(redis)) {
        String type = (String) redis.request("TYPE", key);
        if (type.equals("list")) {
          lists.put(key, texts(redis.request("LRANGE", key, 0, -1)));
        } else if (type.equals("string") && key.startsWith(QueueKeys.ACCOUNT_PREFIX)) {
          sum += Long.parseLong(text(redis.request("GET", key)));
        } else {
          lists.put(key, List.of("not a list: " + type));
        }
      }
    }
    List<String> problems = ledger.check(lists, unanswered);
    assertTrue(problems.isEmpty(), problems.size() + " problems, the first: "
        + problems.subList(0, Math.min(20, problems.size())) + "\nin flight: " + unanswered);
    assertEquals(0, sum, "the accounts' sum: a transfer was half applied");
  }

  /** Each key → its type and contents (LRANGE of a list), and its DUMP payload. */
  private static Map<String, String> image(VerdisProcess server) throws IOException {
    Map<String, String> image = new TreeMap<>();
    try (RawClient redis = server.client()) {
      for (String key : keys(redis)) {
        String type = (String) redis.request("TYPE", key);
        Object contents = type.equals("list") ? texts(redis.request("LRANGE", key, 0, -1))
            : text(redis.request("GET", key));
        image.put(key, type + " " + contents + " dump " + HexFormat.of().formatHex((byte[]) redis.request("DUMP", key)));
      }
    }
    return image;
  }

  private static List<String> keys(RawClient redis) throws IOException {
    return texts(redis.request("KEYS", "*"));
  }

  private static List<String> texts(Object array) {
    return ((List<?>) array).stream().map(QueueCrashTest::text).toList();
  }

  private static String text(Object bulk) {
    return new String((byte[]) bulk, StandardCharsets.UTF_8);
  }
}

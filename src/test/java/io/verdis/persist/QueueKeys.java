package io.verdis.persist;

import io.verdis.shard.SlotTable;

import java.nio.charset.StandardCharsets;

/**
 * The keys of the job-queue workload, each placed on a chosen shard (through the server's own
 * slot table), so that pushes, pops, moves and transfers cross shards as designed rather than by luck.
 */
final class QueueKeys {
  static final int SHARDS = 4;
  static final int QUEUES = 4;
  static final int ACCOUNTS = 8;
  static final String QUEUE_PREFIX = "queue:";
  static final String PROCESSING_PREFIX = "processing:";
  static final String ACCOUNT_PREFIX = "account:";
  private static final SlotTable SLOTS = new SlotTable(SHARDS);

  private final String[] queues = new String[QUEUES];
  private final String[] accounts = new String[ACCOUNTS];

  QueueKeys() {
    for (int q = 0; q < QUEUES; q++) {
      queues[q] = onShard(QUEUE_PREFIX + q, q % SHARDS);
    }
    for (int a = 0; a < ACCOUNTS; a++) {
      accounts[a] = onShard(ACCOUNT_PREFIX + a, a % SHARDS);
    }
  }

  /** Queue {@code q} lives on shard {@code q}: a BRPOP over several queues spans shards. */
  String queue(int q) {
    return queues[q];
  }

  /** The index of a queue key, or -1 for another key. */
  int queueIndex(String key) {
    for (int q = 0; q < QUEUES; q++) {
      if (queues[q].equals(key)) {
        return q;
      }
    }
    return -1;
  }

  String account(int a) {
    return accounts[a];
  }

  /**
   * The processing list of one BLMOVE consumer of one round, on shard {@code consumer % SHARDS}: as the
   * consumer takes from each queue in turn, some of its moves stay on one shard and most cross two.
   */
  static String processing(int round, int consumer) {
    return onShard(PROCESSING_PREFIX + round + ":" + consumer, consumer % SHARDS);
  }

  static int shardOf(String key) {
    return SLOTS.shardOf(key.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code prefix{n}} with the smallest n whose hash slot belongs to {@code shard}. */
  private static String onShard(String prefix, int shard) {
    for (int n = 0; ; n++) {
      String key = prefix + "{" + n + "}";
      if (shardOf(key) == shard) {
        return key;
      }
    }
  }
}

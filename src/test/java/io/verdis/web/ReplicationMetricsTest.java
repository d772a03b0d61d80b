package io.verdis.web;

import io.verdis.it.Info;
import io.verdis.it.RealRedis;
import io.verdis.it.RedisTestBase;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verdis_replication_* series with a real redis-server replicating from the node: the replica
 * appears with its acknowledged offset once it is attached, its lag drops to nothing once it has
 * everything, and the node's own offset matches INFO's.
 */
class ReplicationMetricsTest extends RedisTestBase {
  @TempDir
  Path dir;

  @Test
  void eachAttachedReplicaHasItsOffsetAndLag(Vertx vertx) throws Exception {
    RealRedis.assumeInstalled();
    MetricsScrape alone = MetricsScrape.of(vertx, server.httpPort());
    assertEquals(0, alone.required("verdis_replication_connected_replicas"));
    assertFalse(alone.hasSeriesStartingWith("verdis_replication_replica_offset{"), alone.text());
    call("set", "before", "1");
    try (RealRedis replica = RealRedis.start(dir, "--replicaof", "127.0.0.1", Integer.toString(server.port()))) {
      Info.await(replica.client(), "replication", "master_link_status:up", "master_sync_in_progress:0");
      for (int i = 0; i < 50; i++) {
        call("set", "key:" + i, "value");
      }
      long produced = Long.parseLong(infoField("master_repl_offset"));
      String series = "{replica=\"127.0.0.1:" + replica.port + "\",state=\"online\"}";
      MetricsScrape scrape = awaitAcknowledged(vertx, "verdis_replication_replica_offset" + series, produced);
      assertEquals(1, scrape.required("verdis_replication_connected_replicas"));
      // 0, or the few bytes of a PING the node sent since (one every repl-ping-replica-period)
      assertTrue(scrape.required("verdis_replication_replica_lag_bytes" + series) < 100, scrape.text());
      assertTrue(scrape.required("verdis_replication_replica_ack_age_seconds" + series) <= 2);
      assertTrue(scrape.required("verdis_replication_offset") >= produced);
      assertTrue(scrape.required("verdis_replication_backlog_bytes") > 0);
    }
  }

  /** Scrapes until the replica has acknowledged {@code offset} (it acknowledges once a second). */
  private MetricsScrape awaitAcknowledged(Vertx vertx, String series, long offset) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      MetricsScrape scrape = MetricsScrape.of(vertx, server.httpPort());
      if (scrape.value(series) >= offset || System.nanoTime() > deadline) {
        assertTrue(scrape.required(series) >= offset, scrape.text());
        return scrape;
      }
      Thread.sleep(100);
    }
  }

  private String infoField(String name) {
    for (String line : call("info", "replication").split("\r\n")) {
      if (line.startsWith(name + ":")) {
        return line.substring(name.length() + 1);
      }
    }
    throw new AssertionError("no " + name + " in INFO replication");
  }
}

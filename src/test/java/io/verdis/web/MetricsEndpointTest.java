package io.verdis.web;

import io.verdis.it.RawClient;
import io.verdis.it.RedisTestBase;
import io.verdis.it.TestServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GET /metrics, scraped with a real HTTP client after commands sent with the Vert.x Redis client:
 * the verdis_* series count exactly what was run, the keyspace gauges agree with DBSIZE, and
 * Vert.x's own metrics are there (or not, with metrics-vertx no).
 */
class MetricsEndpointTest extends RedisTestBase {
  private static final String SET_CALLS = "verdis_commands_total{command=\"set\"}";
  private static final String SET_COUNT = "verdis_command_duration_seconds_count{command=\"set\"}";
  private static final String SET_SUM = "verdis_command_duration_seconds_sum{command=\"set\"}";

  @Test
  void eachSetCountsOnceInTheCommandCounterAndInTheHistogram(Vertx vertx) {
    MetricsScrape before = MetricsScrape.of(vertx, server.httpPort());
    for (int i = 0; i < 25; i++) {
      call("set", "key:" + i, "value");
    }
    MetricsScrape after = MetricsScrape.of(vertx, server.httpPort());
    assertEquals(25, after.required(SET_CALLS) - before.value(SET_CALLS));
    assertEquals(25, after.required(SET_COUNT) - before.value(SET_COUNT));
    assertTrue(after.required(SET_SUM) > before.value(SET_SUM));
  }

  @Test
  void theDurationHistogramHasCumulativeBucketsEndingInTheCount(Vertx vertx) {
    call("get", "missing");
    MetricsScrape scrape = MetricsScrape.of(vertx, server.httpPort());
    List<Double> buckets = new ArrayList<>();
    for (String line : scrape.text().split("\n")) {
      if (line.startsWith("verdis_command_duration_seconds_bucket{command=\"get\",le=")) {
        buckets.add(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
      }
    }
    assertEquals(26, buckets.size(), "25 power-of-two bounds from 1024 ns to 2^34 ns (17 s), and +Inf");
    for (int i = 1; i < buckets.size(); i++) {
      assertTrue(buckets.get(i) >= buckets.get(i - 1), "cumulative: " + buckets);
    }
    assertEquals(scrape.required("verdis_command_duration_seconds_count{command=\"get\"}"), buckets.get(buckets.size() - 1));
    assertEquals(scrape.required("verdis_command_duration_seconds_bucket{command=\"get\",le=\"+Inf\"}"),
        scrape.required("verdis_commands_total{command=\"get\"}"));
  }

  @Test
  void theKeysGaugesAgreeWithDbsizeInEveryDatabase(Vertx vertx) {
    for (int i = 0; i < 40; i++) {
      call("set", "plain:" + i, "v");
    }
    for (int i = 0; i < 7; i++) {
      call("set", "ttl:" + i, "v", "EX", "1000");
    }
    call("select", "3");
    for (int i = 0; i < 5; i++) {
      call("hset", "hash:" + i, "f", "v");
    }
    MetricsScrape scrape = MetricsScrape.of(vertx, server.httpPort());
    assertEquals(integer("dbsize"), (long) scrape.required("verdis_keys{db=\"3\"}"));
    call("select", "0");
    assertEquals(integer("dbsize"), (long) scrape.required("verdis_keys{db=\"0\"}"));
    assertEquals(47, (long) scrape.required("verdis_keys{db=\"0\"}"));
    assertEquals(7, (long) scrape.required("verdis_expires{db=\"0\"}"));
    assertEquals(0, (long) scrape.required("verdis_keys{db=\"1\"}"));
    long perShard = 0;
    for (int shard = 0; shard < 3; shard++) {
      perShard += (long) scrape.required("verdis_shard_keys{shard=\"" + shard + "\"}");
    }
    assertEquals(52, perShard);
  }

  @Test
  void lookupsCountAsKeyspaceHitsAndMisses(Vertx vertx) {
    call("set", "present", "1");
    MetricsScrape before = MetricsScrape.of(vertx, server.httpPort());
    call("get", "present");
    call("get", "present");
    call("get", "absent");
    MetricsScrape after = MetricsScrape.of(vertx, server.httpPort());
    assertEquals(2, after.required("verdis_keyspace_hits_total") - before.value("verdis_keyspace_hits_total"));
    assertEquals(1, after.required("verdis_keyspace_misses_total") - before.value("verdis_keyspace_misses_total"));
  }

  @Test
  void errorRepliesCountAsFailedCalls(Vertx vertx) {
    call("set", "text", "abc");
    MetricsScrape before = MetricsScrape.of(vertx, server.httpPort());
    assertError("ERR value is not an integer or out of range", "incr", "text");
    MetricsScrape after = MetricsScrape.of(vertx, server.httpPort());
    String failed = "verdis_command_failed_calls_total{command=\"incr\"}";
    assertEquals(1, after.required(failed) - before.value(failed));
  }

  @Test
  void clientsShardsMemoryAndPersistenceAreReported(Vertx vertx) {
    MetricsScrape scrape = MetricsScrape.of(vertx, server.httpPort());
    assertTrue(scrape.required("verdis_connected_clients") >= 1);
    assertEquals(0, scrape.required("verdis_blocked_clients"));
    assertTrue(scrape.required("verdis_memory_used_bytes") > 0);
    assertTrue(scrape.required("verdis_memory_rss_bytes") > 0);
    assertTrue(scrape.required("verdis_memory_heap_used_bytes") > 0);
    assertEquals(0, scrape.required("verdis_loading"));
    assertEquals(0, scrape.required("verdis_aof_enabled"));
    assertEquals(0, scrape.required("verdis_pubsub_channels"));
    for (int shard = 0; shard < 3; shard++) {
      assertEquals(0, scrape.required("verdis_shard_queue_depth{shard=\"" + shard + "\"}"), "an idle shard has no queue");
      scrape.required("verdis_shard_commands_total{shard=\"" + shard + "\"}");
    }
    scrape.required("verdis_aof_write_duration_seconds_count");
    scrape.required("verdis_aof_fsync_duration_seconds_count");
  }

  @Test
  void vertxReportsItsNetServerHttpServerAndEventBusMetrics(Vertx vertx) {
    call("ping");
    MetricsScrape.of(vertx, server.httpPort());
    MetricsScrape scrape = MetricsScrape.of(vertx, server.httpPort());
    assertTrue(scrape.required("vertx_net_server_bytes_read_total") > 0);
    assertTrue(scrape.required("vertx_http_server_requests_total{code=\"200\",method=\"GET\"}") >= 1);
    assertTrue(scrape.required("vertx_eventbus_sent_total{side=\"local\"}") > 0);
    assertTrue(scrape.hasSeriesStartingWith("jvm_gc_"), "JVM metrics");
  }

  /** Under appendfsync always a write is answered once its record is written and fsynced, both timed. */
  @Test
  void aofWritesAndFsyncsAreTimed(Vertx vertx) throws IOException {
    try (TestServer durable = TestServer.start("--appendonly", "yes", "--appendfsync", "always");
         RawClient raw = new RawClient(durable.port())) {
      String writes = "verdis_aof_write_duration_seconds_count";
      String fsyncs = "verdis_aof_fsync_duration_seconds_count";
      MetricsScrape before = MetricsScrape.of(vertx, durable.httpPort());
      assertEquals("+OK\r\n", raw.call("set", "durable", "yes"));
      MetricsScrape after = MetricsScrape.of(vertx, durable.httpPort());
      assertTrue(after.required(writes) > before.required(writes), "the SET's record was written");
      assertTrue(after.required(fsyncs) > before.required(fsyncs), "and fsynced");
      assertEquals(1, after.required("verdis_aof_enabled"));
      assertEquals(after.required(fsyncs),
          after.required("verdis_aof_fsync_duration_seconds_bucket{le=\"+Inf\"}"));
    }
  }

  @Test
  void withMetricsVertxOffOnlyVerdissOwnSeriesAreThere(Vertx vertx) {
    try (TestServer quiet = TestServer.start("--metrics-vertx", "no")) {
      MetricsScrape scrape = MetricsScrape.of(vertx, quiet.httpPort());
      assertFalse(scrape.hasSeriesStartingWith("vertx_"), "no Vert.x series");
      scrape.required("verdis_connected_clients");
      assertEquals("metrics-vertx\nno", String.join("\n", configGet(quiet, "metrics-vertx")));
    }
  }

  private static List<String> configGet(TestServer node, String name) {
    try (RawClient raw = new RawClient(node.port())) {
      List<String> values = new ArrayList<>();
      for (Object item : (List<?>) raw.request("config", "get", name)) {
        values.add(new String((byte[]) item, StandardCharsets.UTF_8));
      }
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.verdis.web;

import io.verdis.it.RawClient;
import io.verdis.it.RedisTestBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard's stats: GET /api/stats and /api/shards, and the same JSON published once a
 * second on channel __verdis__:stats while that channel has subscribers.
 */
class StatsApiTest extends RedisTestBase {
  private static final String CHANNEL = "__verdis__:stats";

  @Test
  void apiStatsHasTheContractsShapeAndTodaysFigures(Vertx vertx) {
    for (int i = 0; i < 30; i++) {
      call("set", "key:" + i, "value");
    }
    call("set", "expiring", "v", "PX", "100000");
    long commandsSoFar = infoField("stats", "total_commands_processed");
    HttpGet get = HttpGet.of(vertx, server.httpPort(), "/api/stats");
    assertEquals(200, get.status());
    assertEquals("application/json", get.contentType());
    JsonObject stats = new JsonObject(get.body());
    assertStatsShape(stats);
    assertTrue(Math.abs(stats.getLong("time") - System.currentTimeMillis()) < 60_000);
    assertTrue(stats.getLong("commands") >= commandsSoFar, stats.encode());
    assertEquals(integer("dbsize"), stats.getJsonObject("keyspace").getLong("keys"));
    assertEquals(1, stats.getJsonObject("keyspace").getLong("expires"));
    assertTrue(stats.getJsonObject("clients").getLong("connected") >= 1);
    assertTrue(stats.getJsonObject("memory").getLong("used") > 0);
    assertFalse(stats.getJsonObject("persistence").getBoolean("aofEnabled"));
    assertFalse(stats.getJsonObject("persistence").getBoolean("loading"));
    JsonArray shards = stats.getJsonArray("shards");
    assertEquals(3, shards.size());
    long keys = 0;
    for (int i = 0; i < shards.size(); i++) {
      assertEquals(i, shards.getJsonObject(i).getInteger("shard"));
      keys += shards.getJsonObject(i).getLong("keys");
    }
    assertEquals(31, keys);
  }

  @Test
  void apiShardsIsTheShardsArray(Vertx vertx) {
    call("set", "a", "1");
    call("set", "b", "2");
    HttpGet get = HttpGet.of(vertx, server.httpPort(), "/api/shards");
    assertEquals(200, get.status());
    JsonArray shards = new JsonArray(get.body());
    assertEquals(3, shards.size());
    long keys = 0;
    for (int i = 0; i < shards.size(); i++) {
      assertShardShape(shards.getJsonObject(i));
      keys += shards.getJsonObject(i).getLong("keys");
    }
    assertEquals(2, keys);
  }

  @Test
  void theStatsArriveOnTheChannelWhileItHasASubscriber() throws Exception {
    InProcessSubscriber subscriber = InProcessSubscriber.subscribe(server, CHANNEL);
    try {
      String message = subscriber.next(10);
      assertNotNull(message, "a stats message within 10 s");
      assertStatsShape(new JsonObject(message));
    } finally {
      subscriber.unsubscribe(CHANNEL);
    }
  }

  @Test
  void aBusySecondShowsItsRateAndLatencyPercentiles() throws Exception {
    InProcessSubscriber subscriber = InProcessSubscriber.subscribe(server, CHANNEL);
    try {
      JsonObject busy = null;
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (busy == null && System.nanoTime() < deadline) {
        for (int i = 0; i < 20; i++) {
          call("set", "busy:" + i, "v");
        }
        String message = subscriber.next(0);
        if (message != null) {
          JsonObject stats = new JsonObject(message);
          if (stats.getLong("opsPerSec") > 0 && stats.getJsonObject("latencyUs").getDouble("p50") > 0) {
            busy = stats;
          }
        }
      }
      assertNotNull(busy, "a stats message of a second with commands");
      JsonObject latency = busy.getJsonObject("latencyUs");
      double previous = 0;
      for (String quantile : List.of("p50", "p90", "p99", "p999", "max")) {
        double value = latency.getDouble(quantile);
        assertTrue(value >= previous, "percentiles in order: " + latency);
        previous = value;
      }
      assertTrue(latency.getDouble("max") < 10_000_000, "no command took 10 s: " + latency);
      double shardOps = 0;
      for (Object shard : busy.getJsonArray("shards")) {
        shardOps += ((JsonObject) shard).getDouble("opsPerSec");
      }
      assertTrue(shardOps > 0, "the shards ran the sets: " + busy.getJsonArray("shards"));
    } finally {
      subscriber.unsubscribe(CHANNEL);
    }
  }

  /**
   * A pattern that matches the channel is not a subscriber of it: the stream stays off (nothing
   * arrives in over two periods) until a subscriber of the channel itself comes, and then the
   * pattern gets the messages too.
   */
  @Test
  void nothingIsPublishedUntilTheChannelItselfHasASubscriber() throws Exception {
    InProcessSubscriber pattern = InProcessSubscriber.psubscribe(server, "__verdis__:*");
    try {
      assertNull(pattern.next(3), "published with no subscriber of " + CHANNEL);
      InProcessSubscriber channel = InProcessSubscriber.subscribe(server, CHANNEL);
      try {
        assertNotNull(pattern.next(10), "the pattern subscriber gets the stream once the channel has a subscriber");
      } finally {
        channel.unsubscribe(CHANNEL);
      }
    } finally {
      pattern.punsubscribe("__verdis__:*");
    }
  }

  /** Over RESP, once SUBSCRIBE exists (pub/sub commands come from another piece of work). */
  @Test
  void aRespSubscriberGetsTheStats() throws IOException {
    try (RawClient raw = client()) {
      List<?> info = (List<?>) raw.request("command", "info", "subscribe");
      assumeTrue(info.get(0) != null, "SUBSCRIBE not available yet");
      raw.readTimeout(10_000);
      raw.send(RawClient.command("subscribe", CHANNEL));
      assertEquals(List.of("subscribe", CHANNEL, 1L), text(raw.reply()));
      List<?> message = (List<?>) raw.reply();
      assertEquals("message", new String((byte[]) message.get(0), StandardCharsets.UTF_8));
      assertEquals(CHANNEL, new String((byte[]) message.get(1), StandardCharsets.UTF_8));
      assertStatsShape(new JsonObject(new String((byte[]) message.get(2), StandardCharsets.UTF_8)));
    }
  }

  private long infoField(String section, String field) {
    for (String line : call("info", section).split("\r\n")) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1));
      }
    }
    throw new AssertionError("no " + field + " in INFO " + section);
  }

  private static List<Object> text(Object reply) {
    return ((List<?>) reply).stream()
        .map(item -> item instanceof byte[] bytes ? (Object) new String(bytes, StandardCharsets.UTF_8) : item)
        .toList();
  }

  /** Every field the contract names, with the JSON type it gives. */
  static void assertStatsShape(JsonObject stats) {
    assertEquals(Set.of("time", "uptimeSec", "opsPerSec", "commands", "latencyUs", "memory", "clients", "keyspace",
        "net", "pubsub", "persistence", "replication", "shards"), stats.fieldNames());
    JsonObject replication = stats.getJsonObject("replication");
    assertEquals(Set.of("role", "offset", "replicas"), replication.fieldNames(), replication.encode());
    assertEquals("master", replication.getString("role"));
    assertTrue(replication.getValue("offset") instanceof Number);
    assertTrue(replication.getValue("replicas") instanceof io.vertx.core.json.JsonArray);
    for (String number : List.of("time", "uptimeSec", "opsPerSec", "commands")) {
      assertTrue(stats.getValue(number) instanceof Number, number + " in " + stats.encode());
    }
    assertNumbers(stats.getJsonObject("latencyUs"), "p50", "p90", "p99", "p999", "max");
    assertNumbers(stats.getJsonObject("memory"), "used", "rss", "dataset", "max");
    assertNumbers(stats.getJsonObject("clients"), "connected", "blocked", "pubsub");
    assertNumbers(stats.getJsonObject("keyspace"), "keys", "expires", "hits", "misses", "hitsPerSec", "missesPerSec",
        "expiredKeys", "evictedKeys");
    assertNumbers(stats.getJsonObject("net"), "inputKbps", "outputKbps");
    assertNumbers(stats.getJsonObject("pubsub"), "channels", "patterns");
    JsonObject persistence = stats.getJsonObject("persistence");
    assertEquals(Set.of("aofEnabled", "aofLastWriteStatus", "rdbLastSave", "rdbChangesSinceSave", "loading",
        "rewriting", "saving"), persistence.fieldNames());
    assertTrue(persistence.getValue("aofEnabled") instanceof Boolean);
    assertEquals("ok", persistence.getString("aofLastWriteStatus"));
    assertTrue(persistence.getValue("rdbLastSave") instanceof Number);
    assertTrue(persistence.getValue("rdbChangesSinceSave") instanceof Number);
    for (String flag : List.of("loading", "rewriting", "saving")) {
      assertTrue(persistence.getValue(flag) instanceof Boolean, flag);
    }
    for (Object shard : stats.getJsonArray("shards")) {
      assertShardShape((JsonObject) shard);
    }
  }

  private static void assertShardShape(JsonObject shard) {
    assertNumbers(shard, "shard", "keys", "opsPerSec", "memory", "queue");
    assertEquals(5, shard.size(), shard.encode());
  }

  private static void assertNumbers(JsonObject object, String... fields) {
    assertEquals(Set.of(fields), object.fieldNames(), object.encode());
    for (String field : fields) {
      assertTrue(object.getValue(field) instanceof Number && object.getDouble(field) >= 0, field + " in " + object.encode());
    }
  }
}

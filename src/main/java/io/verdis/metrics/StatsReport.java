package io.verdis.metrics;

import io.verdis.persist.Persistence;
import io.verdis.persist.aof.AofWriter;
import io.verdis.replication.ReplicaOf;
import io.verdis.replication.Replication;
import io.verdis.server.MemoryUsage;
import io.verdis.server.ServerState;
import io.verdis.shard.ShardFigures;
import io.verdis.shard.ShardSet;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The stats JSON of GET /api/stats and channel {@code __verdis__:stats}: running totals as they
 * are now (shard figures as last refreshed) and the rates and latency percentiles of the last
 * second's {@link StatsWindow}.
 */
final class StatsReport {
  private final ServerState server;
  private final StatsWindow window;
  private final long usedMemory = MemoryUsage.usedBytes();

  private StatsReport(ServerState server, StatsWindow window) {
    this.server = server;
    this.window = window;
  }

  static JsonObject build(ServerState server, StatsWindow window) {
    return new StatsReport(server, window).json();
  }

  /** The "shards" array alone (GET /api/shards). */
  static JsonArray shards(ServerState server, StatsWindow window) {
    return new StatsReport(server, window).shards();
  }

  private JsonObject json() {
    long now = System.currentTimeMillis();
    return new JsonObject()
        .put("time", now)
        .put("uptimeSec", (now - server.startMs()) / 1000)
        .put("opsPerSec", Math.round(window.opsPerSec()))
        .put("commands", server.stats().commandsProcessed.sum())
        .put("latencyUs", latency())
        .put("memory", new JsonObject()
            .put("used", usedMemory)
            .put("rss", MemoryUsage.residentBytes())
            .put("dataset", dataset())
            .put("max", server.config().maxmemory()))
        .put("clients", new JsonObject()
            .put("connected", server.clients().size())
            .put("blocked", server.stats().blockedClients.get())
            .put("pubsub", server.pubsub().subscriberCount()))
        .put("keyspace", keyspace())
        .put("net", new JsonObject()
            .put("inputKbps", twoDecimals(window.inputKbps()))
            .put("outputKbps", twoDecimals(window.outputKbps())))
        .put("pubsub", new JsonObject()
            .put("channels", server.pubsub().channelCount(false))
            .put("patterns", server.pubsub().patternCount()))
        .put("persistence", persistence())
        .put("replication", replication())
        .put("shards", shards());
  }

  /** Over the last second, every command; bucket upper bounds, so within about 6% above the truth. */
  private JsonObject latency() {
    LatencyCounts counts = window.latency();
    return new JsonObject()
        .put("p50", micros(counts.quantileNanos(0.50)))
        .put("p90", micros(counts.quantileNanos(0.90)))
        .put("p99", micros(counts.quantileNanos(0.99)))
        .put("p999", micros(counts.quantileNanos(0.999)))
        .put("max", micros(counts.maxNanos()));
  }

  private JsonObject keyspace() {
    ShardSet shards = server.shards();
    long keys = 0;
    long expires = 0;
    long hits = 0;
    long misses = 0;
    long expired = 0;
    long evicted = 0;
    for (int i = 0; i < shards.count(); i++) {
      ShardFigures.Databases databases = shards.figures(i).databases();
      keys += databases.totalKeys();
      expires += databases.totalExpires();
      hits += databases.hits();
      misses += databases.misses();
      expired += databases.expired();
      evicted += databases.evicted();
    }
    return new JsonObject()
        .put("keys", keys)
        .put("expires", expires)
        .put("hits", hits)
        .put("misses", misses)
        .put("hitsPerSec", twoDecimals(window.hitsPerSec()))
        .put("missesPerSec", twoDecimals(window.missesPerSec()))
        .put("expiredKeys", expired)
        .put("evictedKeys", evicted);
  }

  private JsonObject persistence() {
    Persistence persistence = server.persistence();
    AofWriter aof = persistence.aof();
    return new JsonObject()
        .put("aofEnabled", aof != null)
        .put("aofLastWriteStatus", aof == null || aof.writeError() == null ? "ok" : "err")
        .put("rdbLastSave", persistence.snapshots().lastSaveSeconds())
        .put("rdbChangesSinceSave", persistence.snapshots().changesSinceSave())
        .put("loading", persistence.progress().loading())
        .put("rewriting", persistence.rewriteInProgress())
        .put("saving", persistence.snapshots().inProgress());
  }

  /**
   * The stream offset and, per attached replica, what it acknowledged and how far behind it is;
   * on a replica, also its primary and the state of the link to it.
   */
  private JsonObject replication() {
    Replication replication = server.replication();
    long produced = replication.offset();
    JsonArray replicas = new JsonArray();
    for (Replication.ReplicaView replica : replication.replicas()) {
      replicas.add(new JsonObject()
          .put("address", replica.ip() + ":" + replica.port())
          .put("state", replica.state())
          .put("offset", replica.offset())
          .put("lagBytes", Math.max(0, produced - replica.offset()))
          .put("ackAgeSec", replica.lagSeconds()));
    }
    JsonObject json = new JsonObject().put("offset", produced).put("replicas", replicas);
    ReplicaOf.View primary = replication.replicaOf().view();
    if (primary == null) {
      return json.put("role", "master");
    }
    return json.put("role", "slave").put("primary", new JsonObject()
        .put("address", primary.host() + ":" + primary.port())
        .put("link", primary.linkState())
        .put("up", primary.up())
        .put("lastIoSec", primary.lastIoSecondsAgo())
        .put("appliedOffset", primary.appliedOffset()));
  }

  /** The keys and values by the estimate maxmemory is measured against (INFO used_memory_dataset). */
  private long dataset() {
    long bytes = 0;
    for (int i = 0; i < server.shards().count(); i++) {
      bytes += server.shards().figures(i).databases().usedBytes();
    }
    return bytes;
  }

  /** One entry per shard; "memory" is the bytes its keys and values count for maxmemory. */
  private JsonArray shards() {
    ShardSet shards = server.shards();
    JsonArray array = new JsonArray();
    for (int i = 0; i < shards.count(); i++) {
      ShardFigures figures = shards.figures(i);
      long keys = figures.databases().totalKeys();
      long memory = figures.databases().usedBytes();
      array.add(new JsonObject()
          .put("shard", i)
          .put("keys", keys)
          .put("opsPerSec", twoDecimals(i < window.shardOpsPerSec().length ? window.shardOpsPerSec()[i] : 0))
          .put("memory", memory)
          .put("queue", figures.queueDepth()));
    }
    return array;
  }

  private static double micros(long nanos) {
    return Math.round(nanos) / 1000.0;
  }

  private static double twoDecimals(double value) {
    return Math.round(value * 100) / 100.0;
  }
}

package io.verdis.cluster;

import io.verdis.server.MemoryUsage;
import io.verdis.server.ServerState;
import io.verdis.shard.ShardSet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * One node's headline figures for the cluster overview, as small JSON: {@code keys} (DBSIZE summed
 * over every database, from the shards' freshly refreshed figures, as INFO keyspace counts them),
 * {@code opsPerSec} (INFO instantaneous_ops_per_sec), {@code usedMemory} (INFO used_memory) and,
 * on a cluster node, {@code migratingSlots} (the slots it is moving away now).
 */
public final class NodeFigures {
  private NodeFigures() {
  }

  /** Completes on the caller's context (see {@link ShardSet#refreshFigures()}). */
  public static Future<JsonObject> of(ServerState server) {
    return server.shards().refreshFigures().map(ignored -> {
      ShardSet shards = server.shards();
      long keys = 0;
      for (int shard = 0; shard < shards.count(); shard++) {
        keys += shards.figures(shard).databases().totalKeys();
      }
      JsonObject figures = new JsonObject()
          .put("keys", keys)
          .put("opsPerSec", (long) server.stats().opsPerSecond.perSecond())
          .put("usedMemory", MemoryUsage.usedBytes());
      Cluster cluster = server.cluster();
      if (cluster != null) {
        figures.put("migratingSlots", cluster.view().frozen().cardinality());
      }
      return figures;
    });
  }
}

package io.verdis.web.admin;

import io.verdis.shard.ShardSet;
import io.verdis.types.stream.ConsumerGroup;
import io.verdis.types.stream.StreamValue;
import io.verdis.web.JsonBytes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the key browser shows of a stream beside XLEN and its entries: the last id it generated (not
 * always its last entry's: XDEL and XSETID move them apart) and its consumer groups, each with its
 * pending count and last delivered id. No read-only command but XINFO tells these, so they are read
 * off the value on its shard, just after the transaction that read the entries.
 */
final class StreamSummary {
  private final ShardSet shards;

  StreamSummary(ShardSet shards) {
    this.shards = shards;
  }

  /** Puts "lastId" and "groups" into {@code json}; neither when the key is no longer a stream here. */
  Future<JsonObject> addTo(JsonObject json, int db, byte[] key) {
    return shards.readOnShardOf(key, store -> store.database(db).peek(key) instanceof StreamValue stream ? of(stream) : null)
        .map(summary -> summary == null ? json : json.mergeIn(summary));
  }

  /** Built on the shard's thread, so it holds copies only. */
  private static JsonObject of(StreamValue stream) {
    JsonArray groups = new JsonArray();
    for (ConsumerGroup group : stream.groups()) {
      groups.add(new JsonObject()
          .put("name", JsonBytes.toJson(group.name()))
          .put("pending", group.pending().size())
          .put("lastDeliveredId", group.lastId().toString()));
    }
    return new JsonObject().put("lastId", stream.lastId().toString()).put("groups", groups);
  }
}

package io.verdis.store;

import io.verdis.embed.EmbeddedVerdis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;

import java.nio.file.Path;

/** The store a location string names: an embedded node, or a server reached by the Vert.x Redis client. */
final class StoreLocation {
  private static final String EMBEDDED = "embedded:";

  private StoreLocation() {
  }

  static Future<KeyValueStore> open(Vertx vertx, String location) {
    if (location.startsWith(EMBEDDED)) {
      String dir = location.substring(EMBEDDED.length());
      EmbeddedVerdis.Builder builder = EmbeddedVerdis.builder().vertx(vertx);
      if (!dir.isEmpty()) {
        builder.dir(Path.of(dir));
      }
      return builder.start().map(node -> new CommandStore(new InProcessConnection(node.node()), node::stop));
    }
    if (location.startsWith("redis://") || location.startsWith("rediss://") || location.startsWith("unix://")) {
      RedisOptions options = new RedisOptions()
          .setConnectionString(location)
          .setPreferredProtocolVersion(ProtocolVersion.RESP2);
      if (location.startsWith("rediss://")) {
        // Vert.x checks no host name by default: without this, any certificate the JVM trusts would do.
        options.setNetClientOptions(new NetClientOptions().setHostnameVerificationAlgorithm("HTTPS"));
      }
      Redis redis = Redis.createClient(vertx, options);
      // Asked once now, so that a wrong address or password fails here rather than at first use.
      return redis.send(Request.cmd(Command.PING))
          .<KeyValueStore>map(pong -> new CommandStore(new RedisClientConnection(redis), Future::succeededFuture))
          .onFailure(failed -> redis.close());
    }
    return Future.failedFuture(new IllegalArgumentException(
        "a store location is embedded:, embedded:/dir, redis://host:port or rediss://host:port, not " + location));
  }
}

package io.verdis.store;

import io.verdis.it.RealRedis;
import io.vertx.core.Vertx;

import java.nio.file.Files;

/** The contract against redis-server 7.0 (skipped where it is not installed): the reference the other two follow. */
class RedisServerStoreTest extends KeyValueStoreContract {
  private RealRedis redis;
  private Vertx vertx;

  @Override
  protected KeyValueStore open() throws Exception {
    RealRedis.assumeInstalled();
    redis = RealRedis.start(Files.createTempDirectory("store-redis"));
    vertx = Vertx.vertx();
    return await(KeyValueStore.open(vertx, "redis://127.0.0.1:" + redis.port));
  }

  @Override
  protected void closeServer() throws Exception {
    if (vertx != null) {
      await(vertx.close());
    }
    if (redis != null) {
      redis.close();
    }
  }
}

package io.verdis.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * maxmemory and its directives on Verdis and on redis-server side by side: CONFIG replies (units,
 * ranges, error texts), CLIENT NO-EVICT, and the -OOM refusal under noeviction, for plain
 * commands, EXEC and scripts. A maxmemory of 1 byte is over the limit on both servers once every
 * shard holds a key (redis-server's own overhead is always over it).
 */
class MaxmemoryMatchesRedisTest extends RawSocketTestBase {

  @AfterEach
  void noLimit() throws Exception {
    try (RawClient raw = client()) {
      raw.call("CONFIG", "SET", "maxmemory", "0", "maxmemory-policy", "noeviction");
    }
  }

  @Test
  void maxmemoryDirectivesAnswerAsRedis(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); SideBySide both = new SideBySide(client(), new RawClient(redis.port))) {
      both.assertSameReplies("""
          CONFIG GET maxmemory
          CONFIG SET maxmemory 1mb
          CONFIG GET maxmemory
          CONFIG SET maxmemory 3GB
          CONFIG GET maxmemory
          CONFIG SET maxmemory 100k
          CONFIG GET maxmemory
          CONFIG SET maxmemory -1
          CONFIG SET maxmemory lots
          CONFIG SET maxmemory 0
          CONFIG GET maxmemory-policy
          CONFIG SET maxmemory-policy allkeys-lru
          CONFIG GET maxmemory-policy
          CONFIG SET maxmemory-policy VOLATILE-TTL
          CONFIG GET maxmemory-policy
          CONFIG SET maxmemory-policy lru
          CONFIG SET maxmemory-policy noeviction
          CONFIG GET maxmemory-samples
          CONFIG SET maxmemory-samples 10
          CONFIG GET maxmemory-samples
          CONFIG SET maxmemory-samples 0
          CONFIG SET maxmemory-samples 64
          CONFIG SET maxmemory-samples 5
          CONFIG GET maxmemory-eviction-tenacity
          CONFIG SET maxmemory-eviction-tenacity 100
          CONFIG SET maxmemory-eviction-tenacity 101
          CONFIG SET maxmemory-eviction-tenacity 10
          CONFIG GET lfu-log-factor
          CONFIG GET lfu-decay-time
          CONFIG SET lfu-log-factor -1
          """);
    }
  }

  @Test
  void clientNoEvictIsAcceptedAndShownAsFlagE(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); SideBySide both = new SideBySide(client(), new RawClient(redis.port))) {
      both.assertSameReplies("""
          CLIENT NO-EVICT on
          CLIENT NO-EVICT maybe
          CLIENT NO-EVICT
          CLIENT NO-EVICT OFF
          """);
      both.same("CLIENT", "NO-EVICT", "ON");
      both.verdis.request("CLIENT", "SETNAME", "me");
      String line = (String) RawClient.asText(both.verdis.request("CLIENT", "INFO"));
      org.junit.jupiter.api.Assertions.assertTrue(line.contains(" flags=e "), line);
    }
  }

  @Test
  void noevictionRefusesWritesThatMayGrowMemoryAndAllowsReadsAndDeletes(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); SideBySide both = new SideBySide(client(), new RawClient(redis.port))) {
      // Two keys on each shard: after a DEL every shard still holds more than its share of 1 byte.
      for (int shard = 0; shard < 3; shard++) {
        both.same("SET", keyOnShard("k", shard), "v");
        both.same("SET", keyOnShard("j", shard), "v");
      }
      both.assertSameReplies("""
          CONFIG SET maxmemory-policy noeviction
          CONFIG SET maxmemory 1
          SET new v
          SET %1$s other
          APPEND %1$s more
          INCR counter
          LPUSH list a
          GET %1$s
          EXISTS %1$s
          EXPIRE %1$s 100
          DEL %2$s
          GET %2$s
          EVAL "return redis.call('set', KEYS[1], 'x')" 1 %1$s
          EVAL "return redis.call('get', KEYS[1])" 1 %1$s
          EVAL "return redis.pcall('set', KEYS[1], 'x')" 1 %1$s
          MULTI
          GET %1$s
          EXEC
          CONFIG SET maxmemory 0
          SET %1$s again
          GET %1$s
          """.formatted(keyOnShard("k", 0), keyOnShard("j", 0)));
    }
  }

  @Test
  void execOfAQueuedWriteIsAbortedWhenMemoryIsOverAtExec(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir);
         SideBySide both = new SideBySide(client(), new RawClient(redis.port));
         SideBySide admin = new SideBySide(client(), new RawClient(redis.port))) {
      for (int shard = 0; shard < 3; shard++) {
        both.same("SET", keyOnShard("k", shard), "v");
      }
      both.same("CONFIG", "SET", "maxmemory-policy", "noeviction");
      both.same("MULTI");
      both.same("SET", "queued", "1");
      admin.same("CONFIG", "SET", "maxmemory", "1");
      both.same("EXEC");
      both.same("EXISTS", "queued");
    }
  }
}

package io.verdis.it;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server a real-library test (Redisson, the Node job queues) talks to: a Verdis node with three
 * shards over two event loops, so a library's keys really spread, or, with
 * {@code -Dverdis.it.server=redis}, a real redis-server. The second is how such a test is checked
 * itself: what passes against Redis is what the library expects, so a failure against Verdis is
 * Verdis's.
 */
public final class ServerUnderTest implements AutoCloseable {
  static final String PROPERTY = "verdis.it.server";

  private final TestServer verdis;
  private final RealRedis redis;
  private final Path redisDir;

  private ServerUnderTest(TestServer verdis, RealRedis redis, Path redisDir) {
    this.verdis = verdis;
    this.redis = redis;
    this.redisDir = redisDir;
  }

  /** Verdis, or redis-server when the property asks for it (skipping the test where it is not installed). */
  public static ServerUnderTest start() throws Exception {
    if (!"redis".equals(System.getProperty(PROPERTY, "verdis"))) {
      return new ServerUnderTest(TestServer.start("--shards", "3", "--event-loops", "2"), null, null);
    }
    RealRedis.assumeInstalled();
    Path dir = Files.createTempDirectory("redis-test");
    try {
      return new ServerUnderTest(null, RealRedis.start(dir), dir);
    } catch (Exception e) {
      TestServer.deleteTree(dir);
      throw e;
    }
  }

  public int port() {
    return verdis != null ? verdis.port() : redis.port;
  }

  /** "Verdis" or "redis-server", for messages. */
  public String name() {
    return verdis != null ? "Verdis" : "redis-server";
  }

  @Override
  public void close() throws InterruptedException {
    if (verdis != null) {
      verdis.close();
    } else {
      redis.close();
      TestServer.deleteTree(redisDir);
    }
  }
}

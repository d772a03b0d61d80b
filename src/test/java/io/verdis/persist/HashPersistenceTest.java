package io.verdis.persist;

import io.verdis.it.Info;
import io.verdis.it.RawClient;
import io.verdis.it.RealRedis;
import io.verdis.it.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hashes outlive a restart through each kind of file, in their encodings, with their TTLs. */
class HashPersistenceTest {
  private static final long FAR_FUTURE_MS = 4_102_444_800_000L;

  @TempDir
  Path dir;

  private static void fill(RawClient client) throws IOException {
    client.call("HSET", "small", "z", "1", "a", "2");
    client.call("HINCRBYFLOAT", "small", "f", "1.1");
    String[] big = new String[2 + 2 * 600];
    big[0] = "HSET";
    big[1] = "big";
    for (int i = 0; i < 600; i++) {
      big[2 + 2 * i] = "f" + i;
      big[3 + 2 * i] = "v" + i;
    }
    client.call(big);
    client.call("HSET", "timed", "x", "1");
    client.call("PEXPIREAT", "timed", Long.toString(FAR_FUTURE_MS));
  }

  private static void check(RawClient client) throws IOException {
    assertEquals("*6\r\n$1\r\nz\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nf\r\n$3\r\n1.1\r\n", client.call("HGETALL", "small"));
    assertEquals("$8\r\nlistpack\r\n", client.call("OBJECT", "ENCODING", "small"));
    assertEquals(":600\r\n", client.call("HLEN", "big"));
    assertEquals("$4\r\nv199\r\n", client.call("HGET", "big", "f199"));
    assertEquals("$9\r\nhashtable\r\n", client.call("OBJECT", "ENCODING", "big"));
    assertEquals(":" + FAR_FUTURE_MS + "\r\n", client.call("PEXPIRETIME", "timed"));
  }

  @Test
  void hashesComeBackFromTheRdbFile() throws IOException {
    try (TestServer server = TestServer.start("--dir", dir.toString());
         RawClient client = new RawClient(server.port())) {
      fill(client);
      assertEquals("+OK\r\n", client.call("SAVE"));
    }
    try (TestServer server = TestServer.start("--dir", dir.toString());
         RawClient client = new RawClient(server.port())) {
      check(client);
    }
  }

  @Test
  void hashesComeBackFromARewrittenAof() throws Exception {
    try (TestServer server = TestServer.start("--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always");
         RawClient client = new RawClient(server.port())) {
      fill(client);
      assertEquals("+Background append only file rewriting started\r\n", client.call("BGREWRITEAOF"));
      Info.await(client, "persistence", "aof_rewrite_in_progress:0", "aof_last_bgrewrite_status:ok");
      client.call("HSET", "after", "k", "v");
    }
    try (TestServer server = TestServer.start("--dir", dir.toString(), "--appendonly", "yes");
         RawClient client = new RawClient(server.port())) {
      check(client);
      assertEquals("$1\r\nv\r\n", client.call("HGET", "after", "k"));
    }
  }

  @Test
  void redisServerLoadsTheHashesVerdisSaved() throws Exception {
    RealRedis.assumeInstalled();
    try (TestServer server = TestServer.start("--dir", dir.toString());
         RawClient client = new RawClient(server.port())) {
      fill(client);
      assertEquals("+OK\r\n", client.call("SAVE"));
    }
    try (RealRedis redis = RealRedis.start(dir, "--dbfilename", "dump.rdb", "--hash-max-listpack-entries", "128")) {
      check(redis.client());
      assertTrue(redis.number("TTL", "timed") > 0);
    }
  }
}

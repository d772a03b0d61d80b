package io.verdis.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** SYNC, PSYNC, REPLCONF, WAIT and ROLE are declared as redis-server declares them. */
class ReplicationDeclarationsTest {
  @TempDir
  Path dir;

  @Test
  void replicationCommandsAreDeclaredAsInRedis() throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir);
         TestServer verdis = TestServer.start();
         RawClient client = new RawClient(verdis.port())) {
      // Name, arity, flags and key positions; not the ACL categories: Redis's JSON gives WAIT and
      // ROLE categories beyond those their flags and group imply, which Verdis does not declare yet.
      for (String name : List.of("sync", "psync", "replconf", "wait", "role", "replicaof", "slaveof")) {
        assertEquals(part(redis.client(), "info", name, 6), part(client, "info", name, 6), name);
      }
      // Summary, since, group, complexity (SYNC and PSYNC have none in Redis's docs).
      for (String name : List.of("replconf", "wait", "role", "replicaof", "slaveof")) {
        assertEquals(part(redis.client(), "docs", name, 8), part(client, "docs", name, 8), name);
      }
    }
  }

  /** The first {@code fields} of COMMAND INFO or COMMAND DOCS for {@code name}. */
  private static String part(RawClient client, String subcommand, String name, int fields) throws Exception {
    List<?> reply = (List<?>) client.request("command", subcommand, name);
    List<?> entry = (List<?>) reply.get(subcommand.equals("info") ? 0 : 1);
    return describe(entry.subList(0, fields));
  }

  private static String describe(Object reply) {
    if (reply instanceof List<?> list) {
      return list.stream().map(ReplicationDeclarationsTest::describe).toList().toString();
    }
    return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(reply);
  }
}

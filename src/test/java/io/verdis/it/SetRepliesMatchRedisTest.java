package io.verdis.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A session of set commands whose replies are deterministic (errors, counts, intsets, which
 * Redis answers in ascending order, one-member sets), run on Verdis and on redis-server: every
 * reply must be the same bytes, in RESP2 and in RESP3.
 */
class SetRepliesMatchRedisTest extends RawSocketTestBase {
  private static final List<String> SESSION = List.of(
      "sadd s 5 1 3", "sadd s 3 -70000 9223372036854775807", "smembers s", "scard s", "object encoding s",
      "sismember s 3", "sismember s 03", "smismember s 1 2 3", "srem s 1 x 1", "smembers s",
      "sadd w a", "sadd w a", "smembers w", "object encoding w", "srandmember w", "srandmember w 3",
      "srandmember w -3", "srandmember w 0", "srandmember nokey", "srandmember nokey 3", "srandmember nokey -3",
      "srandmember s 10", "srandmember s -9223372036854775808", "srandmember s x", "srandmember s 1 2",
      "set str v", "sadd str a", "srem str a", "smembers str", "scard str", "sismember str a",
      "smismember str a", "srandmember str", "srandmember str 0", "spop str", "spop str 0", "sscan str 0",
      "spop nokey", "spop nokey 0", "spop nokey 5", "spop s -1", "spop s x", "spop s 1 2", "spop s 0",
      "spop w", "exists w", "sadd p 1 2 3", "spop p 3", "exists p", "sadd p 1 2 3", "spop p 9223372036854775807",
      "sadd a 1 2 3 4", "sadd b 3 4 5", "sadd c 4 5 6", "sinter a b", "sinter a b c", "sinter a nokey",
      "sinter nokey str", "sunion a b c", "sunion nokey", "sdiff a b", "sdiff a b c", "sdiff a a", "sdiff nokey a",
      "sdiff str nokey", "sinterstore d a b", "smembers d", "sunionstore d a c", "smembers d",
      "sdiffstore d a b c", "smembers d", "sdiffstore d a a", "exists d", "set d x", "sinterstore d a nokey",
      "exists d", "sinterstore d nokey str", "sintercard 2 a b", "sintercard 3 a b c", "sintercard 2 a b limit 1",
      "sintercard 2 a b limit 0", "sintercard 1 a limit 3", "sintercard 2 a nokey", "sintercard 0 a",
      "sintercard x a", "sintercard 5 a", "sintercard 1 a limit -1", "sintercard 1 a limit", "sintercard 1 a foo",
      "sintercard 2 str nokey", "smove a b 1", "smembers a", "smembers b", "smove a b 99", "smove a a 2",
      "smove a a 99", "smove nokey str 1", "smove a str 2", "smove str a 2", "smove a newset 2", "smembers newset",
      "object encoding newset", "sscan a 0", "sscan a 17 count 1", "sscan a 0 match 3*", "sscan a x",
      "sscan nokey 0 count 0", "sscan a 0 count 0", "sscan a 0 type set", "sscan a 0 match", "sscan a 0 count x",
      "smembers nokey", "sunion nokey a");

  @Test
  void aSessionOfSetCommandsRepliesAsRedisDoes(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    try (RealRedis redis = RealRedis.start(dir); RawClient verdis = client()) {
      RawClient real = redis.client();
      for (int protocol : new int[] {2, 3}) {
        verdis.call("hello", Integer.toString(protocol));
        real.call("hello", Integer.toString(protocol));
        verdis.call("flushall");
        real.call("flushall");
        for (String line : SESSION) {
          String[] command = line.split(" ");
          assertEquals(real.call(command), verdis.call(command), "RESP" + protocol + ": " + line);
        }
      }
    }
  }
}

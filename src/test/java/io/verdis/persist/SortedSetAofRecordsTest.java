package io.verdis.persist;

import io.verdis.it.RawClient;
import io.verdis.it.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the sorted-set writes log: their own arguments when those replay to the same data, the
 * plain pop a blocking or multi-key pop did (as Redis propagates them), nothing for writes that
 * changed nothing.
 */
class SortedSetAofRecordsTest {
  private TestServer server;
  private RawClient redis;

  @BeforeEach
  void start() throws IOException {
    server = TestServer.start("--appendonly", "yes", "--appendfsync", "always", "--shards", "3");
    redis = new RawClient(server.port());
  }

  @AfterEach
  void stop() throws IOException {
    redis.close();
    server.close();
  }

  @Test
  void writesThatChangeNothingAreNotLogged() throws IOException {
    redis.call("ZADD", "z", "1", "a");
    redis.call("ZADD", "z", "XX", "1", "nope");
    redis.call("ZADD", "z", "NX", "5", "a");
    redis.call("ZADD", "z", "1", "a");
    redis.call("ZADD", "missing", "XX", "1", "a");
    redis.call("ZREM", "z", "nope");
    redis.call("ZPOPMIN", "missing");
    redis.call("ZREMRANGEBYSCORE", "z", "5", "10");
    redis.call("ZMPOP", "1", "missing", "MIN");
    redis.call("ZINCRBY", "z", "2", "a");
    assertEquals(List.of("SELECT 0", "ZADD z 1 a", "ZINCRBY z 2 a"), AofRecords.read(server.dir()));
  }

  @Test
  void blockingAndMultiKeyPopsAreLoggedAsThePlainPopTheyDid() throws IOException {
    redis.call("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
    redis.call("BZPOPMIN", "missing", "z", "0");
    redis.call("BZPOPMAX", "z", "0");
    redis.call("ZMPOP", "2", "missing", "z", "MIN");
    redis.call("BZMPOP", "0", "1", "z", "MAX", "COUNT", "10");
    assertEquals(List.of("SELECT 0", "ZADD z 1 a 2 b 3 c 4 d 5 e", "ZPOPMIN z", "ZPOPMAX z", "ZPOPMIN z 1",
        "ZPOPMAX z 10"), AofRecords.read(server.dir()));
  }

  @Test
  void storesAndRangeRemovalsAreLoggedAsGiven() throws IOException {
    redis.call("ZADD", "z", "1", "a", "2", "b");
    redis.call("ZRANGESTORE", "d", "z", "0", "0");
    redis.call("ZUNIONSTORE", "u", "2", "z", "d", "WEIGHTS", "1", "2");
    redis.call("ZRANGESTORE", "d", "z", "5", "10");
    redis.call("ZREMRANGEBYRANK", "z", "0", "0");
    assertEquals(List.of("SELECT 0", "ZADD z 1 a 2 b", "ZRANGESTORE d z 0 0", "ZUNIONSTORE u 2 z d WEIGHTS 1 2",
        "ZRANGESTORE d z 5 10", "ZREMRANGEBYRANK z 0 0"), AofRecords.read(server.dir()));
  }
}

package io.verdis.persist;

import io.verdis.it.RawClient;
import io.verdis.it.TestServer;
import io.verdis.persist.rdb.Dump;
import io.verdis.persist.rdb.RdbValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What reaches the AOF for each write: records that replay to the same data whenever they are
 * replayed (relative times made absolute, results instead of increments), nothing for writes
 * that changed nothing, and a SELECT wherever the database changes. Read back from the file with
 * {@code appendfsync always}, so a reply means its record is on disk.
 */
class AofRecordsTest {
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
  void relativeExpiriesAreLoggedAsAbsoluteTimes() throws IOException {
    long before = System.currentTimeMillis();
    redis.call("SET", "a", "1", "EX", "100");
    redis.call("SETEX", "b", "100", "2");
    redis.call("PSETEX", "c", "100000", "3");
    redis.call("EXPIRE", "a", "200");
    redis.call("GETEX", "b", "PX", "300000");
    long after = System.currentTimeMillis();
    List<String> records = records();
    assertEquals("SELECT 0", records.remove(0));
    assertAbsolute(records.get(0), "SET a 1 PXAT ", before + 100_000, after + 100_000);
    assertAbsolute(records.get(1), "SET b 2 PXAT ", before + 100_000, after + 100_000);
    assertAbsolute(records.get(2), "SET c 3 PXAT ", before + 100_000, after + 100_000);
    assertAbsolute(records.get(3), "PEXPIREAT a ", before + 200_000, after + 200_000);
    assertAbsolute(records.get(4), "PEXPIREAT b ", before + 300_000, after + 300_000);
  }

  @Test
  void resultsAreLoggedWhereReplayingTheCommandCouldDiffer() throws IOException {
    redis.call("SET", "f", "10.5");
    redis.call("INCRBYFLOAT", "f", "0.1");
    redis.call("SET", "g", "v");
    redis.call("GETDEL", "g");
    redis.call("SET", "h", "v", "EX", "100");
    redis.call("GETEX", "h", "PERSIST");
    redis.call("SET", "p", "v");
    redis.call("EXPIRE", "p", "-1");
    assertEquals(List.of("SELECT 0", "SET f 10.5", "SET f 10.6 KEEPTTL", "SET g v", "DEL g"), records().subList(0, 5));
    assertEquals("PERSIST h", records().get(6));
    assertEquals(List.of("SET p v", "DEL p"), records().subList(7, 9));
  }

  /** As Redis propagates RESTORE: a relative TTL as an absolute one with ABSTTL; a TTL already past as DEL. */
  @Test
  void restoreIsLoggedWithAnAbsoluteTtl() throws IOException {
    byte[] payload = Dump.serialize(new RdbValue.StringValue("v".getBytes(StandardCharsets.UTF_8)));
    long before = System.currentTimeMillis();
    assertEquals("OK", redis.request("RESTORE", "r", 100000, payload));
    long after = System.currentTimeMillis();
    assertEquals("OK", redis.request("RESTORE", "r", 0, payload, "REPLACE"));
    assertEquals("OK", redis.request("SET", "old", "x"));
    assertEquals("OK", redis.request("RESTORE", "old", 1, payload, "ABSTTL", "REPLACE"));
    assertEquals("OK", redis.request("RESTORE", "never", 1, payload, "ABSTTL"));
    List<String> records = records();
    String text = new String(payload, StandardCharsets.UTF_8);
    assertEquals("SELECT 0", records.get(0));
    String relative = records.get(1);
    assertTrue(relative.startsWith("RESTORE r ") && relative.endsWith(" " + text + " ABSTTL"), relative);
    long when = Long.parseLong(relative.split(" ")[2]);
    assertTrue(when >= before + 100_000 && when <= after + 100_000, relative);
    assertEquals(List.of("RESTORE r 0 " + text + " REPLACE", "SET old x", "DEL old"), records.subList(2, records.size()));
  }

  @Test
  void writesThatChangeNothingAndReadsAreNotLogged() throws IOException {
    redis.call("SET", "k", "v");
    redis.call("SET", "k", "w", "NX");
    redis.call("GET", "k");
    redis.call("DEL", "missing");
    redis.call("EXPIRE", "missing", "10");
    redis.call("PERSIST", "k");
    redis.call("MGET", "k", "x", "y");
    assertEquals(List.of("SELECT 0", "SET k v"), records());
  }

  @Test
  void aSelectPrecedesRecordsOfAnotherDatabase() throws IOException {
    redis.call("SET", "k", "0");
    redis.call("SELECT", "5");
    redis.call("SET", "k", "5");
    redis.call("SET", "k2", "5");
    redis.call("SELECT", "0");
    redis.call("SET", "k", "00");
    assertEquals(List.of("SELECT 0", "SET k 0", "SELECT 5", "SET k 5", "SET k2 5", "SELECT 0", "SET k 00"), records());
  }

  @Test
  void aCrossShardWriteIsOneRecord() throws IOException {
    redis.call("MSET", "a", "1", "b", "2", "c", "3", "d", "4", "e", "5");
    redis.call("RENAME", "a", "z");
    assertEquals(List.of("SELECT 0", "MSET a 1 b 2 c 3 d 4 e 5", "RENAME a z"), records());
  }

  @Test
  void anExpiredKeyIsLoggedAsDeletedWhenItIsReaped() throws Exception {
    redis.call("SET", "short", "v", "PX", "1");
    Thread.sleep(5);
    assertEquals("$-1\r\n", redis.call("GET", "short"));
    List<String> records = records();
    assertEquals("DEL short", records.get(records.size() - 1));
  }

  @Test
  void pizzariaWritesAreLoggedAsRespCommands() throws IOException {
    try (RawClient pizzaria = new RawClient(server.pizzariaPort())) {
      pizzaria.send("write pie|margherita\r");
      assertEquals("success\r", pizzaria.read(8));
      pizzaria.send("delete pie\r");
      assertEquals("success\r", pizzaria.read(8));
    }
    assertEquals(List.of("SELECT 0", "SET pie margherita", "DEL pie"), records());
  }

  @Test
  void blockingPopsAndLmpopAreLoggedAsThePlainPopTheyDid() throws IOException {
    redis.call("RPUSH", "l", "a", "b", "c", "d", "e", "f");
    redis.call("BLPOP", "nokey", "l", "0");
    redis.call("BRPOP", "l", "0");
    redis.call("BLMOVE", "l", "m", "LEFT", "RIGHT", "0");
    redis.call("BRPOPLPUSH", "l", "m", "0");
    redis.call("LMPOP", "2", "nokey", "l", "RIGHT", "COUNT", "5");
    redis.call("RPUSH", "l", "x", "y");
    redis.call("BLMPOP", "0", "1", "l", "LEFT");
    assertEquals(List.of("SELECT 0", "RPUSH l a b c d e f", "LPOP l", "RPOP l", "LMOVE l m LEFT RIGHT",
        "LMOVE l m RIGHT LEFT", "RPOP l 2", "RPUSH l x y", "LPOP l 1"), records());
  }

  @Test
  void listWritesThatChangeNothingAreNotLogged() throws IOException {
    redis.call("RPUSH", "l", "a");
    redis.call("LPUSHX", "nokey", "a");
    redis.call("LTRIM", "l", "0", "-1");
    redis.call("LREM", "l", "0", "zz");
    redis.call("LINSERT", "l", "BEFORE", "zz", "x");
    redis.call("LPOP", "nokey");
    redis.call("LPOP", "l", "0");
    redis.call("LMPOP", "1", "nokey", "LEFT");
    redis.call("LMOVE", "nokey", "l", "LEFT", "LEFT");
    assertEquals(List.of("SELECT 0", "RPUSH l a"), records());
  }

  @Test
  void hashWritesAreLoggedAsGivenAndHincrbyfloatAsTheHsetOfItsResult() throws IOException {
    redis.call("HSET", "h", "a", "1", "b", "2");
    redis.call("HINCRBYFLOAT", "h", "f", "1.1");
    redis.call("HINCRBYFLOAT", "h", "f", "2.2");
    redis.call("HDEL", "h", "missing");
    redis.call("HSETNX", "h", "a", "9");
    redis.call("HINCRBY", "h", "a", "x");
    redis.call("HGETALL", "h");
    redis.call("HDEL", "h", "a", "b", "f");
    assertEquals(List.of("SELECT 0", "HSET h a 1 b 2", "HSET h f 1.1", "HSET h f 3.3", "HDEL h a b f"), records());
  }

  @Test
  void setPopsAreLoggedAsTheRemovalOfWhatTheyPopped() throws IOException {
    redis.call("SADD", "s", "a", "b");
    String one = new String((byte[]) redis.request("SPOP", "s"), StandardCharsets.UTF_8);
    redis.call("SADD", "t", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
    List<String> few = popped(redis.request("SPOP", "t", "2"));
    List<String> most = popped(redis.request("SPOP", "t", "7"));
    redis.call("SPOP", "s", "5");
    redis.call("SPOP", "s");
    redis.call("SPOP", "t", "0");
    redis.call("SREM", "t", "nope");
    assertEquals(List.of("SELECT 0", "SADD s a b", "SREM s " + one, "SADD t 1 2 3 4 5 6 7 8 9 10",
        "SREM t " + String.join(" ", few), "SREM t " + String.join(" ", most), "DEL s"), records());
  }

  private static List<String> popped(Object reply) {
    List<String> members = new ArrayList<>();
    for (Object member : (List<?>) reply) {
      members.add(new String((byte[]) member, StandardCharsets.UTF_8));
    }
    return members;
  }

  @Test
  void sortedSetWritesThatChangeNothingAreNotLogged() throws IOException {
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
    assertEquals(List.of("SELECT 0", "ZADD z 1 a", "ZINCRBY z 2 a"), records());
  }

  @Test
  void sortedSetPopsAreLoggedAsThePlainPopTheyDid() throws IOException {
    redis.call("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
    redis.call("BZPOPMIN", "missing", "z", "0");
    redis.call("BZPOPMAX", "z", "0");
    redis.call("ZMPOP", "2", "missing", "z", "MIN");
    redis.call("BZMPOP", "0", "1", "z", "MAX", "COUNT", "10");
    assertEquals(List.of("SELECT 0", "ZADD z 1 a 2 b 3 c 4 d 5 e", "ZPOPMIN z", "ZPOPMAX z", "ZPOPMIN z 1",
        "ZPOPMAX z 10"), records());
  }

  @Test
  void sortedSetStoresAndRangeRemovalsAreLoggedAsGiven() throws IOException {
    redis.call("ZADD", "z", "1", "a", "2", "b");
    redis.call("ZRANGESTORE", "d", "z", "0", "0");
    redis.call("ZUNIONSTORE", "u", "2", "z", "d", "WEIGHTS", "1", "2");
    redis.call("ZRANGESTORE", "d", "z", "5", "10");
    redis.call("ZREMRANGEBYRANK", "z", "0", "0");
    assertEquals(List.of("SELECT 0", "ZADD z 1 a 2 b", "ZRANGESTORE d z 0 0", "ZUNIONSTORE u 2 z d WEIGHTS 1 2",
        "ZRANGESTORE d z 5 10", "ZREMRANGEBYRANK z 0 0"), records());
  }

  /** The records of the current incremental file, arguments joined by spaces. */
  private List<String> records() throws IOException {
    return AofRecords.read(server.dir());
  }

  @Test
  void aServedWaiterIsLoggedAfterThePushThatServedIt() throws Exception {
    try (RawClient waiter = new RawClient(server.port())) {
      waiter.send(RawClient.command("BRPOP", "queue", "0"));
      io.verdis.it.Info.await(redis, "clients", "blocked_clients:1");
      redis.call("LPUSH", "queue", "a", "b");
      assertEquals("*2\r\n$5\r\nqueue\r\n$1\r\na\r\n", waiter.readReply());
    }
    assertEquals(List.of("SELECT 0", "LPUSH queue a b", "RPOP queue"), records());
  }

  @Test
  void aTransactionWithSeveralWritesIsWrappedInMultiExec() throws IOException {
    redis.call("MULTI");
    redis.call("SET", "t1", "1");
    redis.call("GET", "t1");
    redis.call("SET", "t2", "2");
    redis.call("EXEC");
    redis.call("MULTI");
    redis.call("SET", "t3", "3");
    redis.call("EXEC");
    assertEquals(List.of("SELECT 0", "MULTI", "SET t1 1", "SET t2 2", "EXEC", "SET t3 3"), records());
  }

  private static void assertAbsolute(String record, String prefix, long min, long max) {
    assertTrue(record.startsWith(prefix), record);
    long when = Long.parseLong(record.substring(prefix.length()));
    assertTrue(when >= min && when <= max, record + " not within [" + min + ", " + max + "]");
  }
}

package io.verdis.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SORT and SORT_RO, reply for reply against a real redis-server 7.0. The collections are built in
 * Redis and copied into Verdis with DUMP and RESTORE; weights and GET targets are strings and hashes
 * spread over Verdis's three shards, so BY, GET and STORE reach other shards.
 */
class SortCommandTest extends RawSocketTestBase {
  @TempDir
  static Path tmp;
  private static RealRedis redis;
  private RawClient verdis;
  private SideBySide both;

  @BeforeAll
  static void startRedis() throws Exception {
    RealRedis.assumeInstalled();
    redis = RealRedis.start(Files.createDirectories(tmp.resolve("redis")));
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  @BeforeEach
  void data() throws IOException {
    verdis = client();
    both = new SideBySide(verdis, redis.client());
    both.same("FLUSHALL");
    redis.call("RPUSH", "nums", "3", "1", "2", "10", "-5", "1.5", "1e2", " 7", "0x10", "-inf", "2", ".5", "");
    redis.call("RPUSH", "words", "banana", "apple", "Cherry", "", "apple", "\u00ff", "a\0b", "10", "9");
    redis.call("SADD", "ids", "5", "3", "20", "-1", "8", "13");
    redis.call("SADD", "names", "carol", "alice", "bob", "dave", "eve");
    redis.call("ZADD", "scores", "3", "c", "1", "a", "2", "b", "2", "bb", "5", "e", "4", "d");
    redis.call("RPUSH", "bad", "1", "two", "3");
    redis.call("HSET", "h_alice", "age", "30", "city", "Paris");
    redis.call("HSET", "h_bob", "age", "25");
    redis.call("HSET", "h_carol", "age", "35", "city", "Rome");
    for (String key : new String[] {"nums", "words", "ids", "names", "scores", "bad", "h_alice", "h_bob", "h_carol"}) {
      both.copyFromRedis(key);
    }
    String[][] weights = {{"alice", "3"}, {"bob", "1"}, {"carol", "2"}, {"dave", "1"}, {"eve", "x"}};
    for (String[] weight : weights) {
      both.same("SET", "w_" + weight[0], weight[1]);
      both.same("SET", "name_" + weight[0], weight[0].toUpperCase());
    }
    for (int id : new int[] {5, 3, 20, -1, 8}) {
      both.same("SET", "w_" + id, Integer.toString(100 - id));
    }
  }

  @AfterEach
  void close() throws IOException {
    verdis.close();
  }

  @Test
  void numbersSortAscendingOrDescendingWithTiesBrokenByBytes() throws IOException {
    both.same("SORT", "nums");
    both.same("SORT", "nums", "DESC");
    both.same("SORT", "nums", "ASC");
    both.same("SORT", "ids");
    both.same("SORT", "ids", "DESC");
    both.same("SORT_RO", "ids");
  }

  @Test
  void alphaSortsBytes() throws IOException {
    both.same("SORT", "words", "ALPHA");
    both.same("SORT", "words", "ALPHA", "DESC");
    both.same("SORT", "names", "ALPHA");
    both.same("SORT", "scores", "ALPHA", "DESC");
  }

  @Test
  void limitTakesARangeOfTheSortedElements() throws IOException {
    Object[][] limits = {{0, 3}, {2, 100}, {-1, 2}, {5, -1}, {100, 5}, {0, 0}, {3, -5}, {12, 1}, {13, 1}};
    for (Object[] limit : limits) {
      both.same("SORT", "nums", "LIMIT", limit[0], limit[1]);
      both.same("SORT", "words", "ALPHA", "DESC", "LIMIT", limit[0], limit[1]);
      both.same("SORT", "scores", "BY", "nosort", "LIMIT", limit[0], limit[1]);
      both.same("SORT", "scores", "BY", "nosort", "DESC", "LIMIT", limit[0], limit[1]);
      both.same("SORT", "words", "BY", "nosort", "DESC", "LIMIT", limit[0], limit[1]);
    }
    both.same("SORT", "nums", "LIMIT", 1, 2, "LIMIT", 0, 1);
  }

  @Test
  void byNosortKeepsTheOrderOfListsAndSortedSets() throws IOException {
    both.same("SORT", "words", "BY", "nosort");
    both.same("SORT", "words", "BY", "nosort", "DESC");
    both.same("SORT", "scores", "BY", "nosort");
    both.same("SORT", "scores", "BY", "nosort", "DESC");
    both.same("SORT", "scores", "BY", "constant-without-star", "ALPHA");
  }

  @Test
  void byPatternSortsByOtherKeysAndHashFields() throws IOException {
    both.same("SORT", "ids", "BY", "w_*");
    both.same("SORT", "ids", "BY", "w_*", "DESC");
    both.same("SORT", "names", "BY", "h_*->age", "LIMIT", 0, 3);
    both.same("SORT", "names", "BY", "name_*", "ALPHA");
    both.same("SORT", "names", "BY", "name_*", "ALPHA", "DESC", "LIMIT", 1, 2);
    both.same("SORT", "words", "BY", "missing_*", "ALPHA");
    both.same("SORT", "scores", "BY", "w_*");
  }

  @Test
  void getReturnsTheElementOtherKeysAndHashFieldsWithNilForMissingOnes() throws IOException {
    both.same("SORT", "names", "ALPHA", "GET", "#", "GET", "w_*", "GET", "h_*->age", "GET", "h_*->city");
    both.same("SORT", "names", "ALPHA", "GET", "h_*->", "GET", "h_*", "GET", "fixed");
    both.same("SORT", "ids", "GET", "w_*", "LIMIT", 1, 3);
    both.same("SORT", "ids", "BY", "w_*", "GET", "#", "GET", "w_*");
    both.same("SORT_RO", "names", "ALPHA", "GET", "name_*");
  }

  @Test
  void getNilIsRespThreeNull() throws IOException {
    verdis.call("HELLO", "3");
    redis.client().call("HELLO", "3");
    both.same("SORT", "names", "ALPHA", "GET", "h_*->city");
    verdis.call("HELLO", "2");
    redis.client().call("HELLO", "2");
  }

  @Test
  void storeWritesAListAndAnEmptyResultDeletesTheDestination() throws IOException {
    both.same("SORT", "nums", "STORE", "dst");
    both.same("TYPE", "dst");
    both.same("SORT", "dst", "BY", "nosort");
    both.same("SORT", "names", "BY", "w_*", "GET", "#", "GET", "h_*->city", "STORE", "dst");
    both.same("SORT", "dst", "BY", "nosort");
    both.same("SORT", "names", "BY", "nosort", "STORE", "sorted-set-members");
    both.same("SORT", "sorted-set-members", "BY", "nosort");
    both.same("SORT", "nums", "LIMIT", 50, 10, "STORE", "dst");
    both.same("EXISTS", "dst");
    both.same("SORT", "missing", "STORE", "nums");
    both.same("EXISTS", "nums");
    both.same("SET", "str", "value");
    both.same("SORT", "ids", "STORE", "str");
    both.same("TYPE", "str");
  }

  @Test
  void errorsAreRedisErrors() throws IOException {
    both.same("SORT", "bad");
    both.same("SORT", "bad", "STORE", "dst");
    both.same("EXISTS", "dst");
    both.same("SORT", "bad", "ALPHA");
    both.same("SORT", "names", "BY", "w_*");
    both.same("SORT", "w_alice");
    both.same("SORT", "h_alice");
    both.same("SORT", "nums", "LIMIT", "x", 1);
    both.same("SORT", "nums", "LIMIT", 0);
    both.same("SORT", "nums", "BOGUS");
    both.same("SORT", "nums", "GET");
    both.same("SORT", "nums", "BY");
    both.same("SORT", "nums", "STORE");
    both.same("SORT_RO", "nums", "STORE", "dst");
    both.same("SORT", "w_alice", "BOGUS");
    both.same("SORT", "missing");
    both.same("SORT_RO", "missing", "DESC", "ALPHA");
    both.same("SORT");
  }

  @Test
  void commandGetkeysNamesTheKeyAndTheStoreDestination() throws IOException {
    both.same("COMMAND", "GETKEYS", "SORT", "nums", "STORE", "dst");
    both.same("COMMAND", "GETKEYS", "SORT", "nums", "LIMIT", 0, 1, "DESC");
    both.same("COMMAND", "GETKEYS", "SORT_RO", "nums", "ALPHA");
  }

  @Test
  void sortReadsCollectionsBuiltWithTheirOwnCommandsAndStoresAList() throws IOException {
    both.same("RPUSH", "list", "3", "1", "2");
    both.same("SADD", "set", "b", "a");
    both.same("ZADD", "zset", "2", "x", "1", "y");
    both.same("HSET", "weight_1", "w", "9");
    both.same("SORT", "list");
    both.same("SORT", "set", "ALPHA");
    both.same("SORT", "zset", "BY", "nosort");
    both.same("SORT", "list", "BY", "weight_*->w", "STORE", "out");
    both.same("LRANGE", "out", 0, -1);
    assertEquals("list", redis.call("TYPE", "out"));
  }
}

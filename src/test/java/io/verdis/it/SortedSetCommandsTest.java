package io.verdis.it;

import io.vertx.redis.client.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sorted-set commands through a real client, one behaviour per test. Byte-exact replies and
 * error texts are compared with a real redis-server in {@link SortedSetRedisComparisonTest};
 * here are the behaviours that are random (ZRANDMEMBER, ZSCAN of a skip list) or that no
 * single reply shows.
 */
class SortedSetCommandsTest extends RedisTestBase {

  private void zaddRange(String key, int count) {
    List<String> args = new ArrayList<>(List.of("zadd", key));
    for (int i = 0; i < count; i++) {
      args.add(Integer.toString(i));
      args.add("m" + i);
    }
    assertEquals(count, integer(args.toArray(String[]::new)));
  }

  @Test
  void zaddCountsNewMembersAndChCountsChangedOnes() {
    assertEquals(2, integer("zadd", "z", "1", "a", "2", "b"));
    assertEquals(1, integer("zadd", "z", "5", "a", "3", "c"));
    assertEquals(2, integer("zadd", "z", "ch", "6", "a", "4", "d", "4", "d"));
    assertEquals("[[b, 2.0], [c, 3.0], [d, 4.0], [a, 6.0]]", call("zrange", "z", "0", "-1", "withscores"));
    assertEquals("6.0", call("zscore", "z", "a"));
  }

  @Test
  void zaddIncrReturnsTheNewScoreAndNilWhenAConditionStopsIt() {
    assertEquals("1.5", call("zadd", "z", "incr", "1.5", "a"));
    assertEquals("3.0", call("zadd", "z", "incr", "1.5", "a"));
    assertNull(call("zadd", "z", "nx", "incr", "1", "a"));
    assertNull(call("zadd", "z", "gt", "incr", "-1", "a"));
    assertEquals("3.0", call("zscore", "z", "a"));
  }

  @Test
  void gtAndLtOnlyMoveScoresOneWayButStillAddNewMembers() {
    call("zadd", "z", "5", "a");
    assertEquals(1, integer("zadd", "z", "gt", "ch", "1", "a", "1", "new"));
    assertEquals("5.0", call("zscore", "z", "a"));
    assertEquals(1, integer("zadd", "z", "lt", "ch", "1", "a"));
    assertEquals("1.0", call("zscore", "z", "a"));
  }

  @Test
  void anIncrementThatWouldGiveNaNIsRefusedAndChangesNothing() {
    call("zadd", "z", "inf", "a");
    assertError("ERR resulting score is not a number (NaN)", "zincrby", "z", "-inf", "a");
    assertEquals("Infinity", call("zscore", "z", "a"));
  }

  @Test
  void scoreArgumentsThatAreNotFloatsAreRefusedBeforeAnythingChanges() {
    assertError("ERR value is not a valid float", "zadd", "z", "1", "a", "x", "b");
    assertEquals(0, integer("exists", "z"));
    assertError("ERR value is not a valid float", "zadd", "z", "nan", "a");
    assertError("ERR value is not a valid float", "zincrby", "z", "1e400", "a");
  }

  @Test
  void removingTheLastMemberDeletesTheKey() {
    call("zadd", "z", "1", "a", "2", "b");
    assertEquals(2, integer("zrem", "z", "a", "b", "c"));
    assertEquals(0, integer("exists", "z"));
    call("zadd", "z", "1", "a");
    assertEquals(1, integer("zremrangebyscore", "z", "-inf", "+inf"));
    assertEquals(0, integer("exists", "z"));
    call("zadd", "z", "1", "a");
    assertEquals("[a, 1.0]", call("zpopmin", "z"));
    assertEquals(0, integer("exists", "z"));
  }

  @Test
  void everyCommandRefusesAKeyOfAnotherType() {
    call("set", "str", "x");
    String[][] commands = {
        {"zadd", "str", "1", "a"}, {"zincrby", "str", "1", "a"}, {"zrem", "str", "a"}, {"zscore", "str", "a"},
        {"zmscore", "str", "a"}, {"zcard", "str"}, {"zcount", "str", "0", "1"}, {"zlexcount", "str", "-", "+"},
        {"zrange", "str", "0", "-1"}, {"zrangestore", "d", "str", "0", "-1"}, {"zrevrange", "str", "0", "1"},
        {"zrangebyscore", "str", "0", "1"}, {"zrevrangebyscore", "str", "1", "0"}, {"zrangebylex", "str", "-", "+"},
        {"zrevrangebylex", "str", "+", "-"}, {"zrank", "str", "a"}, {"zrevrank", "str", "a"}, {"zpopmin", "str"},
        {"zpopmax", "str", "2"}, {"bzpopmin", "str", "0"}, {"bzpopmax", "str", "0"}, {"zmpop", "1", "str", "min"},
        {"bzmpop", "0", "1", "str", "max"}, {"zremrangebyscore", "str", "0", "1"}, {"zremrangebyrank", "str", "0", "1"},
        {"zremrangebylex", "str", "-", "+"}, {"zunion", "1", "str"}, {"zinter", "1", "str"}, {"zdiff", "1", "str"},
        {"zunionstore", "d", "1", "str"}, {"zinterstore", "d", "1", "str"}, {"zdiffstore", "d", "1", "str"},
        {"zintercard", "1", "str"}, {"zrandmember", "str"}, {"zscan", "str", "0"}};
    for (String[] command : commands) {
      assertError("WRONGTYPE Operation against a key holding the wrong kind of value", command);
    }
    assertEquals("x", call("get", "str"));
  }

  @Test
  void ranksCountAndRangesOfALargeSet() {
    zaddRange("z", 1000);
    assertEquals("skiplist", call("object", "encoding", "z"));
    assertEquals(437, integer("zrank", "z", "m437"));
    assertEquals(562, integer("zrevrank", "z", "m437"));
    assertEquals(101, integer("zcount", "z", "100", "200"));
    assertEquals("[m998, m999]", call("zrange", "z", "-2", "-1"));
    assertEquals("[m500, m499]", call("zrevrangebyscore", "z", "500", "-inf", "limit", "0", "2"));
    assertEquals(100, integer("zremrangebyrank", "z", "0", "99"));
    assertEquals(0, integer("zrank", "z", "m100"));
  }

  @Test
  void aListpackBecomesASkiplistPastItsLimitsAndStaysOne() {
    zaddRange("z", 128);
    assertEquals("listpack", call("object", "encoding", "z"));
    call("zadd", "z", "128", "m128");
    assertEquals("skiplist", call("object", "encoding", "z"));
    assertEquals(128, integer("zremrangebyrank", "z", "1", "-1"));
    assertEquals("skiplist", call("object", "encoding", "z"));
    assertEquals("[[m0, 0.0]]", call("zrange", "z", "0", "-1", "withscores"));

    call("zadd", "long", "1", "a");
    call("zadd", "long", "2", "x".repeat(65));
    assertEquals("skiplist", call("object", "encoding", "long"));
    assertEquals(1, integer("zrank", "long", "x".repeat(65)));
  }

  @Test
  void zrangestoreReplacesTheDestinationOrDeletesItWhenNothingIsSelected() {
    zaddRange("src", 10);
    call("set", "dst", "a string");
    assertEquals(3, integer("zrangestore", "dst", "src", "2", "4"));
    assertEquals("[m2, m3, m4]", call("zrange", "dst", "0", "-1"));
    assertEquals(0, integer("zrangestore", "dst", "src", "5", "1", "byscore"));
    assertEquals(0, integer("exists", "dst"));
  }

  @Test
  void popsTakeFromTheRightEnd() {
    zaddRange("z", 5);
    assertEquals("[[m0, 0.0], [m1, 1.0]]", call("zpopmin", "z", "2"));
    assertEquals("[m4, 4.0]", call("zpopmax", "z"));
    assertEquals("[z, m3, 3.0]", call("bzpopmax", "nokey", "z", "0"));
    assertEquals("[z, [[m2, 2.0]]]", call("zmpop", "2", "nokey", "z", "min", "count", "10"));
    assertEquals(0, integer("exists", "z"));
  }

  @Test
  void blockingPopsOfEmptyKeysTimeOutWithANullArray() throws IOException {
    try (RawClient raw = client()) {
      assertEquals("*-1\r\n", raw.call("BZPOPMIN", "nokey", "0.01"));
      assertEquals("*-1\r\n", raw.call("BZMPOP", "0.01", "1", "nokey", "MIN"));
      raw.call("HELLO", "3");
      assertEquals("_\r\n", raw.call("BZPOPMAX", "nokey", "0.01"));
    }
  }

  @Test
  void resp3RepliesPairMembersWithDoubleScores() throws IOException {
    try (RawClient raw = client()) {
      raw.call("ZADD", "z", "1.5", "a", "2", "b");
      raw.call("HELLO", "3");
      assertEquals(",1.5\r\n", raw.call("ZSCORE", "z", "a"));
      assertEquals("*2\r\n*2\r\n$1\r\na\r\n,1.5\r\n*2\r\n$1\r\nb\r\n,2\r\n", raw.call("ZRANGE", "z", "0", "-1", "WITHSCORES"));
      assertEquals("*2\r\n$1\r\na\r\n,1.5\r\n", raw.call("ZPOPMIN", "z"));
      assertEquals("*1\r\n*2\r\n$1\r\nb\r\n,2\r\n", raw.call("ZPOPMIN", "z", "1"));
      assertEquals("_\r\n", raw.call("ZSCORE", "z", "a"));
    }
  }

  @Test
  void setOperationsCombineWeightedScores() {
    call("zadd", "a", "1", "x", "2", "y");
    call("zadd", "b", "10", "y", "20", "z");
    assertEquals("[[x, 1.0], [y, 12.0], [z, 20.0]]", call("zunion", "2", "a", "b", "withscores"));
    assertEquals("[[x, 2.0], [y, 14.0], [z, 20.0]]", call("zunion", "2", "a", "b", "weights", "2", "1", "aggregate", "sum", "withscores"));
    assertEquals("[[y, 10.0]]", call("zinter", "2", "a", "b", "aggregate", "max", "withscores"));
    assertEquals("[x]", call("zdiff", "2", "a", "b"));
    assertEquals(1, integer("zintercard", "2", "a", "b"));
    assertEquals(3, integer("zunionstore", "u", "2", "a", "b", "aggregate", "min"));
    assertEquals("[[x, 1.0], [y, 2.0], [z, 20.0]]", call("zrange", "u", "0", "-1", "withscores"));
    assertEquals(0, integer("zinterstore", "u", "2", "a", "nokey"));
    assertEquals(0, integer("exists", "u"));
  }

  @Test
  void zrandmemberWithAPositiveCountGivesDistinctMembers() {
    zaddRange("small", 10);
    zaddRange("large", 300);
    for (String key : List.of("small", "large")) {
      int size = (int) integer("zcard", key);
      for (int count : new int[] {1, 3, 9, 150, 299, 1000}) {
        Response reply = send("zrandmember", key, Integer.toString(count));
        Set<String> members = new HashSet<>();
        for (Response member : reply) {
          assertTrue(member.toString().matches("m\\d+"), member.toString());
          members.add(member.toString());
        }
        assertEquals(Math.min(count, size), reply.size());
        assertEquals(reply.size(), members.size(), "repeated members in " + reply);
      }
    }
  }

  @Test
  void zrandmemberWithANegativeCountMayRepeatMembers() {
    zaddRange("z", 3);
    Response reply = send("zrandmember", "z", "-300");
    assertEquals(300, reply.size());
    Set<String> seen = new HashSet<>();
    reply.forEach(member -> seen.add(member.toString()));
    assertEquals(Set.of("m0", "m1", "m2"), seen);
  }

  @Test
  void zrandmemberWithScoresPairsEachMemberWithItsScore() throws IOException {
    zaddRange("z", 200);
    Response pairs = send("zrandmember", "z", "-20", "withscores");
    assertEquals(20, pairs.size());
    for (Response pair : pairs) {
      assertEquals("m" + pair.get(1).toInteger(), pair.get(0).toString());
    }
    try (RawClient raw = client()) {
      String reply = raw.call("ZRANDMEMBER", "z", "5", "WITHSCORES");
      assertTrue(reply.matches("\\*10\\r\\n(\\$\\d+\\r\\nm(\\d+)\\r\\n\\$\\d+\\r\\n\\d+\\r\\n){5}"), reply);
      raw.call("HELLO", "3");
      reply = raw.call("ZRANDMEMBER", "z", "5", "WITHSCORES");
      assertTrue(reply.matches("\\*5\\r\\n(\\*2\\r\\n\\$\\d+\\r\\nm(\\d+)\\r\\n,\\d+\\r\\n){5}"), reply);
      assertTrue(raw.call("ZRANDMEMBER", "z").startsWith("$"));
    }
  }

  @Test
  void zscanOfASkiplistVisitsEveryMemberWithItsScore() throws IOException {
    List<String> args = new ArrayList<>(List.of("zadd", "z"));
    for (int i = 0; i < 1000; i++) {
      args.add(i + ".5");
      args.add("m" + i);
    }
    call(args.toArray(String[]::new));
    Map<String, String> seen = new HashMap<>();
    String cursor = "0";
    int calls = 0;
    do {
      Response reply = send("zscan", "z", cursor, "count", "20");
      cursor = reply.get(0).toString();
      Response items = reply.get(1);
      assertEquals(0, items.size() % 2);
      for (int i = 0; i < items.size(); i += 2) {
        seen.put(items.get(i).toString(), items.get(i + 1).toString());
      }
      calls++;
    } while (!cursor.equals("0"));
    assertEquals(1000, seen.size());
    assertEquals("437.5", seen.get("m437"));
    assertEquals("0.5", seen.get("m0"));
    assertTrue(calls > 10, "COUNT 20 takes many calls, not " + calls);
  }

  @Test
  void zscanMatchFiltersMembers() {
    zaddRange("z", 500);
    Set<String> matched = new HashSet<>();
    String cursor = "0";
    do {
      Response reply = send("zscan", "z", cursor, "match", "m1?", "count", "100");
      cursor = reply.get(0).toString();
      for (int i = 0; i < reply.get(1).size(); i += 2) {
        matched.add(reply.get(1).get(i).toString());
      }
    } while (!cursor.equals("0"));
    Set<String> expected = new HashSet<>();
    for (int i = 10; i < 20; i++) {
      expected.add("m" + i);
    }
    assertEquals(expected, matched);
  }

  @Test
  void membersAreBinarySafe() throws IOException {
    byte[] member = {0, (byte) 0xff, '\r', '\n', (byte) 0x80};
    try (RawClient raw = client()) {
      assertEquals(1L, raw.request("ZADD", "z", "1", member));
      assertEquals(0L, raw.request("ZRANK", "z", member));
      List<?> range = (List<?>) raw.request("ZRANGE", "z", "0", "-1");
      assertTrue(java.util.Arrays.equals(member, (byte[]) range.get(0)));
      assertEquals("1", new String((byte[]) raw.request("ZSCORE", "z", member), StandardCharsets.US_ASCII));
    }
  }
}

package io.verdis.it;

import io.verdis.shard.SlotTable;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The list family, in the spirit of Redis's tests/unit/type/list.tcl. */
class ListCommandsTest extends RedisTestBase {
  private static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
  private static final String NOT_INTEGER = "ERR value is not an integer or out of range";
  private static final String SYNTAX = "ERR syntax error";
  private static final String MUST_BE_POSITIVE = "ERR value is out of range, must be positive";

  /** An array reply as strings (nested arrays as their toString, nil as null). */
  private List<String> contents(String key) {
    return list("lrange", key, "0", "-1");
  }

  /** Sends one command on a raw connection switched to {@code protocol}; the reply's exact bytes. */
  private String rawReply(int protocol, String... args) throws IOException {
    try (RawClient raw = client()) {
      raw.call("hello", Integer.toString(protocol));
      return raw.call(args);
    }
  }

  // LPUSH, RPUSH, LPUSHX, RPUSHX

  @Test
  void pushesReturnTheNewLength() {
    assertEquals(1, integer("rpush", "l", "b"));
    assertEquals(3, integer("rpush", "l", "c", "d"));
    assertEquals(4, integer("lpush", "l", "a"));
    assertEquals(List.of("a", "b", "c", "d"), contents("l"));
  }

  @Test
  void lpushPrependsEachElementInTurn() {
    assertEquals(3, integer("lpush", "l", "a", "b", "c"));
    assertEquals(List.of("c", "b", "a"), contents("l"));
  }

  @Test
  void pushxPushesOnlyOntoAnExistingList() {
    assertEquals(0, integer("lpushx", "l", "a"));
    assertEquals(0, integer("rpushx", "l", "a", "b"));
    assertEquals(0, integer("exists", "l"));
    call("rpush", "l", "m");
    assertEquals(3, integer("lpushx", "l", "b", "a"));
    assertEquals(5, integer("rpushx", "l", "y", "z"));
    assertEquals(List.of("a", "b", "m", "y", "z"), contents("l"));
  }

  @Test
  void pushAgainstAStringIsWrongTypeAndLeavesItAlone() {
    call("set", "s", "v");
    assertError(WRONGTYPE, "lpush", "s", "a");
    assertError(WRONGTYPE, "rpush", "s", "a");
    assertError(WRONGTYPE, "lpushx", "s", "a");
    assertError(WRONGTYPE, "rpushx", "s", "a");
    assertEquals("v", call("get", "s"));
  }

  @Test
  void typeAndEncodingOfAList() {
    call("rpush", "l", "a");
    assertEquals("list", call("type", "l"));
    assertEquals("listpack", call("object", "encoding", "l"));
  }

  /**
   * Redis 7.2's conversions (7.0 says quicklist for every list) under list-max-listpack-size:
   * past the limit on a push, back within half of it in one node; a CONFIG SET applies at the
   * list's next write.
   */
  @Test
  void aListIsAListpackUntilItOutgrowsIt() {
    try {
      call("config", "set", "list-max-listpack-size", "128");
      List<String> push = new ArrayList<>(List.of("rpush", "l"));
      for (int i = 0; i < 128; i++) {
        push.add("e" + i);
      }
      assertEquals(128L, integer(push.toArray(new String[0])));
      assertEquals("listpack", call("object", "encoding", "l"));
      call("rpush", "l", "last");
      assertEquals("quicklist", call("object", "encoding", "l"));
      call("rpop", "l");
      assertEquals("quicklist", call("object", "encoding", "l"), "one node, more than half full");
      call("ltrim", "l", "0", "63");
      assertEquals("listpack", call("object", "encoding", "l"));
      assertEquals(List.of("e0", "e1", "e2"), list("lrange", "l", "0", "2"));
      call("config", "set", "list-max-listpack-size", "8");
      assertEquals("listpack", call("object", "encoding", "l"));
      call("lpush", "l", "first");
      assertEquals("quicklist", call("object", "encoding", "l"));
      assertEquals(65L, integer("llen", "l"));
      call("config", "set", "list-max-listpack-size", "-1");
      call("rpush", "s", "a", "b", "c");
      call("lset", "s", "1", "x".repeat(5000));
      assertEquals("quicklist", call("object", "encoding", "s"));
      assertEquals("x".repeat(5000), call("lindex", "s", "1"));
    } finally {
      call("config", "set", "list-max-listpack-size", "-2");
    }
  }

  @Test
  void elementsAreBinarySafe() throws IOException {
    byte[] element = {0, '\r', '\n', (byte) 0xff, 'x'};
    try (RawClient raw = client()) {
      assertEquals(1L, raw.request("rpush", "bin", element));
      assertArrayEquals(element, (byte[]) raw.request("lindex", "bin", "0"));
      assertEquals(0L, raw.request("lpos", "bin", element));
      assertArrayEquals(element, (byte[]) raw.request("rpop", "bin"));
    }
  }

  // LPOP, RPOP

  @Test
  void popsTakeFromEitherEnd() {
    call("rpush", "l", "a", "b", "c");
    assertEquals("a", call("lpop", "l"));
    assertEquals("c", call("rpop", "l"));
    assertEquals(List.of("b"), contents("l"));
  }

  @Test
  void popOfAMissingKeyIsNil() {
    assertNull(call("lpop", "nokey"));
    assertNull(call("rpop", "nokey"));
    assertNull(call("lpop", "nokey", "2"));
    assertNull(call("rpop", "nokey", "0"));
  }

  @Test
  void popWithACountRepliesWithTheElementsInTheOrderTheyCameOff() {
    call("rpush", "l", "a", "b", "c", "d", "e");
    assertEquals(List.of("a", "b"), list("lpop", "l", "2"));
    assertEquals(List.of("e", "d"), list("rpop", "l", "2"));
    assertEquals(List.of("c"), list("lpop", "l", "1"));
  }

  @Test
  void popWithACountLargerThanTheListTakesItAllAndDeletesIt() {
    call("rpush", "l", "a", "b", "c");
    assertEquals(List.of("c", "b", "a"), list("rpop", "l", "100"));
    assertEquals(0, integer("exists", "l"));
  }

  @Test
  void popWithCountZeroIsAnEmptyArrayAndChangesNothing() throws IOException {
    call("rpush", "l", "a");
    assertEquals("*0\r\n", rawReply(2, "lpop", "l", "0"));
    assertEquals(List.of("a"), contents("l"));
  }

  @Test
  void popCountErrors() {
    call("rpush", "l", "a");
    assertError(MUST_BE_POSITIVE, "lpop", "l", "-1");
    assertError(MUST_BE_POSITIVE, "rpop", "l", "abc");
    assertError(MUST_BE_POSITIVE, "lpop", "nokey", "-1");
    assertError("ERR wrong number of arguments for 'lpop' command", "lpop", "l", "1", "2");
    assertError("ERR wrong number of arguments for 'rpop' command", "rpop", "l", "1", "2");
    call("set", "s", "v");
    assertError(WRONGTYPE, "lpop", "s");
    assertError(WRONGTYPE, "rpop", "s", "0");
  }

  @Test
  void popRepliesInResp2AndResp3() throws IOException {
    assertEquals("$-1\r\n", rawReply(2, "lpop", "nokey"));
    assertEquals("*-1\r\n", rawReply(2, "lpop", "nokey", "1"));
    assertEquals("_\r\n", rawReply(3, "lpop", "nokey"));
    assertEquals("_\r\n", rawReply(3, "rpop", "nokey", "1"));
    call("rpush", "l", "a", "b");
    assertEquals("*1\r\n$1\r\nb\r\n", rawReply(3, "rpop", "l", "1"));
    assertEquals("$1\r\na\r\n", rawReply(3, "rpop", "l"));
  }

  @Test
  void poppingTheLastElementDeletesTheList() {
    call("rpush", "l", "a");
    assertEquals("a", call("rpop", "l"));
    assertEquals(0, integer("exists", "l"));
    call("rpush", "l", "a");
    assertEquals("a", call("lpop", "l"));
    assertEquals(0, integer("exists", "l"));
  }

  // LLEN, LINDEX, LRANGE

  @Test
  void llenCountsElements() {
    assertEquals(0, integer("llen", "l"));
    call("rpush", "l", "a", "b");
    assertEquals(2, integer("llen", "l"));
    call("set", "s", "v");
    assertError(WRONGTYPE, "llen", "s");
  }

  @Test
  void lindexCountsFromEitherEnd() {
    call("rpush", "l", "a", "b", "c");
    assertEquals("a", call("lindex", "l", "0"));
    assertEquals("c", call("lindex", "l", "2"));
    assertEquals("c", call("lindex", "l", "-1"));
    assertEquals("a", call("lindex", "l", "-3"));
    assertNull(call("lindex", "l", "3"));
    assertNull(call("lindex", "l", "-4"));
    assertNull(call("lindex", "l", "9223372036854775807"));
    assertNull(call("lindex", "l", "-9223372036854775808"));
    assertError(NOT_INTEGER, "lindex", "l", "abc");
  }

  @Test
  void lindexChecksTheKeyBeforeTheIndex() {
    assertNull(call("lindex", "nokey", "abc"));
    call("set", "s", "v");
    assertError(WRONGTYPE, "lindex", "s", "abc");
  }

  @Test
  void lrangeClampsItsRange() {
    call("rpush", "l", "a", "b", "c", "d");
    assertEquals(List.of("b", "c"), list("lrange", "l", "1", "2"));
    assertEquals(List.of("c", "d"), list("lrange", "l", "-2", "-1"));
    assertEquals(List.of("a", "b", "c", "d"), list("lrange", "l", "-100", "100"));
    assertEquals(List.of(), list("lrange", "l", "2", "1"));
    assertEquals(List.of(), list("lrange", "l", "4", "10"));
    assertEquals(List.of(), list("lrange", "l", "-1", "-2"));
    assertEquals(List.of("a"), list("lrange", "l", "-9223372036854775808", "0"));
    assertEquals(List.of("d"), list("lrange", "l", "3", "9223372036854775807"));
  }

  @Test
  void lrangeOfAMissingKeyIsEmptyButItsArgumentsAreCheckedFirst() {
    assertEquals(List.of(), list("lrange", "nokey", "0", "-1"));
    assertError(NOT_INTEGER, "lrange", "nokey", "abc", "1");
    assertError(NOT_INTEGER, "lrange", "nokey", "0", "1.5");
    call("set", "s", "v");
    assertError(WRONGTYPE, "lrange", "s", "0", "-1");
  }

  @Test
  void aLongListWrapsGrowsAndShrinksKeepingItsOrder() {
    String[] elements = new String[1002];
    elements[0] = "rpush";
    elements[1] = "big";
    for (int i = 0; i < 1000; i++) {
      elements[i + 2] = Integer.toString(i);
    }
    assertEquals(1000, integer(elements));
    for (int i = 0; i < 990; i++) {
      assertEquals(Integer.toString(i), call("lpop", "big"));
      call("rpush", "big", "x" + i);
    }
    assertEquals(1000, integer("llen", "big"));
    assertEquals("990", call("lindex", "big", "0"));
    assertEquals("x989", call("lindex", "big", "-1"));
    assertEquals(List.of("999", "x0", "x1"), list("lrange", "big", "9", "11"));
    assertEquals(995, list("lpop", "big", "995").size());
    assertEquals(List.of("x985", "x986", "x987", "x988", "x989"), contents("big"));
  }

  // LSET, LINSERT, LREM, LTRIM

  @Test
  void lsetReplacesByIndex() {
    call("rpush", "l", "a", "b", "c");
    assertEquals("OK", call("lset", "l", "0", "A"));
    assertEquals("OK", call("lset", "l", "-1", "C"));
    assertEquals(List.of("A", "b", "C"), contents("l"));
    assertError("ERR index out of range", "lset", "l", "3", "x");
    assertError("ERR index out of range", "lset", "l", "-4", "x");
    assertError(NOT_INTEGER, "lset", "l", "abc", "x");
  }

  @Test
  void lsetOfAMissingKeyIsNoSuchKey() {
    assertError("ERR no such key", "lset", "nokey", "0", "x");
    assertError("ERR no such key", "lset", "nokey", "abc", "x");
    call("set", "s", "v");
    assertError(WRONGTYPE, "lset", "s", "abc", "x");
  }

  @Test
  void linsertBeforeAndAfterThePivot() {
    call("rpush", "l", "a", "c", "c");
    assertEquals(4, integer("linsert", "l", "before", "c", "b"));
    assertEquals(5, integer("linsert", "l", "AFTER", "c", "d"));
    assertEquals(6, integer("linsert", "l", "after", "c", "e"));
    assertEquals(List.of("a", "b", "c", "e", "d", "c"), contents("l"), "the first pivot from the head");
  }

  @Test
  void linsertWithoutPivotOrKey() {
    assertEquals(0, integer("linsert", "nokey", "before", "a", "b"));
    assertEquals(0, integer("exists", "nokey"));
    call("rpush", "l", "a");
    assertEquals(-1, integer("linsert", "l", "before", "zz", "b"));
    assertEquals(List.of("a"), contents("l"));
    assertError(SYNTAX, "linsert", "l", "middle", "a", "b");
    assertError(SYNTAX, "linsert", "nokey", "middle", "a", "b");
    call("set", "s", "v");
    assertError(WRONGTYPE, "linsert", "s", "before", "a", "b");
  }

  @Test
  void lremFromTheHeadTheTailOrEverywhere() {
    call("rpush", "l", "x", "a", "x", "b", "x", "c", "x");
    assertEquals(2, integer("lrem", "l", "2", "x"));
    assertEquals(List.of("a", "b", "x", "c", "x"), contents("l"));
    assertEquals(1, integer("lrem", "l", "-1", "x"));
    assertEquals(List.of("a", "b", "x", "c"), contents("l"));
    call("rpush", "l", "x", "x");
    assertEquals(3, integer("lrem", "l", "0", "x"));
    assertEquals(List.of("a", "b", "c"), contents("l"));
    assertEquals(0, integer("lrem", "l", "0", "zz"));
  }

  @Test
  void lremOfTheLastElementsDeletesTheList() {
    call("rpush", "l", "x", "x");
    assertEquals(2, integer("lrem", "l", "-9223372036854775808", "x"));
    assertEquals(0, integer("exists", "l"));
    assertEquals(0, integer("lrem", "l", "0", "x"));
    assertError(NOT_INTEGER, "lrem", "l", "abc", "x");
    call("set", "s", "v");
    assertError(WRONGTYPE, "lrem", "s", "0", "x");
  }

  @Test
  void ltrimKeepsTheRange() {
    call("rpush", "l", "a", "b", "c", "d", "e");
    assertEquals("OK", call("ltrim", "l", "1", "-2"));
    assertEquals(List.of("b", "c", "d"), contents("l"));
    assertEquals("OK", call("ltrim", "l", "-100", "100"));
    assertEquals(List.of("b", "c", "d"), contents("l"));
    assertEquals("OK", call("ltrim", "l", "0", "0"));
    assertEquals(List.of("b"), contents("l"));
  }

  @Test
  void ltrimToAnEmptyRangeDeletesTheList() {
    call("rpush", "l", "a", "b");
    assertEquals("OK", call("ltrim", "l", "5", "1"));
    assertEquals(0, integer("exists", "l"));
    call("rpush", "l", "a", "b");
    assertEquals("OK", call("ltrim", "l", "1", "0"));
    assertEquals(0, integer("exists", "l"));
    assertEquals("OK", call("ltrim", "nokey", "0", "1"));
    assertError(NOT_INTEGER, "ltrim", "nokey", "abc", "1");
    call("set", "s", "v");
    assertError(WRONGTYPE, "ltrim", "s", "0", "1");
  }

  // LPOS

  @Test
  void lposFindsTheFirstMatchOrTheRankth() {
    call("rpush", "l", "a", "b", "c", "a", "b", "c", "a");
    assertEquals(0, integer("lpos", "l", "a"));
    assertEquals(3, integer("lpos", "l", "a", "rank", "2"));
    assertEquals(6, integer("lpos", "l", "a", "rank", "-1"));
    assertEquals(3, integer("lpos", "l", "a", "rank", "-2"));
    assertNull(call("lpos", "l", "a", "rank", "5"));
    assertNull(call("lpos", "l", "zz"));
    // As Redis: negating the smallest rank overflows, leaving it negative, so every match counts.
    assertEquals(6, integer("lpos", "l", "a", "rank", "-9223372036854775808"));
    assertEquals(List.of("6", "3", "0"), list("lpos", "l", "a", "rank", "-9223372036854775808", "count", "2"));
  }

  @Test
  void lposWithCountAndMaxlen() {
    call("rpush", "l", "a", "b", "c", "a", "b", "c", "a");
    assertEquals(List.of("0", "3", "6"), list("lpos", "l", "a", "count", "0"));
    assertEquals(List.of("0", "3"), list("lpos", "l", "a", "count", "2"));
    assertEquals(List.of("6", "3", "0"), list("lpos", "l", "a", "count", "0", "rank", "-1"));
    assertEquals(List.of("3", "6"), list("lpos", "l", "a", "rank", "2", "count", "0"));
    assertEquals(List.of("0"), list("lpos", "l", "a", "count", "0", "maxlen", "3"));
    assertNull(call("lpos", "l", "a", "rank", "2", "maxlen", "3"));
    assertEquals(6, integer("lpos", "l", "a", "rank", "-1", "maxlen", "1"));
    assertEquals(List.of(), list("lpos", "l", "a", "rank", "5", "count", "0"));
    assertEquals(List.of("0", "3"), list("lpos", "l", "a", "count", "1", "count", "2"), "the last option wins");
  }

  @Test
  void lposOfAMissingKey() throws IOException {
    assertNull(call("lpos", "nokey", "a"));
    assertEquals(List.of(), list("lpos", "nokey", "a", "count", "1"));
    assertEquals("_\r\n", rawReply(3, "lpos", "nokey", "a"));
    call("set", "s", "v");
    assertError(WRONGTYPE, "lpos", "s", "a");
  }

  @Test
  void lposErrors() {
    call("rpush", "l", "a");
    assertError("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use "
        + "negative to start from the end of the list", "lpos", "nokey", "a", "rank", "0");
    assertError(NOT_INTEGER, "lpos", "l", "a", "rank", "abc");
    assertError("ERR COUNT can't be negative", "lpos", "l", "a", "count", "-1");
    assertError("ERR COUNT can't be negative", "lpos", "l", "a", "count", "abc");
    assertError("ERR MAXLEN can't be negative", "lpos", "l", "a", "maxlen", "-1");
    assertError("ERR MAXLEN can't be negative", "lpos", "l", "a", "maxlen", "abc");
    assertError(SYNTAX, "lpos", "l", "a", "foo");
    assertError(SYNTAX, "lpos", "l", "a", "rank");
  }

  // LMOVE, RPOPLPUSH

  @Test
  void lmoveInEveryDirection() {
    call("rpush", "src", "a", "b", "c", "d");
    assertEquals("a", call("lmove", "src", "dst", "left", "right"));
    assertEquals("d", call("lmove", "src", "dst", "RIGHT", "LEFT"));
    assertEquals("b", call("lmove", "src", "dst", "left", "left"));
    assertEquals("c", call("lmove", "src", "dst", "right", "right"));
    assertEquals(List.of("b", "d", "a", "c"), contents("dst"));
    assertEquals(0, integer("exists", "src"));
  }

  @Test
  void lmoveOnOneListRotatesIt() {
    call("rpush", "l", "a", "b", "c");
    assertEquals("a", call("lmove", "l", "l", "left", "right"));
    assertEquals(List.of("b", "c", "a"), contents("l"));
    assertEquals("a", call("rpoplpush", "l", "l"));
    assertEquals(List.of("a", "b", "c"), contents("l"));
    call("rpush", "one", "x");
    assertEquals("x", call("lmove", "one", "one", "right", "left"));
    assertEquals(List.of("x"), contents("one"));
  }

  @Test
  void lmoveOfAMissingSourceIsNilAndChecksNoDestination() {
    call("set", "s", "v");
    assertNull(call("lmove", "nokey", "s", "left", "right"));
    assertNull(call("rpoplpush", "nokey", "s"));
    assertEquals(0, integer("exists", "nokey"));
  }

  @Test
  void lmoveOntoAStringIsWrongTypeAndMovesNothing() {
    call("rpush", "l", "a");
    call("set", "s", "v");
    assertError(WRONGTYPE, "lmove", "l", "s", "left", "right");
    assertError(WRONGTYPE, "rpoplpush", "l", "s");
    assertError(WRONGTYPE, "lmove", "s", "l", "left", "right");
    assertEquals(List.of("a"), contents("l"));
    assertError(SYNTAX, "lmove", "l", "x", "left", "middle");
    assertError(SYNTAX, "lmove", "l", "x", "up", "left");
  }

  @Test
  void lmoveAcrossShards() {
    SlotTable slots = new SlotTable(3);
    assertNotEquals(slots.shardOf(bytes("a")), slots.shardOf(bytes("b")), "the test needs a and b on two shards");
    call("rpush", "a", "1", "2");
    assertEquals("2", call("rpoplpush", "a", "b"));
    assertEquals("1", call("lmove", "a", "b", "left", "right"));
    assertEquals(0, integer("exists", "a"));
    assertEquals(List.of("2", "1"), contents("b"));
    assertEquals("1", call("lmove", "b", "a", "right", "left"));
    assertEquals(List.of("1"), contents("a"));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void rpoplpushMovesTheTailToTheHead() {
    call("rpush", "src", "a", "b");
    call("rpush", "dst", "x");
    assertEquals("b", call("rpoplpush", "src", "dst"));
    assertEquals(List.of("b", "x"), contents("dst"));
    assertEquals(List.of("a"), contents("src"));
  }

  // LMPOP

  @Test
  void lmpopPopsFromTheFirstNonEmptyList() {
    call("rpush", "l2", "a", "b", "c");
    call("rpush", "l3", "z");
    assertEquals(List.of("l2", "[a]"), list("lmpop", "3", "l1", "l2", "l3", "left"));
    assertEquals(List.of("l2", "[c, b]"), list("lmpop", "2", "l1", "l2", "RIGHT", "count", "5"));
    assertEquals(0, integer("exists", "l2"));
    assertEquals(List.of("l3", "[z]"), list("lmpop", "3", "l1", "l2", "l3", "left", "COUNT", "1"));
    assertNull(call("lmpop", "2", "l1", "l2", "left"));
  }

  @Test
  void lmpopRepliesWithNestedArrays() throws IOException {
    call("rpush", "l", "a", "b");
    assertEquals("*2\r\n$1\r\nl\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n", rawReply(2, "lmpop", "1", "l", "left", "count", "9"));
    assertEquals("*-1\r\n", rawReply(2, "lmpop", "1", "l", "left"));
    assertEquals("_\r\n", rawReply(3, "lmpop", "1", "l", "left"));
  }

  @Test
  void lmpopErrors() {
    call("rpush", "l", "a");
    assertError("ERR numkeys should be greater than 0", "lmpop", "0", "l", "left");
    assertError("ERR numkeys should be greater than 0", "lmpop", "-1", "l", "left");
    assertError("ERR numkeys should be greater than 0", "lmpop", "abc", "l", "left");
    assertError(SYNTAX, "lmpop", "2", "l", "left");
    assertError(SYNTAX, "lmpop", "9223372036854775807", "l", "left");
    assertError(SYNTAX, "lmpop", "1", "l", "middle");
    assertError("ERR count should be greater than 0", "lmpop", "1", "l", "left", "count", "0");
    assertError("ERR count should be greater than 0", "lmpop", "1", "l", "left", "count", "abc");
    assertError(SYNTAX, "lmpop", "1", "l", "left", "count", "1", "count", "1");
    assertError(SYNTAX, "lmpop", "1", "l", "left", "count");
    assertError(SYNTAX, "lmpop", "1", "l", "left", "foo");
    call("set", "s", "v");
    assertError(WRONGTYPE, "lmpop", "2", "nokey", "s", "left");
    assertEquals(List.of("a"), contents("l"));
  }

  // BLPOP, BRPOP, BLMPOP, BLMOVE, BRPOPLPUSH with something to take: no waiting

  @Test
  void blpopAndBrpopTakeFromTheFirstNonEmptyList() {
    call("rpush", "l2", "a", "b");
    call("rpush", "l3", "z");
    assertEquals(List.of("l2", "a"), list("blpop", "l1", "l2", "l3", "0"));
    assertEquals(List.of("l2", "b"), list("brpop", "l1", "l2", "l3", "0"));
    assertEquals(0, integer("exists", "l2"));
    assertEquals(List.of("l3", "z"), list("brpop", "l1", "l2", "l3", "1.5"));
    assertEquals(0, integer("exists", "l3"));
  }

  @Test
  void blockingPopsCheckTypesInKeyOrder() {
    call("set", "s", "v");
    call("rpush", "l", "a");
    assertError(WRONGTYPE, "blpop", "nokey", "s", "l", "0");
    assertError(WRONGTYPE, "blmpop", "0", "3", "nokey", "s", "l", "left");
    assertEquals(List.of("l", "a"), list("blpop", "l", "s", "0"));
  }

  @Test
  void blockingTimeoutErrors() {
    call("rpush", "l", "a");
    assertError("ERR timeout is negative", "blpop", "l", "-1");
    assertError("ERR timeout is not a float or out of range", "brpop", "l", "abc");
    assertError("ERR timeout is negative", "blmove", "l", "x", "left", "right", "-1");
    assertError("ERR timeout is negative", "brpoplpush", "l", "x", "-1");
    assertError("ERR timeout is negative", "blmpop", "-1", "1", "l", "left");
    assertError("ERR timeout is not a float or out of range", "blmpop", "abc", "0", "l", "left");
    assertError("ERR numkeys should be greater than 0", "blmpop", "0", "0", "l", "left");
    assertError(SYNTAX, "blmove", "l", "x", "up", "right", "-1");
    assertEquals(List.of("a"), contents("l"));
  }

  @Test
  void blockingCommandsTimeOutWithNil() throws IOException {
    assertNull(call("blpop", "nokey", "0.01"));
    assertNull(call("brpop", "nokey", "other", "0.01"));
    assertNull(call("blmpop", "0.01", "1", "nokey", "left"));
    assertNull(call("blmove", "nokey", "x", "left", "right", "0.01"));
    assertNull(call("brpoplpush", "nokey", "x", "0.01"));
    assertEquals("*-1\r\n", rawReply(2, "blpop", "nokey", "0.01"));
    assertEquals("_\r\n", rawReply(3, "blmpop", "0.01", "1", "nokey", "left"));
    assertEquals(0, integer("exists", "x"));
  }

  @Test
  void blmpopPopsUpToCount() throws IOException {
    call("rpush", "l", "a", "b", "c");
    assertEquals(List.of("l", "[c, b]"), list("blmpop", "0", "2", "nokey", "l", "right", "count", "2"));
    assertEquals("*2\r\n$1\r\nl\r\n*1\r\n$1\r\na\r\n", rawReply(3, "blmpop", "0", "1", "l", "left", "count", "2"));
    assertEquals(0, integer("exists", "l"));
  }

  @Test
  void blmoveAndBrpoplpushMoveAtOnce() {
    call("rpush", "src", "a", "b", "c");
    assertEquals("a", call("blmove", "src", "dst", "left", "right", "0"));
    assertEquals("c", call("brpoplpush", "src", "dst", "0"));
    assertEquals("b", call("blmove", "src", "dst", "LEFT", "LEFT", "0.5"));
    assertEquals(List.of("b", "c", "a"), contents("dst"));
    assertEquals(0, integer("exists", "src"));
    call("set", "s", "v");
    assertError(WRONGTYPE, "brpoplpush", "s", "dst", "0");
    assertError(WRONGTYPE, "blmove", "dst", "s", "left", "left", "0");
  }

  // Declarations

  @Test
  void keyPositionsOfTheMovableAndBlockingCommands() {
    assertEquals(List.of("a", "b"), list("command", "getkeys", "lmpop", "2", "a", "b", "left"));
    assertEquals(List.of("a", "b"), list("command", "getkeys", "blmpop", "0", "2", "a", "b", "left", "count", "2"));
    assertEquals(List.of("a", "b"), list("command", "getkeys", "blpop", "a", "b", "0"));
    assertEquals(List.of("a", "b"), list("command", "getkeys", "blmove", "a", "b", "left", "left", "0"));
  }

  @Test
  void aWrongArityIsRejected() throws IOException {
    assertEquals("-ERR wrong number of arguments for 'lpush' command\r\n", rawReply(2, "lpush", "l"));
    assertEquals("-ERR wrong number of arguments for 'lmpop' command\r\n", rawReply(2, "lmpop", "1", "l"));
    assertEquals("-ERR wrong number of arguments for 'blmpop' command\r\n", rawReply(2, "blmpop", "0", "1", "l"));
    assertEquals("-ERR wrong number of arguments for 'linsert' command\r\n",
        rawReply(2, "linsert", "l", "before", "a"));
  }
}

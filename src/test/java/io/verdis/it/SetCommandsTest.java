package io.verdis.it;

import io.vertx.redis.client.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The set family, in the spirit of Redis's tests/unit/type/set.tcl. */
class SetCommandsTest extends RedisTestBase {
  private static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

  private Set<String> members(String... args) {
    return new HashSet<>(list(args));
  }

  private static String[] numbers(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).toArray(String[]::new);
  }

  private static String[] concat(String[] head, String... tail) {
    String[] all = new String[head.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }

  private void sadd(String key, String... members) {
    send(concat(new String[] {"sadd", key}, members));
  }

  // ---------------------------------------------------------------- SADD, SREM, SCARD, SISMEMBER

  @Test
  void saddCountsOnlyNewMembersAndCreatesASet() {
    assertEquals(2, integer("sadd", "s", "a", "b"));
    assertEquals(1, integer("sadd", "s", "b", "c", "c"));
    assertEquals(0, integer("sadd", "s", "a"));
    assertEquals("set", call("type", "s"));
    assertEquals(3, integer("scard", "s"));
    assertEquals(Set.of("a", "b", "c"), members("smembers", "s"));
  }

  @Test
  void saddAgainstAStringIsWrongType() {
    call("set", "str", "x");
    assertError(WRONGTYPE, "sadd", "str", "a");
    assertEquals("x", call("get", "str"));
  }

  @Test
  void setCommandsNeedTheirArguments() throws IOException {
    try (RawClient raw = client()) {
      for (String[] command : List.of(new String[] {"sadd", "s"}, new String[] {"srem", "s"},
          new String[] {"sismember", "s"}, new String[] {"smove", "a", "b"}, new String[] {"sintercard", "1"},
          new String[] {"sinterstore", "d"}, new String[] {"sscan", "s"}, new String[] {"spop"})) {
        assertEquals("-ERR wrong number of arguments for '" + command[0] + "' command\r\n", raw.call(command));
      }
    }
  }

  @Test
  void sremCountsRemovedMembersAndDeletesTheEmptiedSet() {
    sadd("s", "a", "b", "c");
    assertEquals(2, integer("srem", "s", "a", "x", "b", "a"));
    assertEquals(1, integer("exists", "s"));
    assertEquals(1, integer("srem", "s", "c", "d"));
    assertEquals(0, integer("exists", "s"));
    assertEquals(0, integer("srem", "s", "c"));
  }

  @Test
  void sremFromAnIntset() {
    sadd("s", "1", "2", "3");
    assertEquals(1, integer("srem", "s", "2"));
    assertEquals(0, integer("srem", "s", "02", "x", "4"));
    assertEquals(List.of("1", "3"), list("smembers", "s"));
  }

  @Test
  void readsOfAMissingSetSeeAnEmptySet() {
    assertEquals(0, integer("scard", "nokey"));
    assertEquals(0, integer("sismember", "nokey", "a"));
    assertEquals(List.of("0", "0"), list("smismember", "nokey", "a", "b"));
    assertEquals(List.of(), list("smembers", "nokey"));
  }

  @Test
  void membershipIsExactBytes() {
    sadd("s", "a", "1", "");
    assertEquals(1, integer("sismember", "s", "a"));
    assertEquals(0, integer("sismember", "s", "A"));
    assertEquals(1, integer("sismember", "s", ""));
    assertEquals(List.of("1", "0", "1", "0"), list("smismember", "s", "1", "01", "a", "b"));
  }

  @Test
  void readCommandsAgainstAStringAreWrongType() {
    call("set", "str", "x");
    for (String[] command : List.of(new String[] {"srem", "str", "a"}, new String[] {"sismember", "str", "a"},
        new String[] {"smismember", "str", "a"}, new String[] {"scard", "str"}, new String[] {"smembers", "str"},
        new String[] {"spop", "str"}, new String[] {"spop", "str", "0"}, new String[] {"srandmember", "str"},
        new String[] {"srandmember", "str", "0"}, new String[] {"sscan", "str", "0"})) {
      assertError(WRONGTYPE, command);
    }
  }

  // ---------------------------------------------------------------- encodings

  @Test
  void aSetOfIntegersIsAnIntsetInAscendingOrder() {
    sadd("s", "5", "-70000", "3", "9223372036854775807", "-9223372036854775808", "40000");
    assertEquals("intset", call("object", "encoding", "s"));
    assertEquals(List.of("-9223372036854775808", "-70000", "3", "5", "40000", "9223372036854775807"),
        list("smembers", "s"));
    assertEquals(1, integer("sismember", "s", "40000"));
    assertEquals(0, integer("sismember", "s", "40001"));
  }

  @Test
  void anythingButACanonicalIntegerMakesAHashtable() {
    for (String member : List.of("01", "+1", " 1", "-0", "1.0", "9223372036854775808", "a", "")) {
      call("del", "s");
      sadd("s", member);
      assertEquals("hashtable", call("object", "encoding", "s"), member);
      assertEquals(1, integer("sismember", "s", member), member);
    }
  }

  @Test
  void anIntsetBecomesAHashtableWhenANonIntegerArrives() {
    sadd("s", "1", "2", "3");
    assertEquals(1, integer("sadd", "s", "a"));
    assertEquals("hashtable", call("object", "encoding", "s"));
    assertEquals(Set.of("1", "2", "3", "a"), members("smembers", "s"));
    assertEquals(1, integer("srem", "s", "a"));
    assertEquals("hashtable", call("object", "encoding", "s"));
  }

  @Test
  void anIntsetHoldsUpTo512MembersThenBecomesAHashtable() {
    sadd("s", numbers(1, 512));
    assertEquals("intset", call("object", "encoding", "s"));
    assertEquals(0, integer("sadd", "s", "512"));
    assertEquals("intset", call("object", "encoding", "s"));
    assertEquals(1, integer("sadd", "s", "513"));
    assertEquals("hashtable", call("object", "encoding", "s"));
    assertEquals(513, integer("scard", "s"));
    for (String member : numbers(1, 513)) {
      assertEquals(1, integer("sismember", "s", member));
    }
  }

  @Test
  void aLargeHashtableKeepsEveryMember() {
    String[] many = IntStream.range(0, 5000).mapToObj(i -> "member:" + i).toArray(String[]::new);
    assertEquals(5000, integer(concat(new String[] {"sadd", "s"}, many)));
    assertEquals(5000, integer("scard", "s"));
    assertEquals(Set.of(many), members("smembers", "s"));
    String[] half = IntStream.range(0, 5000).filter(i -> i % 2 == 0).mapToObj(i -> "member:" + i)
        .toArray(String[]::new);
    assertEquals(2500, integer(concat(new String[] {"srem", "s"}, half)));
    assertEquals(0, integer("sismember", "s", "member:10"));
    assertEquals(1, integer("sismember", "s", "member:11"));
    assertEquals(2500, members("smembers", "s").size());
  }

  // ---------------------------------------------------------------- SMEMBERS and RESP3 shapes

  @Test
  void smembersIsAnArrayInResp2AndASetInResp3() throws IOException {
    sadd("s", "1", "2");
    try (RawClient raw = client()) {
      assertEquals("*2\r\n$1\r\n1\r\n$1\r\n2\r\n", raw.call("smembers", "s"));
      assertEquals("*0\r\n", raw.call("smembers", "nokey"));
      raw.call("hello", "3");
      assertEquals("~2\r\n$1\r\n1\r\n$1\r\n2\r\n", raw.call("smembers", "s"));
      assertEquals("~0\r\n", raw.call("smembers", "nokey"));
      assertEquals("~2\r\n$1\r\n1\r\n$1\r\n2\r\n", raw.call("sunion", "s", "nokey"));
      assertEquals("~0\r\n", raw.call("sinter", "s", "nokey"));
      assertEquals("*2\r\n:1\r\n:0\r\n", raw.call("smismember", "s", "1", "3"));
    }
  }

  // ---------------------------------------------------------------- SPOP

  @Test
  void spopRemovesAndReturnsAMemberAndDeletesTheEmptiedSet() {
    sadd("s", "a", "b");
    Set<String> popped = new HashSet<>();
    popped.add(call("spop", "s"));
    assertEquals(1, integer("scard", "s"));
    popped.add(call("spop", "s"));
    assertEquals(Set.of("a", "b"), popped);
    assertEquals(0, integer("exists", "s"));
    assertNull(call("spop", "s"));
  }

  @Test
  void spopFromAnIntset() {
    sadd("s", numbers(1, 20));
    Set<String> popped = new TreeSet<>();
    for (int i = 0; i < 20; i++) {
      popped.add(call("spop", "s"));
    }
    assertEquals(new TreeSet<>(List.of(numbers(1, 20))), popped);
    assertEquals(0, integer("exists", "s"));
  }

  @Test
  void spopCountValidatesTheCountFirst() {
    assertError("ERR value is out of range, must be positive", "spop", "nokey", "-1");
    assertError("ERR value is out of range, must be positive", "spop", "nokey", "abc");
    assertError("ERR syntax error", "spop", "nokey", "1", "2");
    assertEquals(List.of(), list("spop", "nokey", "3"));
    sadd("s", "a");
    assertEquals(List.of(), list("spop", "s", "0"));
    assertEquals(1, integer("scard", "s"));
  }

  @Test
  void spopWithACountAtLeastTheSizeTakesEverything() {
    sadd("s", "a", "b", "c");
    assertEquals(Set.of("a", "b", "c"), members("spop", "s", "3"));
    assertEquals(0, integer("exists", "s"));
    sadd("t", "1", "2");
    assertEquals(List.of("1", "2"), list("spop", "t", "9223372036854775807"));
    assertEquals(0, integer("exists", "t"));
  }

  @Test
  void spopWithASmallCountPopsDistinctMembers() {
    String[] all = IntStream.range(0, 100).mapToObj(i -> "m" + i).toArray(String[]::new);
    sadd("s", all);
    List<String> popped = list("spop", "s", "10");
    assertEquals(10, popped.size());
    assertEquals(10, new HashSet<>(popped).size());
    assertEquals(90, integer("scard", "s"));
    Set<String> left = members("smembers", "s");
    for (String member : popped) {
      assertFalse(left.contains(member));
    }
    left.addAll(popped);
    assertEquals(Set.of(all), left);
  }

  @Test
  void spopOfMostOfAHashtableOfIntegersLeavesAnIntset() {
    sadd("s", numbers(1, 600));
    assertEquals("hashtable", call("object", "encoding", "s"));
    List<String> popped = list("spop", "s", "590");
    assertEquals(590, new HashSet<>(popped).size());
    assertEquals(10, integer("scard", "s"));
    assertEquals("intset", call("object", "encoding", "s"));
    Set<String> all = new HashSet<>(popped);
    all.addAll(list("smembers", "s"));
    assertEquals(Set.of(numbers(1, 600)), all);
  }

  @Test
  void spopKeepsTheTtl() {
    sadd("s", numbers(1, 100));
    call("expire", "s", "100");
    call("spop", "s", "95");
    call("spop", "s", "1");
    assertTrue(integer("ttl", "s") > 0);
  }

  @Test
  void spopRepliesInResp3Shapes() throws IOException {
    sadd("s", "a");
    try (RawClient raw = client()) {
      raw.call("hello", "3");
      assertEquals("~0\r\n", raw.call("spop", "nokey", "2"));
      assertEquals("_\r\n", raw.call("spop", "nokey"));
      assertEquals("~1\r\n$1\r\na\r\n", raw.call("spop", "s", "5"));
      raw.call("hello", "2");
      assertEquals("*0\r\n", raw.call("spop", "nokey", "2"));
      assertEquals("$-1\r\n", raw.call("spop", "nokey"));
    }
  }

  // ---------------------------------------------------------------- SRANDMEMBER

  @Test
  void srandmemberReturnsAMemberWithoutRemovingIt() {
    assertNull(call("srandmember", "nokey"));
    sadd("s", "a", "b", "c");
    assertTrue(Set.of("a", "b", "c").contains(call("srandmember", "s")));
    assertEquals(3, integer("scard", "s"));
    assertError("ERR syntax error", "srandmember", "s", "1", "2");
  }

  @Test
  void srandmemberWithAPositiveCountReturnsDistinctMembers() {
    String[] all = IntStream.range(0, 100).mapToObj(i -> "m" + i).toArray(String[]::new);
    sadd("s", all);
    for (int count : new int[] {1, 2, 10, 33, 34, 50, 99}) {
      List<String> picked = list("srandmember", "s", Integer.toString(count));
      assertEquals(count, picked.size());
      assertEquals(count, new HashSet<>(picked).size());
      assertTrue(Set.of(all).containsAll(picked));
    }
    assertEquals(Set.of(all), new HashSet<>(list("srandmember", "s", "100")));
    assertEquals(100, list("srandmember", "s", "1000").size());
    assertEquals(100, integer("scard", "s"));
  }

  @Test
  void srandmemberWithACountAtLeastTheSizeOfAnIntsetIsTheWholeSetInOrder() {
    sadd("s", "3", "1", "2");
    assertEquals(List.of("1", "2", "3"), list("srandmember", "s", "3"));
    assertEquals(List.of("1", "2", "3"), list("srandmember", "s", "9223372036854775807"));
  }

  @Test
  void srandmemberWithANegativeCountMayRepeat() {
    sadd("s", "a", "b");
    List<String> picked = list("srandmember", "s", "-50");
    assertEquals(50, picked.size());
    assertEquals(Set.of("a", "b"), new HashSet<>(picked));
    sadd("one", "a");
    assertEquals(List.of("a", "a", "a"), list("srandmember", "one", "-3"));
  }

  @Test
  void srandmemberCountEdgeCases() {
    assertEquals(List.of(), list("srandmember", "nokey", "5"));
    assertEquals(List.of(), list("srandmember", "nokey", "-5"));
    sadd("s", "a");
    assertEquals(List.of(), list("srandmember", "s", "0"));
    assertError("ERR value is not an integer or out of range", "srandmember", "s", "abc");
    assertError("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
        "srandmember", "s", "-9223372036854775808");
    assertError("ERR value is out of range", "srandmember", "s", "-9223372036854775807");
    assertEquals(List.of(), list("srandmember", "nokey", "-9223372036854775807"));
  }

  @Test
  void srandmemberWithACountIsAnArrayEvenInResp3() throws IOException {
    sadd("s", "a");
    try (RawClient raw = client()) {
      raw.call("hello", "3");
      assertEquals("*1\r\n$1\r\na\r\n", raw.call("srandmember", "s", "5"));
      assertEquals("*2\r\n$1\r\na\r\n$1\r\na\r\n", raw.call("srandmember", "s", "-2"));
      assertEquals("*0\r\n", raw.call("srandmember", "s", "0"));
      assertEquals("*0\r\n", raw.call("srandmember", "nokey", "2"));
      assertEquals("_\r\n", raw.call("srandmember", "nokey"));
    }
  }

  @Test
  void srandmemberEventuallyReturnsEveryMember() {
    String[] words = IntStream.range(0, 30).mapToObj(i -> "w" + i).toArray(String[]::new);
    sadd("words", words);
    sadd("ints", numbers(1, 30));
    for (String key : List.of("words", "ints")) {
      Set<String> all = members("smembers", key);
      Set<String> single = new HashSet<>();
      Set<String> repeated = new HashSet<>();
      Set<String> distinct = new HashSet<>();
      for (int i = 0; i < 2000 && (single.size() < 30 || repeated.size() < 30 || distinct.size() < 30); i++) {
        single.add(call("srandmember", key));
        repeated.addAll(list("srandmember", key, "-5"));
        distinct.addAll(list("srandmember", key, "5"));
      }
      assertEquals(all, single, key);
      assertEquals(all, repeated, key);
      assertEquals(all, distinct, key);
    }
  }

  @Test
  void spopEventuallyPopsEveryMemberFirst() {
    Set<String> firsts = new HashSet<>();
    for (int i = 0; i < 2000 && firsts.size() < 10; i++) {
      sadd("s", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
      firsts.add(call("spop", "s"));
      call("del", "s");
    }
    assertEquals(Set.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), firsts);
  }

  // ---------------------------------------------------------------- SMOVE

  @Test
  void smoveMovesAMember() {
    sadd("src", "a", "b");
    sadd("dst", "c");
    assertEquals(1, integer("smove", "src", "dst", "a"));
    assertEquals(Set.of("b"), members("smembers", "src"));
    assertEquals(Set.of("a", "c"), members("smembers", "dst"));
    assertEquals(0, integer("smove", "src", "dst", "zz"));
  }

  @Test
  void smoveOfTheLastMemberDeletesTheSourceAndCreatesTheDestination() {
    sadd("src", "1");
    assertEquals(1, integer("smove", "src", "dst", "1"));
    assertEquals(0, integer("exists", "src"));
    assertEquals(List.of("1"), list("smembers", "dst"));
    assertEquals("intset", call("object", "encoding", "dst"));
  }

  @Test
  void smoveOfAMemberTheDestinationHasOnlyRemovesIt() {
    sadd("src", "a", "b");
    sadd("dst", "a");
    assertEquals(1, integer("smove", "src", "dst", "a"));
    assertEquals(Set.of("b"), members("smembers", "src"));
    assertEquals(Set.of("a"), members("smembers", "dst"));
  }

  @Test
  void smoveTypeChecksAsRedis() {
    call("set", "str", "x");
    sadd("s", "a");
    assertEquals(0, integer("smove", "nokey", "str", "a"));
    assertError(WRONGTYPE, "smove", "s", "str", "a");
    assertError(WRONGTYPE, "smove", "str", "s", "a");
    assertEquals(Set.of("a"), members("smembers", "s"));
  }

  @Test
  void smoveToItselfOnlyTellsMembership() {
    sadd("s", "a");
    assertEquals(1, integer("smove", "s", "s", "a"));
    assertEquals(0, integer("smove", "s", "s", "b"));
    assertEquals(Set.of("a"), members("smembers", "s"));
  }

  @Test
  void smoveAcrossShards() {
    String src = keyOnShard("src", 0);
    String dst = keyOnShard("dst", 2);
    sadd(src, "a", "b");
    sadd(dst, "c");
    assertEquals(1, integer("smove", src, dst, "a"));
    assertEquals(1, integer("smove", src, dst, "b"));
    assertEquals(0, integer("exists", src));
    assertEquals(Set.of("a", "b", "c"), members("smembers", dst));
  }

  // ---------------------------------------------------------------- SINTER, SUNION, SDIFF

  @Test
  void sinterSunionSdiff() {
    sadd("a", "1", "2", "3", "x");
    sadd("b", "2", "3", "4", "x");
    sadd("c", "3", "x", "y");
    assertEquals(Set.of("3", "x"), members("sinter", "a", "b", "c"));
    assertEquals(Set.of("1", "2", "3", "4", "x", "y"), members("sunion", "a", "b", "c"));
    assertEquals(Set.of("1"), members("sdiff", "a", "b", "c"));
    assertEquals(Set.of("1", "2"), members("sdiff", "a", "c"));
    assertEquals(Set.of("1", "2", "3", "x"), members("sinter", "a"));
  }

  @Test
  void integerResultsComeInAscendingOrder() {
    sadd("a", "5", "1", "3", "7");
    sadd("b", "3", "7", "9", "1");
    assertEquals(List.of("1", "3", "7"), list("sinter", "a", "b"));
    assertEquals(List.of("1", "3", "5", "7", "9"), list("sunion", "b", "a"));
    assertEquals(List.of("5"), list("sdiff", "a", "b"));
  }

  @Test
  void aMissingKeyIsAnEmptySet() {
    sadd("a", "1", "2");
    assertEquals(List.of(), list("sinter", "a", "nokey"));
    assertEquals(List.of("1", "2"), list("sunion", "nokey", "a"));
    assertEquals(List.of("1", "2"), list("sdiff", "a", "nokey"));
    assertEquals(List.of(), list("sdiff", "nokey", "a"));
  }

  @Test
  void aWrongTypeAnywhereFailsEvenAfterAMissingKey() {
    call("set", "str", "x");
    sadd("a", "1");
    for (String command : List.of("sinter", "sunion", "sdiff")) {
      assertError(WRONGTYPE, command, "nokey", "str");
      assertError(WRONGTYPE, command, "a", "str");
      assertError(WRONGTYPE, command, "str", "nokey");
    }
    assertError(WRONGTYPE, "sinterstore", "dst", "nokey", "str");
    assertError(WRONGTYPE, "sintercard", "2", "nokey", "str");
  }

  @Test
  void sdiffOfASetWithItselfIsEmpty() {
    sadd("a", "x", "y");
    sadd("b", "z");
    assertEquals(List.of(), list("sdiff", "a", "a"));
    assertEquals(List.of(), list("sdiff", "a", "b", "a"));
    assertEquals(Set.of("x", "y"), members("sinter", "a", "a"));
  }

  @Test
  void storeFormsReplaceTheDestinationWhateverItsType() {
    sadd("a", "1", "2", "x");
    sadd("b", "2", "x", "y");
    call("set", "dst", "string", "EX", "100");
    assertEquals(2, integer("sinterstore", "dst", "a", "b"));
    assertEquals("set", call("type", "dst"));
    assertEquals(-1, integer("ttl", "dst"));
    assertEquals(Set.of("2", "x"), members("smembers", "dst"));
    assertEquals(4, integer("sunionstore", "dst", "a", "b"));
    assertEquals(Set.of("1", "2", "x", "y"), members("smembers", "dst"));
    assertEquals(1, integer("sdiffstore", "dst", "a", "b"));
    assertEquals(List.of("1"), list("smembers", "dst"));
    assertEquals("intset", call("object", "encoding", "dst"));
  }

  @Test
  void storeFormsDeleteTheDestinationWhenTheResultIsEmpty() {
    sadd("a", "1");
    sadd("b", "2");
    for (String[] command : List.of(new String[] {"sinterstore", "dst", "a", "b"},
        new String[] {"sinterstore", "dst", "a", "nokey"}, new String[] {"sdiffstore", "dst", "a", "a"},
        new String[] {"sunionstore", "dst", "nokey"}, new String[] {"sdiffstore", "dst", "nokey", "a"})) {
      call("set", "dst", "x");
      assertEquals(0, integer(command), String.join(" ", command));
      assertEquals(0, integer("exists", "dst"), String.join(" ", command));
    }
  }

  @Test
  void storeFormsMayWriteIntoOneOfTheirSources() {
    sadd("a", "1", "2", "3");
    sadd("b", "2", "3", "4");
    assertEquals(2, integer("sinterstore", "a", "a", "b"));
    assertEquals(List.of("2", "3"), list("smembers", "a"));
    assertEquals(3, integer("sunionstore", "b", "b", "a"));
    assertEquals(List.of("2", "3", "4"), list("smembers", "b"));
  }

  @Test
  void storeFormsAcrossShards() {
    String a = keyOnShard("a", 0);
    String b = keyOnShard("b", 1);
    String dst = keyOnShard("dst", 2);
    sadd(a, "1", "2", "x");
    sadd(b, "2", "x", "y");
    assertEquals(2, integer("sinterstore", dst, a, b));
    assertEquals(Set.of("2", "x"), members("smembers", dst));
    assertEquals(4, integer("sunionstore", dst, a, b));
    assertEquals(1, integer("sdiffstore", dst, a, b));
    assertEquals(List.of("1"), list("smembers", dst));
    assertEquals(Set.of("2", "x"), members("sinter", a, b));
    assertEquals(2, integer("sintercard", "2", a, b));
  }

  @Test
  void aHashtableIntersectionOfIntegersIsStoredAsAnIntset() {
    sadd("big", numbers(1, 600));
    sadd("small", "1", "2", "3", "a");
    assertEquals(3, integer("sinterstore", "dst", "big", "small"));
    assertEquals("intset", call("object", "encoding", "dst"));
    assertEquals(600, integer("sunionstore", "dst", "big"));
    assertEquals("hashtable", call("object", "encoding", "dst"));
  }

  // ---------------------------------------------------------------- SINTERCARD

  @Test
  void sintercardCountsTheIntersectionUpToTheLimit() {
    sadd("a", "1", "2", "3", "x");
    sadd("b", "2", "3", "x", "y");
    assertEquals(3, integer("sintercard", "2", "a", "b"));
    assertEquals(3, integer("sintercard", "2", "a", "b", "LIMIT", "0"));
    assertEquals(2, integer("sintercard", "2", "a", "b", "limit", "2"));
    assertEquals(3, integer("sintercard", "2", "a", "b", "LIMIT", "10"));
    assertEquals(4, integer("sintercard", "1", "a"));
    assertEquals(0, integer("sintercard", "2", "a", "nokey"));
    assertEquals(2, integer("sintercard", "1", "a", "LIMIT", "5", "LIMIT", "2"));
  }

  @Test
  void sintercardChecksItsArgumentsAsRedis() {
    sadd("a", "1");
    assertError("ERR numkeys should be greater than 0", "sintercard", "0", "a");
    assertError("ERR numkeys should be greater than 0", "sintercard", "-1", "a");
    assertError("ERR numkeys should be greater than 0", "sintercard", "abc", "a");
    assertError("ERR Number of keys can't be greater than number of args", "sintercard", "3", "a", "b");
    assertError("ERR LIMIT can't be negative", "sintercard", "1", "a", "LIMIT", "-1");
    assertError("ERR LIMIT can't be negative", "sintercard", "1", "a", "LIMIT", "x");
    assertError("ERR syntax error", "sintercard", "1", "a", "LIMIT");
    assertError("ERR syntax error", "sintercard", "1", "a", "foo", "1");
  }

  // ---------------------------------------------------------------- SSCAN

  @Test
  void sscanOfAnIntsetReturnsItWholeWithCursorZero() {
    sadd("s", numbers(1, 100));
    Response reply = send("sscan", "s", "0", "COUNT", "5");
    assertEquals("0", reply.get(0).toString());
    assertEquals(100, reply.get(1).size());
    assertEquals("0", send("sscan", "s", "12345").get(0).toString());
  }

  @Test
  void sscanOfAHashtableVisitsEveryMember() {
    String[] all = IntStream.range(0, 1000).mapToObj(i -> "m" + i).toArray(String[]::new);
    sadd("s", all);
    Set<String> seen = new HashSet<>();
    String cursor = "0";
    int calls = 0;
    do {
      Response reply = send("sscan", "s", cursor, "COUNT", "20");
      cursor = reply.get(0).toString();
      for (Response member : reply.get(1)) {
        seen.add(member.toString());
      }
      calls++;
    } while (!cursor.equals("0"));
    assertEquals(Set.of(all), seen);
    assertTrue(calls > 10, "only " + calls + " calls");
  }

  @Test
  void sscanVisitsMembersPresentThroughoutWhileTheSetChanges() {
    String[] kept = IntStream.range(0, 300).mapToObj(i -> "keep" + i).toArray(String[]::new);
    sadd("s", kept);
    Set<String> seen = new HashSet<>();
    String cursor = "0";
    int round = 0;
    do {
      Response reply = send("sscan", "s", cursor);
      cursor = reply.get(0).toString();
      for (Response member : reply.get(1)) {
        seen.add(member.toString());
      }
      // Grow and shrink the table between calls.
      if (round % 2 == 0) {
        sadd("s", IntStream.range(0, 200).mapToObj(i -> "extra" + i).toArray(String[]::new));
      } else {
        send(concat(new String[] {"srem", "s"}, IntStream.range(0, 200).mapToObj(i -> "extra" + i)
            .toArray(String[]::new)));
      }
      round++;
    } while (!cursor.equals("0"));
    assertTrue(seen.containsAll(Set.of(kept)));
  }

  @Test
  void sscanMatchFiltersWhatCountVisited() {
    sadd("s", "apple", "avocado", "banana", "");
    Set<String> seen = new HashSet<>();
    for (Response member : send("sscan", "s", "0", "MATCH", "a*", "COUNT", "100").get(1)) {
      seen.add(member.toString());
    }
    assertEquals(Set.of("apple", "avocado"), seen);
    assertEquals(4, send("sscan", "s", "0", "MATCH", "*", "COUNT", "100").get(1).size());
    assertEquals(3, send("sscan", "s", "0", "MATCH", "*?", "COUNT", "100").get(1).size());
  }

  @Test
  void sscanArgumentErrorsAsRedis() {
    sadd("s", "a");
    call("set", "str", "x");
    assertError("ERR invalid cursor", "sscan", "s", "abc");
    assertError("ERR invalid cursor", "sscan", "nokey", "abc");
    assertError("ERR syntax error", "sscan", "s", "0", "TYPE", "set");
    assertError("ERR syntax error", "sscan", "s", "0", "COUNT", "0");
    assertError("ERR syntax error", "sscan", "s", "0", "MATCH");
    assertError("ERR value is not an integer or out of range", "sscan", "s", "0", "COUNT", "x");
    assertError(WRONGTYPE, "sscan", "str", "0", "COUNT", "0");
  }

  @Test
  void sscanOfAMissingKeyIsEmptyWhateverTheOptions() throws IOException {
    try (RawClient raw = client()) {
      assertEquals("*2\r\n$1\r\n0\r\n*0\r\n", raw.call("sscan", "nokey", "0", "COUNT", "0"));
      assertEquals("*2\r\n$1\r\n0\r\n*0\r\n", raw.call("sscan", "nokey", "7", "foo"));
    }
  }

  // ---------------------------------------------------------------- values

  @Test
  void binaryMembersSurvive() throws IOException {
    try (RawClient raw = client()) {
      byte[] member = {0, (byte) 0xff, '\r', '\n', 'x'};
      assertEquals(1L, raw.request("sadd", "bin", member));
      assertEquals(1L, raw.request("sismember", "bin", member));
      Object members = raw.request("smembers", "bin");
      assertTrue(java.util.Arrays.equals(member, (byte[]) ((List<?>) members).get(0)));
    }
  }

  @Test
  void copyOfASetIsIndependent() {
    sadd("s", "a", "b");
    assertEquals(1, integer("copy", "s", "t"));
    call("sadd", "t", "c");
    call("srem", "s", "a");
    assertEquals(Set.of("b"), members("smembers", "s"));
    assertEquals(Set.of("a", "b", "c"), members("smembers", "t"));
    assertNotEquals(members("smembers", "s"), members("smembers", "t"));
  }
}

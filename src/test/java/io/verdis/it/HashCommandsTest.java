package io.verdis.it;

import io.vertx.redis.client.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hash family against Redis 7.0's replies, through the Vert.x client and raw sockets. */
class HashCommandsTest extends RedisTestBase {
  private static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
  private static final String LONG_FIELD = "f".repeat(65);

  private Set<String> set(String... args) {
    return new HashSet<>(list(args));
  }

  /** The reply exactly as the server wrote it, in RESP2. */
  private String raw(String... args) throws IOException {
    try (RawClient client = client()) {
      return client.call(args);
    }
  }

  /** The reply exactly as the server wrote it, in RESP3. */
  private String raw3(String... args) throws IOException {
    try (RawClient client = client()) {
      client.call("hello", "3");
      return client.call(args);
    }
  }

  /** For errors the Vert.x client would refuse to send (it checks arity itself). */
  private void assertRawError(String expected, String... args) throws IOException {
    assertEquals("-" + expected + "\r\n", raw(args));
  }

  private String encoding(String key) {
    return call("object", "encoding", key);
  }

  private static String[] fields(String command, String key, int count, String value) {
    String[] args = new String[2 + 2 * count];
    args[0] = command;
    args[1] = key;
    for (int i = 0; i < count; i++) {
      args[2 + 2 * i] = "f" + i;
      args[3 + 2 * i] = value;
    }
    return args;
  }

  @Test
  void hsetAddsPairsAndCountsOnlyTheNewFields() {
    assertEquals(2, integer("hset", "h", "a", "1", "b", "2"));
    assertEquals(1, integer("hset", "h", "a", "10", "c", "3", "a", "11"));
    assertEquals("11", call("hget", "h", "a"));
    assertEquals(3, integer("hlen", "h"));
    assertEquals("hash", call("type", "h"));
  }

  @Test
  void hsetAndHmsetWithAFieldMissingItsValueAreArityErrors() throws IOException {
    assertRawError("ERR wrong number of arguments for 'hset' command", "hset", "h", "a", "1", "b");
    assertRawError("ERR wrong number of arguments for 'hmset' command", "hmset", "h", "a", "1", "b");
    assertRawError("ERR wrong number of arguments for 'hset' command", "hset", "h", "a");
    assertEquals(0, integer("exists", "h"));
  }

  @Test
  void hmsetRepliesOk() {
    assertEquals("OK", call("hmset", "h", "a", "1", "b", "2"));
    assertEquals("OK", call("hmset", "h", "a", "3"));
    assertEquals(List.of("3", "2"), list("hmget", "h", "a", "b"));
  }

  @Test
  void hsetnxSetsOnlyAMissingField() {
    assertEquals(1, integer("hsetnx", "h", "a", "1"));
    assertEquals(0, integer("hsetnx", "h", "a", "2"));
    assertEquals("1", call("hget", "h", "a"));
    assertEquals(1, integer("hsetnx", "h", "b", "2"));
  }

  @Test
  void hgetOfAMissingFieldOrKeyIsNil() throws IOException {
    call("hset", "h", "a", "1");
    assertNull(call("hget", "h", "nope"));
    assertNull(call("hget", "nokey", "a"));
    assertEquals("$-1\r\n", raw("hget", "h", "nope"));
    assertEquals("_\r\n", raw3("hget", "h", "nope"));
  }

  @Test
  void hmgetAnswersNilForMissingFieldsAndForAMissingKey() throws IOException {
    call("hset", "h", "a", "1", "b", "2");
    assertEquals("*3\r\n$1\r\n1\r\n$-1\r\n$1\r\n2\r\n", raw("hmget", "h", "a", "nope", "b"));
    assertEquals("*2\r\n$-1\r\n$-1\r\n", raw("hmget", "nokey", "a", "b"));
    assertEquals("*2\r\n_\r\n_\r\n", raw3("hmget", "nokey", "a", "b"));
  }

  @Test
  void hdelRemovesSeveralFieldsAndCountsThoseThatExisted() {
    call("hset", "h", "a", "1", "b", "2", "c", "3");
    assertEquals(2, integer("hdel", "h", "a", "nope", "b", "a"));
    assertEquals(0, integer("hdel", "h", "nope"));
    assertEquals(0, integer("hdel", "nokey", "a"));
    assertEquals(List.of("c"), list("hkeys", "h"));
  }

  @Test
  void aHashWhoseLastFieldIsDeletedIsDeleted() {
    call("hset", "h", "a", "1", "b", "2");
    assertEquals(2, integer("hdel", "h", "a", "b", "c"));
    assertEquals(0, integer("exists", "h"));
    call(fields("hset", "big", 200, "v"));
    for (int i = 0; i < 200; i++) {
      integer("hdel", "big", "f" + i);
    }
    assertEquals(0, integer("exists", "big"));
  }

  @Test
  void hlenHexistsAndHstrlenOfPresentAndMissingFields() {
    call("hset", "h", "a", "hello", "n", "12345");
    assertEquals(2, integer("hlen", "h"));
    assertEquals(0, integer("hlen", "nokey"));
    assertEquals(1, integer("hexists", "h", "a"));
    assertEquals(0, integer("hexists", "h", "nope"));
    assertEquals(0, integer("hexists", "nokey", "a"));
    assertEquals(5, integer("hstrlen", "h", "a"));
    assertEquals(5, integer("hstrlen", "h", "n"));
    assertEquals(0, integer("hstrlen", "h", "nope"));
    assertEquals(0, integer("hstrlen", "nokey", "a"));
  }

  @Test
  void hgetallIsAFlatArrayInResp2AndAMapInResp3() throws IOException {
    call("hset", "h", "a", "1", "b", "2");
    assertEquals("*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n", raw("hgetall", "h"));
    assertEquals("%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n", raw3("hgetall", "h"));
    assertEquals("*0\r\n", raw("hgetall", "nokey"));
    assertEquals("%0\r\n", raw3("hgetall", "nokey"));
  }

  @Test
  void aSmallHashKeepsInsertionOrderAsRedisListpackDoes() {
    call("hset", "h", "z", "1", "a", "2", "m", "3");
    call("hset", "h", "a", "a much longer value than before");
    call("hdel", "h", "z");
    call("hset", "h", "z", "4");
    assertEquals(List.of("a", "m", "z"), list("hkeys", "h"));
    assertEquals(List.of("a much longer value than before", "3", "4"), list("hvals", "h"));
    assertEquals(List.of(), list("hkeys", "nokey"));
    assertEquals(List.of(), list("hvals", "nokey"));
  }

  @Test
  void hincrbyAddsToAFieldCreatingKeyAndField() {
    assertEquals(5, integer("hincrby", "h", "n", "5"));
    assertEquals(-5, integer("hincrby", "h", "n", "-10"));
    call("hset", "h", "big", "9223372036854775807");
    assertEquals(9223372036854775806L, integer("hincrby", "h", "big", "-1"));
  }

  @Test
  void hincrbyErrorsAreRedis() {
    call("hset", "h", "text", "abc", "padded", " 1", "zeros", "007", "empty", "", "max", "9223372036854775807",
        "min", "-9223372036854775808");
    assertError("ERR hash value is not an integer", "hincrby", "h", "text", "1");
    assertError("ERR hash value is not an integer", "hincrby", "h", "padded", "1");
    assertError("ERR hash value is not an integer", "hincrby", "h", "zeros", "1");
    assertError("ERR hash value is not an integer", "hincrby", "h", "empty", "1");
    assertError("ERR increment or decrement would overflow", "hincrby", "h", "max", "1");
    assertError("ERR increment or decrement would overflow", "hincrby", "h", "min", "-1");
    assertError("ERR value is not an integer or out of range", "hincrby", "h", "n", "1.5");
    assertError("ERR value is not an integer or out of range", "hincrby", "h", "n", "9223372036854775808");
    assertError("ERR value is not an integer or out of range", "hincrby", "nokey", "n", "x");
    assertEquals(0, integer("exists", "nokey"));
  }

  @Test
  void hincrbyfloatComputesInLongDoubleAndFormatsAsRedis() {
    assertEquals("1.1", call("hincrbyfloat", "h", "f", "1.1"));
    assertEquals("3.3", call("hincrbyfloat", "h", "f", "2.2"));
    assertEquals("3.3", call("hget", "h", "f"));
    assertEquals("16", call("hincrbyfloat", "h", "hex", "0x10"));
    call("hset", "h", "int", "10");
    assertEquals("10.5", call("hincrbyfloat", "h", "int", "0.5"));
    assertEquals("0", call("hincrbyfloat", "h", "tiny", "-1e-20"));
    assertEquals("5000", call("hincrbyfloat", "h", "exp", "5e3"));
  }

  @Test
  void hincrbyfloatErrorsAreRedis() {
    call("hset", "h", "text", "abc", "inf", "inf");
    assertError("ERR hash value is not a float", "hincrbyfloat", "h", "text", "1");
    assertError("ERR value is NaN or Infinity", "hincrbyfloat", "h", "f", "inf");
    assertError("ERR value is NaN or Infinity", "hincrbyfloat", "h", "f", "-Infinity");
    assertError("ERR value is not a valid float", "hincrbyfloat", "h", "f", "nan");
    assertError("ERR value is not a valid float", "hincrbyfloat", "h", "f", " 1");
    assertError("ERR value is not a valid float", "hincrbyfloat", "h", "f", "1e");
    assertError("ERR increment would produce NaN or Infinity", "hincrbyfloat", "h", "inf", "1");
    call("hset", "h", "max", "1.18e4932");
    assertError("ERR increment would produce NaN or Infinity", "hincrbyfloat", "h", "max", "1.18e4932");
    assertEquals(0, integer("hexists", "h", "f"));
  }

  @Test
  void hrandfieldWithoutCountGivesOneFieldOrNil() throws IOException {
    call("hset", "h", "a", "1", "b", "2", "c", "3");
    for (int i = 0; i < 20; i++) {
      assertTrue(Set.of("a", "b", "c").contains(call("hrandfield", "h")));
    }
    assertEquals("$-1\r\n", raw("hrandfield", "nokey"));
    assertEquals("_\r\n", raw3("hrandfield", "nokey"));
  }

  @Test
  void hrandfieldWithAPositiveCountGivesDistinctFields() {
    call("hset", "h", "a", "1", "b", "2", "c", "3", "d", "4", "e", "5");
    for (int count = 1; count <= 4; count++) {
      List<String> picked = list("hrandfield", "h", Integer.toString(count));
      assertEquals(count, picked.size());
      assertEquals(count, new HashSet<>(picked).size());
    }
    assertEquals(Set.of("a", "b", "c", "d", "e"), set("hrandfield", "h", "5"));
    assertEquals(List.of("a", "b", "c", "d", "e"), list("hrandfield", "h", "100"));
    call(fields("hset", "big", 300, "v"));
    assertEquals(100, set("hrandfield", "big", "100").size());
    assertEquals(10, set("hrandfield", "big", "10").size());
    assertEquals(300, set("hrandfield", "big", "1000").size());
  }

  @Test
  void hrandfieldWithANegativeCountMayRepeatFields() {
    call("hset", "h", "a", "1", "b", "2");
    List<String> picked = list("hrandfield", "h", "-50");
    assertEquals(50, picked.size());
    assertEquals(Set.of("a", "b"), new HashSet<>(picked));
    call(fields("hset", "big", 300, "v"));
    assertEquals(1000, list("hrandfield", "big", "-1000").size());
  }

  @Test
  void hrandfieldWithValuesIsFlatInResp2AndPairsInResp3() throws IOException {
    call("hset", "h", "a", "1");
    assertEquals("*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n1\r\n",
        raw("hrandfield", "h", "-3", "withvalues"));
    assertEquals("*3\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n",
        raw3("hrandfield", "h", "-3", "WITHVALUES"));
    assertEquals("*2\r\n$1\r\na\r\n$1\r\n1\r\n", raw("hrandfield", "h", "5", "withvalues"));
    assertEquals("*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n", raw3("hrandfield", "h", "5", "withvalues"));
    assertEquals("*3\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n", raw3("hrandfield", "h", "-3"));
  }

  @Test
  void hrandfieldOfZeroOrOfAMissingKeyIsAnEmptyArray() throws IOException {
    call("hset", "h", "a", "1");
    assertEquals("*0\r\n", raw("hrandfield", "h", "0"));
    assertEquals("*0\r\n", raw("hrandfield", "nokey", "5"));
    assertEquals("*0\r\n", raw3("hrandfield", "nokey", "-5", "withvalues"));
  }

  @Test
  void hrandfieldChecksItsCountThenItsSyntaxThenTheKey() {
    call("set", "str", "x");
    call("hset", "h", "a", "1");
    assertError("ERR value is not an integer or out of range", "hrandfield", "nokey", "abc");
    assertError("ERR value is not an integer or out of range", "hrandfield", "h", "abc", "foo");
    assertError("ERR value is not an integer or out of range", "hrandfield", "str", "abc");
    assertError("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
        "hrandfield", "h", "-9223372036854775808", "foo");
    assertError("ERR syntax error", "hrandfield", "nokey", "5", "foo");
    assertError("ERR syntax error", "hrandfield", "h", "1", "withvalues", "x");
    assertError("ERR value is out of range", "hrandfield", "h", "-4611686018427387904", "withvalues");
    assertError("ERR value is out of range", "hrandfield", "h", "4611686018427387904", "withvalues");
    assertError(WRONGTYPE, "hrandfield", "str", "1");
  }

  @Test
  void hscanOfASmallHashReturnsItWholeWithCursorZero() throws IOException {
    call("hset", "h", "a", "1", "b", "2");
    assertEquals("*2\r\n$1\r\n0\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n", raw("hscan", "h", "0"));
    assertEquals("*2\r\n$1\r\n0\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n", raw("hscan", "h", "77", "count", "1"));
    assertEquals("*2\r\n$1\r\n0\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n", raw3("hscan", "h", "0"));
    assertEquals("*2\r\n$1\r\n0\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n", raw("hscan", "h", "0", "match", "b*"));
  }

  @Test
  void hscanOfALargeHashVisitsEveryFieldAndEndsAtCursorZero() {
    call(fields("hset", "big", 1000, "v"));
    Set<String> seen = new HashSet<>();
    Set<String> matched = new HashSet<>();
    String cursor = "0";
    int calls = 0;
    do {
      Response reply = send("hscan", "big", cursor, "count", "20");
      cursor = reply.get(0).toString();
      Response elements = reply.get(1);
      for (int i = 0; i < elements.size(); i += 2) {
        seen.add(elements.get(i).toString());
        assertEquals("v", elements.get(i + 1).toString());
      }
      calls++;
    } while (!cursor.equals("0"));
    assertEquals(1000, seen.size());
    assertTrue(calls > 10, "a large hash is scanned in steps, got " + calls + " calls");
    cursor = "0";
    do {
      Response reply = send("hscan", "big", cursor, "match", "f99*");
      cursor = reply.get(0).toString();
      for (int i = 0; i < reply.get(1).size(); i += 2) {
        matched.add(reply.get(1).get(i).toString());
      }
    } while (!cursor.equals("0"));
    assertEquals(Set.of("f99", "f990", "f991", "f992", "f993", "f994", "f995", "f996", "f997", "f998", "f999"), matched);
  }

  @Test
  void hscanChecksTheCursorThenTheKeyThenTheOptions() throws IOException {
    call("hset", "h", "a", "1");
    call("set", "str", "x");
    assertError("ERR invalid cursor", "hscan", "nokey", "abc");
    assertError("ERR invalid cursor", "hscan", "h", " 1");
    assertEquals("*2\r\n$1\r\n0\r\n*0\r\n", raw("hscan", "nokey", "0", "count", "0"));
    assertError(WRONGTYPE, "hscan", "str", "0", "count", "0");
    assertError("ERR syntax error", "hscan", "h", "0", "count", "0");
    assertError("ERR syntax error", "hscan", "h", "0", "count");
    assertError("ERR syntax error", "hscan", "h", "0", "type", "string");
    assertError("ERR value is not an integer or out of range", "hscan", "h", "0", "count", "x");
  }

  @Test
  void moreThan512FieldsTurnAListpackIntoAHashtable() {
    call(fields("hset", "h", 512, "v"));
    assertEquals("listpack", encoding("h"));
    assertEquals(0, integer("hset", "h", "f0", "w"));
    assertEquals("listpack", encoding("h"));
    assertEquals(1, integer("hset", "h", "f512", "v"));
    assertEquals("hashtable", encoding("h"));
    assertEquals(513, integer("hlen", "h"));
    call(fields("hset", "atonce", 600, "v"));
    assertEquals("hashtable", encoding("atonce"));
  }

  @Test
  void aValueOrFieldLongerThan64BytesTurnsAListpackIntoAHashtable() {
    call("hset", "h", "a", "x".repeat(64));
    assertEquals("listpack", encoding("h"));
    call("hset", "h", "b", "x".repeat(65));
    assertEquals("hashtable", encoding("h"));
    assertEquals("x".repeat(64), call("hget", "h", "a"));

    call("hset", "field", LONG_FIELD, "1");
    assertEquals("hashtable", encoding("field"));
    call("hincrby", "byincr", LONG_FIELD, "1");
    assertEquals("hashtable", encoding("byincr"));
    call("hincrbyfloat", "byfloat", "f", "1e70");
    assertEquals("hashtable", encoding("byfloat"));
  }

  @Test
  void hsetnxOfAnExistingFieldConvertsNothing() {
    call("hset", "h", "a", "1");
    assertEquals(0, integer("hsetnx", "h", "a", "x".repeat(65)));
    assertEquals("listpack", encoding("h"));
    assertEquals(1, integer("hsetnx", "h", "b", "x".repeat(65)));
    assertEquals("hashtable", encoding("h"));
  }

  @Test
  void aHashtableStaysAHashtableWhenItShrinks() {
    call(fields("hset", "h", 600, "v"));
    for (int i = 0; i < 590; i++) {
      integer("hdel", "h", "f" + i);
    }
    assertEquals("hashtable", encoding("h"));
    assertEquals(10, integer("hlen", "h"));
  }

  @Test
  void everyHashCommandRefusesAKeyOfAnotherType() {
    call("set", "str", "x");
    String[][] commands = {
        {"hset", "str", "a", "1"}, {"hsetnx", "str", "a", "1"}, {"hmset", "str", "a", "1"}, {"hget", "str", "a"},
        {"hmget", "str", "a"}, {"hdel", "str", "a"}, {"hlen", "str"}, {"hstrlen", "str", "a"}, {"hexists", "str", "a"},
        {"hgetall", "str"}, {"hkeys", "str"}, {"hvals", "str"}, {"hincrby", "str", "a", "1"},
        {"hincrbyfloat", "str", "a", "1"}, {"hrandfield", "str"}, {"hrandfield", "str", "2", "withvalues"},
        {"hscan", "str", "0"}};
    for (String[] command : commands) {
      assertError(WRONGTYPE, command);
    }
    assertEquals("x", call("get", "str"));
    call("hset", "h", "a", "1");
    assertError(WRONGTYPE, "get", "h");
    assertError(WRONGTYPE, "incr", "h");
  }

  @Test
  void argumentCountsAreCheckedAsRedisDeclaresThem() throws IOException {
    assertRawError("ERR wrong number of arguments for 'hget' command", "hget", "h");
    assertRawError("ERR wrong number of arguments for 'hmget' command", "hmget", "h");
    assertRawError("ERR wrong number of arguments for 'hincrbyfloat' command", "hincrbyfloat", "h", "f");
    assertRawError("ERR wrong number of arguments for 'hgetall' command", "hgetall", "h", "x");
    assertRawError("ERR wrong number of arguments for 'hscan' command", "hscan", "h");
    assertRawError("ERR wrong number of arguments for 'hrandfield' command", "hrandfield");
  }

  @Test
  void copyGivesAnIndependentHash() {
    call("hset", "h", "a", "1");
    assertEquals(1, integer("copy", "h", "h2"));
    call("hset", "h2", "a", "2");
    assertEquals("1", call("hget", "h", "a"));
    assertEquals("2", call("hget", "h2", "a"));
  }

  /** Replies that are the same whatever the hash function: compared byte for byte with redis-server. */
  @Test
  void repliesMatchARealRedisServer(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    String[][] script = {
        {"hset", "h", "a", "1", "b", "2", "c", "3"}, {"hset", "h", "a", "x", "d", "4"}, {"hgetall", "h"},
        {"hdel", "h", "b", "zz"}, {"hkeys", "h"}, {"hvals", "h"}, {"hmget", "h", "a", "b", "d"},
        {"hincrby", "h", "d", "-10"}, {"hincrby", "h", "a", "1"}, {"hincrbyfloat", "h", "fl", "0.1"},
        {"hincrbyfloat", "h", "fl", "0.2"}, {"hincrbyfloat", "h", "fl", "1e-17"}, {"hincrbyfloat", "h", "fl", "-1.5e3"},
        {"hincrbyfloat", "h", "g", "123456789012345678901234567890"}, {"hincrbyfloat", "h", "g", "0x1p-3"},
        {"hincrbyfloat", "h", "a", "1"}, {"hstrlen", "h", "fl"}, {"hsetnx", "h", "a", "y"}, {"hlen", "h"},
        {"hscan", "h", "0", "match", "?"}, {"hrandfield", "h", "100", "withvalues"}, {"hrandfield", "h", "0"},
        {"hrandfield", "h", "x"}, {"hrandfield", "h", "1", "withvalue"}, {"hscan", "h", "0", "count", "-1"},
        {"hmset", "h", "z"}, {"hdel", "h", "a", "c", "d", "fl", "g", "b"}, {"exists", "h"}, {"hgetall", "h"},
        {"hincrbyfloat", "n", "f", "+.5e+3"}, {"hincrbyfloat", "n", "f", "infinity"}, {"object", "encoding", "n"},
    };
    try (RealRedis redis = RealRedis.start(dir, "--hash-max-listpack-entries", "128");
         RawClient verdis = client()) {
      for (String[] command : script) {
        assertEquals(redis.client().call(command), verdis.call(command), String.join(" ", command));
      }
    }
  }
}

package io.verdis.it;

import io.vertx.redis.client.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generic key family, in the spirit of Redis's tests/unit/keyspace.tcl and expire.tcl. */
class KeyCommandsTest extends RedisTestBase {
  private static final String FREQ_ERROR = "ERR An LFU maxmemory policy is not selected, access frequency not "
      + "tracked. Please note that when switching between policies at runtime LRU and LFU data will take some "
      + "time to adjust.";

  private Set<String> set(String... args) {
    return new HashSet<>(list(args));
  }

  private String rawReply(String... args) throws Exception {
    StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
    for (String arg : args) {
      request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
    }
    try (RawClient raw = new RawClient(server.port())) {
      return raw.send(request.toString()).readReply();
    }
  }

  /** Polls (bounded) until the key is gone; expiry is asserted as an outcome, never as a duration. */
  private boolean eventuallyGone(String key) throws InterruptedException {
    for (int i = 0; i < 1000; i++) {
      if (integer("exists", key) == 0) {
        return true;
      }
      Thread.sleep(5);
    }
    return false;
  }

  // DEL, UNLINK, EXISTS, TOUCH, TYPE

  @Test
  void delAgainstASingleItem() {
    call("set", "x", "foo");
    assertEquals(1, integer("del", "x"));
    assertNull(call("get", "x"));
  }

  @Test
  void delCountsOnlyTheKeysThatExisted() {
    call("set", "foo1", "a");
    call("set", "foo2", "b");
    assertEquals(2, integer("del", "foo1", "foo2", "foo3", "foo4"));
  }

  @Test
  void delOfKeysOnDifferentShardsDeletesThemAll() {
    String a = keyOnShard("del", 0);
    String b = keyOnShard("del", 1);
    String c = keyOnShard("del", 2);
    call("mset", a, "1", b, "2", c, "3");
    assertEquals(3, integer("del", a, b, c));
    assertEquals(0, integer("dbsize"));
  }

  @Test
  void unlinkDeletesLikeDel() {
    call("set", "u1", "a");
    call("set", "u2", "b");
    assertEquals(2, integer("unlink", "u1", "u2", "u3"));
    assertEquals(0, integer("exists", "u1", "u2"));
  }

  @Test
  void existsCountsARepeatedKeyEachTime() {
    call("set", "e", "1");
    assertEquals(2, integer("exists", "e", "e", "missing"));
  }

  @Test
  void existsOfKeysOnDifferentShardsCountsThemAll() {
    String a = keyOnShard("ex", 0);
    String b = keyOnShard("ex", 1);
    String c = keyOnShard("ex", 2);
    call("set", a, "1");
    call("set", c, "3");
    assertEquals(2, integer("exists", a, b, c));
  }

  @Test
  void mgetOfKeysOnDifferentShardsAnswersInOrder() {
    String a = keyOnShard("mg", 0);
    String b = keyOnShard("mg", 1);
    String c = keyOnShard("mg", 2);
    call("set", a, "A");
    call("set", c, "C");
    assertEquals(Arrays.asList("A", null, "C"), list("mget", a, b, c));
  }

  @Test
  void touchCountsTheKeysThatExist() {
    call("set", "t1", "a");
    call("set", "t2", "b");
    assertEquals(2, integer("touch", "t1", "t2", "t3"));
  }

  @Test
  void typeOfAStringIsString() {
    call("set", "s", "v");
    assertEquals("string", call("type", "s"));
  }

  @Test
  void typeOfAMissingKeyIsNone() {
    assertEquals("none", call("type", "nothing"));
  }

  // EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT

  @Test
  void expireSetsATtlInSeconds() {
    call("set", "x", "foobar");
    assertEquals(1, integer("expire", "x", "100"));
    long ttl = integer("ttl", "x");
    assertTrue(ttl > 0 && ttl <= 100, "ttl " + ttl);
    assertEquals("foobar", call("get", "x"));
  }

  @Test
  void expireOfAMissingKeyReturnsZero() {
    assertEquals(0, integer("expire", "missing", "100"));
  }

  @Test
  void pexpireOfAFewMillisecondsEventuallyRemovesTheKey() throws InterruptedException {
    call("set", "x", "somevalue");
    assertEquals(1, integer("pexpire", "x", "5"));
    assertTrue(eventuallyGone("x"));
    assertNull(call("get", "x"));
    assertEquals(-2, integer("ttl", "x"));
  }

  @Test
  void expiredKeysDisappearFromDbsizeOnceReaped() throws InterruptedException {
    call("set", "gone", "1");
    call("set", "kept", "1");
    call("pexpire", "gone", "5");
    assertTrue(eventuallyGone("gone"));
    assertEquals(1, integer("dbsize"));
    assertEquals(List.of("kept"), list("keys", "*"));
  }

  @Test
  void expireWithANegativeTimeDeletesTheKeyAndReturnsOne() {
    call("set", "x", "v");
    assertEquals(1, integer("expire", "x", "-1"));
    assertEquals(0, integer("exists", "x"));
  }

  @Test
  void expireatInThePastDeletesTheKeyAndReturnsOne() {
    call("set", "x", "v");
    assertEquals(1, integer("expireat", "x", "1"));
    assertNull(call("get", "x"));
  }

  @Test
  void pexpireatSetsTheAbsoluteExpiryInMilliseconds() {
    long when = System.currentTimeMillis() + 100_000_000L;
    call("set", "x", "v");
    assertEquals(1, integer("pexpireat", "x", Long.toString(when)));
    assertEquals(when, integer("pexpiretime", "x"));
    assertEquals((when + 500) / 1000, integer("expiretime", "x"));
  }

  @Test
  void expireatSetsTheAbsoluteExpiryInSeconds() {
    long when = System.currentTimeMillis() / 1000 + 100_000;
    call("set", "x", "v");
    assertEquals(1, integer("expireat", "x", Long.toString(when)));
    assertEquals(when, integer("expiretime", "x"));
    assertEquals(when * 1000, integer("pexpiretime", "x"));
  }

  @Test
  void expireNxSetsOnlyWhenTheKeyHasNoTtl() {
    call("set", "x", "v");
    assertEquals(1, integer("expire", "x", "100", "nx"));
    assertEquals(0, integer("expire", "x", "200", "NX"));
    assertTrue(integer("ttl", "x") <= 100);
  }

  @Test
  void expireXxSetsOnlyWhenTheKeyHasATtl() {
    call("set", "x", "v");
    assertEquals(0, integer("expire", "x", "100", "xx"));
    assertEquals(-1, integer("ttl", "x"));
    call("expire", "x", "100");
    assertEquals(1, integer("expire", "x", "200", "xx"));
    assertTrue(integer("ttl", "x") > 100);
  }

  @Test
  void expireGtSetsOnlyAGreaterTtl() {
    call("set", "x", "v");
    call("expire", "x", "100");
    assertEquals(0, integer("expire", "x", "50", "gt"));
    assertEquals(1, integer("expire", "x", "200", "gt"));
    assertTrue(integer("ttl", "x") > 100);
  }

  @Test
  void expireGtNeverBeatsAKeyWithoutTtl() {
    call("set", "x", "v");
    assertEquals(0, integer("expire", "x", "100", "gt"));
    assertEquals(-1, integer("ttl", "x"));
  }

  @Test
  void expireLtSetsOnlyASmallerTtl() {
    call("set", "x", "v");
    call("expire", "x", "100");
    assertEquals(0, integer("expire", "x", "200", "lt"));
    assertEquals(1, integer("expire", "x", "50", "lt"));
    assertTrue(integer("ttl", "x") <= 50);
  }

  @Test
  void expireLtAlwaysBeatsAKeyWithoutTtl() {
    call("set", "x", "v");
    assertEquals(1, integer("expire", "x", "100", "lt"));
    assertTrue(integer("ttl", "x") > 0);
  }

  @Test
  void expireXxAndGtApplyTogether() {
    call("set", "x", "v");
    assertEquals(0, integer("expire", "x", "100", "xx", "gt"));
    call("expire", "x", "100");
    assertEquals(1, integer("expire", "x", "200", "xx", "gt"));
  }

  @Test
  void expireNxWithXxIsRefused() {
    call("set", "x", "v");
    assertError("ERR NX and XX, GT or LT options at the same time are not compatible", "expire", "x", "100", "nx", "xx");
  }

  @Test
  void expireNxWithGtIsRefused() {
    assertError("ERR NX and XX, GT or LT options at the same time are not compatible", "pexpire", "x", "100", "gt", "nx");
  }

  @Test
  void expireGtWithLtIsRefused() {
    assertError("ERR GT and LT options at the same time are not compatible", "expireat", "x", "100", "gt", "lt");
  }

  @Test
  void expireWithAnUnknownOptionNamesIt() {
    assertError("ERR Unsupported option foo", "expire", "x", "100", "foo");
  }

  @Test
  void expireOptionsAreCheckedBeforeTheTime() {
    assertError("ERR Unsupported option bar", "expire", "x", "abc", "bar");
  }

  @Test
  void expireWithANonIntegerTimeFails() {
    call("set", "x", "v");
    assertError("ERR value is not an integer or out of range", "expire", "x", "1.5");
  }

  @Test
  void expireWithBigIntegerOverflowsWhenConvertedToMilliseconds() {
    call("set", "x", "v");
    assertError("ERR invalid expire time in 'expire' command", "expire", "x", "9223372036854775807");
    assertError("ERR invalid expire time in 'expire' command", "expire", "x", "-9223372036854775807");
    assertEquals(-1, integer("ttl", "x"));
  }

  @Test
  void pexpireWithBigIntegerOverflowsWhenBasetimeIsAdded() {
    call("set", "x", "v");
    assertError("ERR invalid expire time in 'pexpire' command", "pexpire", "x", "9223372036854770000");
  }

  @Test
  void expireatWithBigIntegerOverflowsWhenConvertedToMilliseconds() {
    call("set", "x", "v");
    assertError("ERR invalid expire time in 'expireat' command", "expireat", "x", "9223372036854775807");
  }

  @Test
  void pexpireatWithTheLargestTimeIsAccepted() {
    call("set", "x", "v");
    assertEquals(1, integer("pexpireat", "x", "9223372036854775807"));
    assertEquals(Long.MAX_VALUE, integer("pexpiretime", "x"));
  }

  @Test
  void expiretimeRoundsTheLargestExpiryWithoutOverflow() {
    call("set", "x", "v");
    call("pexpireat", "x", "9223372036854775807");
    assertEquals(9223372036854776L, integer("expiretime", "x"));
  }

  @Test
  void expireWithoutATimeIsAnArityError() throws Exception {
    assertEquals("-ERR wrong number of arguments for 'expire' command\r\n", rawReply("expire", "x"));
  }

  // TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST

  @Test
  void ttlOfAMissingKeyIsMinusTwo() {
    assertEquals(-2, integer("ttl", "missing"));
    assertEquals(-2, integer("pttl", "missing"));
    assertEquals(-2, integer("expiretime", "missing"));
    assertEquals(-2, integer("pexpiretime", "missing"));
  }

  @Test
  void ttlOfAKeyWithoutExpiryIsMinusOne() {
    call("set", "x", "v");
    assertEquals(-1, integer("ttl", "x"));
    assertEquals(-1, integer("pttl", "x"));
    assertEquals(-1, integer("expiretime", "x"));
    assertEquals(-1, integer("pexpiretime", "x"));
  }

  @Test
  void pttlReturnsMillisecondsWithinTheTtl() {
    call("set", "x", "v");
    call("expire", "x", "1");
    long pttl = integer("pttl", "x");
    assertTrue(pttl > 0 && pttl <= 1000, "pttl " + pttl);
  }

  @Test
  void persistRemovesTheTtl() {
    call("set", "x", "foo");
    call("expire", "x", "100");
    assertEquals(1, integer("persist", "x"));
    assertEquals(-1, integer("ttl", "x"));
    assertEquals("foo", call("get", "x"));
  }

  @Test
  void persistOfAKeyWithoutTtlReturnsZero() {
    call("set", "x", "foo");
    assertEquals(0, integer("persist", "x"));
    assertEquals(0, integer("persist", "missing"));
  }

  // KEYS

  @Test
  void keysWithAPrefixPatternReturnsTheKeysUnderIt() {
    for (String key : List.of("user:1", "user:2", "user:10", "users", "admin:1", "use")) {
      call("set", key, "x");
    }
    assertEquals(Set.of("user:1", "user:2", "user:10"), set("keys", "user:*"));
  }

  @Test
  void keysStarReturnsEveryKeyOfEveryShard() {
    String a = keyOnShard("k", 0);
    String b = keyOnShard("k", 1);
    String c = keyOnShard("k", 2);
    call("mset", a, "1", b, "2", c, "3");
    assertEquals(Set.of(a, b, c), set("keys", "*"));
  }

  @Test
  void keysWithGeneralPatterns() {
    for (String key : List.of("hello", "hallo", "hxllo", "hllo", "heeeello", "key_x", "foo")) {
      call("set", key, "x");
    }
    assertEquals(Set.of("hello", "hallo", "hxllo"), set("keys", "h?llo"));
    assertEquals(Set.of("hello", "hallo", "hllo", "hxllo", "heeeello"), set("keys", "h*llo"));
    assertEquals(Set.of("hello", "hallo"), set("keys", "h[ae]llo"));
    assertEquals(Set.of("hallo", "hxllo"), set("keys", "h[^e]llo"));
    assertEquals(Set.of("hallo"), set("keys", "h[a-b]llo"));
    assertEquals(Set.of("hallo"), set("keys", "h[b-a]llo"));
    assertEquals(Set.of("hello", "heeeello", "key_x"), set("keys", "*e*"));
    assertEquals(Set.of("foo"), set("keys", "foo"));
    assertEquals(Set.of(), set("keys", "HELLO"));
  }

  @Test
  void keysWithEscapedWildcardsMatchThemLiterally() {
    for (String key : List.of("a*b", "axb", "a?", "ab", "[x]", "x")) {
      call("set", key, "x");
    }
    assertEquals(Set.of("a*b"), set("keys", "a\\*b"));
    assertEquals(Set.of("a?"), set("keys", "a\\?"));
    assertEquals(Set.of("[x]"), set("keys", "\\[x\\]"));
    assertEquals(Set.of("a*b"), set("keys", "a\\**"));
  }

  @Test
  void keysWithAnAbusivePatternTerminates() {
    call("set", "a".repeat(50), "x");
    assertEquals(List.of(), list("keys", "a*".repeat(40) + "b"));
  }

  @Test
  void keysOfAnEmptyDatabaseIsEmpty() {
    assertEquals(List.of(), list("keys", "*"));
  }

  // SCAN

  @Test
  void scanOverAThousandKeysReturnsEachAtLeastOnceAndTerminates() {
    List<String> mset = new ArrayList<>(List.of("mset"));
    for (int i = 0; i < 1000; i++) {
      mset.add("key:" + i);
      mset.add("v");
    }
    send(mset.toArray(new String[0]));
    Set<String> seen = new HashSet<>();
    String cursor = "0";
    int calls = 0;
    do {
      Response reply = send("scan", cursor);
      cursor = reply.get(0).toString();
      reply.get(1).forEach(key -> seen.add(key.toString()));
      calls++;
    } while (!cursor.equals("0") && calls < 10_000);
    assertEquals("0", cursor);
    assertEquals(1000, seen.size());
  }

  @Test
  void scanWithCountReturnsTheCursorAsABulkString() throws Exception {
    call("set", "a", "1");
    assertEquals("*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n", rawReply("scan", "0", "count", "100"));
  }

  @Test
  void scanMatchFiltersTheKeys() {
    for (int i = 0; i < 100; i++) {
      call("mset", "key:" + i, "v", "other:" + i, "v");
    }
    Set<String> seen = scanAll("match", "key:*");
    assertEquals(100, seen.size());
    assertTrue(seen.stream().allMatch(key -> key.startsWith("key:")));
  }

  @Test
  void scanTypeFiltersByTypeCaseInsensitively() {
    for (int i = 0; i < 20; i++) {
      call("set", "s" + i, "v");
    }
    assertEquals(20, scanAll("type", "STRING").size());
    assertEquals(0, scanAll("type", "list").size());
  }

  private Set<String> scanAll(String... options) {
    Set<String> seen = new HashSet<>();
    String cursor = "0";
    int calls = 0;
    do {
      List<String> args = new ArrayList<>(List.of("scan", cursor));
      args.addAll(List.of(options));
      Response reply = send(args.toArray(new String[0]));
      cursor = reply.get(0).toString();
      reply.get(1).forEach(key -> seen.add(key.toString()));
      calls++;
    } while (!cursor.equals("0") && calls < 10_000);
    return seen;
  }

  @Test
  void scanOfAnEmptyDatabaseEndsAtOnce() {
    Response reply = send("scan", "0");
    assertEquals("0", reply.get(0).toString());
    assertEquals(0, reply.get(1).size());
  }

  @Test
  void scanWithAnInvalidCursorFails() {
    assertError("ERR invalid cursor", "scan", "abc");
    assertError("ERR invalid cursor", "scan", " 1");
    assertError("ERR invalid cursor", "scan", "99999999999999999999999");
  }

  @Test
  void scanWithCountZeroIsASyntaxError() {
    assertError("ERR syntax error", "scan", "0", "count", "0");
  }

  @Test
  void scanWithANonIntegerCountFails() {
    assertError("ERR value is not an integer or out of range", "scan", "0", "count", "ten");
  }

  @Test
  void scanWithAnUnknownOptionIsASyntaxError() {
    assertError("ERR syntax error", "scan", "0", "foo", "bar");
    assertError("ERR syntax error", "scan", "0", "match");
  }

  // RANDOMKEY

  @Test
  void randomkeyOfAnEmptyDatabaseIsNil() {
    assertNull(call("randomkey"));
  }

  @Test
  void randomkeyReturnsOneOfTheKeys() {
    Set<String> keys = Set.of(keyOnShard("r", 0), keyOnShard("r", 1), keyOnShard("r", 2));
    keys.forEach(key -> call("set", key, "x"));
    for (int i = 0; i < 20; i++) {
      assertTrue(keys.contains(call("randomkey")));
    }
  }

  // RENAME, RENAMENX

  @Test
  void renameMovesTheValue() {
    call("set", "mykey", "hello");
    assertEquals("OK", call("rename", "mykey", "mykey1"));
    assertEquals("hello", call("get", "mykey1"));
    assertEquals(0, integer("exists", "mykey"));
  }

  @Test
  void renameOfAMissingKeyFails() {
    assertError("ERR no such key", "rename", "nokey", "foobar");
  }

  @Test
  void renameOverwritesTheDestinationAndItsTtl() {
    call("set", "src", "a");
    call("set", "dst", "b");
    call("expire", "dst", "100");
    assertEquals("OK", call("rename", "src", "dst"));
    assertEquals("a", call("get", "dst"));
    assertEquals(-1, integer("ttl", "dst"));
  }

  @Test
  void renameKeepsTheTtl() {
    call("set", "src", "a");
    call("expire", "src", "100");
    call("rename", "src", "dst");
    long ttl = integer("ttl", "dst");
    assertTrue(ttl > 0 && ttl <= 100, "ttl " + ttl);
  }

  @Test
  void renameAcrossShardsMovesTheValueAndTtl() {
    String source = keyOnShard("from", 0);
    String target = keyOnShard("to", 2);
    call("set", source, "v");
    call("expire", source, "100");
    assertEquals("OK", call("rename", source, target));
    assertEquals("v", call("get", target));
    assertNull(call("get", source));
    assertTrue(integer("ttl", target) > 0);
  }

  @Test
  void renameOfAKeyToItselfIsOk() {
    call("set", "mykey", "a");
    assertEquals("OK", call("rename", "mykey", "mykey"));
    assertEquals("a", call("get", "mykey"));
  }

  @Test
  void renameOfAMissingKeyToItselfFails() {
    assertError("ERR no such key", "rename", "nokey", "nokey");
  }

  @Test
  void renamenxRenamesWhenTheTargetIsFree() {
    call("set", "mykey", "foo");
    assertEquals(1, integer("renamenx", "mykey", "mykey2"));
    assertEquals("foo", call("get", "mykey2"));
  }

  @Test
  void renamenxLeavesBothKeysWhenTheTargetExists() {
    call("set", "mykey", "foo");
    call("set", "mykey2", "bar");
    assertEquals(0, integer("renamenx", "mykey", "mykey2"));
    assertEquals("foo", call("get", "mykey"));
    assertEquals("bar", call("get", "mykey2"));
  }

  @Test
  void renamenxOfAKeyToItselfReturnsZero() {
    call("set", "mykey", "foo");
    assertEquals(0, integer("renamenx", "mykey", "mykey"));
  }

  @Test
  void renamenxOfAMissingKeyFails() {
    assertError("ERR no such key", "renamenx", "nokey", "other");
  }

  // COPY

  @Test
  void copyDuplicatesTheValueAndTtl() {
    call("set", "mykey", "foobar");
    call("expire", "mykey", "100");
    assertEquals(1, integer("copy", "mykey", "mynewkey"));
    assertEquals("foobar", call("get", "mynewkey"));
    assertEquals("foobar", call("get", "mykey"));
    assertTrue(integer("ttl", "mynewkey") > 0);
  }

  @Test
  void copyDoesNotReplaceAnExistingKeyWithoutReplace() {
    call("set", "mykey", "a");
    call("set", "mynewkey", "b");
    assertEquals(0, integer("copy", "mykey", "mynewkey"));
    assertEquals("b", call("get", "mynewkey"));
  }

  @Test
  void copyWithReplaceOverwritesTheDestination() {
    call("set", "mykey", "a");
    call("set", "mynewkey", "b");
    assertEquals(1, integer("copy", "mykey", "mynewkey", "replace"));
    assertEquals("a", call("get", "mynewkey"));
  }

  @Test
  void copyOfAMissingKeyReturnsZero() {
    assertEquals(0, integer("copy", "nokey", "newkey"));
  }

  @Test
  void copyOfAKeyToItselfFails() {
    call("set", "mykey", "a");
    assertError("ERR source and destination objects are the same", "copy", "mykey", "mykey");
  }

  @Test
  void copyToAnotherDatabase() {
    call("set", "mykey", "foobar");
    assertEquals(1, integer("copy", "mykey", "mykey", "db", "9"));
    call("select", "9");
    assertEquals("foobar", call("get", "mykey"));
  }

  @Test
  void copyAcrossShardsToAnotherDatabase() {
    String source = keyOnShard("cs", 1);
    String target = keyOnShard("ct", 2);
    call("set", source, "v");
    assertEquals(1, integer("copy", source, target, "db", "3"));
    assertNull(call("get", target));
    call("select", "3");
    assertEquals("v", call("get", target));
  }

  @Test
  void copyAcrossShards() {
    String source = keyOnShard("cs", 0);
    String target = keyOnShard("ct", 1);
    call("set", source, "v");
    assertEquals(1, integer("copy", source, target));
    assertEquals("v", call("get", target));
    assertEquals("v", call("get", source));
  }

  @Test
  void copyToAnOutOfRangeDatabaseFails() {
    call("set", "mykey", "a");
    assertError("ERR DB index is out of range", "copy", "mykey", "other", "db", "16");
    assertError("ERR DB index is out of range", "copy", "mykey", "other", "db", "-1");
  }

  @Test
  void copyWithANonIntegerDatabaseFails() {
    assertError("ERR value is not an integer or out of range", "copy", "mykey", "other", "db", "one");
  }

  @Test
  void copyWithAnUnknownOptionIsASyntaxError() {
    assertError("ERR syntax error", "copy", "mykey", "other", "foo");
    assertError("ERR syntax error", "copy", "mykey", "other", "db");
  }

  // MOVE

  @Test
  void moveTakesTheKeyAndItsTtlToAnotherDatabase() {
    call("set", "mykey", "hello");
    call("expire", "mykey", "100");
    assertEquals(1, integer("move", "mykey", "1"));
    assertEquals(0, integer("exists", "mykey"));
    call("select", "1");
    assertEquals("hello", call("get", "mykey"));
    assertTrue(integer("ttl", "mykey") > 0);
  }

  @Test
  void moveAgainstAKeyExistingInTheTargetDatabaseReturnsZero() {
    call("select", "1");
    call("set", "mykey", "there");
    call("select", "0");
    call("set", "mykey", "here");
    assertEquals(0, integer("move", "mykey", "1"));
    assertEquals("here", call("get", "mykey"));
  }

  @Test
  void moveOfAMissingKeyReturnsZero() {
    assertEquals(0, integer("move", "nokey", "1"));
  }

  @Test
  void moveToTheSameDatabaseFails() {
    call("set", "mykey", "a");
    assertError("ERR source and destination objects are the same", "move", "mykey", "0");
  }

  @Test
  void moveToAnOutOfRangeDatabaseFails() {
    assertError("ERR DB index is out of range", "move", "mykey", "16");
    assertError("ERR DB index is out of range", "move", "mykey", "-1");
    assertError("ERR value is not an integer or out of range", "move", "mykey", "x");
  }

  @Test
  void moveToADatabaseBeyondIntRangeFailsAsGetIntFromObject() {
    assertError("ERR value is out of range, value must between -2147483648 and 2147483647", "move", "mykey", "99999999999");
    assertError("ERR value is out of range, value must between -2147483648 and 2147483647",
        "copy", "mykey", "other", "db", "-99999999999");
  }

  // DBSIZE, FLUSHDB, FLUSHALL, SWAPDB

  @Test
  void dbsizeCountsTheKeysOfEveryShard() {
    call("mset", keyOnShard("d", 0), "1", keyOnShard("d", 1), "2", keyOnShard("d", 2), "3");
    assertEquals(3, integer("dbsize"));
  }

  @Test
  void flushdbEmptiesOnlyTheSelectedDatabase() {
    call("mset", keyOnShard("f", 0), "1", keyOnShard("f", 1), "2");
    call("select", "1");
    call("mset", keyOnShard("g", 0), "1", keyOnShard("g", 2), "2");
    assertEquals("OK", call("flushdb"));
    assertEquals(0, integer("dbsize"));
    call("select", "0");
    assertEquals(2, integer("dbsize"));
  }

  @Test
  void flushdbAcceptsSyncAndAsync() {
    call("set", "a", "1");
    assertEquals("OK", call("flushdb", "async"));
    call("set", "a", "1");
    assertEquals("OK", call("flushdb", "SYNC"));
    assertEquals(0, integer("dbsize"));
  }

  @Test
  void flushdbWithAnotherArgumentIsASyntaxError() {
    call("set", "a", "1");
    assertError("ERR syntax error", "flushdb", "now");
    assertError("ERR syntax error", "flushdb", "sync", "async");
    assertEquals(1, integer("dbsize"));
  }

  @Test
  void flushallEmptiesEveryDatabase() {
    call("set", "a", "1");
    call("select", "5");
    call("set", "b", "1");
    assertEquals("OK", call("flushall", "async"));
    assertEquals(0, integer("dbsize"));
    call("select", "0");
    assertEquals(0, integer("dbsize"));
  }

  @Test
  void flushallWithAnotherArgumentIsASyntaxError() {
    assertError("ERR syntax error", "flushall", "lazy");
  }

  @Test
  void swapdbExchangesTwoDatabases() {
    call("set", "zero", "0");
    call("select", "1");
    call("mset", keyOnShard("one", 0), "1", keyOnShard("one", 2), "1");
    call("select", "0");
    assertEquals("OK", call("swapdb", "0", "1"));
    assertEquals(2, integer("dbsize"));
    assertNull(call("get", "zero"));
    assertEquals("1", call("get", keyOnShard("one", 2)));
    call("select", "1");
    assertEquals("0", call("get", "zero"));
  }

  @Test
  void swapdbOfADatabaseWithItselfIsOk() {
    call("set", "a", "1");
    assertEquals("OK", call("swapdb", "0", "0"));
    assertEquals("1", call("get", "a"));
  }

  @Test
  void swapdbWithInvalidIndexesFails() {
    assertError("ERR invalid first DB index", "swapdb", "a", "1");
    assertError("ERR invalid second DB index", "swapdb", "0", "b");
    assertError("ERR DB index is out of range", "swapdb", "0", "16");
    assertError("ERR DB index is out of range", "swapdb", "-1", "0");
  }

  // OBJECT

  @Test
  void objectEncodingOfAnIntegerIsInt() {
    call("set", "n", "12345");
    assertEquals("int", call("object", "encoding", "n"));
  }

  @Test
  void objectEncodingOfAShortStringIsEmbstr() {
    call("set", "s", "x".repeat(44));
    assertEquals("embstr", call("object", "encoding", "s"));
  }

  @Test
  void objectEncodingOfALongStringIsRaw() {
    call("set", "s", "x".repeat(45));
    assertEquals("raw", call("object", "encoding", "s"));
  }

  @Test
  void objectEncodingOfANonCanonicalNumberIsEmbstr() {
    call("set", "s", "0123");
    assertEquals("embstr", call("object", "encoding", "s"));
  }

  @Test
  void objectOfAMissingKeyIsNil() {
    assertNull(call("object", "encoding", "nokey"));
    assertNull(call("object", "refcount", "nokey"));
    assertNull(call("object", "idletime", "nokey"));
    assertNull(call("object", "freq", "nokey"));
  }

  @Test
  void objectRefcountOfASharedIntegerIsIntMax() {
    call("set", "n", "100");
    assertEquals(Integer.MAX_VALUE, integer("object", "refcount", "n"));
  }

  @Test
  void objectRefcountOfAPlainValueIsOne() {
    call("set", "s", "hello");
    call("set", "n", "10000");
    assertEquals(1, integer("object", "refcount", "s"));
    assertEquals(1, integer("object", "refcount", "n"));
  }

  @Test
  void objectIdletimeIsANonNegativeNumberOfSeconds() {
    call("set", "s", "hello");
    assertTrue(integer("object", "idletime", "s") >= 0);
  }

  @Test
  void objectFreqWithoutAnLfuPolicyFails() {
    call("set", "s", "hello");
    assertError(FREQ_ERROR, "object", "freq", "s");
  }

  @Test
  void objectHelpListsTheSubcommands() {
    List<String> help = list("object", "help");
    assertEquals("OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", help.get(0));
    assertTrue(help.contains("ENCODING <key>"));
    assertEquals("    Print this help.", help.get(help.size() - 1));
  }

  @Test
  void objectWithAnUnknownSubcommandFails() {
    assertError("ERR unknown subcommand 'foo'. Try OBJECT HELP.", "object", "foo", "bar");
  }

  @Test
  void objectSubcommandArityErrorsNameTheSubcommand() throws Exception {
    assertEquals("-ERR wrong number of arguments for 'object|encoding' command\r\n", rawReply("object", "encoding"));
    assertEquals("-ERR wrong number of arguments for 'object' command\r\n", rawReply("object"));
  }

  @Test
  void objectOnAKeyOfAnotherShardAnswers() {
    String key = keyOnShard("o", 2);
    call("set", key, "7");
    assertEquals("int", call("object", "encoding", key));
  }

  @Test
  void arityErrorsOfKeyCommandsHaveRedisText() throws Exception {
    assertEquals("-ERR wrong number of arguments for 'type' command\r\n", rawReply("type"));
    assertEquals("-ERR wrong number of arguments for 'rename' command\r\n", rawReply("rename", "a"));
    assertEquals("-ERR wrong number of arguments for 'swapdb' command\r\n", rawReply("swapdb", "0"));
  }
}

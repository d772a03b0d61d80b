package io.verdis.it.web;

import io.verdis.it.RealRedis;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GET/PUT/DELETE /api/key (each type's reads; a stream's page by page after an id), POST
 * /api/key/rename and /api/key/expire, checked over RESP too.
 */
class KeyApiTest extends AdminApiTestBase {

  private JsonObject key(String name) {
    return getJson("/api/key?key=" + q(name));
  }

  @Test
  void aStringWrittenOverRespReadsBack() {
    call("set", "greeting", "hello", "px", "60000");
    JsonObject key = key("greeting");
    assertEquals("greeting", key.getString("key"));
    assertEquals("string", key.getString("type"));
    assertEquals("hello", key.getString("value"));
    assertEquals(5, key.getLong("size"));
    assertEquals("embstr", key.getString("encoding"));
    assertFalse(key.getBoolean("truncated"));
    assertTrue(key.getLong("ttl") > 50_000 && key.getLong("ttl") <= 60_000);
  }

  @Test
  void eachCollectionTypeReadsBackInItsShape() {
    call("rpush", "l", "a", "b", "c");
    call("sadd", "s", "x", "y");
    call("hset", "h", "f1", "v1", "f2", "v2");
    call("zadd", "z", "2.5", "b", "1", "a", "+inf", "c");
    assertEquals(new JsonArray().add("a").add("b").add("c"), key("l").getJsonArray("value"));
    assertEquals("listpack", key("l").getString("encoding"));
    assertEquals(Set.of("x", "y"), new HashSet<>(key("s").getJsonArray("value").getList()));
    JsonObject hash = key("h");
    assertEquals(2, hash.getLong("size"));
    Map<String, String> fields = new TreeMap<>();
    hash.getJsonArray("value").forEach(entry -> fields.put(((JsonObject) entry).getString("field"), ((JsonObject) entry).getString("value")));
    assertEquals(Map.of("f1", "v1", "f2", "v2"), fields);
    assertEquals(new JsonArray()
            .add(new JsonObject().put("member", "a").put("score", 1))
            .add(new JsonObject().put("member", "b").put("score", 2.5))
            .add(new JsonObject().put("member", "c").put("score", "inf")),
        key("z").getJsonArray("value"));
  }

  @Test
  void listsAndSortedSetsPageByOffset() {
    List<String> push = new ArrayList<>(List.of("rpush", "big"));
    List<String> zadd = new ArrayList<>(List.of("zadd", "ranks"));
    for (int i = 0; i < 250; i++) {
      push.add("e" + i);
      zadd.add(Integer.toString(i));
      zadd.add("m" + i);
    }
    call(push.toArray(new String[0]));
    call(zadd.toArray(new String[0]));
    JsonObject page = getJson("/api/key?key=big&offset=100&count=50");
    assertEquals(250, page.getLong("size"));
    assertEquals(100, page.getLong("offset"));
    assertEquals(50, page.getJsonArray("value").size());
    assertEquals("e100", page.getJsonArray("value").getString(0));
    assertTrue(page.getBoolean("truncated"));
    JsonObject last = getJson("/api/key?key=big&offset=200&count=100");
    assertEquals(50, last.getJsonArray("value").size());
    assertFalse(last.getBoolean("truncated"));
    JsonObject zpage = getJson("/api/key?key=ranks&offset=10&count=3");
    assertEquals(new JsonArray()
            .add(new JsonObject().put("member", "m10").put("score", 10))
            .add(new JsonObject().put("member", "m11").put("score", 11))
            .add(new JsonObject().put("member", "m12").put("score", 12)),
        zpage.getJsonArray("value"));
    assertTrue(zpage.getBoolean("truncated"));
  }

  @Test
  void bigSetsAndHashesPageByCursorAndSeeEveryMemberOnce() {
    List<String> sadd = new ArrayList<>(List.of("sadd", "members"));
    List<String> hset = new ArrayList<>(List.of("hset", "fields"));
    for (int i = 0; i < 3000; i++) {
      sadd.add("m" + i);
      hset.add("f" + i);
      hset.add("v" + i);
    }
    call(sadd.toArray(new String[0]));
    call(hset.toArray(new String[0]));
    List<Object> members = new ArrayList<>();
    List<Object> fields = new ArrayList<>();
    for (String[] target : List.of(new String[] {"members"}, new String[] {"fields"})) {
      String cursor = null;
      do {
        JsonObject page = getJson("/api/key?key=" + target[0] + "&count=400" + (cursor == null ? "" : "&cursor=" + cursor));
        assertEquals(3000, page.getLong("size"));
        cursor = page.getString("cursor");
        assertEquals(!cursor.equals("0"), page.getBoolean("truncated"));
        for (Object item : page.getJsonArray("value")) {
          if (target[0].equals("members")) {
            members.add(item);
          } else {
            fields.add(((JsonObject) item).getString("field"));
          }
        }
      } while (!cursor.equals("0"));
    }
    assertEquals(3000, new HashSet<>(members).size());
    assertEquals(3000, new HashSet<>(fields).size());
  }

  @Test
  void aSetOrHashThatFitsInOnePageComesWhole() {
    List<String> sadd = new ArrayList<>(List.of("sadd", "medium"));
    for (int i = 0; i < 700; i++) {
      sadd.add("m" + i);
    }
    call(sadd.toArray(new String[0]));
    JsonObject whole = getJson("/api/key?key=medium&count=1000");
    assertEquals(700, whole.getJsonArray("value").size());
    assertEquals("0", whole.getString("cursor"));
    assertFalse(whole.getBoolean("truncated"));
  }

  @Test
  void aStreamPagesByIdAfterTheCursorOldestFirst() {
    addEntries("events", 250);
    JsonObject first = getJson("/api/key?key=events&count=100");
    assertEquals("stream", first.getString("type"));
    assertEquals(250, first.getLong("size"));
    assertEquals("250-1", first.getString("lastId"));
    assertEquals(new JsonArray(), first.getJsonArray("groups"));
    assertEquals(new JsonObject().put("id", "1-1").put("fields", new JsonArray()
            .add(new JsonObject().put("field", "n").put("value", "1"))
            .add(new JsonObject().put("field", "kind").put("value", "odd"))),
        first.getJsonArray("value").getJsonObject(0));
    assertEquals(100, first.getJsonArray("value").size());
    assertTrue(first.getBoolean("truncated"));
    assertEquals("100-1", first.getString("cursor"));

    JsonObject next = getJson("/api/key?key=events&count=100&cursor=100-1");
    assertEquals("101-1", next.getJsonArray("value").getJsonObject(0).getString("id"));
    assertEquals("200-1", next.getString("cursor"));
    JsonObject last = getJson("/api/key?key=events&count=100&cursor=200-1");
    assertEquals(50, last.getJsonArray("value").size());
    assertEquals("250-1", last.getJsonArray("value").getJsonObject(49).getString("id"));
    assertFalse(last.getBoolean("truncated"));
    assertEquals("0", last.getString("cursor"));
  }

  @Test
  void aStreamPagesNewestFirstWhenReversedAndEndsExactlyAtItsFirstEntry() {
    addEntries("events", 250);
    JsonObject first = getJson("/api/key?key=events&count=125&reverse=1");
    assertTrue(first.getBoolean("reverse"));
    assertEquals("250-1", first.getJsonArray("value").getJsonObject(0).getString("id"));
    assertEquals("126-1", first.getString("cursor"));
    JsonObject next = getJson("/api/key?key=events&count=125&reverse=1&cursor=126-1");
    assertEquals(125, next.getJsonArray("value").size());
    assertEquals("125-1", next.getJsonArray("value").getJsonObject(0).getString("id"));
    assertEquals("1-1", next.getJsonArray("value").getJsonObject(124).getString("id"));
    assertFalse(next.getBoolean("truncated"), "a page that takes the last entries says nothing follows");
    assertEquals("0", next.getString("cursor"));
  }

  @Test
  void aStreamsBinaryFieldsAndValuesTravelAsBase64() throws Exception {
    try (var raw = client()) {
      raw.request("xadd", "bin", "5-0", new byte[] {0, (byte) 0xff}, new byte[] {(byte) 0x80}, "plain", "text");
    }
    JsonObject entry = getJson("/api/key?key=bin").getJsonArray("value").getJsonObject(0);
    assertEquals(new JsonObject().put("id", "5-0").put("fields", new JsonArray()
        .add(new JsonObject().put("field", new JsonObject().put("base64", "AP8=")).put("value", new JsonObject().put("base64", "gA==")))
        .add(new JsonObject().put("field", "plain").put("value", "text"))), entry);
  }

  @Test
  void aStreamShowsEachGroupsPendingCountAndLastDeliveredId(@TempDir Path dir) throws Exception {
    RealRedis.assumeInstalled();
    byte[] dump;
    // XGROUP CREATE is not here yet: the group comes in a DUMP of redis-server's, then reads here.
    try (RealRedis redis = RealRedis.start(dir)) {
      for (int i = 1; i <= 3; i++) {
        redis.call("XADD", "jobs", i + "-0", "job", "j" + i);
      }
      redis.call("XGROUP", "CREATE", "jobs", "workers", "0");
      redis.call("XGROUP", "CREATE", "jobs", "audit", "$");
      dump = (byte[]) redis.call("DUMP", "jobs");
    }
    try (var raw = client()) {
      raw.request("restore", "jobs", "0", dump);
    }
    call("xreadgroup", "group", "workers", "alice", "count", "2", "streams", "jobs", ">");
    JsonObject stream = getJson("/api/key?key=jobs");
    assertEquals("3-0", stream.getString("lastId"));
    assertEquals(new JsonArray()
            .add(new JsonObject().put("name", "audit").put("pending", 0).put("lastDeliveredId", "3-0"))
            .add(new JsonObject().put("name", "workers").put("pending", 2).put("lastDeliveredId", "2-0")),
        stream.getJsonArray("groups"));
  }

  @Test
  void aStreamEmptiedByXdelIsStillAStreamWithItsLastId() {
    call("xadd", "gone", "1-1", "a", "b");
    call("xadd", "gone", "2-2", "a", "b");
    call("xdel", "gone", "1-1", "2-2");
    JsonObject empty = getJson("/api/key?key=gone");
    assertEquals("stream", empty.getString("type"));
    assertEquals(0, empty.getLong("size"));
    assertEquals(new JsonArray(), empty.getJsonArray("value"));
    assertFalse(empty.getBoolean("truncated"));
    assertEquals("0", empty.getString("cursor"));
    assertEquals("2-2", empty.getString("lastId"));
  }

  @Test
  void aStreamCursorThatIsNoIdAnswersRedisError() {
    addEntries("events", 3);
    HttpReply bad = get("/api/key?key=events&cursor=nope");
    assertEquals(400, bad.status());
    assertEquals("ERR Invalid stream ID specified as stream command argument", bad.error());
  }

  /** Entries i-1 for i = 1..n, each {n: i, kind: odd|even}. */
  private void addEntries(String key, int n) {
    for (int i = 1; i <= n; i++) {
      call("xadd", key, i + "-1", "n", Integer.toString(i), "kind", i % 2 == 0 ? "even" : "odd");
    }
  }

  @Test
  void putCreatesEachTypeAsRespReadsIt() {
    JsonObject hash = ok(put("/api/key?key=h", new JsonObject().put("type", "hash").put("value", new JsonArray()
        .add(new JsonObject().put("field", "f1").put("value", "v1"))
        .add(new JsonObject().put("field", "f2").put("value", "v2")))));
    assertEquals("hash", hash.getString("type"));
    assertEquals(2, hash.getLong("size"));
    assertEquals(2, integer("hlen", "h"));
    assertEquals("v1", call("hget", "h", "f1"));
    assertEquals("v2", call("hget", "h", "f2"));

    ok(put("/api/key?key=l", new JsonObject().put("type", "list").put("value", new JsonArray().add("a").add("b"))));
    assertEquals(List.of("a", "b"), list("lrange", "l", "0", "-1"));
    ok(put("/api/key?key=s", new JsonObject().put("type", "set").put("value", new JsonArray().add("x").add("y").add("x"))));
    assertEquals(2, integer("scard", "s"));
    ok(put("/api/key?key=z", new JsonObject().put("type", "zset").put("value", new JsonArray()
        .add(new JsonObject().put("member", "a").put("score", 1.5))
        .add(new JsonObject().put("member", "b").put("score", "-inf")))));
    assertEquals(List.of("b", "a"), list("zrange", "z", "0", "-1"));
    assertEquals("1.5", call("zscore", "z", "a"));
    assertEquals(Double.NEGATIVE_INFINITY, send("zscore", "z", "b").toDouble());
    JsonObject string = ok(put("/api/key?key=str", new JsonObject().put("type", "string").put("value", "v").put("ttl", 50_000)));
    assertEquals("v", call("get", "str"));
    assertTrue(integer("pttl", "str") > 40_000);
    assertTrue(string.getLong("ttl") > 40_000);
    ok(put("/api/key?key=h2", new JsonObject().put("type", "hash").put("value", new JsonObject().put("a", "1"))));
    assertEquals("1", call("hget", "h2", "a"));
  }

  @Test
  void putReplacesTheWholeKeyWhateverItWasAndDropsItsTtl() {
    call("rpush", "k", "old1", "old2");
    call("pexpire", "k", "100000");
    ok(put("/api/key?key=k", new JsonObject().put("type", "list").put("value", new JsonArray().add("new"))));
    assertEquals(List.of("new"), list("lrange", "k", "0", "-1"));
    assertEquals(-1, integer("pttl", "k"));
    ok(put("/api/key?key=k", new JsonObject().put("type", "set").put("value", new JsonArray().add("m"))));
    assertEquals("set", call("type", "k"));
    ok(put("/api/key?key=k", new JsonObject().put("type", "string").put("value", "s").put("ttl", -1)));
    assertEquals("s", call("get", "k"));
  }

  @Test
  void aPutRunsAsOneTransactionOnTheCommandPath() {
    long before = commandCalls("hset");
    ok(put("/api/key?key=h", new JsonObject().put("type", "hash").put("value", new JsonObject().put("f", "v"))));
    assertEquals(before + 1, commandCalls("hset"));
    assertTrue(commandCalls("exec") >= 1);
  }

  /** calls= of one command in INFO commandstats (0 when never called). */
  private long commandCalls(String command) {
    for (String line : call("info", "commandstats").split("\r\n")) {
      if (line.startsWith("cmdstat_" + command + ":calls=")) {
        return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
      }
    }
    return 0;
  }

  @Test
  void renameExpirePersistAndDelete() {
    call("set", "a", "1");
    assertEquals("b", ok(post("/api/key/rename", new JsonObject().put("key", "a").put("newKey", "b"))).getString("key"));
    assertEquals("1", call("get", "b"));
    assertEquals(0, integer("exists", "a"));

    JsonObject expiring = ok(post("/api/key/expire", new JsonObject().put("key", "b").put("ttl", 30_000)));
    assertTrue(expiring.getLong("ttl") > 20_000 && expiring.getLong("ttl") <= 30_000);
    assertTrue(integer("pttl", "b") > 20_000);
    assertEquals(-1, ok(post("/api/key/expire", new JsonObject().put("key", "b").put("ttl", -1))).getLong("ttl"));
    assertEquals(-1, integer("pttl", "b"));

    assertEquals(1, ok(delete("/api/key?key=b")).getLong("deleted"));
    assertEquals(0, integer("exists", "b"));
    assertEquals(0, ok(delete("/api/key?key=b")).getLong("deleted"));
  }

  @Test
  void otherDatabasesAreReachedWithoutDisturbingConcurrentRequests() {
    List<io.vertx.core.Future<HttpReply>> writes = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      int db = i % 4;
      String body = new JsonObject().put("type", "string").put("value", "db" + db).encode();
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.PUT).setHost("127.0.0.1").setPort(server.httpPort())
          .setURI("/api/key?db=" + db + "&key=k" + i);
      writes.add(TestHttp.exchange(http, options, body).map(exchange -> new HttpReply(exchange.status(), exchange.body())));
    }
    for (io.vertx.core.Future<HttpReply> write : writes) {
      try {
        assertEquals(200, write.await(60, TimeUnit.SECONDS).status());
      } catch (TimeoutException e) {
        throw new AssertionError("a concurrent PUT got no answer within 60 s", e);
      }
    }
    for (int db = 0; db < 4; db++) {
      call("select", Integer.toString(db));
      assertEquals(15, integer("dbsize"), "db " + db);
      assertEquals("db" + db, call("get", "k" + db));
    }
    call("select", "0");
    assertNull(call("get", "k1"));
    assertEquals("db1", getJson("/api/key?db=1&key=k1").getString("value"));
  }

  @Test
  void binaryKeysAndValuesTravelAsBase64() throws Exception {
    byte[] key = {(byte) 0xfe, 'k', 0};
    byte[] value = {0, (byte) 0xff, 'v'};
    try (var raw = client()) {
      raw.request("set", key, value);
    }
    JsonObject read = getJson("/api/key?keyBase64=" + q(java.util.Base64.getEncoder().encodeToString(key)));
    assertEquals(java.util.Base64.getEncoder().encodeToString(key), read.getJsonObject("key").getString("base64"));
    assertEquals(java.util.Base64.getEncoder().encodeToString(value), read.getJsonObject("value").getString("base64"));
    assertEquals(read, getJson("/api/key?key=%FEk%00"));

    JsonObject binaryHash = new JsonObject().put("type", "hash").put("value", new JsonArray()
        .add(new JsonObject().put("field", new JsonObject().put("base64", "AP8=")).put("value", new JsonObject().put("base64", "gA=="))));
    ok(put("/api/key?key=%FEh", binaryHash));
    try (var raw = client()) {
      Object fields = raw.request("hgetall", new byte[] {(byte) 0xfe, 'h'});
      List<?> pairs = (List<?>) fields;
      org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {0, (byte) 0xff}, (byte[]) pairs.get(0));
      org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {(byte) 0x80}, (byte[]) pairs.get(1));
    }
    assertTrue(ok(post("/api/key/rename", new JsonObject().put("key", new JsonObject().put("base64", "/mg=")).put("newKey", "plain")))
        .getString("key").equals("plain"));
    assertEquals(1, integer("hlen", "plain"));
  }

  @Test
  void errorsAnswerWithTheirStatusAndRedisText() {
    call("set", "str", "v");
    HttpReply missing = get("/api/key?key=nothing");
    assertEquals(404, missing.status());
    assertEquals("ERR no such key", missing.error());
    assertEquals(404, post("/api/key/rename", new JsonObject().put("key", "nothing").put("newKey", "x")).status());
    assertEquals(404, post("/api/key/expire", new JsonObject().put("key", "nothing").put("ttl", 1000)).status());
    assertEquals(400, get("/api/key").status());

    HttpReply badJson = request(io.vertx.core.http.HttpMethod.PUT, "/api/key?key=k", "{not json");
    assertEquals(400, badJson.status());
    assertEquals(400, put("/api/key?key=k", new JsonObject().put("type", "stream").put("value", new JsonArray())).status());
    assertEquals(400, put("/api/key?key=k", new JsonObject().put("type", "list").put("value", "not an array")).status());
    assertEquals(400, put("/api/key?key=k", new JsonObject().put("type", "list").put("value", new JsonArray())).status());
    assertEquals(400, put("/api/key?key=k", new JsonObject().put("type", "list").put("value", new JsonArray().add(1))).status());
    assertEquals(400, put("/api/key?key=k", new JsonObject().put("type", "set").put("value", new JsonArray().add("a")).put("ttl", 0)).status());

    call("zadd", "z", "1", "kept");
    HttpReply badScore = put("/api/key?key=z", new JsonObject().put("type", "zset").put("value", new JsonArray()
        .add(new JsonObject().put("member", "m").put("score", "nan"))));
    assertEquals(400, badScore.status());
    assertEquals("ERR value is not a valid float", badScore.error());
    assertEquals(List.of("kept"), list("zrange", "z", "0", "-1"), "a refused PUT leaves the key as it was");

    HttpReply wrongDb = get("/api/key?key=str&db=1000");
    assertEquals(400, wrongDb.status());
    assertEquals("ERR DB index is out of range", wrongDb.error());
  }
}

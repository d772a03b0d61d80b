package io.verdis.it.web;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/info, /api/clients (+ kill), /api/slowlog (+ reset), /api/config (+ set). */
class ServerApiTest extends AdminApiTestBase {

  @Test
  void infoComesBySectionWithNumbersAsNumbers() {
    JsonObject info = getJson("/api/info");
    assertEquals("7.0.15", info.getJsonObject("server").getString("redis_version"));
    assertInstanceOf(Number.class, info.getJsonObject("server").getValue("tcp_port"));
    assertEquals(server.port(), info.getJsonObject("server").getLong("tcp_port"));
    assertEquals("00000000", info.getJsonObject("server").getValue("redis_git_sha1"), "text that looks like a number keeps its zeros");
    assertInstanceOf(Number.class, info.getJsonObject("clients").getValue("connected_clients"));
    assertNotNull(info.getJsonObject("keyspace"));

    JsonObject memory = getJson("/api/info?section=memory");
    assertEquals(1, memory.size(), memory.encode());
    assertInstanceOf(Number.class, memory.getJsonObject("memory").getValue("used_memory"));
  }

  @Test
  void clientsListsEveryFieldAndKillsByIdWithRedisTexts(Vertx vertx) {
    call("client", "setname", "tester");
    long myId = integer("client", "id");
    JsonArray clients = get("/api/clients").array();
    JsonObject me = null;
    JsonObject admin = null;
    for (Object item : clients) {
      JsonObject client = (JsonObject) item;
      if (client.getLong("id") == myId) {
        me = client;
      }
      if ("verdis-admin".equals(client.getString("name"))) {
        admin = client;
      }
    }
    assertNotNull(me, clients.encode());
    assertEquals("tester", me.getString("name"));
    assertEquals(0, me.getLong("db"));
    assertTrue(me.getString("addr").startsWith("127.0.0.1:"));
    for (String field : new String[] {"laddr", "age", "idle", "flags", "sub", "psub", "multi", "qbuf", "omem", "events", "cmd", "user", "resp", "lib-name"}) {
      assertTrue(me.containsKey(field), field);
    }
    assertNotNull(admin, "the API's own connection shows, as a GUI tool's would");
    assertEquals(3, admin.getLong("resp"));
    assertEquals("client|list", admin.getString("cmd"));

    Redis other = Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:" + server.port()));
    RedisConnection victim = other.connect().await();
    long victimId = victim.send(Request.cmd(Command.CLIENT).arg("ID")).await().toLong();
    assertEquals(1, ok(post("/api/clients/kill", new JsonObject().put("id", victimId))).getLong("killed"));
    assertThrows(Throwable.class, () -> victim.send(Request.cmd(Command.PING)).await());
    other.close();

    HttpReply gone = post("/api/clients/kill", new JsonObject().put("id", victimId));
    assertEquals(404, gone.status());
    assertEquals("ERR No such client", gone.error());
    assertEquals(400, post("/api/clients/kill", new JsonObject()).status());
  }

  @Test
  void slowlogShowsRespCommandsAndResets() {
    call("config", "set", "slowlog-log-slower-than", "0");
    try {
      call("slowlog", "reset");
      call("set", "slow-key", "slow-value");
      JsonArray entries = get("/api/slowlog?count=10").array();
      JsonObject set = null;
      for (Object item : entries) {
        JsonObject entry = (JsonObject) item;
        if (entry.getJsonArray("args").getString(0).equalsIgnoreCase("set")) {
          set = entry;
        }
      }
      assertNotNull(set, entries.encode());
      assertEquals(new JsonArray().add("set").add("slow-key").add("slow-value"), set.getJsonArray("args"));
      assertTrue(set.getLong("time") > 1_600_000_000L);
      assertTrue(set.getLong("durationUs") >= 0);
      assertTrue(set.getString("client").startsWith("127.0.0.1:"));
      assertEquals("", set.getString("name"));
      assertInstanceOf(Number.class, set.getValue("id"));

      assertTrue(ok(delete("/api/slowlog")).getBoolean("reset"));
      assertTrue(integer("slowlog", "len") <= 1, "only the commands after the reset");
    } finally {
      call("config", "set", "slowlog-log-slower-than", "10000");
    }
  }

  @Test
  void configReadsAndWritesWhatConfigGetSees() {
    JsonObject all = getJson("/api/config");
    assertTrue(all.size() > 20, all.encode());
    assertEquals(Integer.toString(server.port()), all.getString("port"));
    JsonObject maxmemory = getJson("/api/config?pattern=" + q("maxmemory*"));
    assertTrue(maxmemory.containsKey("maxmemory-policy"));
    assertFalse(maxmemory.containsKey("port"));

    String before = call("config", "get", "maxclients");
    JsonObject set = ok(request(io.vertx.core.http.HttpMethod.PUT, "/api/config",
        new JsonObject().put("name", "maxclients").put("value", "777").encode()));
    try {
      assertEquals(new JsonObject().put("maxclients", "777"), set);
      assertEquals("777", send("config", "get", "maxclients").get("maxclients").toString());
    } finally {
      call("config", "set", "maxclients", "10000");
    }
    assertNotNull(before);

    HttpReply refused = request(io.vertx.core.http.HttpMethod.PUT, "/api/config",
        new JsonObject().put("name", "maxclients").put("value", "lots").encode());
    assertEquals(400, refused.status());
    assertTrue(refused.error().startsWith("ERR CONFIG SET failed (possibly related to argument 'maxclients')"), refused.error());
    HttpReply unknown = request(io.vertx.core.http.HttpMethod.PUT, "/api/config",
        new JsonObject().put("name", "no-such-thing").put("value", "1").encode());
    assertEquals(400, unknown.status());
  }
}

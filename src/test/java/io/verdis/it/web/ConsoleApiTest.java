package io.verdis.it.web;

import io.verdis.it.RealRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** POST /api/command: the reply typed and as redis-cli prints it, the database after the command. */
class ConsoleApiTest extends AdminApiTestBase {

  private JsonObject command(String line) {
    return ok(post("/api/command", new JsonObject().put("line", line)));
  }

  private JsonObject command(JsonArray args) {
    return ok(post("/api/command", new JsonObject().put("args", args)));
  }

  private String text(String line) {
    return command(line).getString("text");
  }

  @Test
  void eachReplyShapePrintsAsRedisCliPrintsIt() {
    call("rpush", "l", "a", "b", "c d", "");
    call("rpush", "eleven", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11");
    call("hset", "h", "f", "v");
    call("sadd", "s", "m");
    call("zadd", "z", "1.5", "a", "2", "b");
    call("set", "k", "v");
    assertEquals("PONG", text("PING"));
    assertEquals("OK", text("SET k2 v2"));
    assertEquals("\"v\"", text("GET k"));
    assertEquals("(nil)", text("GET missing"));
    assertEquals("(integer) 4", text("LLEN l"));
    assertEquals("1) \"a\"\n2) \"b\"\n3) \"c d\"\n4) \"\"", text("LRANGE l 0 -1"));
    assertEquals(" 1) \"1\"\n 2) \"2\"", String.join("\n", text("LRANGE eleven 0 -1").lines().limit(2).toList()));
    assertEquals("11) \"11\"", text("LRANGE eleven 0 -1").lines().reduce((a, b) -> b).orElseThrow());
    assertEquals("(empty array)", text("LRANGE none 0 -1"));
    assertEquals("1# \"f\" => \"v\"", text("HGETALL h"));
    assertEquals("(empty hash)", text("HGETALL none"));
    assertEquals("1~ \"m\"", text("SMEMBERS s"));
    assertEquals("(empty set)", text("SMEMBERS none"));
    assertEquals("(double) 1.5", text("ZSCORE z a"));
    assertEquals("1) 1) \"a\"\n   2) (double) 1.5\n2) 1) \"b\"\n   2) (double) 2", text("ZRANGE z 0 -1 WITHSCORES"));
    assertEquals("(error) WRONGTYPE Operation against a key holding the wrong kind of value", text("GET h"));
    assertEquals("(error) ERR unknown command 'nosuch', with args beginning with: 'x' ", text("nosuch x"));
  }

  @Test
  void textEqualsRedisCliAgainstTheSameServer() throws Exception {
    assumeTrue(Files.isExecutable(RealRedis.CLI), "redis-cli is not installed");
    call("rpush", "l", "a", "b");
    call("hset", "h", "f1", "v1", "f2", "v2");
    call("zadd", "z", "1", "a", "2.5", "b");
    call("sadd", "s", "x", "y");
    call("set", "k", "caf\u00e9 \"quoted\"\n");
    for (String line : List.of("GET k", "LRANGE l 0 -1", "HGETALL h", "ZRANGE z 0 -1 WITHSCORES", "ZSCORE z b", "SMEMBERS s",
        "TYPE h", "EXISTS k l", "GET nothing", "LPOP h", "COMMAND INFO get", "CONFIG GET maxmemory-policy", "OBJECT ENCODING l")) {
      assertEquals(redisCli(line), text(line), line);
    }
  }

  private String redisCli(String line) throws Exception {
    List<String> args = new ArrayList<>(List.of(RealRedis.CLI.toString(), "-p", Integer.toString(server.port()), "--no-raw", "-3"));
    args.addAll(List.of(line.split(" ")));
    Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(10, TimeUnit.SECONDS);
    return out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
  }

  @Test
  void repliesAreTypedJson() {
    call("hset", "h", "f", "v");
    assertEquals(new JsonObject().put("type", "simple").put("value", "OK"), command("SET k v").getJsonObject("reply"));
    assertEquals(new JsonObject().put("type", "bulk").put("value", "v"), command("GET k").getJsonObject("reply"));
    assertEquals(new JsonObject().put("type", "null").putNull("value"), command("GET nothing").getJsonObject("reply"));
    assertEquals(new JsonObject().put("type", "integer").put("value", 1), command("EXISTS k").getJsonObject("reply"));
    assertEquals(new JsonObject().put("type", "error").put("value", "ERR value is not an integer or out of range"),
        command("INCR k").getJsonObject("reply"));
    assertEquals(new JsonObject().put("type", "map").put("value", new JsonArray().add(new JsonArray()
            .add(new JsonObject().put("type", "bulk").put("value", "f"))
            .add(new JsonObject().put("type", "bulk").put("value", "v")))),
        command("HGETALL h").getJsonObject("reply"));
    call("zadd", "z", "0.5", "m");
    assertEquals(new JsonObject().put("type", "double").put("value", 0.5), command("ZSCORE z m").getJsonObject("reply"));
    assertEquals(new JsonObject().put("type", "array").put("value", new JsonArray()
            .add(new JsonObject().put("type", "bulk").put("value", "v"))
            .add(new JsonObject().put("type", "null").putNull("value"))),
        command("MGET k nothing").getJsonObject("reply"));
  }

  @Test
  void linesSplitAsRedisCliSplitsThem() {
    assertEquals(400, post("/api/command", new JsonObject().put("line", "SET k 'it''s'")).status(),
        "a closing quote must be followed by a space, as in redis-cli");
    command("SET \"a key\" \"tab\\there\\x41\"");
    assertEquals("tab\thereA", call("get", "a key"));
    command("SET single 'don\\'t'");
    assertEquals("don't", call("get", "single"));
    HttpReply unbalanced = post("/api/command", new JsonObject().put("line", "SET \"open k"));
    assertEquals(400, unbalanced.status());
    assertEquals("Invalid argument(s)", unbalanced.error());
    assertEquals(400, post("/api/command", new JsonObject().put("line", "   ")).status());
    assertEquals(400, post("/api/command", new JsonObject()).status());
    assertEquals(400, request(io.vertx.core.http.HttpMethod.POST, "/api/command", "[1,2").status());
  }

  @Test
  void argsMayBeBinaryAndTheDatabaseFollowsSelect() throws Exception {
    command(new JsonArray().add("SET").add(new JsonObject().put("base64", "/w==")).add(new JsonObject().put("base64", "AP8=")));
    try (var raw = client()) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {0, (byte) 0xff}, (byte[]) raw.request("get", new byte[] {(byte) 0xff}));
    }
    JsonObject binary = command(new JsonArray().add("GET").add(new JsonObject().put("base64", "/w==")));
    assertEquals(new JsonObject().put("base64", "AP8="), binary.getJsonObject("reply").getJsonObject("value"));
    assertEquals("\"\\x00\\xff\"", binary.getString("text"));

    JsonObject selected = command("SELECT 4");
    assertEquals(4, selected.getInteger("db"));
    JsonObject inFour = ok(post("/api/command", new JsonObject().put("db", 4).put("line", "SET only4 yes")));
    assertEquals(4, inFour.getInteger("db"));
    call("select", "4");
    assertEquals("yes", call("get", "only4"));
    call("select", "0");
    assertEquals(0, integer("exists", "only4"));
    assertEquals(0, command("GET only4").getInteger("db"));
    HttpReply badDb = post("/api/command", new JsonObject().put("db", 99).put("line", "PING"));
    assertEquals(400, badDb.status());
    assertEquals("ERR DB index is out of range", badDb.error());
  }

  @Test
  void aConsoleCommandLeavesNoStateBehind() {
    assertEquals("OK", text("MULTI"));
    assertEquals("OK", text("SET after-multi v"), "each console command has a connection of its own");
    assertEquals("v", call("get", "after-multi"));
    assertEquals("OK", text("CLIENT SETNAME renamed"));
    for (Object item : get("/api/clients").array()) {
      assertEquals(false, "renamed".equals(((JsonObject) item).getString("name")));
    }
  }

  @Test
  void aBlockingCommandIsAnsweredWhenDataArrives() {
    var answer = TestHttp.exchange(http, new io.vertx.core.http.RequestOptions().setMethod(io.vertx.core.http.HttpMethod.POST)
        .setHost("127.0.0.1").setPort(server.httpPort()).setURI("/api/command"),
        new JsonObject().put("line", "BLPOP queue 10").encode()).map(TestHttp.Exchange::body);
    awaitBlockedClients(1);
    call("rpush", "queue", "job");
    JsonObject reply = answer.await().toJsonObject();
    assertEquals("1) \"queue\"\n2) \"job\"", reply.getString("text"));
  }

  @Test
  void aBlockingCommandWhoseHttpClientLeftTakesNothing(io.vertx.core.Vertx vertx) {
    io.vertx.core.http.HttpClient leaving = vertx.createHttpClient();
    leaving.request(io.vertx.core.http.HttpMethod.POST, server.httpPort(), "127.0.0.1", "/api/command")
        .compose(request -> request.send(new JsonObject().put("line", "BLPOP queue 0").encode()));
    awaitBlockedClients(1);
    leaving.close().await();
    awaitBlockedClients(0);
    call("rpush", "queue", "job");
    assertEquals(1, integer("llen", "queue"));
  }

  private void awaitBlockedClients(long expected) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (blockedClients() != expected) {
      org.junit.jupiter.api.Assertions.assertTrue(System.currentTimeMillis() < deadline, "blocked clients never became " + expected);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private long blockedClients() {
    for (String line : call("info", "clients").split("\r\n")) {
      if (line.startsWith("blocked_clients:")) {
        return Long.parseLong(line.substring("blocked_clients:".length()));
      }
    }
    throw new IllegalStateException("no blocked_clients in INFO");
  }

  @Test
  void theApiOpensNewConnectionsWhenItsOwnAreKilled() {
    getJson("/api/keys");
    for (Object item : get("/api/clients").array()) {
      JsonObject client = (JsonObject) item;
      if ("verdis-admin".equals(client.getString("name"))) {
        call("client", "kill", "id", Long.toString(client.getLong("id")));
      }
    }
    call("set", "k", "v");
    assertEquals("v", getJson("/api/key?key=k").getString("value"));
  }

  @Test
  void aLargeArrayReplyArrivesWholeAndInOrder() {
    // ~5 MB of reply: the connection hands it to the in-process client in many chunks.
    int elements = 300_000;
    for (int from = 0; from < elements; from += 10_000) {
      List<String> push = new ArrayList<>(List.of("rpush", "large"));
      for (int i = from; i < from + 10_000; i++) {
        push.add("element-" + i);
      }
      call(push.toArray(new String[0]));
    }

    JsonObject reply = command(new JsonArray().add("LRANGE").add("large").add("0").add("-1")).getJsonObject("reply");

    assertEquals("array", reply.getString("type"));
    JsonArray values = reply.getJsonArray("value");
    assertEquals(elements, values.size());
    for (int i = 0; i < elements; i += 7_919) {
      assertEquals(new JsonObject().put("type", "bulk").put("value", "element-" + i), values.getJsonObject(i));
    }
    assertEquals("element-" + (elements - 1), values.getJsonObject(elements - 1).getString("value"));
    assertEquals("PONG", text("PING"), "the console still answers after it");
  }
}

package io.verdis.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keyspace notifications where Verdis has more to show than one command at a time against Redis
 * (see {@link KeyspaceEventsMatchRedisTest} for that): expiry racing between the active cycle and
 * clients, the directive given at start-up, Pizzaria writes. Three shards, events read on the hub.
 */
class KeyspaceEventsTest {
  private static TestServer server;
  private RawClient client;
  private KeyspaceEventStream events;

  @BeforeAll
  static void start() {
    server = TestServer.start("--shards", "3", "--event-loops", "2", "--notify-keyspace-events", "KEA", "--hz", "50");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void connect() throws IOException {
    client = new RawClient(server.port());
    events = KeyspaceEventStream.verdis(server);
    assertEquals("OK", client.request("FLUSHALL"));
    assertEquals("OK", client.request("CONFIG", "SET", "notify-keyspace-events", "KEA"));
    events.take();
  }

  @AfterEach
  void disconnect() throws IOException {
    events.close();
    client.close();
  }

  @Test
  @DisplayName("notify-keyspace-events given at start-up is in force and reads back normalised")
  void directiveAtStartUp() throws IOException {
    assertEquals("AKE", new String((byte[]) ((List<?>) client.request("CONFIG", "GET", "notify-keyspace-events")).get(1)));
    client.request("SET", "k", "v");
    assertEquals(List.of("__keyspace@0__:k set", "__keyevent@0__:set k"), events.take());
  }

  @Test
  @DisplayName("with the directive empty nothing is published")
  void offPublishesNothing() throws IOException {
    client.request("CONFIG", "SET", "notify-keyspace-events", "");
    client.request("SET", "k", "v", "PX", "1");
    client.request("RPUSH", "l", "a");
    client.request("DEL", "l", "k");
    assertEquals(List.of(), events.take());
  }

  @Test
  @DisplayName("every key expiring publishes \"expired\" exactly once, whether the active cycle or a client finds it")
  void expiryPublishesEachKeyOnce() throws IOException, InterruptedException {
    client.request("CONFIG", "SET", "notify-keyspace-events", "KEx");
    List<String> keys = new ArrayList<>();
    for (int db : new int[] {0, 2}) {
      client.request("SELECT", db);
      for (int i = 0; i < 150; i++) {
        String key = "key:" + i;
        keys.add(db + " " + key);
        client.send(RawClient.command("SET", key, "v", "PX", Integer.toString(10 + i % 20)));
      }
      for (int i = 0; i < 150; i++) {
        assertEquals("+OK\r\n", client.readReply());
      }
    }
    Thread.sleep(40);
    // Clients touch half of the keys while the active cycle reaps the others (or the same ones).
    for (int i = 0; i < 150; i += 2) {
      client.request("SELECT", 0);
      client.request("GET", "key:" + i);
      client.request("SELECT", 2);
      client.request("EXISTS", "key:" + i);
    }
    awaitEmpty(0);
    awaitEmpty(2);
    Map<String, Integer> expired = new HashMap<>();
    for (String event : events.take()) {
      expired.merge(event, 1, Integer::sum);
    }
    Map<String, Integer> once = new HashMap<>();
    for (String entry : keys) {
      String db = entry.substring(0, entry.indexOf(' '));
      String key = entry.substring(entry.indexOf(' ') + 1);
      once.put("__keyspace@" + db + "__:" + key + " expired", 1);
      once.put("__keyevent@" + db + "__:expired " + key, 1);
    }
    assertEquals(once, expired);
  }

  @Test
  @DisplayName("Pizzaria's write and delete publish set and del in database 0")
  void pizzaria() throws IOException {
    try (RawClient pizzaria = new RawClient(server.pizzariaPort())) {
      pizzaria.send("write pie|margherita\r");
      assertEquals("success\r", pizzaria.readUntil("\r"));
      pizzaria.send("delete pie\r");
      assertEquals("success\r", pizzaria.readUntil("\r"));
    }
    assertEquals(List.of("__keyspace@0__:pie set", "__keyevent@0__:set pie", "__keyspace@0__:pie del",
        "__keyevent@0__:del pie"), events.take());
  }

  /** Waits until database db holds no key, reaped ones included (DBSIZE counts those not yet reaped). */
  private void awaitEmpty(int db) throws IOException, InterruptedException {
    client.request("SELECT", db);
    for (int attempt = 0; attempt < 1000; attempt++) {
      if ((Long) client.request("DBSIZE") == 0) {
        return;
      }
      Thread.sleep(10);
    }
    assertTrue(false, "database " + db + " still holds keys: " + client.request("DBSIZE"));
  }
}

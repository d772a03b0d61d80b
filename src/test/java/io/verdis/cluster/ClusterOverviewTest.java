package io.verdis.cluster;

import io.verdis.it.RawClient;
import io.verdis.it.TestServer;
import io.verdis.it.web.BrowserScripts;
import io.verdis.shard.SlotTable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Watching a cluster: {@code GET /api/cluster}, the {@code verdis_cluster_*} series of /metrics and
 * the dashboard's Cluster panel on every node of one three-node cluster, and their absence on a
 * standalone node. The last test kills a node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterOverviewTest {
  private static final int NODES = 3;
  private static final int KEYS = 300;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  static Path root;
  static LocalCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.start(root, NODES);
    // Through one node, so most writes are forwarded to the owners of their slots.
    try (RawClient writer = cluster.node(0).client()) {
      for (int i = 0; i < KEYS; i++) {
        assertEquals("+OK\r\n", writer.call("SET", "watch:" + i, "v" + i));
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @DisplayName("/api/cluster on every node: the same epoch, three nodes up, every slot owned once, state ok")
  void everyNodeAgrees() throws Exception {
    Set<Long> epochs = new HashSet<>();
    Set<String> selves = new HashSet<>();
    for (LocalCluster.Node node : cluster.nodes()) {
      JsonObject api = apiCluster(node.httpPort());
      assertTrue(api.getBoolean("enabled"), api.encode());
      assertEquals("ok", api.getString("state"), api.encode());
      assertEquals("forward", api.getString("routing"));
      assertEquals(NODES, api.getInteger("knownNodes"));
      assertEquals(NODES, api.getInteger("nodesUp"));
      assertEquals(SlotOwners.SLOTS, api.getInteger("slotsOk"));
      assertEquals(0, api.getInteger("migratingSlots"));
      assertTrue(api.getLong("forwardedBatches") >= 0);
      epochs.add(api.getLong("epoch"));
      selves.add(api.getString("self"));
      JsonArray nodes = api.getJsonArray("nodes");
      assertEquals(NODES, nodes.size(), api.encode());
      boolean[] owned = new boolean[SlotOwners.SLOTS];
      int slots = 0;
      int selfRows = 0;
      for (int i = 0; i < nodes.size(); i++) {
        JsonObject entry = nodes.getJsonObject(i);
        assertTrue(entry.getBoolean("up"), entry.encode());
        assertFalse(entry.getBoolean("leaving"), entry.encode());
        assertEquals("127.0.0.1", entry.getString("host"));
        assertTrue(entry.getInteger("port") > 0 && entry.getInteger("httpPort") > 0, entry.encode());
        assertNotNull(entry.getJsonObject("stats"), "every node answers with its figures: " + entry.encode());
        if (entry.getBoolean("self")) {
          selfRows++;
          assertEquals(api.getString("self"), entry.getString("id"));
          assertEquals(node.port(), entry.getInteger("port"));
          assertEquals(node.httpPort(), entry.getInteger("httpPort"));
        }
        int inRanges = 0;
        JsonArray ranges = entry.getJsonArray("ranges");
        for (int r = 0; r < ranges.size(); r++) {
          JsonArray range = ranges.getJsonArray(r);
          for (int slot = range.getInteger(0); slot <= range.getInteger(1); slot++) {
            assertFalse(owned[slot], "slot " + slot + " has two owners");
            owned[slot] = true;
            inRanges++;
          }
        }
        assertEquals(entry.getInteger("slots"), inRanges, "slots is the size of the ranges: " + entry.encode());
        assertTrue(inRanges >= SlotOwners.SLOTS / NODES && inRanges <= SlotOwners.SLOTS / NODES + 1, entry.encode());
        slots += inRanges;
      }
      assertEquals(1, selfRows, api.encode());
      assertEquals(SlotOwners.SLOTS, slots);
    }
    assertEquals(1, epochs.size(), "one epoch: " + epochs);
    assertEquals(NODES, selves.size(), "each node is itself: " + selves);
  }

  @Test
  @DisplayName("each node's keys in /api/cluster are the keys of its slots, asked of it over the event bus")
  void keysPerNode() throws Exception {
    for (LocalCluster.Node asked : cluster.nodes()) {
      JsonArray nodes = apiCluster(asked.httpPort()).getJsonArray("nodes");
      Map<Integer, String> ownerOfSlot = new HashMap<>();
      for (int i = 0; i < nodes.size(); i++) {
        JsonArray ranges = nodes.getJsonObject(i).getJsonArray("ranges");
        for (int r = 0; r < ranges.size(); r++) {
          for (int slot = ranges.getJsonArray(r).getInteger(0); slot <= ranges.getJsonArray(r).getInteger(1); slot++) {
            ownerOfSlot.put(slot, nodes.getJsonObject(i).getString("id"));
          }
        }
      }
      Map<String, Long> expected = new HashMap<>();
      for (int i = 0; i < KEYS; i++) {
        int slot = SlotTable.slotOf(("watch:" + i).getBytes(StandardCharsets.UTF_8));
        expected.merge(ownerOfSlot.get(slot), 1L, Long::sum);
      }
      long total = 0;
      for (int i = 0; i < nodes.size(); i++) {
        JsonObject entry = nodes.getJsonObject(i);
        JsonObject stats = entry.getJsonObject("stats");
        assertEquals(expected.getOrDefault(entry.getString("id"), 0L), stats.getLong("keys"),
            "asked of " + asked + ": " + entry.encode());
        assertTrue(stats.getLong("usedMemory") > 0, entry.encode());
        assertTrue(stats.getLong("opsPerSec") >= 0, entry.encode());
        assertEquals(0, stats.getInteger("migratingSlots"), entry.encode());
        total += stats.getLong("keys");
      }
      assertEquals(KEYS, total);
    }
  }

  @Test
  @DisplayName("/metrics has the verdis_cluster_ series, agreeing with /api/cluster")
  void metrics() throws Exception {
    double forwarded = 0;
    double forwardedCommands = 0;
    double answeredBatches = 0;
    double mySlots = 0;
    for (LocalCluster.Node node : cluster.nodes()) {
      JsonObject api = apiCluster(node.httpPort());
      Map<String, Double> metrics = scrape(node.httpPort());
      assertEquals(NODES, metrics.get("verdis_cluster_known_nodes"), node.toString());
      assertEquals(NODES, metrics.get("verdis_cluster_nodes_up"));
      assertEquals(SlotOwners.SLOTS, metrics.get("verdis_cluster_slots_assigned"));
      assertEquals(SlotOwners.SLOTS, metrics.get("verdis_cluster_slots_ok"));
      assertEquals(0, metrics.get("verdis_cluster_migrating_slots"));
      assertEquals(1, metrics.get("verdis_cluster_state"));
      assertEquals(api.getLong("epoch").doubleValue(), metrics.get("verdis_cluster_epoch"));
      double mine = metrics.get("verdis_cluster_my_slots");
      assertTrue(mine >= SlotOwners.SLOTS / NODES && mine <= SlotOwners.SLOTS / NODES + 1, node + " owns " + mine);
      mySlots += mine;
      assertNotNull(metrics.get("verdis_cluster_forwarded_batches_total"), node.toString());
      forwarded += metrics.get("verdis_cluster_forwarded_batches_total");
      forwardedCommands += metrics.get("verdis_cluster_forwarded_commands_total");
      answeredBatches += metrics.get("verdis_cluster_forward_duration_seconds_count");
      assertTrue(metrics.get("verdis_cluster_forwarded_batches_total") >= api.getLong("forwardedBatches"), node.toString());
    }
    assertEquals(SlotOwners.SLOTS, mySlots);
    // Two thirds of the keys written through node 0 belong to the other nodes.
    assertTrue(forwarded > 0, "forwarded batches: " + forwarded);
    assertTrue(forwardedCommands >= answeredBatches && answeredBatches > 0,
        "forwarded commands " + forwardedCommands + ", answered batches timed " + answeredBatches);
  }

  @Test
  @DisplayName("the dashboard of a cluster node shows the Cluster panel with every node")
  void dashboardPanel() throws Exception {
    BrowserScripts browser = BrowserScripts.find();
    LocalCluster.Node node = cluster.node(1);
    browser.run("cluster.mjs", node.httpPort(), node.port(), Integer.toString(NODES));
  }

  @Test
  @DisplayName("a standalone node: /api/cluster says enabled false, /metrics has no verdis_cluster_ series")
  void standalone() throws Exception {
    try (TestServer server = TestServer.start()) {
      HttpResponse<String> response = get(server.httpPort(), "/api/cluster", null);
      assertEquals(200, response.statusCode());
      assertEquals(new JsonObject().put("enabled", false), new JsonObject(response.body()));
      Map<String, Double> metrics = scrape(server.httpPort());
      assertTrue(metrics.containsKey("verdis_uptime_seconds"), metrics.keySet().toString());
      assertTrue(metrics.keySet().stream().noneMatch(name -> name.startsWith("verdis_cluster")), metrics.keySet().toString());
      assertFalse(get(server.httpPort(), "/metrics", null).body().contains("verdis_cluster"));
    }
  }

  @Test
  @DisplayName("/api/cluster asks for the password as every /api endpoint does")
  void authenticated() throws Exception {
    try (TestServer server = TestServer.start("--requirepass", "watch-secret")) {
      assertEquals(401, get(server.httpPort(), "/api/cluster", null).statusCode());
      HttpResponse<String> response = get(server.httpPort(), "/api/cluster", "watch-secret");
      assertEquals(200, response.statusCode());
      assertFalse(new JsonObject(response.body()).getBoolean("enabled"));
    }
  }

  @Test
  @Order(Integer.MAX_VALUE)
  @DisplayName("a killed node is listed without figures, then down, and the cluster state turns fail")
  void killedNode() throws Exception {
    LocalCluster.Node victim = cluster.node(2);
    String victimId = apiCluster(victim.httpPort()).getString("self");
    cluster.kill9(victim);
    LocalCluster.Node watcher = cluster.node(0);
    JsonObject seen = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      seen = apiCluster(watcher.httpPort());
      if (seen.getInteger("nodesUp") == NODES - 1) {
        break;
      }
      Thread.sleep(200);
    }
    assertEquals(NODES - 1, seen.getInteger("nodesUp"), "the failure detector saw it go: " + seen.encode());
    assertEquals("fail", seen.getString("state"));
    assertEquals(NODES, seen.getJsonArray("nodes").size(), "a node down stays listed with its slots");
    for (int i = 0; i < NODES; i++) {
      JsonObject entry = seen.getJsonArray("nodes").getJsonObject(i);
      if (entry.getString("id").equals(victimId)) {
        assertFalse(entry.getBoolean("up"), entry.encode());
        assertNull(entry.getJsonObject("stats"), entry.encode());
        assertTrue(entry.getInteger("slots") > 0, entry.encode());
      } else {
        assertNotNull(entry.getJsonObject("stats"), entry.encode());
      }
    }
    assertEquals(SlotOwners.SLOTS - seen.getJsonArray("nodes").stream()
        .map(JsonObject.class::cast).filter(entry -> entry.getString("id").equals(victimId))
        .mapToInt(entry -> entry.getInteger("slots")).sum(), seen.getInteger("slotsOk"));
    Map<String, Double> metrics = scrape(watcher.httpPort());
    assertEquals(0, metrics.get("verdis_cluster_state"));
    assertEquals(NODES - 1, metrics.get("verdis_cluster_nodes_up"));
    assertEquals(seen.getInteger("slotsOk").doubleValue(), metrics.get("verdis_cluster_slots_ok"));
  }

  private static JsonObject apiCluster(int httpPort) throws Exception {
    HttpResponse<String> response = get(httpPort, "/api/cluster", null);
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    return new JsonObject(response.body());
  }

  /** Each sample of the Prometheus text exposition, by series (name and labels as printed). */
  private static Map<String, Double> scrape(int httpPort) throws Exception {
    HttpResponse<String> response = get(httpPort, "/metrics", null);
    assertEquals(200, response.statusCode());
    Map<String, Double> samples = new HashMap<>();
    for (String line : response.body().split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        int space = line.lastIndexOf(' ');
        samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return samples;
  }

  private static HttpResponse<String> get(int httpPort, String path, String password) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .timeout(Duration.ofSeconds(30));
    if (password != null) {
      request.header("Authorization", "Bearer " + password);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}

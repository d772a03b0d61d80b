package io.verdis.web.admin;

import io.verdis.cluster.Cluster;
import io.verdis.cluster.ClusterFigures;
import io.verdis.cluster.ClusterView;
import io.verdis.cluster.NodeAddress;
import io.verdis.cluster.NodeFigures;
import io.verdis.cluster.NodeStatsVerticle;
import io.verdis.cluster.SlotOwners;
import io.verdis.server.ServerState;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code GET /api/cluster}: the cluster as this node sees it (state, epoch, routing, every node with
 * its slot ranges) and each node's keys, ops/s and memory, asked of the others over the clustered
 * event bus ({@link NodeStatsVerticle}). A node that does not answer within {@link #ASK_TIMEOUT_MS}
 * is listed with {@code "stats": null}. A standalone node answers {@code {"enabled": false}}.
 */
final class ClusterRoute {
  /** The dashboard asks every second: a node slower than that is shown without its figures. */
  static final long ASK_TIMEOUT_MS = 1000;
  /** Nodes by address, so the table keeps its order from one second to the next. */
  private static final Comparator<NodeAddress> BY_ADDRESS =
      Comparator.comparing(NodeAddress::host).thenComparingInt(NodeAddress::port).thenComparing(NodeAddress::id);

  private final ServerState server;

  ClusterRoute(ServerState server) {
    this.server = server;
  }

  void mount(Router router) {
    // What CLUSTER NODES shows, and more: for users who may run it (a standalone node's
    // {"enabled":false} tells nothing, and the dashboard asks it of everyone).
    Handler<RoutingContext> mayRun = io.verdis.web.HttpSecurity.mayRun(server, "CLUSTER", "NODES");
    router.get("/api/cluster")
        .handler(ctx -> {
          if (server.cluster() == null) {
            ctx.next();
          } else {
            mayRun.handle(ctx);
          }
        })
        .handler(JsonEndpoint.of(this::cluster));
  }

  private Future<JsonObject> cluster(RoutingContext ctx) {
    Cluster cluster = server.cluster();
    if (cluster == null) {
      return Future.succeededFuture(new JsonObject().put("enabled", false));
    }
    ClusterView view = cluster.view();
    List<NodeAddress> nodes = nodes(view);
    List<Future<JsonObject>> asked = new ArrayList<>();
    for (NodeAddress node : nodes) {
      asked.add(node.id().equals(view.self()) ? NodeFigures.of(server)
          : view.isUp(node.id()) ? NodeStatsVerticle.ask(ctx.vertx(), node.id(), ASK_TIMEOUT_MS)
          : Future.failedFuture("down"));
    }
    // join, not all: the answer waits for every node, and one that failed only loses its figures.
    return Future.join(asked).transform(ignored -> {
      JsonArray list = new JsonArray();
      Map<String, JsonArray> ranges = ranges(view.table());
      for (int i = 0; i < nodes.size(); i++) {
        Future<JsonObject> figures = asked.get(i);
        list.add(node(view, nodes.get(i), ranges).put("stats", figures.succeeded() ? figures.result() : null));
      }
      return Future.succeededFuture(summary(view).put("nodes", list));
    });
  }

  private JsonObject summary(ClusterView view) {
    ClusterFigures figures = ClusterFigures.of(view);
    return new JsonObject()
        .put("enabled", true)
        .put("self", view.self())
        .put("state", figures.ok() ? "ok" : "fail")
        .put("epoch", figures.epoch())
        .put("routing", server.config().clusterForwards() ? "forward" : "redirect")
        .put("knownNodes", figures.knownNodes())
        .put("nodesUp", figures.nodesUp())
        .put("slotsAssigned", figures.slotsAssigned())
        .put("slotsOk", figures.slotsOk())
        .put("migratingSlots", figures.migratingSlots())
        .put("forwardedBatches", server.forwarding().forwardedBatches());
  }

  /**
   * Every node announced, and any owner of slots not announced (yet): the table may name a node
   * whose address this node has not read, and its slots must still show.
   */
  private static List<NodeAddress> nodes(ClusterView view) {
    TreeSet<NodeAddress> sorted = new TreeSet<>(BY_ADDRESS);
    sorted.addAll(view.nodes().values());
    for (String owner : view.table().owners()) {
      if (!view.nodes().containsKey(owner)) {
        sorted.add(new NodeAddress(owner, "", 0, 0, 0, 0, 0, 0, false, ""));
      }
    }
    return new ArrayList<>(sorted);
  }

  private static JsonObject node(ClusterView view, NodeAddress node, Map<String, JsonArray> ranges) {
    JsonArray owned = ranges.getOrDefault(node.id(), new JsonArray());
    int slots = 0;
    for (int i = 0; i < owned.size(); i++) {
      JsonArray range = owned.getJsonArray(i);
      slots += range.getInteger(1) - range.getInteger(0) + 1;
    }
    return new JsonObject()
        .put("id", node.id())
        .put("host", node.host())
        .put("port", node.port())
        .put("pizzariaPort", node.pizzariaPort())
        .put("httpPort", node.httpPort())
        .put("up", view.isUp(node.id()))
        .put("leaving", node.leaving())
        .put("self", node.id().equals(view.self()))
        .put("slots", slots)
        .put("ranges", owned);
  }

  /** Each owner's ranges as [[first, last], ...], in slot order. */
  private static Map<String, JsonArray> ranges(SlotOwners table) {
    Map<String, JsonArray> ranges = new LinkedHashMap<>();
    for (SlotOwners.SlotRange range : table.ranges()) {
      ranges.computeIfAbsent(range.node(), node -> new JsonArray()).add(new JsonArray().add(range.first()).add(range.last()));
    }
    return ranges;
  }
}

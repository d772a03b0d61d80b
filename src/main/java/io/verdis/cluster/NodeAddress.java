package io.verdis.cluster;

import io.vertx.core.json.JsonObject;

/**
 * Where a node is reached, as it announces itself in the Hazelcast map {@code verdis.nodes}:
 * its RESP, cluster (Hazelcast member: the "cport" CLUSTER NODES shows, as Redis's bus port),
 * Pizzaria and HTTP ports at its announced address, how many event loops take
 * forwarded commands (one bus address each), whether it is leaving (handing its slots away
 * before it stops), and the incarnation (process) that announced it: a node restarted with its id
 * is a new incarnation, and counts as up only once that one has announced itself, after its data
 * loaded, rather than on the previous process's entry.
 */
public record NodeAddress(String id, String host, int port, int clusterPort, int pizzariaPort, int httpPort,
                          int busLoops, boolean leaving, String incarnation) {

  public String hostPort() {
    return host + ":" + port;
  }

  public NodeAddress leavingNow() {
    return new NodeAddress(id, host, port, clusterPort, pizzariaPort, httpPort, busLoops, true, incarnation);
  }

  /** Whether this entry was announced by the process {@code incarnation} (an entry of a version before incarnations: yes). */
  boolean announcedBy(String incarnation) {
    return this.incarnation.isEmpty() || this.incarnation.equals(incarnation);
  }

  String toJson() {
    return new JsonObject()
        .put("id", id).put("host", host).put("port", port).put("clusterPort", clusterPort)
        .put("pizzariaPort", pizzariaPort)
        .put("httpPort", httpPort).put("busLoops", busLoops).put("leaving", leaving).put("incarnation", incarnation)
        .encode();
  }

  static NodeAddress fromJson(String json) {
    JsonObject o = new JsonObject(json);
    int port = o.getInteger("port");
    // A node of an earlier version did not announce its cluster port: Redis's default offset.
    return new NodeAddress(o.getString("id"), o.getString("host"), port, o.getInteger("clusterPort", port + 10000),
        o.getInteger("pizzariaPort"), o.getInteger("httpPort"), o.getInteger("busLoops"),
        o.getBoolean("leaving", false), o.getString("incarnation", ""));
  }
}

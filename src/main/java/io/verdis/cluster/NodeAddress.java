package io.verdis.cluster;

import io.vertx.core.json.JsonObject;

/**
 * Where a node is reached, as it announces itself in the Hazelcast map {@code verdis.nodes}:
 * its RESP port (the TLS port under tls-cluster) and its plaintext RESP port (the same port
 * without tls-cluster; under it Redis's "pport", 0 when the node listens on no plaintext port), cluster (Hazelcast member: the "cport" CLUSTER NODES shows, as Redis's bus port),
 * Pizzaria and HTTP ports at its announced address, how many event loops take
 * forwarded commands (one bus address each), whether it is leaving (handing its slots away
 * before it stops), and the incarnation (process) that announced it: a node restarted with its id
 * is a new incarnation, and counts as up only once that one has announced itself, after its data
 * loaded, rather than on the previous process's entry.
 */
public record NodeAddress(String id, String host, int port, int plaintextPort, int clusterPort, int pizzariaPort,
                          int httpPort, int busLoops, boolean leaving, String incarnation) {

  public String hostPort() {
    return host + ":" + port;
  }

  /**
   * The port a client is sent to (MOVED, CLUSTER SLOTS/SHARDS/NODES): as Redis 7.0 with
   * tls-cluster, a plaintext client is given the plaintext port when the node has one, a TLS
   * client the TLS port.
   */
  public int clientPort(boolean tlsClient) {
    return !tlsClient && plaintextPort != 0 ? plaintextPort : port;
  }

  /** Whether the node announced itself under tls-cluster. */
  public boolean tls() {
    return plaintextPort != port;
  }

  public NodeAddress leavingNow() {
    return new NodeAddress(id, host, port, plaintextPort, clusterPort, pizzariaPort, httpPort, busLoops, true,
        incarnation);
  }

  /** Whether this entry was announced by the process {@code incarnation} (an entry of a version before incarnations: yes). */
  boolean announcedBy(String incarnation) {
    return this.incarnation.isEmpty() || this.incarnation.equals(incarnation);
  }

  String toJson() {
    return new JsonObject()
        .put("id", id).put("host", host).put("port", port).put("plaintextPort", plaintextPort)
        .put("clusterPort", clusterPort)
        .put("pizzariaPort", pizzariaPort)
        .put("httpPort", httpPort).put("busLoops", busLoops).put("leaving", leaving).put("incarnation", incarnation)
        .encode();
  }

  static NodeAddress fromJson(String json) {
    JsonObject o = new JsonObject(json);
    int port = o.getInteger("port");
    // A node of an earlier version did not announce its cluster port: Redis's default offset.
    return new NodeAddress(o.getString("id"), o.getString("host"), port, o.getInteger("plaintextPort", port),
        o.getInteger("clusterPort", port + 10000),
        o.getInteger("pizzariaPort"), o.getInteger("httpPort"), o.getInteger("busLoops"),
        o.getBoolean("leaving", false), o.getString("incarnation", ""));
  }
}

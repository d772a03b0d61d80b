package io.verdis.cluster;

import io.vertx.core.json.JsonObject;

/**
 * Where a node is reached, as it announces itself in the Hazelcast map {@code verdis.nodes}:
 * its RESP, Pizzaria and HTTP ports at its announced address, how many event loops take
 * forwarded commands (one bus address each), and whether it is leaving (handing its slots away
 * before it stops).
 */
public record NodeAddress(String id, String host, int port, int pizzariaPort, int httpPort, int busLoops,
                          boolean leaving) {

  public String hostPort() {
    return host + ":" + port;
  }

  public NodeAddress leavingNow() {
    return new NodeAddress(id, host, port, pizzariaPort, httpPort, busLoops, true);
  }

  String toJson() {
    return new JsonObject()
        .put("id", id).put("host", host).put("port", port).put("pizzariaPort", pizzariaPort)
        .put("httpPort", httpPort).put("busLoops", busLoops).put("leaving", leaving)
        .encode();
  }

  static NodeAddress fromJson(String json) {
    JsonObject o = new JsonObject(json);
    return new NodeAddress(o.getString("id"), o.getString("host"), o.getInteger("port"),
        o.getInteger("pizzariaPort"), o.getInteger("httpPort"), o.getInteger("busLoops"),
        o.getBoolean("leaving", false));
  }
}

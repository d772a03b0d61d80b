package io.verdis.cluster;

import io.vertx.core.Context;

import java.util.HashMap;
import java.util.Map;

/** The links one client connection holds to other nodes, made on first use; used on its event loop only. */
public final class ConnectionLinks {
  private final Forwarding forwarding;
  private final Context context;
  private final boolean pizzaria;
  private final Map<String, NodeLink> byNode = new HashMap<>(4);

  public ConnectionLinks(Forwarding forwarding, Context context, boolean pizzaria) {
    this.forwarding = forwarding;
    this.context = context;
    this.pizzaria = pizzaria;
  }

  public NodeLink to(String node) {
    return byNode.computeIfAbsent(node, id -> forwarding.link(id, context, pizzaria));
  }

  /** The connection closed: every session it had on other nodes ends. */
  public void closeAll() {
    byNode.values().forEach(NodeLink::close);
    byNode.clear();
  }
}

package io.verdis.command.cluster;

import io.verdis.cluster.ClusterView;
import io.verdis.cluster.NodeAddress;
import io.verdis.cluster.SlotOwners.SlotRange;
import io.verdis.net.RespWriter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * CLUSTER SLOTS, SHARDS and NODES: one {@link ClusterView} in the three shapes Redis 7.0 gives
 * it, the ones cluster-aware clients parse to route keys themselves (Jedis and the Vert.x client
 * read SLOTS, Lettuce NODES, newer clients SHARDS). Every node is a master in SLOTS and NODES: the
 * copies of its slots that other nodes keep (cluster-replicas) are not separate nodes a client
 * could send reads to, and a NODES line has one role per node. SHARDS lists each owner's followers
 * in its shard as replicas, CLUSTER REPLICAS as replica lines.
 *
 * <p>The nodes shown are the slot owners (down ones too: their slots are down with them, as a
 * failed master's in Redis) and the nodes up now; a node that is down and owns nothing has left
 * the cluster (scaled down), as a node Redis was told to FORGET.
 */
final class ClusterTopology {
  /** Redis's endpoint for a node whose address is unknown (NET_IP_STR_LEN is never "?"). */
  private static final String UNKNOWN_ENDPOINT = "?";

  private final ClusterView view;
  /** Whether the asking client speaks TLS: under tls-cluster it is shown TLS ports, others plaintext ones. */
  private final boolean tlsClient;
  /** Node id → its slot ranges, slot owners in the order of their first slot, then the other nodes up. */
  private final Map<String, List<SlotRange>> shards = new LinkedHashMap<>();

  ClusterTopology(ClusterView view, boolean tlsClient) {
    this.view = view;
    this.tlsClient = tlsClient;
    for (SlotRange range : view.table().ranges()) {
      shards.computeIfAbsent(range.node(), node -> new ArrayList<>()).add(range);
    }
    for (String node : new TreeSet<>(view.up())) {
      shards.putIfAbsent(node, List.of());
    }
  }

  /** CLUSTER SLOTS: per contiguous range, [start, end, [endpoint, port, id, {metadata}]] in slot order. */
  void slots(RespWriter out) {
    List<SlotRange> ranges = view.table().ranges();
    out.array(ranges.size());
    for (SlotRange range : ranges) {
      out.array(3);
      out.integer(range.first());
      out.integer(range.last());
      NodeAddress address = view.nodes().get(range.node());
      out.array(4);
      out.bulk(address == null ? UNKNOWN_ENDPOINT : address.host());
      out.integer(address == null ? 0 : address.clientPort(tlsClient));
      out.bulk(range.node());
      out.map(0); // Redis 7.0's networking metadata: only a hostname, and Verdis announces none
    }
  }

  /**
   * CLUSTER SHARDS (7.0): per shard a map of "slots" (flat start/end pairs) and "nodes", each node a
   * map of id, port, ip, endpoint, role, replication-offset, health: the owner as "master", then
   * the nodes keeping a copy of its slots (cluster-replicas) as "replica" — a node may so appear in
   * several shards, master of its own. No "hostname": Verdis announces none, and Redis leaves the
   * field out then.
   */
  void shards(RespWriter out) {
    out.array(shards.size());
    shards.forEach((node, ranges) -> {
      out.map(2);
      out.bulk("slots");
      out.array(ranges.size() * 2);
      for (SlotRange range : ranges) {
        out.integer(range.first());
        out.integer(range.last());
      }
      out.bulk("nodes");
      List<String> followers = view.table().followersOf(node);
      out.array(1 + followers.size());
      shardNode(out, node, "master");
      for (String follower : followers) {
        shardNode(out, follower, "replica");
      }
    });
  }

  private void shardNode(RespWriter out, String node, String role) {
    NodeAddress address = view.nodes().get(node);
    String host = address == null ? UNKNOWN_ENDPOINT : address.host();
    // Redis 7.0 under tls-cluster: "port" is the plaintext port (left out when there is none),
    // "tls-port" the TLS one, whichever kind of client asks.
    boolean tls = address != null && address.tls();
    boolean plaintext = !tls || address.plaintextPort() != 0;
    out.map(6 + (plaintext ? 1 : 0) + (tls ? 1 : 0));
    out.bulk("id");
    out.bulk(node);
    if (plaintext) {
      out.bulk("port");
      out.integer(address == null ? 0 : address.clientPort(false));
    }
    if (tls) {
      out.bulk("tls-port");
      out.integer(address.port());
    }
    out.bulk("ip");
    out.bulk(host);
    out.bulk("endpoint");
    out.bulk(host);
    out.bulk("role");
    out.bulk(role);
    out.bulk("replication-offset");
    out.integer(0);
    out.bulk("health");
    out.bulk(view.isUp(node) ? "online" : "fail");
  }

  /**
   * CLUSTER NODES: one line per node, Redis 7.0's
   * {@code <id> <ip:port@cport> <flags> <master> <ping-sent> <pong-recv> <config-epoch> <link-state> <slot> ...}.
   * The slot table has one epoch for the whole cluster, so every node shows it as its config epoch;
   * a node up answered "just now" (pong-recv), as Hazelcast's heartbeats keep it a member.
   */
  String nodes(long nowMs) {
    StringBuilder text = new StringBuilder(128 * shards.size());
    shards.forEach((node, ranges) -> {
      boolean up = view.isUp(node);
      line(text, node, node.equals(view.self()) ? "myself,master" : up ? "master" : "master,fail", "-", nowMs);
      for (SlotRange range : ranges) {
        text.append(' ').append(range.first());
        if (range.last() != range.first()) {
          text.append('-').append(range.last());
        }
      }
      text.append('\n');
    });
    return text.toString();
  }

  /**
   * CLUSTER REPLICAS: the nodes keeping a copy of {@code owner}'s slots (cluster-replicas), each
   * as a replica line naming {@code owner} as its master. They are masters of their own slots in
   * CLUSTER NODES: a Verdis node is both, which Redis Cluster's one-role-per-node lines cannot say.
   */
  List<String> replicas(String owner, long nowMs) {
    List<String> lines = new ArrayList<>();
    for (String follower : view.table().followersOf(owner)) {
      StringBuilder text = new StringBuilder(128);
      line(text, follower, view.isUp(follower) ? "slave" : "slave,fail", owner, nowMs);
      lines.add(text.toString()); // no newline: Redis's clusterGenNodeDescription, as REPLICAS sends it
    }
    return lines;
  }

  /** The fields of a CLUSTER NODES line up to the link state. */
  private void line(StringBuilder text, String node, String flags, String master, long nowMs) {
    NodeAddress address = view.nodes().get(node);
    boolean up = view.isUp(node);
    text.append(node).append(' ');
    if (address == null) {
      text.append(":0@0");
    } else {
      text.append(address.host()).append(':').append(address.clientPort(tlsClient)).append('@').append(address.clusterPort());
    }
    text.append(' ').append(flags).append(' ').append(master).append(" 0 ").append(up ? nowMs : 0)
        .append(' ').append(view.table().epoch())
        .append(up ? " connected" : " disconnected");
  }

  /** Whether {@code node} is one CLUSTER NODES shows (REPLICAS and COUNT-FAILURE-REPORTS name one). */
  boolean knows(String node) {
    return shards.containsKey(node);
  }
}

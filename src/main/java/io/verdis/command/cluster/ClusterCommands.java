package io.verdis.command.cluster;

import io.verdis.cluster.Cluster;
import io.verdis.cluster.ClusterView;
import io.verdis.cluster.SlotOwners;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandException;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.shard.SlotTable;

import static io.verdis.command.CommandFlag.LOADING;
import static io.verdis.command.CommandFlag.STALE;

/**
 * CLUSTER and its subcommands, in Redis Cluster's reply formats, over this node's {@link Cluster}
 * view. A standalone node answers as a Redis without cluster support.
 */
public final class ClusterCommands {
  static final String DISABLED = "ERR This instance has cluster support disabled";

  private ClusterCommands() {
  }

  /** This node's cluster, or Redis's error for a node that is not in one. */
  static Cluster cluster(ClientCall c) {
    Cluster cluster = c.server().cluster();
    if (cluster == null) {
      throw new CommandException(DISABLED);
    }
    return cluster;
  }

  static void info(ClientCall c) {
    Cluster cluster = cluster(c);
    ClusterView view = cluster.view();
    SlotOwners table = view.table();
    int assigned = 0;
    int ok = 0;
    for (int slot = 0; slot < SlotOwners.SLOTS; slot++) {
      if (table.isAssigned(slot)) {
        assigned++;
        if (view.slotUp(slot)) {
          ok++;
        }
      }
    }
    String text = "cluster_state:" + (view.ok() ? "ok" : "fail") + "\r\n"
        + "cluster_slots_assigned:" + assigned + "\r\n"
        + "cluster_slots_ok:" + ok + "\r\n"
        + "cluster_slots_pfail:0\r\n"
        + "cluster_slots_fail:" + (assigned - ok) + "\r\n"
        + "cluster_known_nodes:" + view.nodes().size() + "\r\n"
        + "cluster_size:" + table.owners().size() + "\r\n"
        + "cluster_current_epoch:" + table.epoch() + "\r\n"
        + "cluster_my_epoch:" + table.epoch() + "\r\n"
        + "cluster_stats_messages_sent:" + c.server().forwarding().forwardedBatches() + "\r\n"
        + "cluster_stats_messages_received:0\r\n"
        + "total_cluster_links_buffer_limit_exceeded:0\r\n"
        + "cluster_nodes_up:" + view.up().size() + "\r\n"
        + "cluster_my_slots:" + table.count(cluster.self()) + "\r\n"
        + "cluster_migrating_slots:" + view.frozen().cardinality() + "\r\n"
        + "cluster_routing:" + (c.server().config().clusterForwards() ? "forward" : "redirect") + "\r\n";
    c.reply().verbatim(text);
  }

  static void myid(ClientCall c) {
    c.reply().bulk(cluster(c).self());
  }

  /** CLUSTER KEYSLOT works on any node, as in Redis only where cluster support is on. */
  static void keyslot(ClientCall c) {
    cluster(c);
    c.reply().integer(SlotTable.slotOf(c.arg(2)));
  }

  public static void register(CommandTable.Builder table) {
    table.add(CommandSpec.container("cluster")
        .doc("A container for Redis Cluster commands.", "3.0.0", "cluster", "Depends on subcommand.")
        .sub(CommandSpec.client("info", 2, ClusterCommands::info).flags(LOADING, STALE)
            .doc("Returns information about the state of a node.", "3.0.0", "cluster", "O(1)"))
        .sub(CommandSpec.client("myid", 2, ClusterCommands::myid).flags(LOADING, STALE)
            .doc("Returns the ID of a node.", "3.0.0", "cluster", "O(1)"))
        .sub(CommandSpec.client("keyslot", 3, ClusterCommands::keyslot).flags(LOADING, STALE)
            .doc("Returns the hash slot for a key.", "3.0.0", "cluster", "O(N) where N is the number of bytes in the key")));
  }
}

package io.verdis.command.cluster;

import io.verdis.cluster.Cluster;
import io.verdis.cluster.ClusterFigures;
import io.verdis.cluster.ClusterView;
import io.verdis.cluster.ManualFailover;
import io.verdis.command.Args;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandException;
import io.verdis.command.CommandFlag;
import io.verdis.command.CommandSpec;
import io.verdis.command.CommandTable;
import io.verdis.command.Errors;
import io.verdis.shard.SlotTable;

import java.util.List;
import java.util.Locale;

import static io.verdis.command.CommandFlag.ADMIN;
import static io.verdis.command.CommandFlag.FAST;
import static io.verdis.command.CommandFlag.LOADING;
import static io.verdis.command.CommandFlag.NO_ASYNC_LOADING;
import static io.verdis.command.CommandFlag.NOSCRIPT;
import static io.verdis.command.CommandFlag.STALE;

/**
 * CLUSTER and its subcommands, and READONLY/READWRITE/ASKING, in Redis Cluster's reply formats,
 * over this node's {@link Cluster} view. A standalone node answers as a Redis without cluster
 * support. Verdis assigns and moves slots itself, so the subcommands with which an operator
 * changes a Redis Cluster's topology are refused with an error that says so.
 */
public final class ClusterCommands {
  static final String DISABLED = "ERR This instance has cluster support disabled";
  private static final List<String> HELP = List.of(
      "CLUSTER <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "COUNTKEYSINSLOT <slot>",
      "    Return the number of keys in <slot>.",
      "GETKEYSINSLOT <slot> <count>",
      "    Return key names stored by current node in a slot.",
      "INFO",
      "    Return information about the cluster.",
      "KEYSLOT <key>",
      "    Return the hash slot for <key>.",
      "MYID",
      "    Return the node id.",
      "NODES",
      "    Return cluster configuration seen by node. Output format:",
      "    <id> <ip:port> <flags> <master> <pings> <pongs> <epoch> <link> <slot> ...",
      "REPLICAS <node-id>",
      "    Return <node-id> replicas.",
      "SLOTS",
      "    Return information about slots range mappings. Each range is made of:",
      "    start, end, master and replicas IP addresses, ports and ids",
      "SHARDS",
      "    Return information about slot range mappings and the nodes associated with them.",
      "FAILOVER [FORCE|TAKEOVER]",
      "    Take over the slots of the nodes this one follows (cluster-replicas).",
      "LINKS",
      "    Return information about all network links between this node and its peers.",
      "    Output format is an array where each array element is a map containing attributes of a link",
      "HELP",
      "    Prints this help.",
      "Verdis assigns and moves slots itself: ADDSLOTS, ADDSLOTSRANGE, BUMPEPOCH, DELSLOTS,",
      "DELSLOTSRANGE, FLUSHSLOTS, FORGET, MEET, REPLICATE, RESET, SET-CONFIG-EPOCH and SETSLOT",
      "answer an error.");

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
    ClusterFigures figures = ClusterFigures.of(view);
    String text = "cluster_state:" + (figures.ok() ? "ok" : "fail") + "\r\n"
        + "cluster_slots_assigned:" + figures.slotsAssigned() + "\r\n"
        + "cluster_slots_ok:" + figures.slotsOk() + "\r\n"
        + "cluster_slots_pfail:0\r\n"
        + "cluster_slots_fail:" + (figures.slotsAssigned() - figures.slotsOk()) + "\r\n"
        + "cluster_known_nodes:" + figures.knownNodes() + "\r\n"
        + "cluster_size:" + view.table().owners().size() + "\r\n"
        + "cluster_current_epoch:" + figures.epoch() + "\r\n"
        + "cluster_my_epoch:" + figures.epoch() + "\r\n"
        + "cluster_stats_messages_sent:" + c.server().forwarding().forwardedBatches() + "\r\n"
        + "cluster_stats_messages_received:0\r\n"
        + "total_cluster_links_buffer_limit_exceeded:0\r\n"
        + "cluster_nodes_up:" + figures.nodesUp() + "\r\n"
        + "cluster_my_slots:" + figures.mySlots() + "\r\n"
        + "cluster_migrating_slots:" + figures.migratingSlots() + "\r\n"
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

  /** The cluster as this client is shown it: TLS ports to a TLS client under tls-cluster. */
  private static ClusterTopology topology(ClientCall c) {
    return new ClusterTopology(cluster(c).view(), c.session().encrypted());
  }

  static void slots(ClientCall c) {
    topology(c).slots(c.reply());
  }

  static void shards(ClientCall c) {
    topology(c).shards(c.reply());
  }

  static void nodes(ClientCall c) {
    c.reply().verbatim(topology(c).nodes(System.currentTimeMillis()));
  }

  /** REPLICAS/SLAVES: every node is a master without replicas (the replication issue brings them). */
  static void replicas(ClientCall c) {
    knownNode(c);
    List<String> lines = topology(c).replicas(Args.text(c.arg(2)), System.currentTimeMillis());
    c.reply().array(lines.size());
    for (String line : lines) {
      c.reply().bulk(line);
    }
  }

  /** Hazelcast's failure detector decides who is down: no node collects failure reports. */
  static void countFailureReports(ClientCall c) {
    knownNode(c);
    c.reply().integer(0);
  }

  private static void knownNode(ClientCall c) {
    String node = Args.text(c.arg(2));
    if (!topology(c).knows(node)) {
      throw new CommandException("ERR Unknown node " + node);
    }
  }

  /**
   * FAILOVER [FORCE|TAKEOVER] on a node that follows others: it takes over their slots
   * ({@link ManualFailover}); +OK once started, as Redis's.
   */
  static void failover(ClientCall c) {
    Cluster cluster = cluster(c);
    if (c.argc() > 3) {
      throw new CommandException(Errors.subcommandSyntax(Args.text(c.arg(1)), "CLUSTER"));
    }
    ManualFailover.Mode mode = ManualFailover.Mode.COORDINATED;
    if (c.argc() == 3) {
      if (Args.is(c.arg(2), "force")) {
        mode = ManualFailover.Mode.FORCE;
      } else if (Args.is(c.arg(2), "takeover")) {
        mode = ManualFailover.Mode.TAKEOVER;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    String refusal = ManualFailover.refusal(cluster.view(), mode);
    if (refusal != null) {
      throw new CommandException(refusal);
    }
    if (!ManualFailover.start(c.server(), mode)) {
      throw new CommandException(ManualFailover.IN_PROGRESS);
    }
    c.reply().ok();
  }

  /** Redis's links are its gossip bus sockets; Verdis's nodes talk through Hazelcast, which keeps no such list here. */
  static void links(ClientCall c) {
    cluster(c);
    c.reply().array(0);
  }

  /** The node's identity file is written whenever it changes: there is nothing left to save. */
  static void saveconfig(ClientCall c) {
    cluster(c);
    c.reply().ok();
  }

  static void help(ClientCall c) {
    cluster(c);
    c.reply().help(HELP);
  }

  /** ADDSLOTS, SETSLOT, MEET …: the coordinator assigns slots and Hazelcast finds the members. */
  static void refuse(ClientCall c) {
    cluster(c);
    throw new CommandException("ERR CLUSTER " + Args.text(c.arg(1)).toUpperCase(Locale.ROOT)
        + " is not supported: Verdis assigns and moves slots itself (nodes join through cluster-members"
        + " or Kubernetes discovery, see README \"Cluster\")");
  }

  /** READONLY: a flag for the replication issue's replica reads; with no replicas it changes nothing. */
  static void readonly(ClientCall c) {
    cluster(c);
    c.session().readOnly(true);
    c.reply().ok();
  }

  static void readwrite(ClientCall c) {
    cluster(c);
    c.session().readOnly(false);
    c.reply().ok();
  }

  /**
   * ASKING: +OK and nothing more. A slot moves by stop, copy and flip (its commands wait here
   * meanwhile), so there is never a slot half moved for which a node answers -ASK.
   */
  static void asking(ClientCall c) {
    cluster(c);
    c.reply().ok();
  }

  public static void register(CommandTable.Builder table) {
    CommandSpec.Builder cluster = CommandSpec.container("cluster")
        .doc("A container for Redis Cluster commands.", "3.0.0", "cluster", "Depends on subcommand.")
        .sub(CommandSpec.client("info", 2, ClusterCommands::info).flags(STALE)
            .doc("Returns information about the state of a node.", "3.0.0", "cluster", "O(1)"))
        .sub(CommandSpec.client("myid", 2, ClusterCommands::myid).flags(STALE)
            .doc("Returns the ID of a node.", "3.0.0", "cluster", "O(1)"))
        .sub(CommandSpec.client("keyslot", 3, ClusterCommands::keyslot).flags(STALE)
            .doc("Returns the hash slot for a key.", "3.0.0", "cluster", "O(N) where N is the number of bytes in the key"))
        .sub(CommandSpec.client("slots", 2, ClusterCommands::slots).flags(STALE)
            .doc("Returns the mapping of cluster slots to nodes.", "3.0.0", "cluster",
                "O(N) where N is the total number of Cluster nodes"))
        .sub(CommandSpec.client("shards", 2, ClusterCommands::shards).flags(STALE)
            .doc("Returns the mapping of cluster slots to shards.", "7.0.0", "cluster",
                "O(N) where N is the total number of cluster nodes"))
        .sub(CommandSpec.client("nodes", 2, ClusterCommands::nodes).flags(STALE)
            .doc("Returns the cluster configuration for a node.", "3.0.0", "cluster",
                "O(N) where N is the total number of Cluster nodes"))
        .sub(CommandSpec.client("countkeysinslot", 3, SlotKeys::count).flags(STALE)
            .doc("Returns the number of keys in a hash slot.", "3.0.0", "cluster",
                "O(N) where N is the number of keys in the shard holding the slot"))
        .sub(CommandSpec.client("getkeysinslot", 4, SlotKeys::get).flags(STALE)
            .doc("Returns the key names in a hash slot.", "3.0.0", "cluster",
                "O(N) where N is the number of keys in the shard holding the slot"))
        .sub(CommandSpec.client("replicas", 3, ClusterCommands::replicas).flags(ADMIN, STALE)
            .doc("Lists the replica nodes of a master node.", "5.0.0", "cluster", "O(1)"))
        .sub(CommandSpec.client("slaves", 3, ClusterCommands::replicas).flags(ADMIN, STALE)
            .doc("Lists the replica nodes of a master node.", "3.0.0", "cluster", "O(1)"))
        .sub(CommandSpec.client("count-failure-reports", 3, ClusterCommands::countFailureReports).flags(ADMIN, STALE)
            .doc("Returns the number of active failure reports active for a node.", "3.0.0", "cluster",
                "O(N) where N is the number of failure reports"))
        .sub(CommandSpec.client("links", 2, ClusterCommands::links).flags(STALE)
            .doc("Returns a list of all TCP links to and from peer nodes.", "7.0.0", "cluster",
                "O(N) where N is the total number of Cluster nodes"))
        .sub(CommandSpec.client("saveconfig", 2, ClusterCommands::saveconfig).flags(ADMIN, STALE, NO_ASYNC_LOADING)
            .doc("Forces a node to save the cluster configuration to disk.", "3.0.0", "cluster", "O(1)"))
        .sub(CommandSpec.client("failover", -2, ClusterCommands::failover).flags(ADMIN, STALE, NO_ASYNC_LOADING)
            .doc("Forces a replica to perform a manual failover of its master.", "3.0.0", "cluster", "O(1)"))
        .sub(CommandSpec.client("help", 2, ClusterCommands::help).flags(LOADING, STALE)
            .doc("Returns helpful text about the different subcommands.", "5.0.0", "cluster", "O(1)"));
    refused(cluster, "addslots", -3, "Assigns new hash slots to a node.", "3.0.0", ADMIN, STALE, NO_ASYNC_LOADING);
    refused(cluster, "addslotsrange", -4, "Assigns new hash slot ranges to a node.", "7.0.0", ADMIN, STALE, NO_ASYNC_LOADING);
    refused(cluster, "bumpepoch", 2, "Advances the cluster config epoch.", "3.0.0", ADMIN, STALE, NO_ASYNC_LOADING);
    refused(cluster, "delslots", -3, "Sets hash slots as unbound for a node.", "3.0.0", ADMIN, STALE, NO_ASYNC_LOADING);
    refused(cluster, "delslotsrange", -4, "Sets hash slot ranges as unbound for a node.", "7.0.0", ADMIN, STALE, NO_ASYNC_LOADING);
    refused(cluster, "flushslots", 2, "Deletes all slots information from a node.", "3.0.0", ADMIN, STALE, NO_ASYNC_LOADING);
    refused(cluster, "forget", 3, "Removes a node from the nodes table.", "3.0.0", ADMIN, STALE, NO_ASYNC_LOADING);
    refused(cluster, "meet", -4, "Forces a node to handshake with another node.", "3.0.0", ADMIN, STALE, NO_ASYNC_LOADING);
    refused(cluster, "replicate", 3, "Configure a node as replica of a master node.", "3.0.0", ADMIN, STALE, NO_ASYNC_LOADING);
    refused(cluster, "reset", -2, "Resets a node.", "3.0.0", ADMIN, NOSCRIPT, STALE);
    refused(cluster, "set-config-epoch", 3, "Sets the configuration epoch for a new node.", "3.0.0", ADMIN, STALE, NO_ASYNC_LOADING);
    refused(cluster, "setslot", -4, "Binds a hash slot to a node.", "3.0.0", ADMIN, STALE, NO_ASYNC_LOADING);
    table.add(cluster)
        .add(CommandSpec.client("readonly", 1, ClusterCommands::readonly).flags(FAST, LOADING, STALE)
            .doc("Enables read-only queries for a connection to a Redis Cluster replica node.", "3.0.0", "cluster", "O(1)"))
        .add(CommandSpec.client("readwrite", 1, ClusterCommands::readwrite).flags(FAST, LOADING, STALE)
            .doc("Enables read-write queries for a connection to a Redis Cluster replica node.", "3.0.0", "cluster", "O(1)"))
        .add(CommandSpec.client("asking", 1, ClusterCommands::asking).flags(FAST)
            .doc("Signals that a cluster client is following an -ASK redirect.", "3.0.0", "cluster", "O(1)"));
  }

  /** A topology-changing subcommand, declared with Redis's arity and flags so COMMAND lists it, then refused. */
  private static void refused(CommandSpec.Builder cluster, String name, int arity, String summary, String since,
      CommandFlag... flags) {
    cluster.sub(CommandSpec.client(name, arity, ClusterCommands::refuse).flags(flags)
        .doc(summary, since, "cluster", "O(N) where N is the number of slots or nodes named"));
  }
}

package io.verdis.cluster;

import io.verdis.net.TlsSettings;
import io.verdis.server.Config;
import io.verdis.server.InvalidValueException;
import io.verdis.server.ServerState;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How a node with {@code cluster-enabled yes} comes up and goes down. Before Vert.x starts: its
 * identity and the Hazelcast cluster manager (Vert.x joins the members while it starts). After
 * the shards have loaded its data: it announces itself, the coordinator gives it its share of the
 * slots, and {@link #ready()} turns true. On SIGTERM or SHUTDOWN it first hands its slots to the
 * others ({@link #leave()}).
 */
public final class ClusterStartup {
  private static final Logger LOG = Logger.getLogger(ClusterStartup.class.getName());
  /** Keeps Hazelcast's chatty INFO lines out of the server log (a strong reference: loggers are weakly held). */
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");
  /** Its warning that the CP subsystem is off: Verdis does not use it (see Cluster). */
  private static final Logger HAZELCAST_CP_LOG = Logger.getLogger("com.hazelcast.cp");
  private static final long LEAVE_POLL_MS = 100;

  private final Config config;
  private final NodeIdentity identity;
  private final String host;
  private final HazelcastClusterManager manager;
  private Cluster cluster;
  private Rebalancer rebalancer;
  private Followers followers;
  private OrphanSweeper sweeper;

  private ClusterStartup(Config config, NodeIdentity identity, String host, HazelcastClusterManager manager) {
    this.config = config;
    this.identity = identity;
    this.host = host;
    this.manager = manager;
  }

  /** Reads (or makes) the node's identity and prepares the cluster manager; nothing joins yet. */
  public static ClusterStartup prepare(Config config) {
    HAZELCAST_LOG.setLevel(Level.WARNING);
    HAZELCAST_CP_LOG.setLevel(Level.SEVERE);
    NodeIdentity identity = NodeIdentity.loadOrCreate(Path.of(config.dir()), config.clusterConfigFile());
    String host = announcedHost(config);
    String incarnation = java.util.UUID.randomUUID().toString();
    HazelcastClusterManager manager =
        new HazelcastClusterManager(HazelcastSetup.build(config, host, identity.id(), incarnation));
    LOG.info(() -> "Cluster node " + identity.id() + " joining cluster '" + config.clusterName() + "' at " + host + ":"
        + config.clusterPort() + " (" + discovery(config) + ")");
    return new ClusterStartup(config, identity, host, manager);
  }

  private static String discovery(Config config) {
    return config.clusterDiscovery().equals("kubernetes")
        ? "kubernetes DNS " + config.clusterKubernetesService()
        : "members " + (config.clusterMembers().isEmpty() ? "none" : String.join(" ", config.clusterMembers()));
  }

  public HazelcastClusterManager manager() {
    return manager;
  }

  /**
   * The event bus listens and announces itself on the node's address and {@code cluster-bus-port};
   * under tls-cluster it speaks mutual TLS with the tls-* certificates (read once: the event bus
   * cannot take new ones while it runs). Hazelcast's member port carries no keys or values (the
   * slot table, node addresses, heartbeats) and stays plaintext: TLS there is Hazelcast Enterprise's.
   */
  public VertxOptions withEventBus(VertxOptions options) {
    EventBusOptions bus = new EventBusOptions()
        .setHost(host).setPort(config.clusterBusPort())
        .setClusterPublicHost(host).setClusterPublicPort(config.clusterBusPort());
    if (config.tlsCluster()) {
      try {
        TlsSettings.applyTo(bus, TlsSettings.server(config, null), TlsSettings.client(config, null));
      } catch (InvalidValueException e) {
        throw new IllegalStateException("Failed to configure TLS: " + e.reason(), e);
      }
    }
    return options.setEventBusOptions(bus);
  }

  /** Once Vert.x runs: the cluster and forwarding objects every verticle reaches through {@code server}. */
  public void attach(ServerState server, Vertx vertx, int busLoops) {
    cluster = new Cluster(identity, vertx, config.clusterNodeTimeout());
    server.attachCluster(cluster, new Forwarding(cluster, vertx.eventBus(), busLoops));
    followers = new Followers(server, cluster, vertx);
    sweeper = new OrphanSweeper(server, cluster);
  }

  /** The bus loops and the control address (before the data loads: other nodes may already forward here). */
  public Future<Void> deploy(ServerState server, Vertx vertx, int busLoops) {
    List<Future<?>> deployed = new ArrayList<>();
    for (int loop = 0; loop < busLoops; loop++) {
      deployed.add(vertx.deployVerticle(new ClusterBusVerticle(server, loop)));
    }
    deployed.add(vertx.deployVerticle(new Control(server, followers), new DeploymentOptions()));
    deployed.add(vertx.deployVerticle(new ClusterPubSub(server)));
    deployed.add(vertx.deployVerticle(new NodeStatsVerticle(server)));
    return Future.all(deployed).mapEmpty();
  }

  /** After the data has loaded: announces this node and follows the cluster; done once it has a slot table. */
  public Future<Void> join(ServerState server, Vertx vertx) {
    // Redis's deriveAnnouncedPorts: under tls-cluster the TLS port is the node's port, the
    // plaintext one (if it listens on one) the "pport" plaintext clients are given.
    int port = config.tlsCluster() ? config.clusterAnnounceTlsPort() : config.clusterAnnouncePort();
    int plaintextPort = !config.tlsCluster() ? port : config.port() > 0 ? config.clusterAnnouncePort() : 0;
    NodeAddress me = new NodeAddress(identity.id(), host, port, plaintextPort, config.clusterPort(),
        config.pizzariaPort(), config.httpPort(), server.forwarding().busLoops(), false,
        manager.getHazelcastInstance().getCluster().getLocalMember().getAttribute(HazelcastSetup.INCARNATION_ATTRIBUTE));
    rebalancer = new Rebalancer(cluster, vertx, config::clusterReplicas);
    cluster.onViewChange(rebalancer::poke);
    cluster.onViewChange(followers::reconcile);
    cluster.onViewChangeInOrder(sweeper::viewChanged);
    return cluster.join(manager.getHazelcastInstance(), me, sweeper::sweepAtJoin)
        .compose(ignored -> {
          rebalancer.poke();
          vertx.setPeriodic(1000, id -> rebalancer.poke());
          return untilAssigned(vertx);
        })
        .onSuccess(ignored -> {
          ClusterView view = cluster.view();
          LOG.info(() -> "Cluster joined: " + view.up().size() + " nodes up, slot table epoch " + view.table().epoch()
              + ", this node owns " + view.table().count(cluster.self()) + " slots, cluster state "
              + (view.ok() ? "ok" : "fail"));
        });
  }

  private Future<Void> untilAssigned(Vertx vertx) {
    Promise<Void> assigned = Promise.promise();
    Runnable check = () -> {
      if (cluster.view().table().epoch() > 0) {
        assigned.tryComplete();
      }
    };
    cluster.onViewChange(check);
    check.run();
    return assigned.future();
  }

  /**
   * Hands every slot of this node to the others before it stops (SIGTERM, SHUTDOWN): announces
   * that it leaves, then waits until the coordinator has moved all its slots, or {@code timeoutMs}.
   * A node alone (or with no other node up) keeps its slots: they come back with its AOF.
   */
  public Future<Void> leave(Vertx vertx, long timeoutMs) {
    if (cluster == null || !cluster.joined()) {
      return Future.succeededFuture();
    }
    ClusterView view = cluster.view();
    boolean othersUp = view.up().stream().anyMatch(node -> !node.equals(cluster.self()));
    int owned = view.table().count(cluster.self());
    if (!othersUp || (owned == 0 && cluster.movesAway() == 0) || view.fenced()) {
      return Future.succeededFuture(); // fenced: no coordinator moves anything on this side of a cut
    }
    LOG.info(() -> "Handing " + owned + " slots to the other nodes before stopping");
    long deadline = System.currentTimeMillis() + timeoutMs;
    Promise<Void> done = Promise.promise();
    cluster.announceLeaving().onComplete(announced -> {
      rebalancer.poke();
      vertx.setPeriodic(LEAVE_POLL_MS, timer -> {
        int left = cluster.view().table().count(cluster.self());
        // The table gives a move's slots away before the move is over (the keys still to delete
        // here, the coordinator still to answer): stopping then left the coordinator waiting for
        // an answer that never came, and the keys in this node's AOF without their DELs.
        boolean moving = cluster.movesAway() > 0;
        if ((left == 0 || !anyNodeStaying()) && !moving || System.currentTimeMillis() > deadline) {
          vertx.cancelTimer(timer);
          if (left == 0) {
            LOG.info("All slots handed over");
          } else if (!anyNodeStaying()) {
            LOG.info("Every other node is leaving too: keeping " + left + " slots (they come back with this node's AOF)");
          } else {
            LOG.warning("Stopping with " + left + " slots not handed over (timed out)");
          }
          rebalancer.stop();
          done.tryComplete();
        }
      });
    });
    return done.future();
  }

  /** Closes this node's copies of the nodes it follows (after it handed its slots over). */
  public Future<Void> stopFollowing() {
    return followers == null ? Future.succeededFuture() : followers.stop();
  }

  /** Whether another node that is up is not leaving (one that could take this node's slots). */
  private boolean anyNodeStaying() {
    ClusterView view = cluster.view();
    for (String node : view.up()) {
      NodeAddress address = view.nodes().get(node);
      if (!node.equals(cluster.self()) && address != null && !address.leaving()) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code cluster-announce-ip}, or: 127.0.0.1 when every bind address is a loopback one, else
   * the first non-loopback IPv4 address of the machine.
   */
  static String announcedHost(Config config) {
    if (!config.clusterAnnounceIp().isEmpty()) {
      return config.clusterAnnounceIp();
    }
    boolean loopbackOnly = !config.bind().isEmpty();
    for (String bind : config.bind()) {
      String address = bind.startsWith("-") ? bind.substring(1) : bind;
      loopbackOnly &= address.startsWith("127.") || address.equals("::1") || address.equals("localhost");
    }
    if (loopbackOnly) {
      return "127.0.0.1";
    }
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address) {
            return address.getHostAddress();
          }
        }
      }
    } catch (SocketException e) {
      LOG.warning("cannot list network interfaces (" + e.getMessage() + "); announcing 127.0.0.1");
    }
    return "127.0.0.1";
  }
}

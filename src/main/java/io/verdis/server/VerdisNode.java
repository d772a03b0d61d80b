package io.verdis.server;

import io.verdis.client.AuthThrottle;
import io.verdis.cluster.ClusterStartup;
import io.verdis.client.ClientSession;
import io.verdis.command.Commands;
import io.verdis.metrics.NodeMetrics;
import io.verdis.net.NetVerticle;
import io.verdis.net.TlsListeners;
import io.verdis.net.TlsSettings;
import io.verdis.shard.ShardSet;
import io.verdis.shard.ShardVerticle;
import io.verdis.shard.SlotTable;
import io.verdis.web.WebVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.transport.Transport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One running Verdis node: a Vert.x instance with a ShardVerticle per shard, a NetVerticle per
 * event loop and the WebVerticle. Shards are deployed first, so they take the event loops in turn
 * (shard n on loop n mod loops) and each loop also carries a NetVerticle: a command for a shard
 * on the connection's own loop needs no thread wake-up. Once they listen, persistence loads the
 * dataset (clients get -LOADING meanwhile); the node counts as started when that is done.
 * Vert.x reports into the node's {@link NodeMetrics}, which the WebVerticle serves at /metrics.
 */
public final class VerdisNode {
  private final Vertx vertx;
  private final ServerState state;
  /** Cluster mode's start-up and leaving; null for a standalone node. */
  private final ClusterStartup cluster;
  /**
   * How the node lets go of Vert.x once stopped: closing it when the node made it, undeploying the
   * node's own verticle (and with it every verticle and timer the node started) when the caller's.
   */
  private Supplier<Future<Void>> release;
  /** Set once the node lets go of Vert.x: a later close answers with it instead of stopping twice. */
  private volatile Future<Void> released;

  private VerdisNode(Vertx vertx, ServerState state, ClusterStartup cluster) {
    this.vertx = vertx;
    this.state = state;
    this.cluster = cluster;
    this.release = vertx::close;
  }

  public static Future<VerdisNode> start(Config config) {
    int eventLoops = config.effectiveEventLoops();
    NodeMetrics metrics = new NodeMetrics();
    Transport transport = IoTransport.choose(config.ioTransport());
    VertxOptions options = new VertxOptions().setEventLoopPoolSize(eventLoops);
    IllegalStateException tlsProblem = tlsProblem(config);
    if (tlsProblem != null) {
      metrics.close();
      return Future.failedFuture(tlsProblem);
    }
    if (!config.clusterEnabled()) {
      Vertx vertx = metrics.createVertx(options, transport, config.metricsVertx());
      return startOn(vertx, config, metrics, transport, null, vertx::close);
    }
    ClusterStartup cluster;
    VertxOptions clustered;
    try {
      cluster = ClusterStartup.prepare(config);
      clustered = cluster.withEventBus(options);
    } catch (RuntimeException e) {
      metrics.close();
      return Future.failedFuture(e);
    }
    return metrics.createClusteredVertx(clustered, transport, config.metricsVertx(), cluster.manager())
        .recover(failure -> {
          metrics.close();
          return Future.failedFuture(failure);
        })
        .compose(vertx -> startOn(vertx, config, metrics, transport, cluster, vertx::close));
  }

  /**
   * Starts a standalone node on a Vert.x instance the caller owns (an application embedding
   * Verdis): the node lives in one verticle of its own, so stopping it undeploys that verticle and
   * leaves the caller's Vert.x running. Vert.x's own metrics are the caller's business: /metrics
   * then has Verdis's series only. A cluster node needs a clustered Vert.x of its own.
   */
  public static Future<VerdisNode> startOn(Vertx vertx, Config config) {
    if (config.clusterEnabled()) {
      return Future.failedFuture(new IllegalArgumentException(
          "a cluster node joins through a Vert.x instance of its own: start it with VerdisNode.start"));
    }
    IllegalStateException tlsProblem = tlsProblem(config);
    if (tlsProblem != null) {
      return Future.failedFuture(tlsProblem);
    }
    NodeMetrics metrics = new NodeMetrics();
    Transport transport = vertx.isNativeTransportEnabled() ? IoTransport.choose("auto") : Transport.NIO;
    // Built here, on the caller's thread: the first node in a JVM loads and initializes a good part
    // of Verdis's classes, for seconds on a busy machine, which an event loop must not wait for.
    VerdisNode node = assemble(vertx, config, metrics, transport, null);
    return vertx.deployVerticle(new NodeVerticle(node))
        .map(deploymentId -> {
          node.release = () -> vertx.undeploy(deploymentId);
          return node;
        });
  }

  /** As Redis's tlsConfigure at start: certificate files that cannot be used stop the start; null when fine. */
  private static IllegalStateException tlsProblem(Config config) {
    try {
      TlsSettings.check(config, null);
      return null;
    } catch (InvalidValueException e) {
      return new IllegalStateException("Failed to configure TLS: " + e.reason());
    }
  }

  /** The verticle that holds a node on a caller's Vert.x: everything the node deploys is its child. */
  private static final class NodeVerticle extends VerticleBase {
    private final VerdisNode node;

    NodeVerticle(VerdisNode node) {
      this.node = node;
    }

    @Override
    public Future<?> start() {
      // A failed start fails the deployment, and Vert.x undeploys what the node had deployed.
      return launch(node, Future::succeededFuture);
    }
  }

  private static Future<VerdisNode> startOn(Vertx vertx, Config config, NodeMetrics metrics, Transport transport,
                                            ClusterStartup cluster, Supplier<Future<Void>> release) {
    return launch(assemble(vertx, config, metrics, transport, cluster), release);
  }

  /** The node's state, before anything runs. */
  private static VerdisNode assemble(Vertx vertx, Config config, NodeMetrics metrics, Transport transport,
                                     ClusterStartup cluster) {
    ShardSet shards = new ShardSet(new SlotTable(config.shards()), config.databases(), vertx.eventBus());
    ServerState state = new ServerState(config, Commands.table(), shards, vertx, transport, metrics);
    metrics.bind(state);
    if (cluster != null) {
      cluster.attach(state, vertx, config.effectiveEventLoops());
    }
    VerdisNode node = new VerdisNode(vertx, state, cluster);
    state.onShutdown(options -> node.close(options));
    return node;
  }

  /** Deploys the node's verticles and loads its data; {@code release} lets go of Vert.x if that fails. */
  private static Future<VerdisNode> launch(VerdisNode node, Supplier<Future<Void>> release) {
    Vertx vertx = node.vertx;
    ServerState state = node.state;
    Config config = state.config();
    ClusterStartup cluster = node.cluster;
    NodeMetrics metrics = state.metrics();
    ShardSet shards = state.shards();
    int eventLoops = config.effectiveEventLoops();
    vertx.setPeriodic(100, id -> state.stats().sample(System.currentTimeMillis()));
    vertx.setPeriodic(1000, id -> closeIdleClients(state));
    vertx.setPeriodic(100, id -> state.clientsCron(System.currentTimeMillis()));
    vertx.setPeriodic(AuthThrottle.SWEEP_EVERY_MS, id -> state.authThrottle().sweep());
    TlsListeners tls = new TlsListeners(config, vertx);
    List<Future<?>> shardsReady = new ArrayList<>();
    for (int i = 0; i < shards.count(); i++) {
      shardsReady.add(vertx.deployVerticle(new ShardVerticle(state, i)));
    }
    return Future.all(shardsReady)
        .onSuccess(ignored -> metrics.startStats())
        .compose(ignored -> vertx.deployVerticle(() -> new NetVerticle(state, tls),
            new DeploymentOptions().setInstances(eventLoops)))
        .compose(ignored -> cluster != null ? cluster.deploy(state, vertx, eventLoops) : Future.succeededFuture())
        .compose(ignored -> config.httpPort() > 0
            ? vertx.deployVerticle(new WebVerticle(state, tls))
            : Future.succeededFuture())
        .compose(ignored -> state.persistence().start())
        .onSuccess(ignored -> state.replication().replicaOf().start())
        .compose(ignored -> cluster != null ? cluster.join(state, vertx) : Future.succeededFuture())
        .map(ignored -> node)
        .recover(failure -> release.get().transform(closed -> {
          metrics.close();
          return Future.failedFuture(failure);
        }));
  }

  /** The {@code timeout} directive: a client idle for longer is closed, as Redis's clientsCron does (but not a subscriber). */
  private static void closeIdleClients(ServerState state) {
    long timeoutMs = state.config().timeout() * 1000L;
    if (timeoutMs <= 0) {
      return;
    }
    long now = System.currentTimeMillis();
    for (ClientSession client : state.clients().all()) {
      // Subscribers and replicas wait for data, not commands: Redis never times them out.
      if (!client.isPubSub() && !client.replica() && now - client.lastInteractionMs() > timeoutMs) {
        client.kill();
      }
    }
  }

  public ServerState state() {
    return state;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** How long a cluster node stopping waits for its slots to be handed over (k8s/ gives it 120 s in all). */
  private static final long HAND_OVER_TIMEOUT_MS = 100_000;

  /** Stops without the final save (tests, a failed start). */
  public Future<Void> close() {
    return close(new ServerState.ShutdownOptions(false, true));
  }

  /**
   * Saves as the options say and flushes the AOF (failing, and leaving the node running, if
   * that fails), then closes every client and the shards.
   */
  public Future<Void> close(ServerState.ShutdownOptions options) {
    if (released != null) {
      return released; // stopped already (SHUTDOWN, then the embedding application's close)
    }
    Future<Void> handedOver = cluster == null ? Future.succeededFuture()
        : cluster.leave(vertx, HAND_OVER_TIMEOUT_MS).eventually(cluster::stopFollowing);
    return handedOver.compose(ignored -> state.persistence().shutdown(options.save(), options.nosave()))
        .compose(ignored -> {
          if (released == null) {
            state.clients().all().forEach(client -> client.kill());
            released = release.get().onComplete(closed -> state.metrics().close());
          }
          return released;
        });
  }
}

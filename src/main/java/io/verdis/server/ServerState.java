package io.verdis.server;

import io.verdis.client.AuthThrottle;
import io.verdis.client.ClientRegistry;
import io.verdis.command.CommandReference;
import io.verdis.command.CommandTable;
import io.verdis.metrics.NodeMetrics;
import io.verdis.net.CrossProtocolAttack;
import io.verdis.persist.Persistence;
import io.verdis.pubsub.KeyspaceEvents;
import io.verdis.pubsub.PubSubHub;
import io.verdis.shard.ShardSet;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.transport.Transport;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Function;

/** What every part of a running node shares: configuration, commands, shards, clients, counters. */
public final class ServerState {
  public static final String VERSION = "0.1.0";
  /**
   * The Redis version Verdis answers to in INFO, HELLO, Lua's redis.REDIS_VERSION and RDB files:
   * client libraries gate features on it, so it is the version whose command table Verdis
   * implements and describes, the redis-server its command reference was taken from (7.0.x).
   */
  public static final String REDIS_COMPATIBLE_VERSION = CommandReference.redisVersion();

  private final Config config;
  private final Transport transport;
  private final CommandTable commands;
  private final ShardSet shards;
  private final Vertx vertx;
  private final ClientRegistry clients = new ClientRegistry();
  private final io.verdis.client.Tracking tracking = new io.verdis.client.Tracking(clients);
  private final io.verdis.client.Monitors monitors = new io.verdis.client.Monitors();
  private final AuthThrottle authThrottle = new AuthThrottle();
  private final ServerStats stats = new ServerStats();
  private final io.verdis.client.ClientBufferPeaks clientBufferPeaks = new io.verdis.client.ClientBufferPeaks();
  private final io.verdis.client.ClientEviction clientEviction;
  private final SlowLog slowLog;
  private final LatencyMonitor latencyMonitor;
  private final long startMs = System.currentTimeMillis();
  private final String runId = randomRunId();
  private final Persistence persistence;
  private final PubSubHub pubsub = new PubSubHub();
  private final io.verdis.replication.Replication replication;
  private final io.verdis.client.ClientPause clientPause = new io.verdis.client.ClientPause(this);
  private final io.verdis.script.Scripting scripting = new io.verdis.script.Scripting(this);
  private final KeyspaceEvents keyspaceEvents;
  private final NodeMetrics metrics;
  private final CrossProtocolAttack crossProtocolAttack = new CrossProtocolAttack();
  private volatile io.verdis.cluster.Cluster cluster;
  private volatile io.verdis.cluster.Forwarding forwarding;
  private volatile Function<ShutdownOptions, Future<Void>> shutdown = options -> Future.succeededFuture();

  public ServerState(Config config, CommandTable commands, ShardSet shards, Vertx vertx, Transport transport,
                     NodeMetrics metrics) {
    this.config = config;
    this.transport = transport;
    this.metrics = metrics;
    this.commands = commands;
    this.shards = shards;
    this.vertx = vertx;
    this.slowLog = new SlowLog(config);
    this.clientEviction = new io.verdis.client.ClientEviction(clients, config::clientEvictionLimit, stats.evictedClients);
    this.latencyMonitor = new LatencyMonitor(config);
    this.persistence = new Persistence(this);
    this.replication = new io.verdis.replication.Replication(this);
    this.keyspaceEvents = new KeyspaceEvents(pubsub, config.notifyKeyspaceEvents());
    config.onChange("notify-keyspace-events", changed -> keyspaceEvents.flags(changed.notifyKeyspaceEvents()));
    this.acl = new io.verdis.acl.Acl(commands, clients, config::aclAllChannelsByDefault, config::acllogMaxLen);
    acl.updateDefaultPassword(config.requirepass());
    // As Redis's requirepass config: setting it makes it the default user's only password.
    config.onChange("requirepass", changed -> acl.updateDefaultPassword(changed.requirepass()));
    // CONFIG REWRITE writes the users as user lines, or drops those lines when an aclfile holds them.
    config.userLines(() -> config.aclfile().isEmpty() ? acl.describeAll() : java.util.List.of());
    if (!config.aclfile().isEmpty() && !config.users().isEmpty()) {
      throw new ConfigException("Configuring Redis with users defined in redis.conf and at the same setting an ACL "
          + "file path is invalid. This setup is very likely to lead to configuration errors and security holes, "
          + "please define either an ACL file or declare users directly in your redis.conf, but not both.");
    }
    String userErrors = acl.loadConfigured(config.users());
    if (userErrors != null) {
      throw new ConfigException(userErrors);
    }
    if (!config.aclfile().isEmpty()) {
      String errors = io.verdis.acl.AclFile.load(acl, config.aclfile(), new java.util.ArrayList<>());
      if (errors != null) {
        throw new ConfigException("Aborting Redis startup because of ACL errors: " + errors);
      }
    }
  }

  private final io.verdis.acl.Acl acl;

  /** The ACL users and log. */
  public io.verdis.acl.Acl acl() {
    return acl;
  }

  /** In cluster mode, before any verticle starts: the node's cluster and its forwarding of commands. */
  public void attachCluster(io.verdis.cluster.Cluster cluster, io.verdis.cluster.Forwarding forwarding) {
    this.cluster = cluster;
    this.forwarding = forwarding;
  }

  /** This node's cluster, or null for a standalone node. */
  public io.verdis.cluster.Cluster cluster() {
    return cluster;
  }

  /** How this node forwards commands to other nodes, or null for a standalone node. */
  public io.verdis.cluster.Forwarding forwarding() {
    return forwarding;
  }

  /** The network transport the event loops run on (INFO's multiplexing_api). */
  public Transport transport() {
    return transport;
  }

  public Config config() {
    return config;
  }

  public CommandTable commands() {
    return commands;
  }

  public ShardSet shards() {
    return shards;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** maxmemory-clients: closes the biggest clients when all of them take too much. */
  public io.verdis.client.ClientEviction clientEviction() {
    return clientEviction;
  }

  /** The clients' largest recent buffers (INFO clients). */
  public io.verdis.client.ClientBufferPeaks clientBufferPeaks() {
    return clientBufferPeaks;
  }

  /**
   * Every 100 ms, as Redis's clientsCron: the clients' buffer peaks, and client eviction for what
   * the connections' reports have not caught yet.
   */
  public void clientsCron(long nowMs) {
    clientBufferPeaks.sample(clients.unordered(), nowMs);
    clientEviction.evictIfOver();
  }

  public ClientRegistry clients() {
    return clients;
  }

  /** Client-side caching: how invalidations reach tracking clients (CLIENT TRACKING). */
  public io.verdis.client.Tracking tracking() {
    return tracking;
  }

  /** The clients in MONITOR mode, fed every command run here. */
  public io.verdis.client.Monitors monitors() {
    return monitors;
  }

  /** Password guessing, slowed per source address on every surface. */
  public AuthThrottle authThrottle() {
    return authThrottle;
  }

  public ServerStats stats() {
    return stats;
  }

  public SlowLog slowLog() {
    return slowLog;
  }

  public LatencyMonitor latencyMonitor() {
    return latencyMonitor;
  }

  public long startMs() {
    return startMs;
  }

  public String runId() {
    return runId;
  }

  public Persistence persistence() {
    return persistence;
  }

  /** This node as a primary: the replicas it feeds, the backlog, WAIT. */
  public io.verdis.replication.Replication replication() {
    return replication;
  }

  /** Pub/sub for RESP clients, WebSockets and keyspace notifications alike. */
  /** CLIENT PAUSE and FAILOVER's pause of the clients' commands. */
  public io.verdis.client.ClientPause clientPause() {
    return clientPause;
  }

  public io.verdis.script.Scripting scripting() {
    return scripting;
  }

  public PubSubHub pubsub() {
    return pubsub;
  }

  /** Keyspace notifications (notify-keyspace-events), published through {@link #pubsub()}. */
  public KeyspaceEvents keyspaceEvents() {
    return keyspaceEvents;
  }

  /** The Prometheus registry (/metrics) and the stats stream (/api/stats, channel __verdis__:stats). */
  public NodeMetrics metrics() {
    return metrics;
  }

  /** HTTP sent to the RESP or Pizzaria port: its warning is logged at most once a minute per node. */
  public CrossProtocolAttack crossProtocolAttack() {
    return crossProtocolAttack;
  }

  /** What SHUTDOWN's options ask of persistence: SAVE forces an RDB save, NOSAVE skips it. */
  public record ShutdownOptions(boolean save, boolean nosave) {
    public static final ShutdownOptions DEFAULT = new ShutdownOptions(false, false);
  }

  public void onShutdown(Function<ShutdownOptions, Future<Void>> action) {
    this.shutdown = action;
  }

  /**
   * Stops the node (SHUTDOWN, SIGTERM): the action the launcher installed. Fails, and the node
   * keeps running, when the final save fails (as Redis refuses to exit then).
   */
  public Future<Void> shutdown(ShutdownOptions options) {
    return shutdown.apply(options);
  }

  private static String randomRunId() {
    byte[] bytes = new byte[20];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}

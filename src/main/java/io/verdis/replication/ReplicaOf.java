package io.verdis.replication;

import io.verdis.client.ClientSession;
import io.verdis.command.CommandFlag;
import io.verdis.command.CommandSpec;
import io.verdis.command.Errors;
import io.verdis.persist.ReplicationInfo;
import io.verdis.server.Config;
import io.verdis.server.ServerState;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * This node as a replica (REPLICAOF host port, the {@code replicaof} directive): which primary it
 * follows, the link to it ({@link PrimaryLink}, made again whenever it drops, as Redis's
 * replicationCron reconnects every second), and what INFO, ROLE and the read-only refusal read.
 *
 * <p>What the link applied is counted here ({@link #appliedOffset}): the PSYNC after a dropped
 * link asks for the byte after it, so the primary sends only what was missed (Redis's cached
 * master). Shared state is volatile: INFO and the refusal read it from any event loop.
 */
public final class ReplicaOf {
  private static final Logger LOG = Logger.getLogger(ReplicaOf.class.getName());

  private final ServerState server;
  private final Config config;
  private final Replication replication;
  private final Context context;
  private volatile String host;
  private volatile int port;
  private volatile PrimaryLink link;
  /** The history to ask the primary to continue (null: none, PSYNC ? -1), and the offset applied in it. */
  private volatile String cachedId;
  private volatile long appliedOffset;
  /** When the link went down (0: it never was up since REPLICAOF). */
  private volatile long downSinceMs;
  /** The database the primary's commands ran in when the link dropped: +CONTINUE goes on there. */
  private volatile int streamDb;
  private boolean cronStarted;
  /**
   * Pauses of the primary's stream asked for and not yet lifted (snapshots, loads, a replica of
   * ours taking its snapshot): a count, so that one lifting does not restart a stream another
   * still needs stopped; a link opened meanwhile starts paused.
   */
  private final AtomicInteger applyPauses = new AtomicInteger();

  ReplicaOf(ServerState server, Replication replication) {
    this.server = server;
    this.config = server.config();
    this.replication = replication;
    this.context = server.vertx().getOrCreateContext();
  }

  /** At start-up: the {@code replicaof} directive, with no history to continue (Redis asks PSYNC ? -1). */
  public void start() {
    List<String> primary = config.replicaof();
    if (primary.size() != 2) {
      return;
    }
    ReplicationInfo saved = server.persistence().loadedReplication();
    if (saved != null) {
      // As Redis's loadDataFromDisk with the RDB's replication info: continue that history.
      LOG.info("Restored the replication ID and offset from the RDB: " + saved.replid() + ":" + saved.offset());
      replication.restoreHistory(saved.replid(), saved.offset());
      streamDb = saved.streamDb();
      follow(primary.get(0), Integer.parseInt(primary.get(1)), saved.replid(), saved.offset());
    } else {
      follow(primary.get(0), Integer.parseInt(primary.get(1)), null, 0);
    }
  }

  /**
   * REPLICAOF host port. False when this node already follows that primary (Redis answers
   * "+OK Already connected to specified master"). A node that was a primary offers its own history
   * to the new one, as Redis's replicationCacheMasterUsingMyself: a former replica of it continues.
   */
  public synchronized boolean replicaOf(String newHost, int newPort) {
    if (host != null && host.equalsIgnoreCase(newHost) && port == newPort) {
      return false;
    }
    boolean wasPrimary = host == null;
    dropLink();
    if (wasPrimary) {
      // Redis's disconnectAllBlockedClients: what they wait for would come from the primary now.
      for (ClientSession client : server.clients().all()) {
        client.unblock("UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)");
      }
    }
    if (wasPrimary) {
      follow(newHost, newPort, replication.replid(), replication.offset());
    } else {
      follow(newHost, newPort, cachedId, appliedOffset);
    }
    LOG.info("REPLICAOF " + newHost + ":" + newPort + " enabled (user request from client)");
    return true;
  }

  /** REPLICAOF NO ONE: a primary again, with a new history that continues the primary's (psync2). */
  public synchronized Future<Void> noOne() {
    if (host == null) {
      return Future.succeededFuture();
    }
    host = null;
    dropLink();
    config.replicaof(List.of());
    server.shards().onEveryShard(store -> store.clock().primaryExpires(false));
    LOG.info("MASTER MODE enabled (user request from client)");
    return replication.unfollow();
  }

  private void follow(String newHost, int newPort, String id, long offset) {
    host = newHost;
    port = newPort;
    cachedId = id;
    appliedOffset = offset;
    config.replicaof(List.of(newHost, Integer.toString(newPort)));
    replication.follow();
    server.shards().onEveryShard(store -> store.clock().primaryExpires(true));
    if (!cronStarted) {
      cronStarted = true;
      server.vertx().setPeriodic(1000, id2 -> context.runOnContext(ignored -> cron()));
    }
    connect();
  }

  private synchronized void connect() {
    if (host == null || link != null) {
      return;
    }
    LOG.info("Connecting to MASTER " + host + ":" + port);
    link = new PrimaryLink(server, this, host, port, cachedId, appliedOffset);
    link.start();
  }

  private void dropLink() {
    PrimaryLink current = link;
    link = null;
    if (current != null) {
      current.close();
      markDown(current);
    }
  }

  /** Once a second: reconnect a dropped link, and let the live one acknowledge and time out. */
  private void cron() {
    PrimaryLink current = link;
    if (current == null) {
      connect();
    } else {
      current.cron();
    }
  }

  // ---- Told by the link -------------------------------------------------------------------------

  /**
   * The link closed, from either side: the next cron tick makes a new one, continuing from here. A
   * FAILOVER handing over to this primary is aborted (this node becomes a primary again).
   */
  void linkClosed(PrimaryLink closed) {
    synchronized (this) {
      if (link != closed) {
        return;
      }
      link = null;
      markDown(closed);
    }
    handoverAnswered(false);
  }

  // ---- FAILOVER of this node as a primary -------------------------------------------------------

  /** FAILOVER's handover: follow the target, whose answer to PSYNC … FAILOVER ends or aborts it. */
  void failoverTo(String newHost, int newPort) {
    replicaOf(newHost, newPort);
  }

  /** Whether the PSYNC being sent is a FAILOVER's (the target promotes itself on it). */
  boolean handingOver() {
    return replication.failover().handingOver();
  }

  /** The target answered PSYNC … FAILOVER with +CONTINUE/+FULLRESYNC, or refused it or was lost. */
  void handoverAnswered(boolean accepted) {
    replication.failover().handshakeEnded(accepted);
  }

  /** master_link_down_since_seconds counts from the drop of a link that was up (-1 before any). */
  private void markDown(PrimaryLink closed) {
    if (closed.everConnected()) {
      downSinceMs = System.currentTimeMillis();
    }
  }

  void linkUpNow() {
    downSinceMs = 0;
  }

  /** +FULLRESYNC loaded: the primary's history is ours from its offset. */
  void synced(String id, long offset) {
    cachedId = id;
    appliedOffset = offset;
    replication.adoptHistory(id, offset);
  }

  /**
   * A full sync is about to flush the data: until the new RDB is loaded this node holds no
   * history at all (nothing to continue, nothing a cluster failover could promote).
   */
  void dataReplaced() {
    cachedId = null;
  }

  /** +CONTINUE, with the primary's replication id when it said one (psync2). */
  void continued(String id) {
    if (id != null) {
      cachedId = id;
    }
    replication.continueHistory(id);
  }

  /** Stream bytes applied (and proxied to our replicas) up to {@code offset}. */
  void applied(long offset) {
    appliedOffset = offset;
  }

  /** Where this replica is in its primary's history, for an RDB saved now (the stream paused), or null. */
  ReplicationInfo savedInfo() {
    String id = cachedId;
    if (host == null || id == null) {
      return null;
    }
    PrimaryLink current = link;
    return new ReplicationInfo(id, appliedOffset, current == null ? streamDb : current.streamDb());
  }

  void proxy(byte[] bytes) {
    replication.proxy(bytes);
  }

  int streamDb() {
    return streamDb;
  }

  void streamDb(int db) {
    streamDb = db;
  }

  long appliedOffset() {
    return appliedOffset;
  }

  String cachedId() {
    return cachedId;
  }

  /**
   * The primary's stream waits until the matching {@link #resumeApplying} (a snapshot, a load, a
   * replica of ours taking its snapshot: see Replication#fullSync); completes once what was sent
   * has run.
   */
  Future<Void> pauseApplying() {
    applyPauses.incrementAndGet();
    PrimaryLink current = link;
    return current == null ? Future.succeededFuture() : current.pauseApplying();
  }

  void resumeApplying() {
    if (applyPauses.updateAndGet(n -> Math.max(0, n - 1)) > 0) {
      return;
    }
    PrimaryLink current = link;
    if (current != null) {
      current.resumeApplying();
    }
  }

  /** Whether the stream's commands must wait now (read by the applier before it sends any). */
  boolean applyingPaused() {
    return applyPauses.get() > 0;
  }

  // ---- What clients see -------------------------------------------------------------------------

  /**
   * Whether this node holds a primary's data: a full sync completed (or a partial one continued a
   * history it had), so its offset means something (a cluster follower's copy is promotable).
   */
  public boolean hasPrimaryData() {
    return cachedId != null;
  }

  public boolean active() {
    return host != null;
  }

  public boolean linkUp() {
    PrimaryLink current = link;
    return current != null && current.state() == PrimaryLink.State.CONNECTED;
  }

  /**
   * Redis's processCommand checks for a replica: writes are refused while replica-read-only is on;
   * with the link down and replica-serve-stale-data off, all but the commands flagged stale.
   */
  public String refusal(CommandSpec spec) {
    if (host == null) {
      return null;
    }
    if (spec.has(CommandFlag.WRITE) && config.replicaReadOnly()) {
      return Errors.READONLY;
    }
    if (!config.replicaServeStaleData() && !linkUp() && !spec.has(CommandFlag.STALE)) {
      return Errors.MASTERDOWN;
    }
    return null;
  }

  /** What INFO replication and ROLE show of the replica side. */
  public record View(String host, int port, String linkState, boolean up, long lastIoSecondsAgo,
      boolean syncInProgress, long readOffset, long appliedOffset, long downSinceSeconds,
      long syncTotalBytes, long syncReadBytes, long syncLastIoSecondsAgo) {
  }

  /** Null while this node is a primary. */
  public View view() {
    String currentHost = host;
    if (currentHost == null) {
      return null;
    }
    long now = System.currentTimeMillis();
    PrimaryLink current = link;
    PrimaryLink.State state = current == null ? PrimaryLink.State.CONNECT : current.state();
    boolean up = state == PrimaryLink.State.CONNECTED;
    long lastIo = up ? (now - current.lastIoMs()) / 1000 : -1;
    long applied = up ? current.appliedOffset() : appliedOffset;
    long read = up ? current.readOffset() : appliedOffset;
    long down = downSinceMs == 0 ? -1 : (now - downSinceMs) / 1000;
    boolean syncing = state == PrimaryLink.State.TRANSFER;
    return new View(currentHost, port, state.roleName, up, lastIo, syncing, read, applied, down,
        syncing ? current.transferTotal() : 0, syncing ? current.transferRead() : 0,
        syncing ? (now - current.lastIoMs()) / 1000 : 0);
  }
}

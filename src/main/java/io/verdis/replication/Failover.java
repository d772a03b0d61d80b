package io.verdis.replication;

import io.verdis.client.ClientPause;
import io.verdis.command.CommandException;
import io.verdis.server.ServerState;
import io.vertx.core.Context;

import java.util.logging.Logger;

/**
 * FAILOVER on this node as a primary: Redis 6.2+'s coordinated switch. Writes are paused (CLIENT
 * PAUSE WRITE, a pause of its own), the target replica's acknowledged offset is awaited until it
 * equals ours, then this node becomes the target's replica and asks {@code PSYNC <replid>
 * <offset> FAILOVER}, which makes the target promote itself and continue us partially. The pause
 * lifts once the target answered: the held writes then get -READONLY, as in Redis. TIMEOUT aborts
 * the wait (or, with FORCE, fails over anyway); FAILOVER ABORT, or a target that refuses, makes
 * this node a primary again.
 *
 * <p>State changes happen under this object's lock; the checks run on the replication context,
 * at every acknowledgement and every {@link #CHECK_MS} (Redis checks in its event loop).
 */
public final class Failover {
  private static final Logger LOG = Logger.getLogger(Failover.class.getName());
  private static final long CHECK_MS = 100;

  /** Redis's failover states, as INFO's master_failover_state names them. */
  public enum State {
    NO_FAILOVER("no-failover"), WAIT_FOR_SYNC("waiting-for-sync"), IN_PROGRESS("failover-in-progress");

    public final String infoName;

    State(String infoName) {
      this.infoName = infoName;
    }
  }

  private final ServerState server;
  private final Replication replication;
  private final Context context;
  private volatile State state = State.NO_FAILOVER;
  private String targetHost;
  private int targetPort;
  /** When the wait ends (0: never). */
  private long endMs;
  private boolean force;
  private long timer = -1;

  Failover(ServerState server, Replication replication, Context context) {
    this.server = server;
    this.replication = replication;
    this.context = context;
  }

  public State state() {
    return state;
  }

  /**
   * FAILOVER [TO host port] [TIMEOUT ms] [FORCE], arguments already parsed: Redis's failoverCommand
   * checks, in its order, then the wait starts ({@code host} null: any replica that catches up).
   */
  public synchronized void start(String host, int port, long timeoutMs, boolean force) {
    if (state != State.NO_FAILOVER) {
      throw new CommandException("ERR FAILOVER already in progress.");
    }
    if (replication.replicaOf().active()) {
      throw new CommandException("ERR FAILOVER is not valid when server is a replica.");
    }
    if (replication.links().isEmpty()) {
      throw new CommandException("ERR FAILOVER requires connected replicas.");
    }
    if (force && (timeoutMs == 0 || host == null)) {
      throw new CommandException("ERR FAILOVER with force option requires both a timeout and target HOST and IP.");
    }
    if (host != null) {
      ReplicaLink target = find(host, port);
      if (target == null) {
        throw new CommandException("ERR FAILOVER target HOST and PORT is not a replica.");
      }
      if (target.state() != ReplicaLink.State.ONLINE) {
        throw new CommandException("ERR FAILOVER target replica is not online.");
      }
      LOG.info("FAILOVER requested to " + host + ":" + port + ".");
    } else {
      LOG.info("FAILOVER requested to any replica.");
    }
    targetHost = host;
    targetPort = port;
    endMs = timeoutMs == 0 ? 0 : System.currentTimeMillis() + timeoutMs;
    this.force = force;
    state = State.WAIT_FOR_SYNC;
    server.clientPause().pause(ClientPause.Purpose.FAILOVER, ClientPause.Mode.WRITE, Long.MAX_VALUE);
    timer = server.vertx().setPeriodic(CHECK_MS, id -> context.runOnContext(ignored -> check()));
  }

  /** FAILOVER ABORT. */
  public synchronized void abortByUser() {
    if (state == State.NO_FAILOVER) {
      throw new CommandException("ERR No failover in progress.");
    }
    abort("Failover manually aborted");
  }

  /** An acknowledgement arrived: the target may have caught up; on the replication context. */
  void acked() {
    if (state == State.WAIT_FOR_SYNC) {
      check();
    }
  }

  /**
   * Redis's updateFailoverStatus: past the timeout, abort (or with FORCE, fail over); else fail
   * over once the target (or, with no TO, any replica) acknowledged our whole stream.
   */
  private synchronized void check() {
    if (state != State.WAIT_FOR_SYNC) {
      return;
    }
    if (endMs != 0 && endMs <= System.currentTimeMillis()) {
      if (force) {
        LOG.info("FAILOVER to " + targetHost + ":" + targetPort + " time out exceeded, failing over.");
        handOver();
      } else {
        abort("Replica never caught up before timeout");
      }
      return;
    }
    long offset = replication.offset();
    ReplicaLink caughtUp = null;
    if (targetHost != null) {
      ReplicaLink target = find(targetHost, targetPort);
      caughtUp = target != null && target.ackOffset() == offset ? target : null;
    } else {
      for (ReplicaLink link : replication.links()) {
        if (link.ackOffset() == offset) {
          caughtUp = link;
          targetHost = link.ip();
          targetPort = link.handshake().listeningPort();
          break;
        }
      }
    }
    if (caughtUp != null) {
      LOG.info("Failover target " + targetHost + ":" + targetPort + " is synced, failing over.");
      handOver();
    }
  }

  /** This node follows the target, whose PSYNC FAILOVER answer decides the rest. */
  private void handOver() {
    state = State.IN_PROGRESS;
    stopChecking();
    String host = targetHost;
    int port = targetPort;
    // Outside this lock: ReplicaOf's is taken first when its link tells us how the handshake went.
    context.runOnContext(ignored -> replication.replicaOf().failoverTo(host, port));
  }

  /** Told by the link to the target: it accepted our PSYNC (done), or refused it or is gone (abort). */
  synchronized void handshakeEnded(boolean accepted) {
    if (state != State.IN_PROGRESS) {
      return;
    }
    if (accepted) {
      clear(true);
    } else {
      abort("Failover target rejected psync request");
    }
  }

  /** Whether the link being made to the target is the handover (PSYNC … FAILOVER). */
  boolean handingOver() {
    return state == State.IN_PROGRESS;
  }

  private void abort(String why) {
    if (targetHost != null) {
      LOG.info("FAILOVER to " + targetHost + ":" + targetPort + " aborted: " + why);
    } else {
      LOG.info("FAILOVER to any replica aborted: " + why);
    }
    if (state == State.IN_PROGRESS) {
      // A primary again before the held writes run (Redis's replicationUnsetMaster comes first).
      clear(false);
      context.runOnContext(ignored -> replication.replicaOf().noOne()
          .onComplete(primary -> server.clientPause().unpause(ClientPause.Purpose.FAILOVER)));
      return;
    }
    clear(true);
  }

  private void clear(boolean unpause) {
    stopChecking();
    state = State.NO_FAILOVER;
    targetHost = null;
    targetPort = 0;
    endMs = 0;
    force = false;
    if (unpause) {
      server.clientPause().unpause(ClientPause.Purpose.FAILOVER);
    }
  }

  private void stopChecking() {
    if (timer != -1) {
      server.vertx().cancelTimer(timer);
      timer = -1;
    }
  }

  /** The replica at host:port as it announced itself (Redis's findReplica: the same strings). */
  private ReplicaLink find(String host, int port) {
    for (ReplicaLink link : replication.links()) {
      if (link.ip().equalsIgnoreCase(host) && link.handshake().listeningPort() == port) {
        return link;
      }
    }
    return null;
  }
}

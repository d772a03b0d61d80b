package io.verdis.cluster;

import io.verdis.server.ServerState;
import io.vertx.core.Future;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * {@code CLUSTER FAILOVER [FORCE|TAKEOVER]} sent to a node that follows others (cluster-replicas):
 * it takes over the slots of the nodes it follows, as a Redis replica takes its master's.
 * <ul>
 *   <li>Without an option the owner, which must be up, hands them over itself, by a slot move
 *   (freeze, copy, table, delete): every write it acknowledged comes along, and commands in flight
 *   wait and go on to this node — Redis's coordinated failover, where the master stops writes until
 *   the replica has caught up.</li>
 *   <li>{@code FORCE} does without the owner, which may be unreachable: this node's copy is
 *   promoted as in an automatic failover. What the owner acknowledged after the copy's last
 *   applied write is lost with it, as with Redis's forced failover.</li>
 *   <li>{@code TAKEOVER} is {@code FORCE}: Redis's skips the cluster's vote, but in Verdis the one
 *   agreed slot table is the vote, and a node cut off from the majority cannot change it.</li>
 * </ul>
 * The reply is {@code +OK} at once and the outcome is logged, as Redis does. The coordinator keeps
 * the slots balanced, so it then moves a share back to the former owner (it is still a node that
 * owns slots); to take a node out of service, stop it (it hands its slots over first).
 */
public final class ManualFailover {
  private static final Logger LOG = Logger.getLogger(ManualFailover.class.getName());
  /** One manual failover at a time (a node runs in a JVM of its own; its copies are not clustered). */
  private static final AtomicBoolean RUNNING = new AtomicBoolean();
  public static final String IN_PROGRESS = "ERR A manual failover is already in progress on this node";

  /** The command's option. */
  public enum Mode { COORDINATED, FORCE, TAKEOVER }

  private ManualFailover() {
  }

  /** Why this node cannot start a failover now, in Redis's words where Redis has them; null when it can. */
  public static String refusal(ClusterView view, Mode mode) {
    List<String> followed = view.table().followedBy(view.self());
    if (followed.isEmpty()) {
      return "ERR You should send CLUSTER FAILOVER to a replica";
    }
    if (view.fenced()) {
      return "ERR This node does not reach a majority of the slot owners: no failover can be agreed now";
    }
    if (mode == Mode.COORDINATED && !followed.stream().allMatch(view::isUp)) {
      return "ERR Master is down or failed, please use CLUSTER FAILOVER FORCE";
    }
    return null;
  }

  /**
   * Takes over the slots of every node this one follows, one after the other; false (nothing
   * started) while an earlier one is still going: two at once could copy the same slots twice.
   */
  public static boolean start(ServerState server, Mode mode) {
    if (!RUNNING.compareAndSet(false, true)) {
      return false;
    }
    Cluster cluster = server.cluster();
    String self = cluster.self();
    Future<Void> chain = Future.succeededFuture();
    for (String owner : cluster.view().table().followedBy(self)) {
      chain = chain.compose(ignored -> takeOver(server, owner, mode)).recover(failure -> {
        LOG.warning("Manual failover (" + mode + ") of " + owner + " failed: " + failure.getMessage());
        return Future.succeededFuture();
      });
    }
    chain.onComplete(done -> RUNNING.set(false));
    return true;
  }

  private static Future<Void> takeOver(ServerState server, String owner, Mode mode) {
    Cluster cluster = server.cluster();
    int[] slots = cluster.view().table().slotsOf(owner);
    if (slots.length == 0) {
      return Future.succeededFuture();
    }
    LOG.warning("Manual failover (" + mode + ", user request): taking over the " + slots.length + " slots of "
        + owner);
    long started = System.currentTimeMillis();
    Future<?> done = mode == Mode.COORDINATED
        ? Control.move(server.vertx(), owner, slots, cluster.self())
        : Control.promote(server.vertx(), cluster.self(), owner, true);
    return done.onSuccess(answer -> LOG.warning("Manual failover (" + mode + ") of " + owner + " done: this node serves"
            + " its slots, " + answer + ", in " + (System.currentTimeMillis() - started) + " ms"))
        .mapEmpty();
  }
}

package io.verdis.cluster;

import io.verdis.server.ServerState;
import io.vertx.core.Future;

import java.util.BitSet;
import java.util.logging.Logger;

/**
 * Deletes keys this node holds in slots the agreed table gives another node, which happens when
 * the slots left without a move: a failover gave them to a follower while this node was down (it
 * comes back with its AOF), or two parts of a cluster merged. Such keys are stale, never served
 * (commands for those slots go to their owner), and would come back to life if the slots returned
 * here by a move; they are deleted with DEL records. Slots that leave by a move are the mover's
 * (they are frozen while they go, and it deletes their keys itself).
 *
 * <p>The deletes are queued on the shards as the table is published, in order with it: a move of
 * slots to this node reads the table here first (see SlotMover), so keys it brings in come after
 * the deletes for any table before, never before them.
 */
final class OrphanSweeper {
  private static final Logger LOG = Logger.getLogger(OrphanSweeper.class.getName());

  private final ServerState server;
  private final Cluster cluster;
  private SlotOwners seen;

  OrphanSweeper(ServerState server, Cluster cluster) {
    this.server = server;
    this.cluster = cluster;
  }

  /**
   * Before this node announces itself (nothing is moving here yet): every key in a slot the
   * table it knows gives another node goes. Blocking; a table of epoch 0 (no assignment yet) says nothing.
   */
  void sweepAtJoin() {
    ClusterView view = cluster.view();
    seen = view.table();
    if (seen.epoch() == 0) {
      return;
    }
    BitSet others = new BitSet(SlotOwners.SLOTS);
    for (int slot = 0; slot < SlotOwners.SLOTS; slot++) {
      if (!cluster.self().equals(seen.ownerOf(slot))) {
        others.set(slot);
      }
    }
    SlotKeys.delete(server, others).toCompletionStage().toCompletableFuture().join();
  }

  /**
   * After a change of the view, while it is published: slots this node owned and lost without
   * moving them are swept (the deletes queued, not waited for).
   */
  synchronized void viewChanged() {
    ClusterView view = cluster.view();
    SlotOwners before = seen;
    SlotOwners now = view.table();
    seen = now;
    // Any other table: a newer one, or an older one the cluster kept when two parts merged.
    if (before == null || now == before) {
      return;
    }
    BitSet lost = new BitSet(SlotOwners.SLOTS);
    for (int slot : before.slotsOf(cluster.self())) {
      if (!cluster.self().equals(now.ownerOf(slot)) && !view.frozen().get(slot)) {
        lost.set(slot);
      }
    }
    if (!lost.isEmpty()) {
      LOG.warning("The slot table (epoch " + now.epoch() + ") gave " + lost.cardinality()
          + " of this node's slots to other nodes without a move: deleting what this node held of them");
      Future<Void> swept = SlotKeys.delete(server, lost);
      swept.onFailure(failure -> LOG.warning("Deleting keys of lost slots failed: " + failure.getMessage()));
    }
  }
}

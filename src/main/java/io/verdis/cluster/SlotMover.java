package io.verdis.cluster;

import io.verdis.server.ServerState;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.BitSet;
import java.util.logging.Logger;

/**
 * Moves slots from this node to another, live, losing nothing and applying nothing twice:
 * <ol>
 *   <li>freeze the slots here: from now on the shards run no command of theirs (each goes back to
 *   its connection, which sends it on once the move is over); have the receiver read the table
 *   (see OrphanSweeper);</li>
 *   <li>take their keys on each shard's own thread, after every command that ran before the freeze
 *   (values in DUMP's format, TTLs as absolute times);</li>
 *   <li>RESTORE them on the new owner through a session of its that may write slots it is
 *   receiving: they go through its command path, so its AOF records them (fsynced under
 *   {@code appendfsync always}) before it answers, and its followers (cluster-replicas) get them,
 *   which it waits for (as WAIT, a few seconds at most);</li>
 *   <li>give the slots to the new owner in the agreed table (compare-and-set, at a new epoch), and
 *   have it read the table at once, so it serves them before anything is sent on to it;</li>
 *   <li>the held commands go to the new owner as soon as the table names it; the keys here are
 *   deleted, with DEL records, so a restart of this node does not bring them back, and only then
 *   are the slots unfrozen (so no count sees them on both nodes once the move is reported over).</li>
 * </ol>
 * If anything fails before the table changes, the slots simply stay here.
 */
final class SlotMover {
  private static final Logger LOG = Logger.getLogger(SlotMover.class.getName());

  private final ServerState server;
  private final Cluster cluster;
  private final Context context;

  SlotMover(ServerState server, Context context) {
    this.server = server;
    this.cluster = server.cluster();
    this.context = context;
  }

  /** What one move did, for the log and CLUSTER INFO. */
  record Moved(int slots, int keys, long bytes) {
  }

  Future<Moved> move(int[] slots, String target) {
    long started = System.currentTimeMillis();
    for (int slot : slots) {
      if (cluster.view().frozen().get(slot) || !cluster.view().servesHere(slot)) {
        // A coordinator that gave up waiting asks again while the first move still runs, or
        // asks for slots that already left: moving them twice would overwrite newer writes.
        return Future.failedFuture("slot " + slot + " is being moved already or is not served here");
      }
    }
    cluster.freeze(slots, true);
    BitSet moving = new BitSet(SlotOwners.SLOTS);
    for (int slot : slots) {
      moving.set(slot);
    }
    // The receiver reads the table first: if it lost slots without a move in a change it has not
    // seen yet (a forced failover), its deletes of them are queued before the keys sent here. It
    // refuses slots it is still moving away itself (their late delete would take the new keys).
    return Control.refreshBeforeReceiving(server.vertx(), target, slots)
        .compose(ignored -> SlotKeys.collect(server.shards(), moving, store -> store.slotsLeaving(moving::get)))
        .compose(entries -> SlotKeys.restore(server, context, entries, target).map(entries))
        .compose(entries -> receiverFollowersHave(target).map(entries))
        .compose(entries -> server.vertx().executeBlocking(() -> {
          giveAway(slots, target);
          return entries;
        }))
        .compose(entries -> Control.refresh(server.vertx(), target).map(entries))
        .compose(entries -> SlotKeys.delete(server, moving).map(entries))
        .onSuccess(entries -> cluster.freeze(slots, false))
        .map(entries -> {
          long bytes = 0;
          for (SlotKeys.Entry entry : entries) {
            bytes += entry.key().length + entry.payload().length;
          }
          Moved moved = new Moved(slots.length, entries.size(), bytes);
          long took = System.currentTimeMillis() - started;
          LOG.info(() -> "Moved " + moved.slots() + " slots (" + moved.keys() + " keys, " + moved.bytes()
              + " bytes) to " + target + " in " + took + " ms");
          return moved;
        })
        .recover(failure -> {
          boolean stayed = cluster.self().equals(cluster.view().table().ownerOf(slots[0]));
          LOG.warning("Moving " + slots.length + " slots to " + target + " failed"
              + (stayed ? ", they stay here: " : " after the table gave them away: ") + failure.getMessage());
          // Given away already: what is left of them here must go (with DELs, or a restart brings them back).
          Future<Void> cleaned = stayed ? Future.succeededFuture() : SlotKeys.delete(server, moving);
          return cleaned.eventually(() -> {
            cluster.freeze(slots, false);
            return Future.succeededFuture();
          }).compose(ignored -> Future.failedFuture(failure));
        });
  }

  /**
   * Until the receiver's own followers have the keys it just got (best effort, as WAIT): once the
   * table names it, losing it before they did would lose them. A receiver that does not know the
   * request (an older version, mid-upgrade) is not waited for.
   */
  private Future<Void> receiverFollowersHave(String target) {
    return Control.awaitFollowers(server.vertx(), target).recover(failure -> {
      LOG.warning("Could not wait for the followers of " + target + " to have the moved keys: " + failure.getMessage());
      return Future.succeededFuture();
    });
  }

  /** The agreed table change (blocking): the slots, still all this node's, become {@code target}'s. */
  private void giveAway(int[] slots, String target) {
    while (true) {
      SlotOwners current = cluster.agreedTable();
      for (int slot : slots) {
        if (!cluster.self().equals(current.ownerOf(slot))) {
          throw new IllegalStateException("slot " + slot + " is no longer this node's");
        }
      }
      if (cluster.compareAndSet(current, current.withOwner(slots, target))) {
        return;
      }
    }
  }
}

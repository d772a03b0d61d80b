package io.verdis.cluster;

import io.verdis.server.ServerState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The copies this node keeps of the nodes the slot table says it follows ({@link FollowerCopy}):
 * made when the table names this node a follower, pointed again when the followed node moves,
 * dropped when the table no longer names it — but kept while the followed node is down, since
 * the copy is then what a failover promotes. Everything happens on one context of its own.
 */
final class Followers {
  private static final Logger LOG = Logger.getLogger(Followers.class.getName());
  /** How long a promotion waits for this node's own followers to have the keys it brings in. */
  private static final long FOLLOWERS_ACK_MS = 5000;

  private final ServerState server;
  private final Cluster cluster;
  private final Context context;
  private final Map<String, FollowerCopy> copies = new HashMap<>();
  private final Map<String, NodeAddress> following = new HashMap<>();
  private final Set<String> starting = new HashSet<>();
  /** Owners whose copy is being promoted: no reconciliation touches it meanwhile. */
  private final Set<String> promoting = new HashSet<>();
  private boolean stopped;

  Followers(ServerState server, Cluster cluster, Vertx vertx) {
    this.server = server;
    this.cluster = cluster;
    this.context = vertx.getOrCreateContext();
    FollowerCopy.removeLeftovers(server.config());
  }

  /** After any change of the view: make, point or drop copies as the table says. */
  void reconcile() {
    context.runOnContext(ignored -> reconcileHere());
  }

  private void reconcileHere() {
    if (stopped) {
      return;
    }
    ClusterView view = cluster.view();
    Set<String> wanted = new HashSet<>(view.table().followedBy(cluster.self()));
    for (String owner : new ArrayList<>(copies.keySet())) {
      if (!wanted.contains(owner) && !promoting.contains(owner)) {
        FollowerCopy copy = copies.remove(owner);
        following.remove(owner);
        LOG.info(() -> "No longer following " + owner + ": its copy here is dropped");
        copy.close();
      }
    }
    for (String owner : wanted) {
      NodeAddress address = view.nodes().get(owner);
      if (address == null || starting.contains(owner) || promoting.contains(owner)) {
        continue;
      }
      FollowerCopy copy = copies.get(owner);
      if (copy == null) {
        start(owner, address);
      } else if (!sameEndpoint(following.get(owner), address)) {
        following.put(owner, address);
        copy.follow(address);
      }
    }
  }

  private static boolean sameEndpoint(NodeAddress a, NodeAddress b) {
    return a != null && a.host().equals(b.host()) && a.port() == b.port();
  }

  private void start(String owner, NodeAddress address) {
    starting.add(owner);
    LOG.info(() -> "Following " + owner + " at " + address.hostPort() + ": keeping a copy of its slots");
    NodeAddress self = cluster.view().nodes().get(cluster.self());
    FollowerCopy.start(server.config(), owner, address, self).onComplete(started -> context.runOnContext(ignored -> {
      starting.remove(owner);
      if (started.failed()) {
        LOG.warning("Could not start the copy of " + owner + ": " + started.cause().getMessage());
        return;
      }
      if (stopped) {
        started.result().close();
        return;
      }
      copies.put(owner, started.result());
      following.put(owner, address);
      reconcileHere();
    }));
  }

  /** What a failover asks each candidate: whether it has a copy of {@code owner} and how far it got. */
  Future<JsonObject> state(String owner) {
    return Future.future(promise -> context.runOnContext(ignored -> {
      FollowerCopy copy = copies.get(owner);
      boolean synced = copy != null && copy.synced();
      promise.complete(new JsonObject().put("synced", synced).put("offset", synced ? copy.appliedOffset() : -1)
          .put("promoting", promoting.contains(owner)));
    }));
  }

  /**
   * Takes over the slots of {@code lost}, which the cluster found gone: the copy stops following,
   * its keys are RESTOREd here through this node's importer session (so the AOF and this node's
   * own followers get them), this node's followers acknowledge them, and only then does the agreed
   * table give the slots to this node, so it never serves them half-copied. If the table change
   * fails (another node took them, or the lost node came back), the keys brought in are deleted again.
   * {@code forced} (CLUSTER FAILOVER FORCE): {@code lost} may still be up; it loses its slots all the
   * same, and what it acknowledged after the copy's last applied write with them.
   */
  Future<Integer> promote(String lost, boolean forced) {
    return Future.<FollowerCopy>future(promise -> context.runOnContext(ignored -> {
      FollowerCopy copy = copies.get(lost);
      if (copy == null || !copy.synced() || !promoting.add(lost)) {
        promise.fail("no copy of " + lost + " to promote here");
      } else {
        promise.complete(copy);
      }
    })).compose(copy -> {
      long started = System.currentTimeMillis();
      BitSet slots = slotsOf(cluster.view().table(), lost);
      return copy.stopFollowing()
          .compose(ignored -> copy.entries(slots))
          .compose(entries -> SlotKeys.restore(server, context, entries, cluster.self()).map(entries.size()))
          .compose(keys -> awaitOwnFollowers().map(keys))
          .compose(keys -> server.vertx().executeBlocking(() -> {
            takeOver(lost, slots, forced);
            return keys;
          }))
          .onSuccess(keys -> LOG.warning("Took over the " + slots.cardinality() + " slots of failed node " + lost
              + " with " + keys + " keys from this node's copy, in " + (System.currentTimeMillis() - started) + " ms"))
          .compose(keys -> notOwnedHere(slots).map(keys))
          .onSuccess(keys -> context.runOnContext(ignored -> {
            promoting.remove(lost);
            FollowerCopy promoted = copies.remove(lost);
            following.remove(lost);
            if (promoted != null) {
              promoted.close();
            }
            reconcileHere();
          }))
          .recover(failure -> {
            LOG.warning("Promotion of this node's copy of " + lost + " failed: " + failure.getMessage());
            Future<Void> cleaned = notOwnedHere(slots);
            // The copy stays (it is still the data a later attempt promotes); it follows again.
            context.runOnContext(ignored -> {
              promoting.remove(lost);
              following.remove(lost);
              reconcileHere();
            });
            return cleaned.compose(ignored -> Future.failedFuture(failure));
          });
    });
  }

  /**
   * Deletes what was brought in of {@code slots} that the table does not give this node (all of
   * them after a failed promotion; after one that succeeded, those that had left {@code lost}
   * meanwhile), so no key stays here that a later move of its slot here would bring back to life.
   */
  private Future<Void> notOwnedHere(BitSet slots) {
    BitSet others = (BitSet) slots.clone();
    SlotOwners table = cluster.view().table();
    for (int slot = others.nextSetBit(0); slot >= 0; slot = others.nextSetBit(slot + 1)) {
      if (cluster.self().equals(table.ownerOf(slot))) {
        others.clear(slot);
      }
    }
    return others.isEmpty() ? Future.succeededFuture() : SlotKeys.delete(server, others);
  }

  /**
   * Until this node's own followers (those up, with a copy that takes the stream) have acknowledged
   * what it applied so far — the keys a promotion or a slot move just brought in — or
   * {@link #FOLLOWERS_ACK_MS}: once the table names this node, losing it before they had them would
   * lose them. Best effort, as WAIT is: past the wait the table change goes on (the slots are
   * frozen or down meanwhile), with a warning. A follower still copying in full gets the keys in
   * its copy anyway, and is not waited for.
   */
  Future<Void> awaitOwnFollowers() {
    ClusterView view = cluster.view();
    int up = (int) view.table().followersOf(cluster.self()).stream().filter(view::isUp).count();
    int followers = Math.min(up, server.replication().onlineReplicas());
    if (followers == 0) {
      return Future.succeededFuture();
    }
    return server.replication().await(followers, FOLLOWERS_ACK_MS).map(acknowledged -> {
      if (acknowledged < followers) {
        LOG.warning("Only " + acknowledged + " of this node's " + followers + " followers acknowledged the keys it"
            + " takes over within " + FOLLOWERS_ACK_MS + " ms: taking over anyway");
      }
      return null;
    });
  }

  /**
   * The agreed table change (blocking): the slots of {@code lost} whose keys were brought in
   * ({@code copied}) become this node's. A slot that reached {@code lost} since stays its own.
   */
  private void takeOver(String lost, BitSet copied, boolean forced) {
    while (true) {
      if (!forced && cluster.view().isUp(lost)) {
        // It came back (restarted on its dir) while its keys were being copied here: it serves its
        // slots again, and the copy would overwrite what it has acknowledged since.
        throw new IllegalStateException(lost + " is up again");
      }
      SlotOwners current = cluster.agreedTable();
      if (current.count(lost) == 0 || !current.followersOf(lost).contains(cluster.self())) {
        throw new IllegalStateException("the table no longer gives " + lost + " slots this node follows");
      }
      BitSet still = slotsOf(current, lost);
      still.and(copied);
      if (still.isEmpty()) {
        throw new IllegalStateException(lost + " no longer owns any of the slots copied here");
      }
      if (cluster.compareAndSet(current, current.withPromotion(lost, still.stream().toArray(), cluster.self()))) {
        return;
      }
    }
  }

  private static BitSet slotsOf(SlotOwners table, String node) {
    BitSet slots = new BitSet(SlotOwners.SLOTS);
    for (int slot : table.slotsOf(node)) {
      slots.set(slot);
    }
    return slots;
  }

  /** The owners this node keeps a copy of now (CLUSTER REPLICAS, the dashboard). */
  Future<Map<String, JsonObject>> states() {
    return Future.future(promise -> context.runOnContext(ignored -> {
      Map<String, JsonObject> result = new HashMap<>();
      copies.forEach((owner, copy) -> result.put(owner, new JsonObject()
          .put("synced", copy.synced()).put("offset", copy.appliedOffset())));
      promise.complete(result);
    }));
  }

  /** Closes every copy (the node stops). */
  Future<Void> stop() {
    return Future.<List<FollowerCopy>>future(promise -> context.runOnContext(ignored -> {
      stopped = true;
      List<FollowerCopy> all = new ArrayList<>(copies.values());
      copies.clear();
      promise.complete(all);
    })).compose(all -> Future.all(all.stream().map(FollowerCopy::close).toList()).mapEmpty());
  }
}

package io.verdis.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import java.util.logging.Logger;

/**
 * What the assignment should be, decided on one node: the coordinator (Hazelcast's oldest member).
 * In order, one action per step:
 * <ol>
 *   <li>failover: the slots of an owner that is down go to the follower with a copy that applied
 *   most of its stream ({@link FailoverChoice}, {@link Followers#promote}); without such a follower
 *   they stay its own, down, until it returns;</li>
 *   <li>followers: each owner gets {@code cluster-replicas} of them ({@link FollowerPlacement});</li>
 *   <li>balance: every node that is up and not leaving gets an equal share of the slots of the
 *   nodes that are up; a leaving node's share is none. Slots with no owner are given out at once;
 *   others move a chunk at a time, each by its owner ({@link SlotMover}), one move at a time, so a
 *   cluster under load sees one short freeze after another rather than all at once.</li>
 * </ol>
 * The decision is made again after every change and every move, so a coordinator that fails
 * mid-way is simply replaced by the next oldest member.
 */
final class Rebalancer {
  private static final Logger LOG = Logger.getLogger(Rebalancer.class.getName());
  static final int CHUNK = 256;

  private final Cluster cluster;
  private final Vertx vertx;
  private final IntSupplier replicas;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();
  private volatile boolean stopped;

  Rebalancer(Cluster cluster, Vertx vertx, IntSupplier replicas) {
    this.cluster = cluster;
    this.vertx = vertx;
    this.replicas = replicas;
  }

  /** Something changed: look again (on a worker thread; one pass at a time). */
  void poke() {
    again.set(true);
    if (stopped || !running.compareAndSet(false, true)) {
      return;
    }
    vertx.executeBlocking(() -> {
      try {
        while (again.getAndSet(false) && !stopped) {
          while (!stopped && cluster.coordinates() && step()) {
            again.set(false);
          }
        }
      } catch (RuntimeException e) {
        LOG.warning("Rebalancing stopped for now: " + e);
      } finally {
        running.set(false);
      }
      return null;
    }, false);
  }

  void stop() {
    stopped = true;
  }

  /** One decision and its action (blocking); false when the assignment is as it should be. */
  private boolean step() {
    ClusterView view = cluster.view();
    if (view.fenced()) {
      // Cut off from the majority: what this side agreed would be undone by the merge (the larger
      // part's table wins), after keys had moved by it.
      return false;
    }
    List<String> eligible = new ArrayList<>();
    for (NodeAddress node : new TreeMap<>(view.nodes()).values()) {
      if (view.isUp(node.id()) && !node.leaving()) {
        eligible.add(node.id());
      }
    }
    if (eligible.isEmpty()) {
      return false;
    }
    SlotOwners table = cluster.agreedTable();
    if (table == null) {
      SlotOwners first = evenly(SlotOwners.empty(), eligible);
      if (cluster.compareAndSet(null, first)) {
        LOG.info(() -> "Slots assigned to " + eligible.size() + " nodes, epoch " + first.epoch());
      }
      return true;
    }
    if (!table.allAssigned()) {
      SlotOwners assigned = evenly(table, eligible);
      if (cluster.compareAndSet(table, assigned)) {
        LOG.info(() -> "Unassigned slots given out, epoch " + assigned.epoch());
      }
      return true;
    }
    for (String owner : table.owners()) {
      if (!view.isUp(owner) && !table.followersOf(owner).isEmpty() && failOver(view, table, owner)) {
        return true;
      }
    }
    Map<String, String> hosts = new HashMap<>();
    view.nodes().forEach((id, address) -> hosts.put(id, address.host()));
    SlotOwners placed = FollowerPlacement.place(table, replicas.getAsInt(), eligible, hosts, view.up(),
        (owner, follower) -> hasCompleteCopy(follower, owner));
    if (placed != table) {
      if (cluster.compareAndSet(table, placed)) {
        LOG.info(() -> "Followers placed, epoch " + placed.epoch() + ": " + placed);
      }
      return true;
    }
    return moveOneChunk(view, table, eligible);
  }

  /** Whether {@code follower} holds a complete copy of {@code owner} (blocking; false when it does not say). */
  private boolean hasCompleteCopy(String follower, String owner) {
    try {
      return Control.followState(vertx, follower, owner).toCompletionStage().toCompletableFuture()
          .get(Control.FOLLOW_STATE_TIMEOUT_MS + 1000, TimeUnit.MILLISECONDS).getBoolean("synced", false);
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * Gives the slots of {@code lost} to its best follower (blocking); false when none has a copy
   * to offer, or the promotion failed (the next step looks again).
   */
  private boolean failOver(ClusterView view, SlotOwners table, String lost) {
    Map<String, Long> applied = new HashMap<>();
    for (String follower : table.followersOf(lost)) {
      if (!view.isUp(follower)) {
        continue;
      }
      try {
        JsonObject state = Control.followState(vertx, follower, lost).toCompletionStage().toCompletableFuture()
            .get(Control.FOLLOW_STATE_TIMEOUT_MS + 1000, TimeUnit.MILLISECONDS);
        if (state.getBoolean("promoting", false)) {
          return false; // one promotion at a time: this one is still copying keys
        }
        if (state.getBoolean("synced", false)) {
          applied.put(follower, state.getLong("offset"));
        }
      } catch (Exception e) {
        LOG.warning("Follower " + follower + " of failed node " + lost + " did not say what it holds: " + e.getMessage());
      }
    }
    Optional<String> chosen = FailoverChoice.choose(table, lost, view.up(), applied);
    if (chosen.isEmpty()) {
      return false;
    }
    String follower = chosen.get();
    LOG.warning("Node " + lost + " failed: its follower " + follower + " (offset " + applied.get(follower)
        + ") takes over its " + table.count(lost) + " slots");
    try {
      awaitAnswer(Control.promote(vertx, follower, lost, false).toCompletionStage().toCompletableFuture(), follower,
          Control.PROMOTE_TIMEOUT_MS);
      return true;
    } catch (Exception e) {
      LOG.warning("Promotion of " + follower + " for " + lost + " failed: " + e.getMessage());
      return false;
    }
  }

  /**
   * Waits for a node's answer to a move or a promotion: at most {@code timeoutMs}, and no longer
   * than the node is up (one that died mid-way never answers, and while the coordinator waits
   * nothing else moves).
   */
  private void awaitAnswer(CompletableFuture<?> answer, String node, long timeoutMs) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (true) {
      try {
        answer.get(1, TimeUnit.SECONDS);
        return;
      } catch (TimeoutException notYet) {
        if (!cluster.view().isUp(node)) {
          throw new IllegalStateException(node + " went down before answering");
        }
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("no answer in " + timeoutMs + " ms");
        }
      }
    }
  }

  /** {@code table} with its unassigned slots spread over {@code nodes}, fewest first. */
  private static SlotOwners evenly(SlotOwners table, List<String> nodes) {
    List<Integer> free = new ArrayList<>();
    for (int slot = 0; slot < SlotOwners.SLOTS; slot++) {
      if (!table.isAssigned(slot)) {
        free.add(slot);
      }
    }
    SlotOwners result = table;
    int total = free.size();
    int from = 0;
    for (int i = 0; i < nodes.size(); i++) {
      int share = total / nodes.size() + (i < total % nodes.size() ? 1 : 0);
      int[] slots = free.subList(from, from + share).stream().mapToInt(Integer::intValue).toArray();
      from += share;
      result = result.withOwner(slots, nodes.get(i));
    }
    return result;
  }

  private boolean moveOneChunk(ClusterView view, SlotOwners table, List<String> eligible) {
    Map<String, Integer> counts = new HashMap<>();
    int movable = 0;
    for (String owner : table.owners()) {
      if (view.isUp(owner)) {
        int count = table.count(owner);
        counts.put(owner, count);
        movable += count;
      }
    }
    Map<String, Integer> targets = new HashMap<>();
    for (int i = 0; i < eligible.size(); i++) {
      targets.put(eligible.get(i), movable / eligible.size() + (i < movable % eligible.size() ? 1 : 0));
    }
    String donor = null;
    int surplus = 0;
    for (Map.Entry<String, Integer> owner : counts.entrySet()) {
      int excess = owner.getValue() - targets.getOrDefault(owner.getKey(), 0);
      if (excess > surplus) {
        donor = owner.getKey();
        surplus = excess;
      }
    }
    // The first node short of its share, in id order, until it has it all: it gets one contiguous
    // run of the donor's slots rather than every other chunk.
    String receiver = null;
    int deficit = 0;
    for (String node : eligible) {
      int missing = targets.get(node) - counts.getOrDefault(node, 0);
      if (missing > 0) {
        receiver = node;
        deficit = missing;
        break;
      }
    }
    if (donor == null || receiver == null) {
      return false;
    }
    int[] owned = table.slotsOf(donor);
    int n = Math.min(CHUNK, Math.min(surplus, deficit));
    int[] slots = Arrays.copyOfRange(owned, owned.length - n, owned.length);
    String from = donor;
    String to = receiver;
    LOG.info(() -> "Moving slots " + slots[0] + ".." + slots[slots.length - 1] + " (" + slots.length + ") from "
        + from + " to " + to);
    try {
      awaitAnswer(Control.move(vertx, donor, slots, receiver).toCompletionStage().toCompletableFuture(), donor,
          Control.MOVE_TIMEOUT_MS);
      return true;
    } catch (Exception e) {
      LOG.warning("Move of " + slots.length + " slots from " + from + " to " + to + " failed: " + e.getMessage());
      try {
        Thread.sleep(1000);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      return false;
    }
  }
}

package io.verdis.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * This node's part in the cluster: its id, the {@link ClusterView} every event loop routes by, and
 * the Hazelcast structures the view comes from.
 *
 * <ul>
 *   <li>{@code verdis.slots}, an IMap with one entry: the {@link SlotOwners} table. It only ever
 *   changes by {@code replace(key, expected, next)}, Hazelcast's compare-and-set on one entry,
 *   so a change is agreed by every node or by none; an entry listener brings each change to every
 *   node. (The CP subsystem would give the same with Raft, but needs at least three members and
 *   Hazelcast's enterprise persistence to survive a whole-cluster restart; each node keeps the last
 *   table it saw in its node file instead, and proposes it back.)</li>
 *   <li>{@code verdis.nodes}, an IMap: each node's {@link NodeAddress}.</li>
 *   <li>Membership: a node is up while a Hazelcast member carries its id as an attribute;
 *   Hazelcast's failure detector ({@code cluster-node-timeout}) decides when it is gone.</li>
 * </ul>
 * Calls into Hazelcast block, so they run on worker threads, never on an event loop.
 */
public final class Cluster {
  private static final Logger LOG = Logger.getLogger(Cluster.class.getName());
  static final String SLOTS_MAP = "verdis.slots";
  static final String NODES_MAP = "verdis.nodes";
  static final String TABLE_KEY = "owners";
  private static final long RESYNC_MS = 2000;
  /** The epoch of an older table the last resync found in the map, or -1 (see resync). */
  private long olderAgreed = -1;
  private final Object resyncLock = new Object();

  private final NodeIdentity identity;
  private final Vertx vertx;
  private final MajorityFence fence;
  /** A timer that ends the rejoin delay is set (see fence). */
  private boolean rejoinTimerSet;
  private final List<Runnable> viewListeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> orderedViewListeners = new CopyOnWriteArrayList<>();
  private final List<SlotWaiter> waiters = new ArrayList<>();
  private volatile ClusterView view;
  private volatile boolean joined;
  /** What this node announced of itself in verdis.nodes (leaving, once it is). */
  private volatile NodeAddress announced;
  /** Handing its slots away before it stops: no longer ready for new clients. */
  private volatile boolean leaving;
  /** Moves of slots away from here whose coordinator has not been answered yet (see movesAway). */
  private final AtomicInteger movesAway = new AtomicInteger();
  private HazelcastInstance hazelcast;
  private IMap<String, byte[]> slots;
  private IMap<String, String> nodes;

  public Cluster(NodeIdentity identity, Vertx vertx, long nodeTimeoutMs) {
    this.identity = identity;
    this.vertx = vertx;
    this.fence = new MajorityFence(nodeTimeoutMs);
    this.view = new ClusterView(identity.id(), SlotOwners.empty(), Map.of(), Set.of(), new BitSet(), false);
  }

  public String self() {
    return identity.id();
  }

  /** What this node knows now (never null; empty until it has joined). */
  public ClusterView view() {
    return view;
  }

  /** Whether this node has joined, announced itself and seen a slot table. */
  public boolean joined() {
    return joined;
  }

  /** Ready for clients: joined, the cluster has assigned its slots, and not leaving (readiness probe). */
  public boolean ready() {
    return joined && !leaving && view.table().epoch() > 0;
  }

  /** Runs {@code listener} (on whatever thread published it) after every change of the view. */
  public void onViewChange(Runnable listener) {
    viewListeners.add(listener);
  }

  /**
   * Runs {@code listener} after every change of the view, before the next change is published and
   * before the call that published it returns: {@code listener} must only hand work on, never block.
   * Whatever this node does after {@link #refreshTable()} then comes after what {@code listener}
   * handed on for the table read (see OrphanSweeper).
   */
  void onViewChangeInOrder(Runnable listener) {
    orderedViewListeners.add(listener);
  }

  /**
   * Joins: proposes the table this node saw last (a cluster restarted as a whole gets its
   * assignment back), reads the agreed one, runs {@code beforeAnnouncing} (blocking; nothing is
   * moved here before it is over), announces {@code me}, and follows the slot table, the nodes and
   * the members.
   */
  public Future<Void> join(HazelcastInstance hazelcast, NodeAddress me, Runnable beforeAnnouncing) {
    this.hazelcast = hazelcast;
    return vertx.executeBlocking(() -> {
      slots = hazelcast.getMap(SLOTS_MAP);
      nodes = hazelcast.getMap(NODES_MAP);
      slots.addEntryListener(new TableListener(), true);
      nodes.addEntryListener(new NodesListener(), true);
      hazelcast.getCluster().addMembershipListener(new Members());
      identity.lastTable().ifPresent(this::propose);
      refreshTable();
      beforeAnnouncing.run();
      announced = me;
      nodes.put(me.id(), me.toJson());
      refreshNodes();
      joined = true;
      vertx.setPeriodic(RESYNC_MS, id -> vertx.executeBlocking(() -> {
        resync();
        return null;
      }, false));
      return null;
    });
  }

  /**
   * Reads the nodes and the table again, whatever the listeners said: after two parts of a cluster
   * that formed apart (nodes started at once, a network split) merge, Hazelcast keeps the larger
   * part's entries without telling the listeners, and the table it kept is the truth even if this
   * node saw a later epoch in the part it was in.
   */
  private void resync() {
    // A node that formed a cluster of its own at start-up and merged into the others afterwards
    // lost its entry to the larger part's (Hazelcast keeps an existing entry on a merge): say again
    // who this node is, or the coordinator goes on seeing the entry of its previous run.
    String json = announced.toJson();
    if (!json.equals(nodes.get(self()))) {
      nodes.put(self(), json);
    }
    refreshNodes();
    byte[] bytes = slots.get(TABLE_KEY);
    if (bytes != null) {
      synchronized (resyncLock) {
        resync(SlotOwners.decode(bytes), bytes);
      }
    }
  }

  private void resync(SlotOwners agreed, byte[] bytes) {
    long mine = view.table().epoch();
    if (agreed.epoch() > mine) {
      olderAgreed = -1;
      adopt(agreed);
      return;
    }
    if (agreed.epoch() == mine && java.util.Arrays.equals(bytes, view.table().encode())) {
      olderAgreed = -1;
      return;
    }
    // Older than this node's, or as old but different (parts that formed apart both started at
    // epoch 1): a merge, or a read that raced this node's own change. Only a table found so twice
    // in a row is taken (this node's own change is in the map by then).
    if (olderAgreed != agreed.epoch()) {
      olderAgreed = agreed.epoch();
      return;
    }
    LOG.warning("The cluster's slot table (epoch " + agreed.epoch() + ") replaces this node's (epoch " + mine
        + "): the cluster had formed in parts that merged");
    olderAgreed = -1;
    publish(current -> current.withTable(agreed));
    identity.replace(agreed);
  }

  /** Puts {@code saved} in place of the cluster's table if the cluster has none or an older one. */
  private void propose(SlotOwners saved) {
    byte[] current = slots.putIfAbsent(TABLE_KEY, saved.encode());
    while (current != null && SlotOwners.decode(current).epoch() < saved.epoch()) {
      if (slots.replace(TABLE_KEY, current, saved.encode())) {
        LOG.info(() -> "Slot table restored from this node's file, epoch " + saved.epoch());
        return;
      }
      current = slots.get(TABLE_KEY);
    }
  }

  /** Reads the table from Hazelcast now (blocking) and publishes it if newer. */
  public void refreshTable() {
    byte[] bytes = slots.get(TABLE_KEY);
    if (bytes != null) {
      adopt(SlotOwners.decode(bytes));
    }
  }

  /** {@link #refreshTable()} from an event loop. */
  public Future<Void> refreshTableAsync() {
    return vertx.executeBlocking(() -> {
      refreshTable();
      return null;
    });
  }

  /** The table as Hazelcast holds it now (blocking), or null before the first assignment. */
  SlotOwners agreedTable() {
    byte[] bytes = slots.get(TABLE_KEY);
    return bytes == null ? null : SlotOwners.decode(bytes);
  }

  /**
   * Replaces the cluster's table {@code expected} by {@code next} (blocking); false when another
   * change came first. {@code expected} null: sets the first table, if there is none yet.
   */
  boolean compareAndSet(SlotOwners expected, SlotOwners next) {
    boolean done = expected == null
        ? slots.putIfAbsent(TABLE_KEY, next.encode()) == null
        : slots.replace(TABLE_KEY, expected.encode(), next.encode());
    if (done) {
      adopt(next);
    }
    return done;
  }

  private void adopt(SlotOwners table) {
    boolean newer = publish(current -> current.table().epoch() < table.epoch() ? current.withTable(table) : current);
    if (newer) {
      identity.remember(table);
    }
  }

  /** Marks {@code slotsToFreeze} as moving away (true) or not (false). */
  void freeze(int[] slotsToFreeze, boolean frozen) {
    publish(current -> {
      BitSet bits = (BitSet) current.frozen().clone();
      for (int slot : slotsToFreeze) {
        bits.set(slot, frozen);
      }
      return current.withFrozen(bits);
    });
  }

  /** Marks this node as leaving: the coordinator moves all its slots to the others. */
  Future<Void> announceLeaving() {
    leaving = true;
    announced = announced.leavingNow();
    return vertx.executeBlocking(() -> {
      nodes.put(self(), announced.toJson());
      return null;
    });
  }

  /** A coordinator asked this node to move slots away: until {@link #moveAnswered()}, it must not stop. */
  void moveStarted() {
    movesAway.incrementAndGet();
  }

  void moveAnswered() {
    movesAway.decrementAndGet();
  }

  /**
   * How many moves away from here have not answered their coordinator yet. The table names the new
   * owner before a move is over (its keys are still to be deleted here, then the coordinator
   * answered): a node leaving must wait for this to be 0 too, not only for the table.
   */
  int movesAway() {
    return movesAway.get();
  }

  HazelcastInstance hazelcast() {
    return hazelcast;
  }

  /** Whether this node is the cluster's coordinator: the oldest member, as Hazelcast orders them. */
  boolean coordinates() {
    Set<Member> members = hazelcast.getCluster().getMembers();
    return !members.isEmpty() && members.iterator().next().localMember();
  }

  /**
   * Calls {@code then} once {@code slot} is no longer moving away from here: the table names its
   * new owner, or the move failed and the slot is unfrozen. At once if it is not moving. Called on
   * the thread that publishes the change.
   */
  public void whenSettled(int slot, Runnable then) {
    synchronized (waiters) {
      if (moving(view, slot)) {
        waiters.add(new SlotWaiter(slot, then));
        return;
      }
    }
    then.run();
  }

  /** Frozen here while still this node's: a command for it must wait. */
  private static boolean moving(ClusterView view, int slot) {
    return view.frozen().get(slot) && view.self().equals(view.table().ownerOf(slot));
  }

  private record SlotWaiter(int slot, Runnable then) {
  }

  /** Publishes {@code change} of the view; returns whether it changed anything. */
  private boolean publish(UnaryOperator<ClusterView> change) {
    List<Runnable> settled = new ArrayList<>();
    synchronized (this) {
      ClusterView before = view;
      ClusterView after = fenceOf(change.apply(before));
      if (after == before) {
        return false;
      }
      if (after.fenced() != before.fenced()) {
        LOG.warning(after.fenced()
            ? "This node does not reach a majority of the " + after.table().owners().size() + " slot owners ("
                + after.up().size() + " nodes up): refusing keyed commands with CLUSTERDOWN"
            : "This node reaches a majority of the slot owners again: serving");
      }
      view = after;
      orderedViewListeners.forEach(Runnable::run);
      synchronized (waiters) {
        waiters.removeIf(waiter -> {
          if (!moving(after, waiter.slot())) {
            settled.add(waiter.then());
            return true;
          }
          return false;
        });
      }
    }
    settled.forEach(Runnable::run);
    viewListeners.forEach(Runnable::run);
    return true;
  }

  /**
   * {@code next} with the fence decided for it (under the publishing lock); while the rejoin delay
   * runs, a timer publishes the view again when it ends.
   */
  private ClusterView fenceOf(ClusterView next) {
    long now = System.currentTimeMillis();
    boolean fenced = fence.fenced(next.self(), next.table(), next.up(), now);
    long left = fence.rejoinLeft(now);
    if (fenced && !MajorityFence.minority(next.self(), next.table(), next.up()) && !rejoinTimerSet && left > 0) {
      rejoinTimerSet = true;
      // Back among the majority: read the table it agreed on meanwhile before serving again.
      vertx.executeBlocking(() -> {
        resync();
        return null;
      }, false);
      vertx.setTimer(left, id -> {
        synchronized (this) {
          rejoinTimerSet = false;
        }
        publish(current -> current);
      });
    }
    return next.withFenced(fenced);
  }

  private void refreshNodes() {
    Map<String, NodeAddress> known = new HashMap<>();
    nodes.forEach((id, json) -> known.put(id, NodeAddress.fromJson(json)));
    // Up: a member carries the node's id and has announced itself. A node restarting is a member
    // again at once, while its data still loads: until its new process announces itself, the entry
    // is its previous process's, and nothing may be moved to it or counted on it.
    Set<String> up = new HashSet<>();
    for (Member member : hazelcast.getCluster().getMembers()) {
      String id = member.getAttribute(HazelcastSetup.ID_ATTRIBUTE);
      NodeAddress address = id == null ? null : known.get(id);
      if (address != null && address.announcedBy(member.getAttribute(HazelcastSetup.INCARNATION_ATTRIBUTE))) {
        up.add(id);
      }
    }
    publish(current -> current.withNodes(Map.copyOf(known), Set.copyOf(up)));
  }

  private final class TableListener implements EntryAddedListener<String, byte[]>, EntryUpdatedListener<String, byte[]> {
    @Override
    public void entryAdded(EntryEvent<String, byte[]> event) {
      adopt(SlotOwners.decode(event.getValue()));
    }

    @Override
    public void entryUpdated(EntryEvent<String, byte[]> event) {
      adopt(SlotOwners.decode(event.getValue()));
    }
  }

  private final class NodesListener implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
      EntryRemovedListener<String, String> {
    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      refreshNodes();
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      refreshNodes();
    }

    @Override
    public void entryRemoved(EntryEvent<String, String> event) {
      refreshNodes();
    }
  }

  private final class Members implements MembershipListener {
    @Override
    public void memberAdded(MembershipEvent event) {
      String id = event.getMember().getAttribute(HazelcastSetup.ID_ATTRIBUTE);
      LOG.info(() -> "Node " + id + " (" + event.getMember().getAddress() + ") joined the cluster");
      vertx.executeBlocking(() -> {
        refreshNodes();
        return null;
      });
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
      String id = event.getMember().getAttribute(HazelcastSetup.ID_ATTRIBUTE);
      LOG.warning(() -> "Node " + id + " (" + event.getMember().getAddress() + ") left the cluster or failed");
      vertx.executeBlocking(() -> {
        refreshNodes();
        return null;
      });
    }
  }
}

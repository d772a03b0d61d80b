package io.verdis.cluster;

import io.netty.buffer.ByteBuf;
import io.verdis.metrics.LatencyBuckets;
import io.verdis.metrics.LatencyHistogram;
import io.vertx.core.Context;
import io.vertx.core.eventbus.EventBus;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * This node's side of forwarding: the links its connections hold to other nodes (see
 * {@link NodeLink}), found again by id when their replies come back on the bus, and failed when
 * the node they lead to goes down.
 */
public final class Forwarding {
  private final Cluster cluster;
  private final EventBus bus;
  private final int busLoops;
  private final Map<Long, NodeLink> links = new ConcurrentHashMap<>();
  /** Link ids start from the clock, so a node restarted quickly never reuses one the owner still knows. */
  private final AtomicLong nextId = new AtomicLong(System.currentTimeMillis() << 16);
  private final LongAdder forwardedBatches = new LongAdder();
  private final LongAdder forwardedCommands = new LongAdder();
  /** From a batch's sending to its last reply: what forwarding adds to a command's latency, and more. */
  private final LatencyHistogram forwardLatency = new LatencyHistogram(LatencyBuckets.PROMETHEUS);

  public Forwarding(Cluster cluster, EventBus bus, int busLoops) {
    this.cluster = cluster;
    this.bus = bus;
    this.busLoops = busLoops;
  }

  /** A link from a connection on {@code context} to {@code node}; a Pizzaria client's forwards Pizzaria's verbs. */
  public NodeLink link(String node, Context context, boolean pizzaria) {
    return new NodeLink(this, node, context, pizzaria ? BusFrames.PIZZARIA : 0);
  }

  /** A link for moving slots to {@code node}: its session there may write slots it is receiving. */
  NodeLink importerLink(String node, Context context) {
    return new NodeLink(this, node, context, BusFrames.IMPORTER);
  }

  public int busLoops() {
    return busLoops;
  }

  String self() {
    return cluster.self();
  }

  public long forwardedBatches() {
    return forwardedBatches.sum();
  }

  public long forwardedCommands() {
    return forwardedCommands.sum();
  }

  public LatencyHistogram forwardLatency() {
    return forwardLatency;
  }

  /** A batch of {@code commands} was forwarded, answered after {@code nanos}. */
  void answered(int commands, long nanos) {
    forwardedCommands.add(commands);
    forwardLatency.record(nanos);
  }

  long register(NodeLink link) {
    long id = nextId.incrementAndGet();
    links.put(id, link);
    return id;
  }

  void forget(NodeLink link) {
    links.remove(link.id(), link);
  }

  /** The bus loop of this node that gets the replies of link {@code id}. */
  int loopOf(long id) {
    return (int) Math.floorMod(id, (long) busLoops);
  }

  void sendTo(String node, long link, ByteBuf frame) {
    NodeAddress address = cluster.view().nodes().get(node);
    int loops = address == null ? 1 : Math.max(1, address.busLoops());
    forwardedBatches.increment();
    bus.send(BusFrames.in(node, (int) Math.floorMod(link, (long) loops)), BusFrames.wrap(frame));
  }

  /** A reply frame from another node, on one of this node's bus loops. */
  void onReply(ByteBuf frame) {
    NodeLink link = links.get(BusFrames.link(frame));
    if (link == null) {
      return; // its connection closed meanwhile
    }
    byte kind = BusFrames.kind(frame);
    long id = BusFrames.link(frame);
    link.context().runOnContext(ignored -> {
      if (link.id() != id) {
        return; // the link failed and started a new session meanwhile: this belongs to the old one
      }
      if (kind == BusFrames.REPLIES) {
        link.onReplies(frame);
      } else {
        link.fail(ClusterErrors.SESSION_LOST);
      }
    });
  }

  /**
   * {@code node} went down: what its links wait for will not come, and the sessions they had there
   * are gone (the next command opens a new one, on the node restarted or on the slots' next owner).
   */
  void nodeDown(String node) {
    links.values().forEach(link -> {
      if (link.node().equals(node)) {
        link.context().runOnContext(ignored -> link.fail(ClusterErrors.DOWN));
      }
    });
  }
}

package io.verdis.cluster;

import java.util.BitSet;
import java.util.Map;
import java.util.Set;

/**
 * What this node knows of the cluster at one moment, published whole (see {@link Cluster#view()}):
 * the agreed slot table, the nodes' addresses, which nodes are up, and the slots this node has
 * frozen while it moves them away (their commands wait until the move is done), and whether this
 * node is fenced off as the minority side of a network cut ({@link MajorityFence}). Immutable; every
 * event loop routes by the one it reads, with no lock.
 */
public final class ClusterView {
  private final String self;
  private final SlotOwners table;
  private final Map<String, NodeAddress> nodes;
  private final Set<String> up;
  private final BitSet frozen;
  private final boolean fenced;
  private final boolean ok;

  ClusterView(String self, SlotOwners table, Map<String, NodeAddress> nodes, Set<String> up, BitSet frozen,
              boolean fenced) {
    this.self = self;
    this.table = table;
    this.nodes = nodes;
    this.up = up;
    this.frozen = frozen;
    this.fenced = fenced;
    boolean allUp = table.allAssigned();
    for (String owner : table.owners()) {
      allUp &= up.contains(owner);
    }
    this.ok = allUp && !fenced;
  }

  public String self() {
    return self;
  }

  public SlotOwners table() {
    return table;
  }

  public Map<String, NodeAddress> nodes() {
    return nodes;
  }

  public Set<String> up() {
    return up;
  }

  public BitSet frozen() {
    return frozen;
  }

  /** Whether a command for {@code slot} runs here: this node owns it and is not moving it away. */
  public boolean servesHere(int slot) {
    return self.equals(table.ownerOf(slot)) && !frozen.get(slot);
  }

  public boolean isUp(String node) {
    return up.contains(node);
  }

  /**
   * Redis's cluster_state: ok when every slot has an owner, every owner is up, and this node is
   * not fenced off as a minority.
   */
  public boolean ok() {
    return ok;
  }

  /**
   * Whether this node reaches fewer than a majority of the slot owners (or has just come back from
   * that, see {@link MajorityFence}): it refuses every keyed command with -CLUSTERDOWN (reads too,
   * unless {@code cluster-allow-reads-when-down}), whatever {@code cluster-require-full-coverage} says.
   */
  public boolean fenced() {
    return fenced;
  }

  /** Whether {@code slot} can be served at all now: it has an owner and that owner is up. */
  public boolean slotUp(int slot) {
    String owner = table.ownerOf(slot);
    return owner != null && up.contains(owner);
  }

  ClusterView withTable(SlotOwners newTable) {
    return new ClusterView(self, newTable, nodes, up, frozen, fenced);
  }

  ClusterView withNodes(Map<String, NodeAddress> newNodes, Set<String> newUp) {
    return new ClusterView(self, table, newNodes, newUp, frozen, fenced);
  }

  ClusterView withFrozen(BitSet newFrozen) {
    return new ClusterView(self, table, nodes, up, newFrozen, fenced);
  }

  ClusterView withFenced(boolean newFenced) {
    return newFenced == fenced ? this : new ClusterView(self, table, nodes, up, frozen, newFenced);
  }
}

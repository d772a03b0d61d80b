package io.verdis.cluster;

import java.util.BitSet;
import java.util.Map;
import java.util.Set;

/**
 * What this node knows of the cluster at one moment, published whole (see {@link Cluster#view()}):
 * the agreed slot table, the nodes' addresses, which nodes are up, and the slots this node has
 * frozen while it moves them away (their commands wait until the move is done). Immutable; every
 * event loop routes by the one it reads, with no lock.
 */
public final class ClusterView {
  private final String self;
  private final SlotOwners table;
  private final Map<String, NodeAddress> nodes;
  private final Set<String> up;
  private final BitSet frozen;
  private final boolean ok;

  ClusterView(String self, SlotOwners table, Map<String, NodeAddress> nodes, Set<String> up, BitSet frozen) {
    this.self = self;
    this.table = table;
    this.nodes = nodes;
    this.up = up;
    this.frozen = frozen;
    boolean allUp = table.allAssigned();
    for (String owner : table.owners()) {
      allUp &= up.contains(owner);
    }
    this.ok = allUp;
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

  /** Redis's cluster_state: ok when every slot has an owner and every owner is up. */
  public boolean ok() {
    return ok;
  }

  /** Whether {@code slot} can be served at all now: it has an owner and that owner is up. */
  public boolean slotUp(int slot) {
    String owner = table.ownerOf(slot);
    return owner != null && up.contains(owner);
  }

  ClusterView withTable(SlotOwners newTable) {
    return new ClusterView(self, newTable, nodes, up, frozen);
  }

  ClusterView withNodes(Map<String, NodeAddress> newNodes, Set<String> newUp) {
    return new ClusterView(self, table, newNodes, newUp, frozen);
  }

  ClusterView withFrozen(BitSet newFrozen) {
    return new ClusterView(self, table, nodes, up, newFrozen);
  }
}

package io.verdis.cluster;

/**
 * The cluster's health as one node sees it, counted once from a {@link ClusterView}: what the admin
 * API's {@code /api/cluster} and the {@code verdis_cluster_*} series report (the same figures as
 * CLUSTER INFO's cluster_state, cluster_slots_assigned, cluster_slots_ok, cluster_known_nodes,
 * cluster_nodes_up, cluster_my_slots and cluster_migrating_slots).
 */
public record ClusterFigures(long epoch, boolean ok, int knownNodes, int nodesUp, int slotsAssigned, int slotsOk,
                             int mySlots, int migratingSlots) {

  public static ClusterFigures of(ClusterView view) {
    SlotOwners table = view.table();
    int assigned = 0;
    int ok = 0;
    for (int slot = 0; slot < SlotOwners.SLOTS; slot++) {
      if (table.isAssigned(slot)) {
        assigned++;
        if (view.slotUp(slot)) {
          ok++;
        }
      }
    }
    java.util.Set<String> known = new java.util.HashSet<>(view.up());
    known.addAll(table.owners()); // as CLUSTER NODES lists them: a node that left and owns nothing is gone
    return new ClusterFigures(table.epoch(), view.ok(), known.size(), view.up().size(), assigned, ok,
        table.count(view.self()), view.frozen().cardinality());
  }
}

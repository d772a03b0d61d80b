package io.verdis.cluster;

import java.util.List;
import java.util.Set;

/**
 * Whether this node must refuse keyed commands because it is on the minority side of a network
 * cut, as Redis Cluster's clusterUpdateState decides it (cluster.c): the node reaches fewer than a
 * majority of the nodes that own slots in the agreed table (itself included), as Hazelcast's
 * failure detector ({@code cluster-node-timeout}) sees them. Once it reaches a majority again it
 * stays fenced for a rejoin delay (the node timeout, between Redis's 500 ms and 5 s), so that it
 * reads the table the majority may have changed meanwhile before it serves anything.
 *
 * <p>Without it a node cut off from the others would go on serving its slots while the majority,
 * once replicas can take a node's slots over, gives them to another node: two owners accepting
 * writes for one slot. Not thread-safe: {@link Cluster} calls it under its publishing lock.
 */
final class MajorityFence {
  static final long MIN_REJOIN_DELAY_MS = 500;
  static final long MAX_REJOIN_DELAY_MS = 5000;

  private final long rejoinDelayMs;
  /** When this node last saw itself in the minority, or -1 if it never did. */
  private long amongMinorityAt = -1;

  MajorityFence(long nodeTimeoutMs) {
    this.rejoinDelayMs = Math.max(MIN_REJOIN_DELAY_MS, Math.min(MAX_REJOIN_DELAY_MS, nodeTimeoutMs));
  }

  /**
   * Whether the nodes {@code up} are fewer than a majority of {@code table}'s owners. Not before
   * the node has read the members once ({@code up} names {@code self} from then on): a table read
   * first must not fence a node that joins a healthy cluster.
   */
  static boolean minority(String self, SlotOwners table, Set<String> up) {
    List<String> owners = table.owners();
    if (owners.isEmpty() || !up.contains(self)) {
      return false; // nothing assigned yet, or nobody known yet: nothing to fence
    }
    int reachable = 0;
    for (String owner : owners) {
      if (up.contains(owner)) {
        reachable++;
      }
    }
    return reachable < owners.size() / 2 + 1;
  }

  /** Whether to fence {@code self} at {@code now}, for the view with {@code table} and {@code up}. */
  boolean fenced(String self, SlotOwners table, Set<String> up, long now) {
    if (minority(self, table, up)) {
      amongMinorityAt = now;
      return true;
    }
    return amongMinorityAt >= 0 && now - amongMinorityAt < rejoinDelayMs;
  }

  /** How long after {@code now} the rejoin delay ends (0 when it is not running). */
  long rejoinLeft(long now) {
    return amongMinorityAt < 0 ? 0 : Math.max(0, amongMinorityAt + rejoinDelayMs - now);
  }
}

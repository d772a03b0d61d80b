package io.verdis.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which nodes follow each owner when the cluster keeps {@code cluster-replicas} copies of every
 * slot. A follower that is still eligible (up, not leaving) keeps following, because every new
 * follower costs a full copy of its owner's keys — unless nodes follow so unevenly that one holds
 * two copies more than another (see {@link #even}); a missing one is filled from the eligible nodes,
 * preferring another host than the owner's (a host's loss must not take a slot's every copy),
 * then nodes following the fewest owners, then the next ones after the owner in id order, so a
 * cluster of equal nodes forms a ring (A followed by B, B by C, C by A). The followers of an owner
 * that is down are left as they are: one of them holds the copy a failover promotes, and a new
 * follower could not copy anything from a node that is gone.
 */
final class FollowerPlacement {
  private FollowerPlacement() {
  }

  /**
   * {@code table} with every owner's follower list as it should be, or {@code table} itself when
   * each already is. {@code eligible} is in id order; {@code hostOf} names each node's host;
   * {@code up} the nodes up now.
   */
  static SlotOwners place(SlotOwners table, int replicas, List<String> eligible, Map<String, String> hostOf,
                          Set<String> up) {
    Map<String, Integer> load = new HashMap<>();
    Map<String, List<String>> kept = new LinkedHashMap<>();
    for (String owner : table.owners()) {
      if (!up.contains(owner)) {
        table.followersOf(owner).forEach(follower -> load.merge(follower, 1, Integer::sum));
        continue;
      }
      List<String> followers = new ArrayList<>();
      for (String follower : table.followersOf(owner)) {
        if (followers.size() < replicas && eligible.contains(follower)) {
          followers.add(follower);
          load.merge(follower, 1, Integer::sum);
        }
      }
      kept.put(owner, followers);
    }
    for (Map.Entry<String, List<String>> entry : kept.entrySet()) {
      String owner = entry.getKey();
      List<String> followers = entry.getValue();
      while (followers.size() < replicas) {
        String next = best(owner, followers, eligible, hostOf, load);
        if (next == null) {
          break;
        }
        followers.add(next);
        load.merge(next, 1, Integer::sum);
      }
    }
    even(kept, eligible, hostOf, load);
    Map<String, List<String>> changed = new LinkedHashMap<>();
    kept.forEach((owner, followers) -> {
      if (!followers.equals(table.followersOf(owner))) {
        changed.put(owner, followers);
      }
    });
    return changed.isEmpty() ? table : table.withFollowers(changed);
  }

  /**
   * Nodes that joined one after the other leave an uneven placement (the first ones follow several
   * owners, the last none), and a node following two owners holds copies of twice the data: while
   * the busiest eligible node follows two owners more than the idlest, one of its follows goes to
   * the idlest (one full copy each time; not onto the owner's host from another host).
   */
  private static void even(Map<String, List<String>> kept, List<String> eligible, Map<String, String> hostOf,
                           Map<String, Integer> load) {
    Comparator<String> byLoad = Comparator.comparing((String node) -> load.getOrDefault(node, 0));
    while (!eligible.isEmpty()) {
      String busiest = eligible.stream().max(byLoad).orElseThrow();
      String idlest = eligible.stream().min(byLoad).orElseThrow();
      if (load.getOrDefault(busiest, 0) - load.getOrDefault(idlest, 0) < 2 || !handOver(kept, busiest, idlest, hostOf)) {
        return;
      }
      load.merge(busiest, -1, Integer::sum);
      load.merge(idlest, 1, Integer::sum);
    }
  }

  /** Gives one owner's follow from {@code from} to {@code to}, if one can go; whether it did. */
  private static boolean handOver(Map<String, List<String>> kept, String from, String to, Map<String, String> hostOf) {
    for (Map.Entry<String, List<String>> entry : kept.entrySet()) {
      String owner = entry.getKey();
      List<String> followers = entry.getValue();
      String ownerHost = hostOf.get(owner);
      boolean closer = ownerHost != null && ownerHost.equals(hostOf.get(to)) && !ownerHost.equals(hostOf.get(from));
      if (followers.contains(from) && !owner.equals(to) && !followers.contains(to) && !closer) {
        followers.set(followers.indexOf(from), to);
        return true;
      }
    }
    return false;
  }

  private static String best(String owner, List<String> taken, List<String> eligible, Map<String, String> hostOf,
                             Map<String, Integer> load) {
    String ownerHost = hostOf.get(owner);
    int start = -1;
    for (int i = 0; i < eligible.size(); i++) {
      if (eligible.get(i).compareTo(owner) > 0) {
        start = i;
        break;
      }
    }
    int from = start < 0 ? 0 : start;
    Comparator<Integer> preference = Comparator
        .comparing((Integer i) -> ownerHost != null && Objects.equals(hostOf.get(eligible.get(i)), ownerHost))
        .thenComparing(i -> load.getOrDefault(eligible.get(i), 0))
        .thenComparing(i -> Math.floorMod(i - from, eligible.size()));
    Integer chosen = null;
    for (int i = 0; i < eligible.size(); i++) {
      String candidate = eligible.get(i);
      if (candidate.equals(owner) || taken.contains(candidate)) {
        continue;
      }
      if (chosen == null || preference.compare(i, chosen) < 0) {
        chosen = i;
      }
    }
    return chosen == null ? null : eligible.get(chosen);
  }
}

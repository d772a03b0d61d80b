package io.verdis.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;

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
   * {@code up} the nodes up now; {@code synced} says whether a follower's copy of an owner is
   * complete (asked only of a follower replacing another, see {@link #even}).
   */
  static SlotOwners place(SlotOwners table, int replicas, List<String> eligible, Map<String, String> hostOf,
                          Set<String> up, BiPredicate<String, String> synced) {
    Map<String, Integer> load = new HashMap<>();
    Map<String, List<String>> kept = new LinkedHashMap<>();
    boolean replacing = false;
    for (String owner : table.owners()) {
      if (!up.contains(owner)) {
        table.followersOf(owner).forEach(follower -> load.merge(follower, 1, Integer::sum));
        continue;
      }
      List<String> followers = new ArrayList<>();
      for (String follower : table.followersOf(owner)) {
        if (eligible.contains(follower)) {
          followers.add(follower);
        }
      }
      boolean pending = false;
      if (replicas > 0 && followers.size() == replicas + 1) {
        // A replacement under way (see even): the first goes once the last has a complete copy.
        if (synced.test(owner, followers.get(replicas))) {
          followers.remove(0);
        } else {
          pending = true;
        }
      }
      replacing |= pending;
      if (followers.size() > replicas + (pending ? 1 : 0)) {
        followers = new ArrayList<>(followers.subList(0, replicas));
      }
      followers.forEach(follower -> load.merge(follower, 1, Integer::sum));
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
    if (!replacing) {
      even(kept, replicas, eligible, hostOf, load);
    }
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
   * owners, the last none), and a node following two owners holds copies of twice the data: when
   * the busiest eligible node follows two owners more than the idlest, one of its follows goes to
   * the idlest (not onto the owner's host from another host). One at a time, and without leaving
   * the owner short of a complete copy meanwhile: the idlest is added after the others and the
   * busiest moved first, and the busiest is dropped only once the idlest has copied in full.
   */
  private static void even(Map<String, List<String>> kept, int replicas, List<String> eligible,
                           Map<String, String> hostOf, Map<String, Integer> load) {
    if (eligible.isEmpty()) {
      return;
    }
    Comparator<String> byLoad = Comparator.comparing((String node) -> load.getOrDefault(node, 0));
    String busiest = eligible.stream().max(byLoad).orElseThrow();
    String idlest = eligible.stream().min(byLoad).orElseThrow();
    if (load.getOrDefault(busiest, 0) - load.getOrDefault(idlest, 0) < 2) {
      return;
    }
    for (Map.Entry<String, List<String>> entry : kept.entrySet()) {
      String owner = entry.getKey();
      List<String> followers = entry.getValue();
      String ownerHost = hostOf.get(owner);
      boolean closer = ownerHost != null && ownerHost.equals(hostOf.get(idlest))
          && !ownerHost.equals(hostOf.get(busiest));
      if (followers.size() == replicas && followers.contains(busiest) && !owner.equals(idlest)
          && !followers.contains(idlest) && !closer) {
        followers.remove(busiest);
        followers.add(0, busiest);
        followers.add(idlest);
        return;
      }
    }
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

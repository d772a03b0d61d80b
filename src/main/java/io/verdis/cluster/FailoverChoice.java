package io.verdis.cluster;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which follower takes the slots of an owner the cluster lost: among its followers that are up and
 * have a copy (they finished a sync from it), the one that applied the most of its write stream,
 * so a write that {@code WAIT} saw reach any follower survives; ties go to the first in the owner's
 * follower list. None when no follower has a copy: the slots stay down until the owner returns,
 * rather than coming back empty.
 */
final class FailoverChoice {
  private FailoverChoice() {
  }

  /**
   * @param applied each candidate's applied offset in {@code lost}'s stream; a follower missing
   *                from it has no copy to offer
   */
  static Optional<String> choose(SlotOwners table, String lost, Set<String> up, Map<String, Long> applied) {
    String best = null;
    long bestOffset = -1;
    for (String follower : table.followersOf(lost)) {
      Long offset = applied.get(follower);
      if (offset != null && up.contains(follower) && offset > bestOffset) {
        best = follower;
        bestOffset = offset;
      }
    }
    return Optional.ofNullable(best);
  }
}

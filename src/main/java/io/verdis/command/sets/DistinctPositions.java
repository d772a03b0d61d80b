package io.verdis.command.sets;

import java.util.Arrays;
import java.util.HashSet;
import java.util.random.RandomGenerator;

/**
 * {@code count} distinct positions out of 0..size-1, chosen uniformly (SRANDMEMBER with a positive
 * count smaller than the set). As in Redis, the way depends on how much of the set is wanted.
 */
final class DistinctPositions {
  /** Redis's SRANDMEMBER_SUB_STRATEGY_MUL: above a third of the set, draw from all positions. */
  private static final int SUB_STRATEGY_MUL = 3;

  private DistinctPositions() {
  }

  static int[] pick(int size, int count, RandomGenerator random) {
    return (long) count * SUB_STRATEGY_MUL > size ? shuffled(size, count, random) : floyd(size, count, random);
  }

  /** A partial Fisher–Yates shuffle of every position: O(size). */
  private static int[] shuffled(int size, int count, RandomGenerator random) {
    int[] positions = new int[size];
    for (int i = 0; i < size; i++) {
      positions[i] = i;
    }
    for (int i = 0; i < count; i++) {
      int j = i + random.nextInt(size - i);
      int chosen = positions[j];
      positions[j] = positions[i];
      positions[i] = chosen;
    }
    return Arrays.copyOf(positions, count);
  }

  /** Floyd's sampling: O(count) whatever the size. */
  private static int[] floyd(int size, int count, RandomGenerator random) {
    HashSet<Integer> taken = new HashSet<>(count * 2);
    int[] positions = new int[count];
    int n = 0;
    for (int bound = size - count; bound < size; bound++) {
      int candidate = random.nextInt(bound + 1);
      if (!taken.add(candidate)) {
        candidate = bound;
        taken.add(candidate);
      }
      positions[n++] = candidate;
    }
    return positions;
  }
}

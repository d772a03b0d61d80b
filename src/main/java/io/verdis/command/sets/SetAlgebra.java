package io.verdis.command.sets;

import io.verdis.types.SetValue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Predicate;

/**
 * Intersection, union and difference of sets, as Redis's sinterGenericCommand and
 * sunionDiffGenericCommand compute them. A null set is a missing key: an empty set.
 */
final class SetAlgebra {
  private SetAlgebra() {
  }

  /**
   * Visits, while {@code visitor} returns true, the members of the smallest set that every other
   * set has too, in the smallest set's order (so an intset answers in ascending order, as in Redis).
   */
  static void intersect(SetValue[] sets, Predicate<byte[]> visitor) {
    for (SetValue set : sets) {
      if (set == null) {
        return;
      }
    }
    SetValue[] bySize = sets.clone();
    Arrays.sort(bySize, Comparator.comparingInt(SetValue::size));
    SetValue smallest = bySize[0];
    int size = smallest.size();
    candidates:
    for (int i = 0; i < size; i++) {
      byte[] member = smallest.memberAt(i);
      for (int j = 1; j < bySize.length; j++) {
        if (bySize[j] != smallest && !bySize[j].contains(member)) {
          continue candidates;
        }
      }
      if (!visitor.test(member)) {
        return;
      }
    }
  }

  /** Every member of every set, built as Redis builds it (an intset while the members allow). */
  static SetValue union(SetValue[] sets, long maxIntsetEntries) {
    SetValue result = new SetValue();
    for (SetValue set : sets) {
      if (set != null) {
        addAll(result, set, maxIntsetEntries);
      }
    }
    return result;
  }

  /** The members of the first set that no other set has; empty when the first key is repeated. */
  static SetValue difference(SetValue[] sets, long maxIntsetEntries) {
    SetValue result = new SetValue();
    SetValue first = sets[0];
    if (first == null) {
      return result;
    }
    for (int j = 1; j < sets.length; j++) {
      if (sets[j] == first) {
        return result;
      }
    }
    int size = first.size();
    candidates:
    for (int i = 0; i < size; i++) {
      byte[] member = first.memberAt(i);
      for (int j = 1; j < sets.length; j++) {
        if (sets[j] != null && sets[j].contains(member)) {
          continue candidates;
        }
      }
      result.add(member, maxIntsetEntries);
    }
    return result;
  }

  private static void addAll(SetValue target, SetValue source, long maxIntsetEntries) {
    int size = source.size();
    for (int i = 0; i < size; i++) {
      target.add(source.memberAt(i), maxIntsetEntries);
    }
  }
}

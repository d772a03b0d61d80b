package io.verdis.types;

/**
 * The small-hash encoding, Verdis's counterpart of Redis's listpack: fields and values one after
 * the other in a single byte[] laid out as {@link PackedElements}
 * ({@code len f1 len v1 len f2 len v2 …}). A hash of five short fields is one array instead of
 * ten arrays and a table, which is what makes a million small hashes as cheap as in Redis.
 *
 * <p>A packed hash only holds elements of at most hash-max-listpack-value bytes and at most
 * hash-max-listpack-entries pairs (so a lookup's walk stays short); {@link HashValue} converts to
 * a {@link FieldTable} beyond that ({@link HashLimits}).
 * The array is always exactly as long as its contents. Static methods over the array: no object
 * per hash besides the array itself.
 */
final class PackedPairs {
  private PackedPairs() {
  }

  /** Number of field/value pairs in {@code packed[0, end)}. */
  static int count(byte[] packed, int end) {
    int pairs = 0;
    for (int at = 0; at < end; at = PackedElements.next(packed, PackedElements.next(packed, at))) {
      pairs++;
    }
    return pairs;
  }

  /** Position of {@code field}'s length byte in {@code packed[0, end)}, or -1 when absent. */
  static int find(byte[] packed, int end, byte[] field) {
    for (int at = 0; at < end; at = PackedElements.next(packed, PackedElements.next(packed, at))) {
      if (PackedElements.matches(packed, at, field)) {
        return at;
      }
    }
    return -1;
  }

  /** Bytes a pair takes once packed. */
  static int pairSize(byte[] field, byte[] value) {
    return PackedElements.size(field) + PackedElements.size(value);
  }

  /** Writes a pair at {@code end} (the array must have room) and returns the new end. */
  static int append(byte[] packed, int end, byte[] field, byte[] value) {
    end = PackedElements.write(packed, end, field);
    return PackedElements.write(packed, end, value);
  }

  /**
   * Replaces the value of the pair whose field is at {@code fieldAt}, moving what follows; the
   * array must have room for a longer value. Returns the new end.
   */
  static int replaceValue(byte[] packed, int end, int fieldAt, byte[] value) {
    int valueAt = PackedElements.next(packed, fieldAt);
    int after = PackedElements.next(packed, valueAt);
    int moved = valueAt + PackedElements.size(value);
    System.arraycopy(packed, after, packed, moved, end - after);
    PackedElements.write(packed, valueAt, value);
    return end + moved - after;
  }

  /** {@code packed} with the value of the pair whose field is at {@code fieldAt} replaced: a new array. */
  static byte[] withValue(byte[] packed, int fieldAt, byte[] value) {
    int valueAt = PackedElements.next(packed, fieldAt);
    int after = PackedElements.next(packed, valueAt);
    byte[] out = new byte[packed.length - (after - valueAt) + PackedElements.size(value)];
    System.arraycopy(packed, 0, out, 0, valueAt);
    int end = PackedElements.write(out, valueAt, value);
    System.arraycopy(packed, after, out, end, packed.length - after);
    return out;
  }

  /** {@code packed} without the pair whose field is at {@code fieldAt}: a new array. */
  static byte[] removePair(byte[] packed, int fieldAt) {
    int after = PackedElements.next(packed, PackedElements.next(packed, fieldAt));
    if (fieldAt == 0 && after == packed.length) {
      return PackedElements.EMPTY;
    }
    byte[] out = new byte[packed.length - (after - fieldAt)];
    System.arraycopy(packed, 0, out, 0, fieldAt);
    System.arraycopy(packed, after, out, fieldAt, packed.length - after);
    return out;
  }

  /** Positions of the fields of every pair, in order. */
  static int[] fieldPositions(byte[] packed, int pairs) {
    int[] positions = new int[pairs];
    int at = 0;
    for (int i = 0; i < pairs; i++) {
      positions[i] = at;
      at = PackedElements.next(packed, PackedElements.next(packed, at));
    }
    return positions;
  }
}

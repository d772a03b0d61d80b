package io.verdis.types;

/**
 * The layout of list entries packed in one byte[] ({@link ListBlock}): each element as
 * {@link PackedElements} writes it (its length, then its bytes), followed by its length once more
 * ({@code len e1 len len e2 len …}), Redis's listpack "backlen". The trailing copy lets a block be
 * walked from the tail as well as from the head, so RPOP costs the same as LPOP and an index in
 * the back half is found from the back. It holds the length's bytes in reverse order, so walking
 * backwards reads them low bits first, as walking forwards does. An entry's position is that of
 * its first length byte, so PackedElements reads the element itself.
 */
final class PackedListEntries {
  private PackedListEntries() {
  }

  /** Bytes {@code element} takes as an entry. */
  static int size(byte[] element) {
    return size(element.length);
  }

  /** Bytes an element of {@code length} bytes takes as an entry. */
  static int size(int length) {
    return PackedElements.size(length) + PackedElements.lengthBytes(length);
  }

  /** Writes {@code element} as an entry at {@code at} (the array must have room); returns the position after it. */
  static int write(byte[] packed, int at, byte[] element) {
    int after = PackedElements.write(packed, at, element);
    int header = PackedElements.lengthBytes(element.length);
    for (int i = 0; i < header; i++) {
      packed[after + i] = packed[at + header - 1 - i];
    }
    return after + header;
  }

  /** Position of the entry after the one at {@code at}. */
  static int next(byte[] packed, int at) {
    int b = packed[at];
    return b >= 0 ? at + 2 + b : at + size(PackedElements.length(packed, at));
  }

  /** Position of the entry that ends just before {@code after}. */
  static int previous(byte[] packed, int after) {
    int b = packed[after - 1];
    if (b >= 0) {
      return after - 2 - b;
    }
    int length = b & 0x7F;
    int at = after - 1;
    for (int shift = 7; ; shift += 7) {
      b = packed[--at];
      length |= (b & 0x7F) << shift;
      if (b >= 0) {
        return after - size(length);
      }
    }
  }

  /** Position of the entry {@code steps} entries after the one at {@code at}. */
  static int skip(byte[] packed, int at, int steps) {
    for (int i = 0; i < steps; i++) {
      at = next(packed, at);
    }
    return at;
  }

  /** Position of the entry {@code steps} entries back from {@code after} (an entry's end). */
  static int skipBack(byte[] packed, int after, int steps) {
    for (int i = 0; i < steps; i++) {
      after = previous(packed, after);
    }
    return after;
  }
}

package io.verdis.types;

/**
 * The layout of a packed list: each element as {@link PackedElements} writes it, followed by its
 * length once more ({@code len e1 len len e2 len …}), Redis's listpack "backlen". The trailing
 * byte lets a list be walked from the tail as well as from the head, so RPOP on a small queue fed
 * by LPUSH costs the same as LPOP, and an index in the back half is found from the back; one byte
 * per element is what that costs. An entry's position is that of its leading length byte, so
 * PackedElements reads the element itself.
 */
final class PackedListEntries {
  private PackedListEntries() {
  }

  /** Bytes {@code element} takes as an entry. */
  static int size(byte[] element) {
    return PackedElements.size(element) + 1;
  }

  /** Writes {@code element} as an entry at {@code at} (the array must have room); returns the position after it. */
  static int write(byte[] packed, int at, byte[] element) {
    int after = PackedElements.write(packed, at, element);
    packed[after] = (byte) element.length;
    return after + 1;
  }

  /** Position of the entry after the one at {@code at}. */
  static int next(byte[] packed, int at) {
    return at + 2 + (packed[at] & 0xFF);
  }

  /** Position of the entry that ends just before {@code after}. */
  static int previous(byte[] packed, int after) {
    return after - 2 - (packed[after - 1] & 0xFF);
  }

  /** Position of the entry {@code steps} entries after the one at {@code at}. */
  static int skip(byte[] packed, int at, int steps) {
    for (int i = 0; i < steps; i++) {
      at += 2 + (packed[at] & 0xFF);
    }
    return at;
  }

  /** Position of the entry {@code steps} entries back from {@code after} (an entry's end). */
  static int skipBack(byte[] packed, int after, int steps) {
    for (int i = 0; i < steps; i++) {
      after -= 2 + (packed[after - 1] & 0xFF);
    }
    return after;
  }
}

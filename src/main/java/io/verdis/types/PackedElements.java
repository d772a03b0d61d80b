package io.verdis.types;

import java.util.Arrays;

/**
 * The element layout of small hashes ({@link PackedPairs}): elements one after the other in one
 * byte[], each written as a length byte and its bytes ({@code len e1 len e2 …}). Many short
 * elements then cost one array header in all instead of one each, which is most of what a short
 * element costs on the JVM. (Lists use {@link PackedListEntries}, whose lengths have no limit.)
 *
 * <p>Only elements of at most {@value #MAX_LENGTH} bytes fit (their owners keep to less, as
 * Redis's listpack limits do). Static methods over the array: no object besides the array itself.
 */
final class PackedElements {
  static final byte[] EMPTY = new byte[0];
  /** Longest element a length byte can describe. */
  static final int MAX_LENGTH = 255;

  private PackedElements() {
  }

  /** Bytes {@code element} takes once packed. */
  static int size(byte[] element) {
    return 1 + element.length;
  }

  /** Length of the element whose length byte is at {@code at}. */
  static int length(byte[] packed, int at) {
    return packed[at] & 0xFF;
  }

  /** Position of the element after the one at {@code at}. */
  static int next(byte[] packed, int at) {
    return at + 1 + (packed[at] & 0xFF);
  }

  /** Position of the element {@code steps} elements after the one at {@code at}. */
  static int skip(byte[] packed, int at, int steps) {
    for (int i = 0; i < steps; i++) {
      at += 1 + (packed[at] & 0xFF);
    }
    return at;
  }

  /** Whether the element at {@code at} holds the bytes of {@code element}. */
  static boolean matches(byte[] packed, int at, byte[] element) {
    int length = element.length;
    return (packed[at] & 0xFF) == length && Arrays.equals(packed, at + 1, at + 1 + length, element, 0, length);
  }

  /** Writes {@code element} at {@code at} (the array must have room) and returns the position after it. */
  static int write(byte[] packed, int at, byte[] element) {
    packed[at] = (byte) element.length;
    System.arraycopy(element, 0, packed, at + 1, element.length);
    return at + 1 + element.length;
  }

  /** The element at {@code at} as an array of its own. */
  static byte[] copyElement(byte[] packed, int at) {
    return Arrays.copyOfRange(packed, at + 1, at + 1 + (packed[at] & 0xFF));
  }
}

package io.verdis.types;

import java.util.Arrays;

/**
 * The element layout of Verdis's listpack-style encodings (small hashes' {@link PackedPairs}, and
 * lists' {@link PackedListEntries}, which add a trailing length): elements one after the other in
 * one byte[], each written as its length and its bytes ({@code len e1 len e2 …}). Many short
 * elements then cost one array header in all instead of one each, which is most of what a short
 * element costs on the JVM.
 *
 * <p>A length is 7 bits a byte, low bits first, the top bit saying that more follow: one byte up
 * to 127, two up to 16383. Static methods over the array: no object besides the array itself.
 */
final class PackedElements {
  static final byte[] EMPTY = new byte[0];

  private PackedElements() {
  }

  /** Bytes {@code element} takes once packed. */
  static int size(byte[] element) {
    return size(element.length);
  }

  /** Bytes an element of {@code length} bytes takes once packed. */
  static int size(int length) {
    return lengthBytes(length) + length;
  }

  /** How many bytes a length takes: 1 up to 127, 2 up to 16383, and so on. */
  static int lengthBytes(int length) {
    return length < 0x80 ? 1 : length < 0x4000 ? 2 : length < 0x200000 ? 3 : length < 0x10000000 ? 4 : 5;
  }

  /** Length of the element at {@code at}. */
  static int length(byte[] packed, int at) {
    int b = packed[at];
    if (b >= 0) {
      return b;
    }
    int length = b & 0x7F;
    for (int shift = 7; ; shift += 7) {
      b = packed[++at];
      length |= (b & 0x7F) << shift;
      if (b >= 0) {
        return length;
      }
    }
  }

  /** Position of the first byte of the element at {@code at}, whose length is {@code length}. */
  static int data(int at, int length) {
    return at + lengthBytes(length);
  }

  /** Position of the element after the one at {@code at}. */
  static int next(byte[] packed, int at) {
    int b = packed[at];
    return b >= 0 ? at + 1 + b : at + size(length(packed, at));
  }

  /** Position of the element {@code steps} elements after the one at {@code at}. */
  static int skip(byte[] packed, int at, int steps) {
    for (int i = 0; i < steps; i++) {
      at = next(packed, at);
    }
    return at;
  }

  /** Whether the element at {@code at} holds the bytes of {@code element}. */
  static boolean matches(byte[] packed, int at, byte[] element) {
    int length = element.length;
    if (length(packed, at) != length) {
      return false;
    }
    int from = data(at, length);
    return Arrays.equals(packed, from, from + length, element, 0, length);
  }

  /** Writes {@code element} at {@code at} (the array must have room) and returns the position after it. */
  static int write(byte[] packed, int at, byte[] element) {
    int length = element.length;
    int rest = length;
    while (rest >= 0x80) {
      packed[at++] = (byte) (rest & 0x7F | 0x80);
      rest >>>= 7;
    }
    packed[at++] = (byte) rest;
    System.arraycopy(element, 0, packed, at, length);
    return at + length;
  }

  /** The element at {@code at} as an array of its own. */
  static byte[] copyElement(byte[] packed, int at) {
    int length = length(packed, at);
    int from = data(at, length);
    return Arrays.copyOfRange(packed, from, from + length);
  }
}

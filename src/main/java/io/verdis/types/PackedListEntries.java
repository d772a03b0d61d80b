package io.verdis.types;

import java.util.Arrays;

/**
 * The layout of list entries packed in one byte[] ({@link ListBlock}): each element's length,
 * its bytes, then its length once more ({@code len e1 len len e2 len …}), Redis's listpack
 * "backlen". The trailing copy lets a block be walked from the tail as well as from the head, so
 * RPOP costs the same as LPOP and an index in the back half is found from the back.
 *
 * <p>A length is 7 bits a byte, low bits first, the top bit saying that more follow (one byte up
 * to 127, two up to 16383); the trailing copy is the same bytes in reverse order, so it reads the
 * same way walking backwards. An entry's position is that of its first length byte.
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
    return 2 * lengthBytes(length) + length;
  }

  /** Writes {@code element} as an entry at {@code at} (the array must have room); returns the position after it. */
  static int write(byte[] packed, int at, byte[] element) {
    int length = element.length;
    int header = lengthBytes(length);
    for (int i = 0, rest = length; i < header; i++, rest >>>= 7) {
      byte b = (byte) (i < header - 1 ? rest & 0x7F | 0x80 : rest);
      packed[at + i] = b;
      packed[at + 2 * header + length - 1 - i] = b;
    }
    System.arraycopy(element, 0, packed, at + header, length);
    return at + 2 * header + length;
  }

  /** Length of the element of the entry at {@code at}. */
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

  /** Position of the first byte of the element of the entry at {@code at}, whose element is {@code length} long. */
  static int data(int at, int length) {
    return at + lengthBytes(length);
  }

  /** Position of the entry after the one at {@code at}. */
  static int next(byte[] packed, int at) {
    int b = packed[at];
    return b >= 0 ? at + 2 + b : at + size(length(packed, at));
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

  /** Whether the entry at {@code at} holds the bytes of {@code element}. */
  static boolean matches(byte[] packed, int at, byte[] element) {
    int length = element.length;
    if (length(packed, at) != length) {
      return false;
    }
    int from = data(at, length);
    return Arrays.equals(packed, from, from + length, element, 0, length);
  }

  /** The element of the entry at {@code at} as an array of its own. */
  static byte[] copyElement(byte[] packed, int at) {
    int length = length(packed, at);
    int from = data(at, length);
    return Arrays.copyOfRange(packed, from, from + length);
  }

  /** How many bytes a length takes: 1 up to 127, 2 up to 16383, and so on. */
  private static int lengthBytes(int length) {
    return length < 0x80 ? 1 : length < 0x4000 ? 2 : length < 0x200000 ? 3 : length < 0x10000000 ? 4 : 5;
  }
}

package io.verdis.types;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Redis's intset (intset.c) in one byte array: distinct integers in ascending order, each stored
 * at the narrowest width (2, 4 or 8 bytes, little-endian) that holds them all. Byte 0 is that
 * width; the count follows from the length. Every change returns a new array of exactly the
 * needed size, as Redis reallocates its intset on every change: a small set of small integers
 * costs an array header plus two bytes a member. Like Redis, the width never narrows again.
 */
final class PackedIntegers {
  /** The empty intset: 16-bit, no members. Arrays are never changed, so it can be shared. */
  static final byte[] EMPTY = {2};

  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private PackedIntegers() {
  }

  static int size(byte[] packed) {
    return (packed.length - 1) / packed[0];
  }

  static long get(byte[] packed, int index) {
    return read(packed, packed[0], index);
  }

  /** The index of {@code value}, or {@code -(insertion point) - 1} when absent (as Arrays.binarySearch). */
  static int search(byte[] packed, long value) {
    int width = packed[0];
    if (widthFor(value) > width) {
      // Out of the current width's range: smaller or larger than every member.
      return value < 0 ? -1 : -size(packed) - 1;
    }
    int low = 0;
    int high = size(packed) - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      long found = read(packed, width, middle);
      if (found < value) {
        low = middle + 1;
      } else if (found > value) {
        high = middle - 1;
      } else {
        return middle;
      }
    }
    return -low - 1;
  }

  /** A copy with {@code value} inserted at {@code index} (from {@link #search}), widened if it needs more room. */
  static byte[] insert(byte[] packed, int index, long value) {
    int width = packed[0];
    int size = size(packed);
    int newWidth = Math.max(width, widthFor(value));
    byte[] grown = new byte[1 + (size + 1) * newWidth];
    grown[0] = (byte) newWidth;
    if (newWidth == width) {
      System.arraycopy(packed, 1, grown, 1, index * width);
      System.arraycopy(packed, 1 + index * width, grown, 1 + (index + 1) * width, (size - index) * width);
    } else {
      for (int i = 0; i < size; i++) {
        write(grown, newWidth, i < index ? i : i + 1, read(packed, width, i));
      }
    }
    write(grown, newWidth, index, value);
    return grown;
  }

  /** A copy without the member at {@code index}. */
  static byte[] remove(byte[] packed, int index) {
    int width = packed[0];
    byte[] shrunk = new byte[packed.length - width];
    System.arraycopy(packed, 0, shrunk, 0, 1 + index * width);
    System.arraycopy(packed, 1 + (index + 1) * width, shrunk, 1 + index * width, shrunk.length - 1 - index * width);
    return shrunk;
  }

  /** Redis's _intsetValueEncoding: the narrowest width that holds {@code value}. */
  static int widthFor(long value) {
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      return 8;
    }
    return value < Short.MIN_VALUE || value > Short.MAX_VALUE ? 4 : 2;
  }

  private static long read(byte[] packed, int width, int index) {
    int offset = 1 + index * width;
    if (width == 2) {
      return (short) SHORT.get(packed, offset);
    }
    return width == 4 ? (int) INT.get(packed, offset) : (long) LONG.get(packed, offset);
  }

  private static void write(byte[] packed, int width, int index, long value) {
    int offset = 1 + index * width;
    if (width == 2) {
      SHORT.set(packed, offset, (short) value);
    } else if (width == 4) {
      INT.set(packed, offset, (int) value);
    } else {
      LONG.set(packed, offset, value);
    }
  }
}

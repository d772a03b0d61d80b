package io.verdis.persist.rdb;

import java.util.Arrays;

/**
 * A cursor over one serialized structure (ziplist, listpack, intset, zipmap) that an RDB file stores
 * as a single string. Every read is bounds-checked: corruption surfaces as an RdbFormatException that
 * names the structure, its offset in the file and the position inside it, never as an index error.
 */
final class Blob {
  final byte[] bytes;
  private final long fileOffset;
  private final String kind;
  int position;

  Blob(byte[] bytes, long fileOffset, String kind) {
    this.bytes = bytes;
    this.fileOffset = fileOffset;
    this.kind = kind;
  }

  /** The next string of {@code in}, as a structure of this kind. */
  static Blob read(RdbInput in, String kind) throws java.io.IOException {
    long at = in.offset();
    return new Blob(in.readString(), at, kind);
  }

  int length() {
    return bytes.length;
  }

  RdbFormatException error(String problem) {
    return new RdbFormatException(fileOffset, "in the " + kind + " stored here (" + bytes.length
        + " bytes), at its byte " + position + ": " + problem);
  }

  int peek() throws RdbFormatException {
    require(1);
    return bytes[position] & 0xff;
  }

  int u8() throws RdbFormatException {
    require(1);
    return bytes[position++] & 0xff;
  }

  /** Unsigned little-endian integer of up to 8 bytes. */
  long littleEndian(int width) throws RdbFormatException {
    require(width);
    long value = 0;
    for (int i = 0; i < width; i++) {
      value |= (long) (bytes[position + i] & 0xff) << (8 * i);
    }
    position += width;
    return value;
  }

  /** Signed (two's complement) little-endian integer of up to 8 bytes. */
  long signedLittleEndian(int width) throws RdbFormatException {
    long value = littleEndian(width);
    int unused = 64 - 8 * width;
    return value << unused >> unused;
  }

  long bigEndian(int width) throws RdbFormatException {
    require(width);
    long value = 0;
    for (int i = 0; i < width; i++) {
      value = value << 8 | (bytes[position + i] & 0xff);
    }
    position += width;
    return value;
  }

  byte[] take(long count) throws RdbFormatException {
    if (count < 0 || count > bytes.length - position) {
      throw error("an entry of " + count + " bytes runs past the end");
    }
    byte[] taken = Arrays.copyOfRange(bytes, position, position + (int) count);
    position += (int) count;
    return taken;
  }

  void skip(long count) throws RdbFormatException {
    if (count < 0 || count > bytes.length - position) {
      throw error("skipping " + count + " bytes runs past the end");
    }
    position += (int) count;
  }

  void expectEnd() throws RdbFormatException {
    if (position != bytes.length) {
      throw error((bytes.length - position) + " bytes follow the end marker");
    }
  }

  private void require(int count) throws RdbFormatException {
    if (count > bytes.length - position) {
      throw error("the data ends where " + count + " more byte" + (count == 1 ? " was" : "s were") + " expected");
    }
  }
}

package io.verdis.persist.rdb;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The bytes of an RDB file with its primitive encodings (lengths, strings, doubles), read exactly as
 * far as the parser asks and never ahead, so the stream is left right after the last byte parsed.
 * Counts the offset for error messages and keeps the running CRC-64 of everything read.
 */
final class RdbInput {
  /**
   * Strings longer than this are read in growing pieces: a corrupt length must run into the end of
   * the file, not make us allocate gigabytes first.
   */
  private static final int ALLOCATION_STEP = 1 << 20;
  private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 16;
  /** One LZF back reference (3 bytes) expands to at most 264 bytes; anything more is corruption. */
  private static final int MAX_LZF_RATIO = 88;

  private final InputStream in;
  private final Crc64 crc = new Crc64();
  private long offset;

  RdbInput(InputStream in) {
    this.in = in;
  }

  long offset() {
    return offset;
  }

  /** CRC-64 of every byte read so far. */
  long checksum() {
    return crc.value();
  }

  RdbFormatException error(long at, String problem) {
    return new RdbFormatException(at, problem);
  }

  int readUnsignedByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw truncated(1);
    }
    crc.update(b);
    offset++;
    return b;
  }

  void readFully(byte[] buffer, int from, int length) throws IOException {
    int done = 0;
    while (done < length) {
      int n = in.read(buffer, from + done, length - done);
      if (n < 0) {
        offset += done;
        throw truncated(length - done);
      }
      done += n;
    }
    crc.update(buffer, from, length);
    offset += length;
  }

  byte[] readBytes(long count) throws IOException {
    if (count < 0 || count > MAX_ARRAY_LENGTH) {
      throw error(offset, "a string of " + Long.toUnsignedString(count) + " bytes is longer than this reader can hold");
    }
    int length = (int) count;
    if (length <= ALLOCATION_STEP) {
      byte[] bytes = new byte[length];
      readFully(bytes, 0, length);
      return bytes;
    }
    byte[] bytes = new byte[ALLOCATION_STEP];
    int filled = 0;
    while (filled < length) {
      if (filled == bytes.length) {
        bytes = Arrays.copyOf(bytes, (int) Math.min(length, 2L * bytes.length));
      }
      int piece = bytes.length - filled;
      readFully(bytes, filled, piece);
      filled += piece;
    }
    return bytes;
  }

  /** An unsigned little-endian integer of {@code width} bytes (up to 8; 8 bytes may come out negative). */
  long readLittleEndian(int width) throws IOException {
    long value = 0;
    for (int i = 0; i < width; i++) {
      value |= (long) readUnsignedByte() << (8 * i);
    }
    return value;
  }

  private long readBigEndian(int width) throws IOException {
    long value = 0;
    for (int i = 0; i < width; i++) {
      value = value << 8 | readUnsignedByte();
    }
    return value;
  }

  /** A length (6, 14, 32 or 64 bit), where a string encoding marker would be corruption. */
  long readLength() throws IOException {
    long at = offset;
    int first = readUnsignedByte();
    if (first >>> 6 == 3) {
      throw error(at, "expected a length, found the string encoding marker 0x" + Integer.toHexString(first));
    }
    return lengthAfter(first, at);
  }

  /** A length that must fit an int, such as a database number or an element count. */
  int readSmallLength(String what) throws IOException {
    long at = offset;
    long length = readLength();
    if (length < 0 || length > Integer.MAX_VALUE) {
      throw error(at, what + " " + Long.toUnsignedString(length) + " is out of range");
    }
    return (int) length;
  }

  private long lengthAfter(int first, long at) throws IOException {
    return switch (first >>> 6) {
      case 0 -> first & 0x3f;
      case 1 -> (first & 0x3f) << 8 | readUnsignedByte();
      default -> switch (first) {
        case 0x80 -> readBigEndian(4);
        case 0x81 -> readBigEndian(8);
        default -> throw error(at, "unknown length encoding 0x" + Integer.toHexString(first));
      };
    };
  }

  /** A string in any of its encodings: raw, an integer (as decimal text) or LZF-compressed. */
  byte[] readString() throws IOException {
    long at = offset;
    int first = readUnsignedByte();
    if (first >>> 6 != 3) {
      long length = lengthAfter(first, at);
      return readBytes(length);
    }
    return switch (first & 0x3f) {
      case 0 -> DecimalText.of((byte) readUnsignedByte());
      case 1 -> DecimalText.of((short) readLittleEndian(2));
      case 2 -> DecimalText.of((int) readLittleEndian(4));
      case 3 -> readLzfString(at);
      default -> throw error(at, "unknown string encoding 0x" + Integer.toHexString(first));
    };
  }

  private byte[] readLzfString(long at) throws IOException {
    long compressedLength = readLength();
    long length = readLength();
    if (compressedLength < 0 || compressedLength > MAX_ARRAY_LENGTH || length < 0 || length > MAX_ARRAY_LENGTH) {
      throw error(at, "LZF string of " + Long.toUnsignedString(length) + " bytes is longer than this reader can hold");
    }
    byte[] compressed = readBytes(compressedLength);
    if (length > (long) MAX_LZF_RATIO * compressedLength + MAX_LZF_RATIO) {
      throw error(at, "LZF string claims " + length + " bytes from " + compressedLength + " compressed bytes");
    }
    try {
      return Lzf.decompress(compressed, (int) length);
    } catch (IllegalArgumentException e) {
      throw error(at, e.getMessage());
    }
  }

  /** An 8-byte little-endian IEEE 754 double (ZSET_2 scores). */
  double readBinaryDouble() throws IOException {
    return Double.longBitsToDouble(readLittleEndian(8));
  }

  /** A double as text after a length byte, with 253/254/255 meaning nan/+inf/-inf (ZSET scores before RDB 8). */
  double readAsciiDouble() throws IOException {
    long at = offset;
    int length = readUnsignedByte();
    switch (length) {
      case 255:
        return Double.NEGATIVE_INFINITY;
      case 254:
        return Double.POSITIVE_INFINITY;
      case 253:
        return Double.NaN;
      default:
        byte[] text = readBytes(length);
        try {
          return DecimalText.parseDouble(text);
        } catch (NumberFormatException e) {
          throw error(at, "score \"" + RdbFormatException.printable(text) + "\" is not a number");
        }
    }
  }

  private RdbFormatException truncated(int missing) {
    return error(offset, "the file ends here, " + missing + " more byte" + (missing == 1 ? "" : "s")
        + " expected (truncated file?)");
  }
}

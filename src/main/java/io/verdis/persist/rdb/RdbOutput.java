package io.verdis.persist.rdb;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The primitive encodings of an RDB file (lengths, strings, doubles) written through a buffer that
 * keeps the running CRC-64 of everything written.
 */
final class RdbOutput {
  private static final int BUFFER_SIZE = 1 << 16;
  /** Redis tries LZF on strings longer than this (rdbSaveRawString, with rdbcompression on). */
  private static final int COMPRESS_ABOVE = 20;

  private final OutputStream out;
  private final byte[] buffer;
  private final Crc64 crc = new Crc64();
  private int used;

  RdbOutput(OutputStream out) {
    this(out, BUFFER_SIZE);
  }

  /** A smaller buffer for a single value (DUMP), where 64 KB per call would be waste. */
  RdbOutput(OutputStream out, int bufferSize) {
    this.out = out;
    this.buffer = new byte[bufferSize];
  }

  void writeByte(int b) throws IOException {
    if (used == buffer.length) {
      drain();
    }
    buffer[used++] = (byte) b;
  }

  void writeBytes(byte[] bytes) throws IOException {
    if (bytes.length > buffer.length - used) {
      drain();
      if (bytes.length > buffer.length) {
        crc.update(bytes, 0, bytes.length);
        out.write(bytes);
        return;
      }
    }
    System.arraycopy(bytes, 0, buffer, used, bytes.length);
    used += bytes.length;
  }

  void writeLittleEndian(long value, int width) throws IOException {
    for (int i = 0; i < width; i++) {
      writeByte((int) (value >>> (8 * i)));
    }
  }

  private void writeBigEndian(long value, int width) throws IOException {
    for (int i = width - 1; i >= 0; i--) {
      writeByte((int) (value >>> (8 * i)));
    }
  }

  /** 6-bit, 14-bit, 32-bit or 64-bit length, the shortest that holds {@code length}. */
  void writeLength(long length) throws IOException {
    if (length < 0) {
      throw new IllegalArgumentException("negative length " + length);
    } else if (length < 1 << 6) {
      writeByte((int) length);
    } else if (length < 1 << 14) {
      writeByte(0x40 | (int) (length >>> 8));
      writeByte((int) length);
    } else if (length <= 0xFFFF_FFFFL) {
      writeByte(0x80);
      writeBigEndian(length, 4);
    } else {
      writeByte(0x81);
      writeBigEndian(length, 8);
    }
  }

  /**
   * A length taken as an unsigned 64-bit number, as rdbSaveLen takes its uint64_t: stream ids and
   * counters, where a negative long is a number of 2^63 or more (or a signed -1 that Redis stores as
   * such, the unknown entries-read of a consumer group).
   */
  void writeUnsignedLength(long length) throws IOException {
    if (length < 0) {
      writeByte(0x81);
      writeBigEndian(length, 8);
    } else {
      writeLength(length);
    }
  }

  /**
   * A string as Redis writes it: canonical integers of up to 32 bits as INT8/16/32, longer strings
   * LZF-compressed when that saves more than 4 bytes, anything else raw.
   */
  void writeString(byte[] bytes) throws IOException {
    if (DecimalText.isCanonicalInt(bytes)) {
      int value = DecimalText.parseInt(bytes);
      if (value == (byte) value) {
        writeByte(0xC0);
        writeByte(value);
      } else if (value == (short) value) {
        writeByte(0xC1);
        writeLittleEndian(value, 2);
      } else {
        writeByte(0xC2);
        writeLittleEndian(value, 4);
      }
      return;
    }
    if (bytes.length > COMPRESS_ABOVE) {
      byte[] compressed = Lzf.compress(bytes, bytes.length - 4);
      if (compressed != null) {
        writeByte(0xC3);
        writeLength(compressed.length);
        writeLength(bytes.length);
        writeBytes(compressed);
        return;
      }
    }
    writeLength(bytes.length);
    writeBytes(bytes);
  }

  void writeBinaryDouble(double value) throws IOException {
    writeLittleEndian(Double.doubleToRawLongBits(value), 8);
  }

  /** CRC-64 of everything written so far. */
  long checksum() throws IOException {
    drain();
    return crc.value();
  }

  void flush() throws IOException {
    drain();
    out.flush();
  }

  void close() throws IOException {
    try {
      drain();
    } finally {
      out.close();
    }
  }

  private void drain() throws IOException {
    if (used > 0) {
      crc.update(buffer, 0, used);
      out.write(buffer, 0, used);
      used = 0;
    }
  }
}

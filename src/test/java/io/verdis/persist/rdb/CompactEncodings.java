package io.verdis.persist.rdb;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds ziplists, listpacks and zipmaps byte by byte from the formats in redis/src/ziplist.c,
 * listpack.c and zipmap.c, choosing encodings as Redis does, for files no installed Redis writes
 * any more. Tests load what these build into a real redis-server with deep payload sanitization,
 * which proves the bytes are what Redis itself would have written.
 */
final class CompactEncodings {
  private CompactEncodings() {}

  /** Redis's string2ll: only the canonical decimal form of a long is an integer. */
  static Long canonicalLong(String text) {
    try {
      long value = Long.parseLong(text);
      return Long.toString(value).equals(text) ? value : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static byte[] ziplist(List<String> entries) {
    List<byte[]> encoded = new ArrayList<>();
    int previousLength = 0;
    for (String entry : entries) {
      ByteArrayOutputStream e = new ByteArrayOutputStream();
      if (previousLength < 254) {
        e.write(previousLength);
      } else {
        e.write(0xFE);
        littleEndian(e, previousLength, 4);
      }
      ziplistEntry(e, entry);
      encoded.add(e.toByteArray());
      previousLength = e.size();
    }
    int entriesLength = encoded.stream().mapToInt(b -> b.length).sum();
    int tail = 10 + entriesLength - (encoded.isEmpty() ? 0 : encoded.get(encoded.size() - 1).length);
    ByteArrayOutputStream zl = new ByteArrayOutputStream();
    littleEndian(zl, 10 + entriesLength + 1, 4);
    littleEndian(zl, tail, 4);
    littleEndian(zl, Math.min(entries.size(), 0xFFFF), 2);
    encoded.forEach(zl::writeBytes);
    zl.write(0xFF);
    return zl.toByteArray();
  }

  private static void ziplistEntry(ByteArrayOutputStream e, String entry) {
    Long value = entry.length() <= 32 ? canonicalLong(entry) : null;
    if (value != null) {
      long v = value;
      if (v >= 0 && v <= 12) {
        e.write(0xF1 + (int) v);
      } else if (v == (byte) v) {
        e.write(0xFE);
        littleEndian(e, v, 1);
      } else if (v == (short) v) {
        e.write(0xC0);
        littleEndian(e, v, 2);
      } else if (v >= -(1 << 23) && v < 1 << 23) {
        e.write(0xF0);
        littleEndian(e, v, 3);
      } else if (v == (int) v) {
        e.write(0xD0);
        littleEndian(e, v, 4);
      } else {
        e.write(0xE0);
        littleEndian(e, v, 8);
      }
      return;
    }
    byte[] bytes = Bytes.of(entry);
    if (bytes.length <= 0x3f) {
      e.write(bytes.length);
    } else if (bytes.length <= 0x3fff) {
      e.write(0x40 | bytes.length >>> 8);
      e.write(bytes.length & 0xff);
    } else {
      e.write(0x80);
      e.write(bytes.length >>> 24);
      e.write(bytes.length >>> 16);
      e.write(bytes.length >>> 8);
      e.write(bytes.length);
    }
    e.writeBytes(bytes);
  }

  static byte[] listpack(List<String> entries) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String entry : entries) {
      ByteArrayOutputStream e = new ByteArrayOutputStream();
      listpackEntry(e, entry);
      body.writeBytes(e.toByteArray());
      body.writeBytes(backlen(e.size()));
    }
    ByteArrayOutputStream lp = new ByteArrayOutputStream();
    littleEndian(lp, 6 + body.size() + 1, 4);
    littleEndian(lp, Math.min(entries.size(), 0xFFFF), 2);
    lp.writeBytes(body.toByteArray());
    lp.write(0xFF);
    return lp.toByteArray();
  }

  private static void listpackEntry(ByteArrayOutputStream e, String entry) {
    Long value = canonicalLong(entry);
    if (value != null) {
      long v = value;
      if (v >= 0 && v <= 127) {
        e.write((int) v);
      } else if (v >= -4096 && v <= 4095) {
        long u = v < 0 ? (1 << 13) + v : v;
        e.write(0xC0 | (int) (u >>> 8));
        e.write((int) u & 0xff);
      } else if (v == (short) v) {
        e.write(0xF1);
        littleEndian(e, v, 2);
      } else if (v >= -(1 << 23) && v < 1 << 23) {
        e.write(0xF2);
        littleEndian(e, v, 3);
      } else if (v == (int) v) {
        e.write(0xF3);
        littleEndian(e, v, 4);
      } else {
        e.write(0xF4);
        littleEndian(e, v, 8);
      }
      return;
    }
    byte[] bytes = Bytes.of(entry);
    if (bytes.length < 64) {
      e.write(0x80 | bytes.length);
    } else if (bytes.length < 4096) {
      e.write(0xE0 | bytes.length >>> 8);
      e.write(bytes.length & 0xff);
    } else {
      e.write(0xF0);
      littleEndian(e, bytes.length, 4);
    }
    e.writeBytes(bytes);
  }

  /** lpEncodeBacklen. */
  static byte[] backlen(long l) {
    int width = l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
    byte[] bytes = new byte[width];
    for (int i = width - 1, shift = 0; i >= 0; i--, shift += 7) {
      bytes[i] = (byte) ((l >>> shift) & 127 | (i == 0 ? 0 : 128));
    }
    return bytes;
  }

  /** fieldsAndValues: f1, v1 …; each value followed by {@code free} unused bytes, as after an in-place update. */
  static byte[] zipmap(List<String> fieldsAndValues, int free) {
    ByteArrayOutputStream zm = new ByteArrayOutputStream();
    zm.write(Math.min(fieldsAndValues.size() / 2, 254));
    for (int i = 0; i < fieldsAndValues.size(); i += 2) {
      byte[] field = Bytes.of(fieldsAndValues.get(i));
      byte[] value = Bytes.of(fieldsAndValues.get(i + 1));
      zipmapLength(zm, field.length);
      zm.writeBytes(field);
      zipmapLength(zm, value.length);
      zm.write(free);
      zm.writeBytes(value);
      zm.writeBytes(new byte[free]);
    }
    zm.write(0xFF);
    return zm.toByteArray();
  }

  private static void zipmapLength(ByteArrayOutputStream zm, int length) {
    if (length < 254) {
      zm.write(length);
    } else {
      zm.write(254);
      littleEndian(zm, length, 4);
    }
  }

  static void littleEndian(ByteArrayOutputStream out, long value, int width) {
    for (int i = 0; i < width; i++) {
      out.write((int) (value >>> (8 * i)));
    }
  }
}

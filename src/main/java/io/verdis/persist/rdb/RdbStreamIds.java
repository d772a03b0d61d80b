package io.verdis.persist.rdb;

import io.verdis.persist.rdb.RdbValue.StreamValue.Id;
import java.util.Comparator;

/**
 * Stream ids as RDB stores them (t_stream.c, streamEncodeID): 128 bits, milliseconds then sequence,
 * each big-endian, so that byte order is id order; both halves are unsigned 64-bit numbers.
 */
public final class RdbStreamIds {
  static final int BYTES = 16;
  /** Id order: milliseconds, then sequence, both unsigned. */
  public static final Comparator<Id> ORDER =
      Comparator.comparing(Id::ms, Long::compareUnsigned).thenComparing(Id::seq, Long::compareUnsigned);

  private RdbStreamIds() {}

  static byte[] encode(Id id) {
    byte[] bytes = new byte[BYTES];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (id.ms() >>> (56 - 8 * i));
      bytes[8 + i] = (byte) (id.seq() >>> (56 - 8 * i));
    }
    return bytes;
  }

  /** The id in {@code bytes}, which the caller has checked are {@link #BYTES} long. */
  static Id decode(byte[] bytes) {
    long ms = 0;
    long seq = 0;
    for (int i = 0; i < 8; i++) {
      ms = ms << 8 | (bytes[i] & 0xff);
      seq = seq << 8 | (bytes[8 + i] & 0xff);
    }
    return new Id(ms, seq);
  }

  public static int compare(Id a, Id b) {
    return ORDER.compare(a, b);
  }

  /** As Redis prints an id: "ms-seq", both unsigned. */
  public static String text(Id id) {
    return Long.toUnsignedString(id.ms()) + "-" + Long.toUnsignedString(id.seq());
  }
}

package io.verdis.persist.rdb;

import java.util.Arrays;

/**
 * LZF, the compression Redis applies to RDB strings longer than 20 bytes (redis/src/lzf_d.c, lzf_c.c).
 * A compressed stream is a series of chunks, each opening with a control byte: below 32 it is a run of
 * {@code ctrl + 1} literal bytes; otherwise its top 3 bits hold a copy length (7 means "plus the next
 * byte"), its low 5 bits and the following byte a distance back into the output.
 */
public final class Lzf {
  private static final int MAX_LITERAL_RUN = 1 << 5;
  private static final int MAX_DISTANCE = 1 << 13;
  /** Longest copy one back reference can express: 2 + 7 + 255. */
  private static final int MAX_COPY = (1 << 8) + (1 << 3);

  private Lzf() {}

  /**
   * Decompresses {@code in}, which must expand to exactly {@code outLength} bytes.
   *
   * @throws IllegalArgumentException naming what is wrong with the data
   */
  public static byte[] decompress(byte[] in, int outLength) {
    byte[] out = new byte[outLength];
    int ip = 0;
    int op = 0;
    while (ip < in.length) {
      int ctrl = in[ip++] & 0xff;
      if (ctrl < MAX_LITERAL_RUN) {
        int run = ctrl + 1;
        if (ip + run > in.length) {
          throw new IllegalArgumentException("LZF literal run at input byte " + (ip - 1)
              + " passes the end of the input");
        }
        if (op + run > outLength) {
          throw new IllegalArgumentException("LZF data expands past the announced " + outLength + " bytes");
        }
        System.arraycopy(in, ip, out, op, run);
        ip += run;
        op += run;
      } else {
        int length = ctrl >>> 5;
        if (length == 7) {
          if (ip >= in.length) {
            throw new IllegalArgumentException("LZF back reference at input byte " + (ip - 1) + " is cut off");
          }
          length += in[ip++] & 0xff;
        }
        if (ip >= in.length) {
          throw new IllegalArgumentException("LZF back reference at input byte " + (ip - 1) + " is cut off");
        }
        int from = op - ((ctrl & 0x1f) << 8) - 1 - (in[ip++] & 0xff);
        length += 2;
        if (from < 0) {
          throw new IllegalArgumentException("LZF back reference at input byte " + (ip - 2)
              + " points before the start");
        }
        if (op + length > outLength) {
          throw new IllegalArgumentException("LZF data expands past the announced " + outLength + " bytes");
        }
        // Byte by byte on purpose: a copy may overlap its own output (a run of one repeated byte).
        for (int i = 0; i < length; i++) {
          out[op++] = out[from++];
        }
      }
    }
    if (op != outLength) {
      throw new IllegalArgumentException("LZF data expands to " + op + " bytes, not the announced " + outLength);
    }
    return out;
  }

  /**
   * Compresses {@code in} into at most {@code maxOutLength} bytes, or returns null when it does not
   * fit (incompressible data): the caller then stores the bytes raw, as Redis does.
   */
  static byte[] compress(byte[] in, int maxOutLength) {
    return compress(in, 0, in.length, maxOutLength);
  }

  /** {@link #compress(byte[], int)} of {@code in[offset, offset + inLength)} (compressed list nodes). */
  public static byte[] compress(byte[] in, int offset, int inLength, int maxOutLength) {
    byte[] out = new byte[maxOutLength];
    int inEnd = offset + inLength;
    int hashBits = Math.max(4, Math.min(14, 32 - Integer.numberOfLeadingZeros(inLength)));
    // Last position + 1 of each 3-byte hash; 0 means none yet.
    int[] seen = new int[1 << hashBits];
    int op = 0;
    int literalStart = offset;
    int ip = offset;
    while (ip + 2 < inEnd) {
      int triple = (in[ip] & 0xff) << 16 | (in[ip + 1] & 0xff) << 8 | (in[ip + 2] & 0xff);
      int slot = (triple * 0x9E3779B1) >>> (32 - hashBits);
      int candidate = seen[slot] - 1;
      seen[slot] = ip + 1;
      int distance = ip - candidate - 1;
      if (candidate < offset || distance >= MAX_DISTANCE
          || in[candidate] != in[ip] || in[candidate + 1] != in[ip + 1] || in[candidate + 2] != in[ip + 2]) {
        ip++;
        continue;
      }
      int limit = Math.min(MAX_COPY, inEnd - ip);
      int length = 3;
      while (length < limit && in[candidate + length] == in[ip + length]) {
        length++;
      }
      op = literals(in, literalStart, ip, out, op);
      if (op < 0 || op + 3 > out.length) {
        return null;
      }
      int stored = length - 2;
      if (stored < 7) {
        out[op++] = (byte) (stored << 5 | distance >>> 8);
      } else {
        out[op++] = (byte) (7 << 5 | distance >>> 8);
        out[op++] = (byte) (stored - 7);
      }
      out[op++] = (byte) distance;
      ip += length;
      literalStart = ip;
    }
    op = literals(in, literalStart, inEnd, out, op);
    return op < 0 ? null : Arrays.copyOf(out, op);
  }

  /** Writes in[from, to) as literal runs; the new output position, or -1 when out is too small. */
  private static int literals(byte[] in, int from, int to, byte[] out, int op) {
    while (from < to) {
      int run = Math.min(MAX_LITERAL_RUN, to - from);
      if (op < 0 || op + 1 + run > out.length) {
        return -1;
      }
      out[op++] = (byte) (run - 1);
      System.arraycopy(in, from, out, op, run);
      op += run;
      from += run;
    }
    return op;
  }
}

package io.verdis.command.hyperloglog;

import java.util.Arrays;

/**
 * A HyperLogLog string value being read or changed, byte for byte Redis 7.0's hyperloglog.c so the
 * bytes travel both ways with redis-server: the 16-byte header ("HYLL", encoding, 3 unused bytes, an
 * 8-byte little-endian cached cardinality whose top bit marks it stale), then 2^14 registers of 6 bits,
 * either dense (12288 bytes) or sparse (ZERO 00xxxxxx, XZERO 01xxxxxx xxxxxxxx, VAL 1vvvvvxx opcodes).
 * Works on a private copy: stored values may be shared with replies, so the result is a new array.
 */
final class HllSketch {
  static final int P = 14;
  static final int Q = 64 - P;
  static final int REGISTERS = 1 << P;
  static final int REGISTER_MAX = 63;
  static final int HEADER = 16;
  static final int DENSE_SIZE = HEADER + (REGISTERS * 6 + 7) / 8;
  static final int DENSE = 0;
  static final int SPARSE = 1;
  private static final int ENCODING_AT = 4;
  private static final int CARD_AT = 8;
  private static final long SEED = 0xadc83b19L;
  private static final int VAL_MAX_VALUE = 32;
  private static final int VAL_MAX_LEN = 4;
  private static final int ZERO_MAX_LEN = 64;
  /** 0.5/ln(2), the estimator's constant for an infinite number of registers (Ertl). */
  private static final double ALPHA_INF = 0.721347520444481703680;

  private byte[] buf;
  private int len;

  private HllSketch(byte[] buf, int len) {
    this.buf = buf;
    this.len = len;
  }

  /** Redis's createHLLObject: sparse, one XZERO over every register, a valid cached cardinality of 0. */
  static HllSketch empty() {
    byte[] bytes = new byte[HEADER + 2];
    bytes[0] = 'H';
    bytes[1] = 'Y';
    bytes[2] = 'L';
    bytes[3] = 'L';
    bytes[ENCODING_AT] = SPARSE;
    xzero(bytes, HEADER, REGISTERS);
    return new HllSketch(bytes, bytes.length);
  }

  static HllSketch copyOf(byte[] value) {
    return new HllSketch(Arrays.copyOf(value, value.length + 8), value.length);
  }

  /** Redis's isHLLObjectOrReply, past the type check: header, magic, a known encoding, the dense size. */
  static boolean isValid(byte[] value) {
    if (value.length < HEADER || value[0] != 'H' || value[1] != 'Y' || value[2] != 'L' || value[3] != 'L') {
      return false;
    }
    int encoding = value[ENCODING_AT] & 0xFF;
    return encoding == SPARSE || (encoding == DENSE && value.length == DENSE_SIZE);
  }

  byte[] toBytes() {
    return Arrays.copyOf(buf, len);
  }

  static boolean isDense(byte[] value) {
    return value[ENCODING_AT] == DENSE;
  }

  int encoding() {
    return buf[ENCODING_AT];
  }

  /** The cardinality cached in a stored value's header, or -1 when its stale bit is set. */
  static long cachedCardinality(byte[] value) {
    if ((value[CARD_AT + 7] & 0x80) != 0) {
      return -1;
    }
    long card = 0;
    for (int i = 7; i >= 0; i--) {
      card = (card << 8) | (value[CARD_AT + i] & 0xFFL);
    }
    return card;
  }

  void cache(long card) {
    for (int i = 0; i < 8; i++) {
      buf[CARD_AT + i] = (byte) (card >>> (8 * i));
    }
  }

  void invalidateCache() {
    buf[CARD_AT + 7] |= (byte) 0x80;
  }

  /** Redis's hllAdd: 1 when a register grew, 0 when none did, -1 for a corrupt sparse value. */
  int add(byte[] element, long sparseMaxBytes) {
    long hash = MurmurHash64A.hash(element, SEED);
    int index = (int) (hash & (REGISTERS - 1));
    // The "000..1" pattern length of the remaining bits, at most Q+1 (hllPatLen).
    int count = Long.numberOfTrailingZeros((hash >>> P) | (1L << Q)) + 1;
    return set(index, count, sparseMaxBytes);
  }

  /** Raises register index to count if lower: 1 when it did, 0 when not, -1 for a corrupt sparse value. */
  int set(int index, int count, long sparseMaxBytes) {
    if (encoding() == DENSE) {
      return denseSet(index, count);
    }
    return sparseSet(index, count, sparseMaxBytes);
  }

  // ---- dense --------------------------------------------------------------------------------

  /** HLL_DENSE_GET_REGISTER: register i spans bits 6i..6i+5 of the register area, low bits first. */
  static int denseGet(byte[] bytes, int i) {
    int bit = i * 6;
    int at = HEADER + (bit >> 3);
    int fb = bit & 7;
    int b0 = bytes[at] & 0xFF;
    int b1 = at + 1 < bytes.length ? bytes[at + 1] & 0xFF : 0;
    return ((b0 >> fb) | (b1 << (8 - fb))) & REGISTER_MAX;
  }

  private static void denseWrite(byte[] bytes, int i, int value) {
    int bit = i * 6;
    int at = HEADER + (bit >> 3);
    int fb = bit & 7;
    int fb8 = 8 - fb;
    bytes[at] = (byte) ((bytes[at] & ~(REGISTER_MAX << fb)) | (value << fb));
    if (fb > 2) {
      bytes[at + 1] = (byte) ((bytes[at + 1] & ~(REGISTER_MAX >> fb8)) | (value >> fb8));
    }
  }

  private int denseSet(int index, int count) {
    if (count <= denseGet(buf, index)) {
      return 0;
    }
    denseWrite(buf, index, count);
    return 1;
  }

  /** Redis's hllSparseToDense: false when the opcodes do not cover exactly every register. */
  boolean toDense() {
    if (encoding() == DENSE) {
      return true;
    }
    byte[] dense = new byte[DENSE_SIZE];
    System.arraycopy(buf, 0, dense, 0, HEADER); // magic, unused bytes and cached cardinality as they were
    dense[ENCODING_AT] = DENSE;
    int idx = 0;
    int p = HEADER;
    while (p < len) {
      int op = buf[p] & 0xFF;
      if ((op & 0xC0) == 0) {
        idx += (op & 0x3F) + 1;
        p++;
      } else if ((op & 0xC0) == 0x40) {
        idx += xzeroLen(buf, p, len);
        p += 2;
      } else {
        int runlen = (op & 3) + 1;
        int value = ((op >> 2) & 0x1F) + 1;
        if (runlen + idx > REGISTERS) {
          break;
        }
        for (int k = 0; k < runlen; k++) {
          denseWrite(dense, idx++, value);
        }
        p++;
      }
    }
    if (idx != REGISTERS) {
      return false;
    }
    buf = dense;
    len = DENSE_SIZE;
    return true;
  }

  // ---- sparse -------------------------------------------------------------------------------

  /** An XZERO's run; a value cut after its first byte reads the zero Redis's sds terminator gives. */
  private static int xzeroLen(byte[] bytes, int p, int end) {
    int low = p + 1 < end ? bytes[p + 1] & 0xFF : 0;
    return (((bytes[p] & 0x3F) << 8) | low) + 1;
  }

  private static void xzero(byte[] bytes, int p, int runlen) {
    int l = runlen - 1;
    bytes[p] = (byte) ((l >> 8) | 0x40);
    bytes[p + 1] = (byte) l;
  }

  private static byte val(int value, int runlen) {
    return (byte) (((value - 1) << 2 | (runlen - 1)) | 0x80);
  }

  private static boolean isVal(byte op) {
    return (op & 0x80) != 0;
  }

  private static int valValue(byte op) {
    return ((op >> 2) & 0x1F) + 1;
  }

  private static int valLen(byte op) {
    return (op & 3) + 1;
  }

  /**
   * Redis's hllSparseSet: finds the opcode covering index, splits it around the register (XZERO
   * becomes at worst XZERO-VAL-XZERO), merges equal VALs next to it, and promotes to dense when the
   * value needs more than 5 bits or the value would pass hll-sparse-max-bytes.
   */
  private int sparseSet(int index, int count, long sparseMaxBytes) {
    if (count > VAL_MAX_VALUE) {
      return promote(index, count);
    }
    ensureRoom(3);
    int end = len;
    int first = 0;
    int prev = -1;
    int span = 0;
    int p = HEADER;
    while (p < end) {
      int oplen = 1;
      int op = buf[p] & 0xFF;
      if ((op & 0xC0) == 0) {
        span = (op & 0x3F) + 1;
      } else if ((op & 0x80) != 0) {
        span = (op & 3) + 1;
      } else {
        span = xzeroLen(buf, p, len);
        oplen = 2;
      }
      if (index <= first + span - 1) {
        break;
      }
      prev = p;
      p += oplen;
      first += span;
    }
    if (span == 0 || p >= end) {
      return -1;
    }
    int op = buf[p] & 0xFF;
    boolean isZero = (op & 0xC0) == 0;
    boolean isXzero = (op & 0xC0) == 0x40;
    boolean isValue = !isZero && !isXzero;
    int next = isXzero ? p + 2 : p + 1;
    if (next >= end) {
      next = -1;
    }
    int runlen = isZero ? (op & 0x3F) + 1 : isXzero ? xzeroLen(buf, p, len) : valLen(buf[p]);
    boolean rewritten = false;
    if (isValue) {
      if (valValue(buf[p]) >= count) {
        return 0;
      }
      if (runlen == 1) {
        buf[p] = val(count, 1);
        rewritten = true;
      }
    }
    if (!rewritten && isZero && runlen == 1) {
      buf[p] = val(count, 1);
      rewritten = true;
    }
    if (!rewritten) {
      byte[] seq = new byte[5];
      int n = 0;
      int last = first + span - 1;
      if (isZero || isXzero) {
        if (index != first) {
          n += zeros(seq, n, index - first);
        }
        seq[n++] = val(count, 1);
        if (index != last) {
          n += zeros(seq, n, last - index);
        }
      } else {
        int current = valValue(buf[p]);
        if (index != first) {
          seq[n++] = val(current, index - first);
        }
        seq[n++] = val(count, 1);
        if (index != last) {
          seq[n++] = val(current, last - index);
        }
      }
      int delta = n - (isXzero ? 2 : 1);
      if (delta > 0 && len + delta > sparseMaxBytes) {
        return promote(index, count);
      }
      if (delta != 0 && next >= 0) {
        System.arraycopy(buf, next, buf, next + delta, end - next);
      }
      len += delta;
      System.arraycopy(seq, 0, buf, p, n);
      end += delta;
    }
    mergeAdjacentValues(prev >= 0 ? prev : HEADER);
    invalidateCache();
    return 1;
  }

  /** A run of zeros as ZERO (up to 64) or XZERO; the bytes written. */
  private static int zeros(byte[] seq, int at, int runlen) {
    if (runlen > ZERO_MAX_LEN) {
      xzero(seq, at, runlen);
      return 2;
    }
    seq[at] = (byte) (runlen - 1);
    return 1;
  }

  /** Step 4 of hllSparseSet: up to 5 opcodes from {@code p}, joining equal adjacent VALs that fit one opcode. */
  private void mergeAdjacentValues(int p) {
    int scan = 5;
    while (p < len && scan-- > 0) {
      int op = buf[p] & 0xFF;
      if ((op & 0xC0) == 0x40) {
        p += 2;
        continue;
      }
      if ((op & 0xC0) == 0) {
        p++;
        continue;
      }
      if (p + 1 < len && isVal(buf[p + 1]) && valValue(buf[p]) == valValue(buf[p + 1])) {
        int joined = valLen(buf[p]) + valLen(buf[p + 1]);
        if (joined <= VAL_MAX_LEN) {
          buf[p + 1] = val(valValue(buf[p]), joined);
          System.arraycopy(buf, p + 1, buf, p, len - p - 1);
          len--;
          continue;
        }
      }
      p++;
    }
  }

  private int promote(int index, int count) {
    if (!toDense()) {
      return -1;
    }
    return denseSet(index, count);
  }

  private void ensureRoom(int extra) {
    if (buf.length < len + extra) {
      buf = Arrays.copyOf(buf, Math.max(len + extra, len * 2));
    }
  }

  // ---- reading ------------------------------------------------------------------------------

  /**
   * Redis's hllMerge: raises each of {@code max}'s registers to this value's; false for a sparse
   * value whose opcodes do not cover exactly every register.
   */
  static boolean mergeInto(byte[] value, int[] max) {
    if (value[ENCODING_AT] == DENSE) {
      for (int i = 0; i < REGISTERS; i++) {
        max[i] = Math.max(max[i], denseGet(value, i));
      }
      return true;
    }
    int i = 0;
    int p = HEADER;
    while (p < value.length) {
      int op = value[p] & 0xFF;
      if ((op & 0xC0) == 0) {
        i += (op & 0x3F) + 1;
        p++;
      } else if ((op & 0xC0) == 0x40) {
        i += xzeroLen(value, p, value.length);
        p += 2;
      } else {
        int runlen = (op & 3) + 1;
        int v = ((op >> 2) & 0x1F) + 1;
        if (runlen + i > REGISTERS) {
          break;
        }
        for (int k = 0; k < runlen; k++, i++) {
          max[i] = Math.max(max[i], v);
        }
        p++;
      }
    }
    return i == REGISTERS;
  }

  /** hllCount on this value: the estimate, or -1 when a sparse value does not cover every register. */
  long count() {
    int[] histogram = new int[64];
    if (encoding() == DENSE) {
      for (int i = 0; i < REGISTERS; i++) {
        histogram[denseGet(buf, i)]++;
      }
    } else {
      int idx = 0;
      int p = HEADER;
      while (p < len) {
        int op = buf[p] & 0xFF;
        int runlen;
        if ((op & 0xC0) == 0) {
          runlen = (op & 0x3F) + 1;
          histogram[0] += runlen;
          p++;
        } else if ((op & 0xC0) == 0x40) {
          runlen = xzeroLen(buf, p, len);
          histogram[0] += runlen;
          p += 2;
        } else {
          runlen = (op & 3) + 1;
          histogram[((op >> 2) & 0x1F) + 1] += runlen;
          p++;
        }
        idx += runlen;
      }
      if (idx != REGISTERS) {
        return -1;
      }
    }
    return estimate(histogram);
  }

  /** hllCount over registers merged from several values (the internal HLL_RAW encoding). */
  static long count(int[] registers) {
    int[] histogram = new int[64];
    for (int register : registers) {
      histogram[register]++;
    }
    return estimate(histogram);
  }

  /** Ertl's estimator from the register histogram ("New cardinality estimation algorithms for HyperLogLog sketches"). */
  static long estimate(int[] histogram) {
    double m = REGISTERS;
    double z = m * tau((m - histogram[Q + 1]) / m);
    for (int j = Q; j >= 1; --j) {
      z += histogram[j];
      z *= 0.5;
    }
    z += m * sigma(histogram[0] / m);
    return Math.round(ALPHA_INF * m * m / z);
  }

  static double sigma(double x) {
    if (x == 1.) {
      return Double.POSITIVE_INFINITY;
    }
    double zPrime;
    double y = 1;
    double z = x;
    do {
      x *= x;
      zPrime = z;
      z += x * y;
      y += y;
    } while (zPrime != z);
    return z;
  }

  static double tau(double x) {
    if (x == 0. || x == 1.) {
      return 0.;
    }
    double zPrime;
    double y = 1.0;
    double z = 1 - x;
    do {
      x = Math.sqrt(x);
      zPrime = z;
      y *= 0.5;
      z -= (1 - x) * (1 - x) * y;
    } while (zPrime != z);
    return z / 3;
  }

  /** PFDEBUG DECODE's text of the sparse opcodes ("z:64 Z:1000 v:3,2"). */
  String decode() {
    StringBuilder text = new StringBuilder();
    int p = HEADER;
    while (p < len) {
      int op = buf[p] & 0xFF;
      if ((op & 0xC0) == 0) {
        text.append("z:").append((op & 0x3F) + 1).append(' ');
        p++;
      } else if ((op & 0xC0) == 0x40) {
        text.append("Z:").append(xzeroLen(buf, p, len)).append(' ');
        p += 2;
      } else {
        text.append("v:").append(valValue(buf[p])).append(',').append(valLen(buf[p])).append(' ');
        p++;
      }
    }
    return text.toString().strip();
  }
}

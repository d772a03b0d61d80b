package io.verdis.types.stream;

/**
 * A stream entry id, {@code ms-seq}: two unsigned 64-bit numbers ordered as Redis's streamCompareID.
 * Ids are values: every stream and group shares them freely.
 */
public record StreamId(long ms, long seq) implements Comparable<StreamId> {
  public static final StreamId MIN = new StreamId(0, 0);
  public static final StreamId MAX = new StreamId(-1L, -1L);

  @Override
  public int compareTo(StreamId other) {
    int byMs = Long.compareUnsigned(ms, other.ms);
    return byMs != 0 ? byMs : Long.compareUnsigned(seq, other.seq);
  }

  public boolean isZero() {
    return ms == 0 && seq == 0;
  }

  /** The next id in order, or null after {@link #MAX} (Redis's streamIncrID failing). */
  public StreamId next() {
    if (seq != -1L) {
      return new StreamId(ms, seq + 1);
    }
    return ms == -1L ? null : new StreamId(ms + 1, 0);
  }

  /** The previous id in order, or null before {@link #MIN} (streamDecrID). */
  public StreamId previous() {
    if (seq != 0) {
      return new StreamId(ms, seq - 1);
    }
    return ms == 0 ? null : new StreamId(ms - 1, -1L);
  }

  public boolean isAfter(StreamId other) {
    return compareTo(other) > 0;
  }

  public boolean isBefore(StreamId other) {
    return compareTo(other) < 0;
  }

  /** The id as Redis prints it: both parts unsigned decimal. */
  @Override
  public String toString() {
    return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
  }

  /** As {@link #toString()}, written straight into bytes: XADD replies with and logs an id on every call. */
  public byte[] toBytes() {
    int msDigits = digits(ms);
    int seqDigits = digits(seq);
    byte[] out = new byte[msDigits + 1 + seqDigits];
    write(out, msDigits, ms);
    out[msDigits] = '-';
    write(out, out.length, seq);
    return out;
  }

  private static int digits(long unsigned) {
    int digits = 1;
    while (Long.compareUnsigned(unsigned, 10) >= 0) {
      unsigned = Long.divideUnsigned(unsigned, 10);
      digits++;
    }
    return digits;
  }

  /** Writes {@code unsigned}'s digits so that the last one lands just before {@code end}. */
  private static void write(byte[] out, int end, long unsigned) {
    int at = end;
    do {
      out[--at] = (byte) ('0' + Long.remainderUnsigned(unsigned, 10));
      unsigned = Long.divideUnsigned(unsigned, 10);
    } while (unsigned != 0);
  }
}

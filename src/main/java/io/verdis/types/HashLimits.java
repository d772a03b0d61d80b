package io.verdis.types;

/**
 * hash-max-listpack-entries and hash-max-listpack-value as one command reads them: the most
 * fields, and the longest field or value, a hash keeps as a listpack. Commands that grow a hash
 * take the running values (a CONFIG SET applies to the next conversion, as in Redis).
 */
public record HashLimits(long maxEntries, long maxValue) {
  /** Redis 7.0's defaults, 512 fields of up to 64 bytes. */
  public static final HashLimits DEFAULT = new HashLimits(512, 64);

  /** Whether a field or value of {@code length} bytes may stay in a listpack. */
  boolean fits(int length) {
    return length <= maxValue;
  }
}

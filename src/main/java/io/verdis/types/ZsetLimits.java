package io.verdis.types;

/**
* zset-max-listpack-entries and zset-max-listpack-value as one command reads them: the most
* members, and the longest member, a sorted set keeps as a listpack. Commands that create or grow
* a sorted set take the running values (so CONFIG SET applies to the next conversion, as in
* Redis); RESTORE and RDB loading use the defaults.
*/
public record ZsetLimits(long maxEntries, long maxValue) {
  /** Redis's defaults, 128 members of up to 64 bytes. */
  public static final ZsetLimits DEFAULT =
      new ZsetLimits(SortedSetValue.LISTPACK_MAX_ENTRIES, SortedSetValue.LISTPACK_MAX_VALUE);

  boolean fits(long size, long memberLength) {
    return size <= maxEntries && memberLength <= maxValue;
  }
}

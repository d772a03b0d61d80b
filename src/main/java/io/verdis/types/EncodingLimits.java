package io.verdis.types;

/**
 * The encoding directives of every collection type at one moment, for code that builds values of
 * any type: RESTORE and RDB loading shape what they load as Redis's loader does, under the
 * settings of the moment (set-max-intset-entries, and the list, hash and zset listpack limits).
 */
public record EncodingLimits(ListLimits list, HashLimits hash, long setMaxIntsetEntries, ZsetLimits zset) {
  /** Redis's defaults. */
  public static final EncodingLimits DEFAULT =
      new EncodingLimits(ListLimits.DEFAULT, HashLimits.DEFAULT, SetValue.MAX_INTSET_ENTRIES, ZsetLimits.DEFAULT);
}

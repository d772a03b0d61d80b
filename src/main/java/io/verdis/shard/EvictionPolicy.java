package io.verdis.shard;

import java.util.Locale;

/** The eight maxmemory-policy values: which keys may go (all, or those with a TTL) and how they are chosen. */
public enum EvictionPolicy {
  NOEVICTION(Kind.NONE, false),
  ALLKEYS_LRU(Kind.LRU, false),
  ALLKEYS_LFU(Kind.LFU, false),
  ALLKEYS_RANDOM(Kind.RANDOM, false),
  VOLATILE_LRU(Kind.LRU, true),
  VOLATILE_LFU(Kind.LFU, true),
  VOLATILE_RANDOM(Kind.RANDOM, true),
  VOLATILE_TTL(Kind.TTL, true);

  /** How candidates are ranked: by idle time, access frequency, time left to live, or not at all. */
  public enum Kind { NONE, LRU, LFU, RANDOM, TTL }

  private final Kind kind;
  private final boolean volatileOnly;

  EvictionPolicy(Kind kind, boolean volatileOnly) {
    this.kind = kind;
    this.volatileOnly = volatileOnly;
  }

  /** The policy a maxmemory-policy value names ("allkeys-lru" …). */
  public static EvictionPolicy named(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  public Kind kind() {
    return kind;
  }

  /** Only keys with a TTL may be evicted (the volatile-* policies). */
  public boolean volatileOnly() {
    return volatileOnly;
  }
}

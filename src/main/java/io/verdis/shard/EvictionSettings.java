package io.verdis.shard;

/**
 * What one shard's evictor works with: its share of maxmemory (maxmemory / shards, 0 for no
 * limit), the policy, maxmemory-samples, and the time one eviction run may take, from
 * maxmemory-eviction-tenacity as Redis's evictionTimeLimitUs computes it.
 */
public record EvictionSettings(long shardLimit, EvictionPolicy policy, int samples, long timeLimitNanos) {
  public static final EvictionSettings OFF = new EvictionSettings(0, EvictionPolicy.NOEVICTION, 5, 0);

  public static EvictionSettings of(long maxmemory, int shards, String policy, int samples, int tenacity) {
    long share = maxmemory == 0 ? 0 : Math.max(1, maxmemory / shards);
    return new EvictionSettings(share, EvictionPolicy.named(policy), samples, timeLimitNanos(tenacity));
  }

  /** 50 µs per step up to 10 (500 µs, the default), then 15% more per step; 100 is unlimited. */
  static long timeLimitNanos(int tenacity) {
    if (tenacity <= 10) {
      return 50_000L * tenacity;
    }
    if (tenacity < 100) {
      return (long) (500_000.0 * Math.pow(1.15, tenacity - 10.0));
    }
    return Long.MAX_VALUE;
  }
}

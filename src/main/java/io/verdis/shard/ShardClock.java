package io.verdis.shard;

/**
* The shard's notion of "now", refreshed once per batch of commands.
*
* <p>Redis caches mstime per command so that one command sees one instant (a key cannot expire
* half-way through MGET); a shard does the same per batch, and every keyspace of the shard reads it.
*/
public final class ShardClock {
  /** 2020-01-01T00:00:00Z: LRU seconds count from here so they fit in 31 bits until 2088. */
  private static final long LRU_EPOCH_MS = 1_577_836_800_000L;

  private long nowMs;
  private boolean expiryPaused;
  /** This node replicates a primary: keys expire by the primary's DELs only. */
  private boolean primaryExpires;
  /** CLIENT PAUSE or FAILOVER holds the dataset still: nothing is reaped meanwhile. */
  private boolean clientsPaused;
  /** The batch running now comes from the primary's link. */
  private boolean fromPrimary;
  /** Null unless the maxmemory-policy is an LFU one (set on the shard's thread when it changes). */
  private LfuSettings lfu;

  public ShardClock() {
    tick();
  }

  /** Reads the wall clock; the shard calls this before each batch. */
  public void tick() {
    nowMs = System.currentTimeMillis();
  }

  /** Sets the cached time explicitly (tests, AOF replay). */
  public void setNowMs(long nowMs) {
    this.nowMs = nowMs;
  }

  /**
  * While the dataset is loading nothing expires, as in Redis (keyIsExpired answers no while
  * loading): a record replayed later may still touch a key whose TTL has passed since it was written.
  */
  public void pauseExpiry(boolean paused) {
    this.expiryPaused = paused;
  }

  public boolean expiryPaused() {
    return expiryPaused;
  }

  /**
  * As a Redis replica: nothing is reaped here (the primary's DELs do it); a key whose TTL passed
  * reads as missing to clients, but the primary's own commands still find it (Redis 7.0's
  * expireIfNeeded on a replica). Set on the shard's thread.
  */
  public void primaryExpires(boolean primaryExpires) {
    this.primaryExpires = primaryExpires;
  }

  /**
   * Whether keys past their TTL stay (reading as missing) rather than being reaped here: on a
   * replica, and while clients are paused, as Redis 7.0's expireIfNeeded keeps the dataset still
   * then (after the pause they are reaped, or a new primary's DELs remove them).
   */
  public boolean primaryExpires() {
    return primaryExpires || clientsPaused;
  }

  /** Set on the shard's thread while CLIENT PAUSE or FAILOVER holds clients. */
  public void clientsPaused(boolean paused) {
    this.clientsPaused = paused;
  }

  /** Whether the commands running now are the primary's (set per batch by the shard). */
  public void fromPrimary(boolean fromPrimary) {
    this.fromPrimary = fromPrimary;
  }

  public boolean fromPrimary() {
    return fromPrimary;
  }

  /**
   * Records replayed at start-up or the primary's commands on a replica are applied as they were
   * decided, not decided again: a TTL already past is set, not applied, and XTRIM trims exactly
   * (Redis's checkAlreadyExpired and mustObeyClient).
   */
  public boolean obeysRecords() {
    return expiryPaused || (primaryExpires && fromPrimary);
  }

  public long nowMs() {
    return nowMs;
  }

  public void setLfu(LfuSettings lfu) {
    this.lfu = lfu;
  }

  /** The LFU settings while keys track access frequency, else null (they track the last access time). */
  public LfuSettings lfu() {
    return lfu;
  }

  /** Minutes on Redis's 16-bit LFU clock (LFUGetTimeInMinutes). */
  public int lfuMinutes() {
    return (int) (nowMs / 60_000L) & 0xFFFF;
  }

  /** Seconds since the LRU epoch, as stored in the low 31 bits of a key's metadata. */
  public int lruClock() {
    return (int) Math.floorDiv(nowMs - LRU_EPOCH_MS, 1000L) & KeyMeta.LRU_MASK;
  }
}

package io.verdis.shard;

/**
* The per-key int kept beside each value: the LRU clock (seconds) in the low 31 bits, or under an
* LFU maxmemory-policy the LFU data ({@link LfuSettings}), and, in the top bit, whether the key has
* a TTL, so a lookup consults the expiry table only when it must. As in Redis, switching between
* the two policies at runtime reads the other's data until the keys are accessed again.
*/
final class KeyMeta {
  static final int LRU_MASK = 0x7FFF_FFFF;
  private static final int EXPIRY_FLAG = ~LRU_MASK;

  private KeyMeta() {
  }

  static boolean hasExpiry(int meta) {
    return (meta & EXPIRY_FLAG) != 0;
  }

  static int lru(int meta) {
    return meta & LRU_MASK;
  }

  /** The access data of the low 31 bits: an LRU time or LFU data. */
  static int access(int meta) {
    return meta & LRU_MASK;
  }

  /** The same expiry flag with other access data. */
  static int withAccess(int meta, int access) {
    return (meta & EXPIRY_FLAG) | access;
  }

  /** The same expiry flag with a fresh access time. */
  static int touched(int meta, int lruClock) {
    return (meta & EXPIRY_FLAG) | lruClock;
  }

  static int withExpiry(int meta) {
    return meta | EXPIRY_FLAG;
  }

  static int withoutExpiry(int meta) {
    return meta & LRU_MASK;
  }

  /** Seconds between the stored access time and now; the 31-bit clock may have wrapped. */
  static int idleSeconds(int meta, int lruClock) {
    return (lruClock - lru(meta)) & LRU_MASK;
  }
}

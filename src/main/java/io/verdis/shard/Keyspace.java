package io.verdis.shard;

import io.verdis.types.Aggregate;
import io.verdis.types.ValueSize;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

/**
* One database of one shard: the key table, the TTLs of the keys that have one, and the sorted
* key index, kept in step. Only the owning shard's thread may touch it.
*
* <p>A key expires once its expiry time is ≤ {@link ShardClock#nowMs()}.
*/
public final class Keyspace implements Database {
  /** Keys sampled per round of the active expiry cycle (Redis ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP). */
  private static final int EXPIRE_SAMPLE_SIZE = 20;
  /** Expired samples one randomKey reaps before giving up (Redis's dbRandomKey bound on replicas). */
  private static final int RANDOM_KEY_TRIES = 100;
  /** Elements an aggregate's size is estimated from, as MEMORY USAGE's default SAMPLES. */
  private static final int SIZE_SAMPLES = 5;
  /** A key's slot in the expiry table: key reference, hash and time, at the table's load factor. */
  static final int EXPIRY_ENTRY = 24;
  /**
   * What a key costs beyond MEMORY USAGE's figure: its place in the sorted key index and its counted
   * size in the key table (measured: a million 100-byte strings grow the live heap 16 bytes a key
   * more than ValueSize counts).
   */
  static final int INDEX_ENTRY = 12;

  private final ShardClock clock;
  private final KeyspaceListener listener;
  private KeyTable table = new KeyTable();
  private ExpiryTable expiries = new ExpiryTable();
  private SortedKeyIndex index = new SortedKeyIndex();
  private long expiredKeys;
  private long evictedKeys;
  /** The sum of the key table's entry sizes (see {@link #usedBytes}). */
  private long entryBytes;
  private long keyspaceHits;
  private long keyspaceMisses;
  /** Null unless some client watches or blocks on keys of this database. */
  private KeyObserver observer;

  public Keyspace(ShardClock clock) {
    this(clock, KeyspaceListener.NONE);
  }

  public Keyspace(ShardClock clock, KeyspaceListener listener) {
    this.clock = clock;
    this.listener = listener;
  }

  @Override
  public Object lookup(byte[] key) {
    int slot = liveSlot(key, KeyHash.of(key));
    if (slot < 0) {
      return null;
    }
    table.setMetaAt(slot, accessed(table.metaAt(slot)));
    return table.valueAt(slot);
  }

  @Override
  public Object lookupRead(byte[] key) {
    return counted(key, lookup(key));
  }

  @Override
  public Object peekRead(byte[] key) {
    return counted(key, peek(key));
  }

  /** Counts a read's hit or miss; a miss is also the "keymiss" event. */
  private Object counted(byte[] key, Object value) {
    if (value == null) {
      keyspaceMisses++;
      listener.missed(this, key);
    } else {
      keyspaceHits++;
    }
    return value;
  }

  @Override
  public Object lookupWrite(byte[] key) {
    int slot = liveSlot(key, KeyHash.of(key));
    if (slot < 0) {
      return null;
    }
    table.setMetaAt(slot, accessed(table.metaAt(slot)));
    Object value = table.valueAt(slot);
    if (value instanceof Aggregate aggregate && aggregate.sharedWithSnapshot()) {
      value = aggregate.copy();
      table.setValueAt(slot, value);
    }
    return value;
  }

  @Override
  public void changed(byte[] key, int changes) {
    listener.changed(changes);
    recount(key);
    if (observer != null) {
      observer.filled(key);
    }
  }

  @Override
  public void dirtied(byte[] key, int changes) {
    listener.changed(changes);
    recount(key);
  }

  /**
   * The bytes this database holds by {@link ValueSize}'s estimate: each entry is counted when its
   * value is stored or changed in place (an aggregate from a sample of its elements, as MEMORY
   * USAGE does), so reading the total costs nothing. This is what maxmemory is measured against.
   */
  @Override
  public long usedBytes() {
    return entryBytes + (long) table.size() * INDEX_ENTRY + (long) expiries.size() * EXPIRY_ENTRY;
  }

  /** Keys removed to keep the shard under maxmemory (INFO stats evicted_keys). */
  @Override
  public long evictedKeys() {
    return evictedKeys;
  }

  /** A value changed in place: its entry is counted again. */
  private void recount(byte[] key) {
    int slot = table.find(key, KeyHash.of(key));
    if (slot >= 0) {
      count(slot, key, table.valueAt(slot));
    }
  }

  /** Counts the entry at slot for {@code value}, replacing what it was counted for before. */
  private void count(int slot, byte[] key, Object value) {
    int size = (int) Math.min(Integer.MAX_VALUE, ValueSize.ofEntry(key, value, SIZE_SAMPLES));
    entryBytes += size - table.sizeAt(slot);
    table.setSizeAt(slot, size);
  }

  @Override
  public void signalReady(byte[] key) {
    if (observer != null) {
      observer.ready(key);
    }
  }

  @Override
  public Object peek(byte[] key) {
    int slot = liveSlot(key, KeyHash.of(key));
    return slot < 0 ? null : table.valueAt(slot);
  }

  @Override
  public void set(byte[] key, Object value) {
    int hash = KeyHash.of(key);
    int slot = liveSlot(key, hash);
    if (slot >= 0 && KeyMeta.hasExpiry(table.metaAt(slot))) {
      removeTtl(slot, hash);
    }
    store(slot, key, hash, value);
    listener.changed(1);
    if (observer != null) {
      observer.filled(key);
    }
  }

  @Override
  public void overwrite(byte[] key, Object value) {
    int hash = KeyHash.of(key);
    store(liveSlot(key, hash), key, hash, value);
    listener.changed(1);
    if (observer != null) {
      observer.filled(key);
    }
  }

  @Override
  public boolean delete(byte[] key) {
    int hash = KeyHash.of(key);
    int slot = liveSlot(key, hash);
    if (slot < 0) {
      return false;
    }
    remove(slot, hash);
    listener.changed(1);
    if (observer != null) {
      observer.removed(key);
    }
    return true;
  }

  @Override
  public void clear() {
    if (observer != null) {
      observer.clearing(this);
    }
    listener.changed(table.size());
    entryBytes = 0;
    table.clear();
    expiries.clear();
    index.clear();
  }

  @Override
  public long expireAt(byte[] key) {
    int hash = KeyHash.of(key);
    int slot = table.find(key, hash);
    return slot >= 0 && KeyMeta.hasExpiry(table.metaAt(slot)) ? expiries.get(key, hash) : -1;
  }

  @Override
  public void setExpireAt(byte[] key, long whenMs) {
    int hash = KeyHash.of(key);
    int slot = table.find(key, hash);
    if (slot < 0) {
      throw new IllegalArgumentException("setExpireAt on a missing key");
    }
    table.setMetaAt(slot, KeyMeta.withExpiry(table.metaAt(slot)));
    expiries.put(table.keyAt(slot), hash, whenMs);
    listener.changed(1);
    modified(key);
  }

  @Override
  public boolean persist(byte[] key) {
    int hash = KeyHash.of(key);
    int slot = liveSlot(key, hash);
    if (slot < 0 || !KeyMeta.hasExpiry(table.metaAt(slot))) {
      return false;
    }
    removeTtl(slot, hash);
    listener.changed(1);
    modified(key);
    return true;
  }

  /** This database as it is now, for a snapshot written by another thread (AOF rewrite, RDB). */
  public KeyspaceSnapshot snapshot() {
    Aggregate.newGeneration();
    return new KeyspaceSnapshot(table, expiries);
  }

  @Override
  public int size() {
    return table.size();
  }

  @Override
  public int expiresCount() {
    return expiries.size();
  }

  @Override
  public long idleSeconds(byte[] key) {
    int slot = liveSlot(key, KeyHash.of(key));
    return slot < 0 ? -1 : KeyMeta.idleSeconds(table.metaAt(slot), clock.lruClock());
  }

  @Override
  public void setIdleSeconds(byte[] key, long seconds) {
    int slot = liveSlot(key, KeyHash.of(key));
    if (slot >= 0) {
      int accessed = (int) ((clock.lruClock() - Math.min(seconds, KeyMeta.LRU_MASK)) & KeyMeta.LRU_MASK);
      table.setMetaAt(slot, KeyMeta.touched(table.metaAt(slot), accessed));
    }
  }

  @Override
  public long accessFrequency(byte[] key) {
    int slot = liveSlot(key, KeyHash.of(key));
    LfuSettings lfu = clock.lfu();
    if (slot < 0 || lfu == null) {
      return -1;
    }
    return lfu.counter(KeyMeta.access(table.metaAt(slot)), clock.lfuMinutes());
  }

  @Override
  public void setAccessFrequency(byte[] key, int frequency) {
    int slot = liveSlot(key, KeyHash.of(key));
    if (slot >= 0) {
      table.setMetaAt(slot, KeyMeta.withAccess(table.metaAt(slot), LfuSettings.withCounter(clock.lfuMinutes(), frequency)));
    }
  }

  /** As Redis's dbRandomKey: expired samples are reaped; after 100 of them it returns null. */
  @Override
  public byte[] randomKey() {
    for (int tries = 0; tries < RANDOM_KEY_TRIES && table.size() > 0; tries++) {
      int slot = table.randomSlot(ThreadLocalRandom.current());
      int hash = table.hashAt(slot);
      if (!isExpired(slot, hash)) {
        return table.keyAt(slot);
      }
      if (!clock.primaryExpires()) {
        reap(slot, hash);
      }
    }
    return null;
  }

  /** Expired keys met during the step are skipped, and reaped once the step is over. */
  @Override
  public long scan(long cursor, int count, BiConsumer<byte[], Object> visitor) {
    List<byte[]> expired = new ArrayList<>();
    long next = table.scan(cursor, count, slot -> {
      if (isExpired(slot, table.hashAt(slot))) {
        expired.add(table.keyAt(slot));
      } else {
        visitor.accept(table.keyAt(slot), table.valueAt(slot));
      }
    });
    reapAll(expired);
    return next;
  }

  @Override
  public void forEachWithPrefix(byte[] prefix, EntryVisitor visitor) {
    List<byte[]> expired = new ArrayList<>();
    index.forEachWithPrefix(prefix, key -> visitIfLive(key, visitor, expired));
    reapAll(expired);
  }

  /**
  * Redis's active expiry: sample keys with a TTL and reap the expired ones, round after round,
  * until a round finds fewer than a quarter expired or {@code effortKeys} samples were taken.
  * Returns the number of keys reaped.
  */
  public int activeExpireCycle(int effortKeys) {
    int reaped = 0;
    for (int sampled = 0; sampled < effortKeys && expiries.size() > 0; ) {
      int sampleSize = Math.min(EXPIRE_SAMPLE_SIZE, expiries.size());
      int expiredInSample = 0;
      for (int i = 0; i < sampleSize; i++) {
        if (reapIfExpired(expiries.randomSlot(ThreadLocalRandom.current()))) {
          expiredInSample++;
        }
      }
      sampled += sampleSize;
      reaped += expiredInSample;
      if (expiredInSample * 4 < sampleSize) {
        break;
      }
    }
    return reaped;
  }

  @Override
  public long expiredKeys() {
    return expiredKeys;
  }

  @Override
  public long keyspaceHits() {
    return keyspaceHits;
  }

  @Override
  public long keyspaceMisses() {
    return keyspaceMisses;
  }

  /** The slot of key if it is live; an expired key is reaped and reported absent. */
  private int liveSlot(byte[] key, int hash) {
    int slot = table.find(key, hash);
    if (slot >= 0 && isExpired(slot, hash)) {
      if (!clock.primaryExpires()) {
        reap(slot, hash);
      }
      return -1;
    }
    return slot;
  }

  /** On a replica the primary's own commands see every key: it has not expired them yet. */
  private boolean isExpired(int slot, int hash) {
    return KeyMeta.hasExpiry(table.metaAt(slot)) && !clock.expiryPaused()
        && !(clock.primaryExpires() && clock.fromPrimary())
        && expiries.get(table.keyAt(slot), hash) < clock.nowMs();
  }

  private boolean visitIfLive(byte[] key, EntryVisitor visitor, List<byte[]> expired) {
    int hash = KeyHash.of(key);
    int slot = table.find(key, hash);
    if (isExpired(slot, hash)) {
      expired.add(key);
      return true;
    }
    return visitor.visit(key, table.valueAt(slot));
  }

  /** Writes value into slot, or inserts key when slot is negative. */
  private void store(int slot, byte[] key, int hash, Object value) {
    if (slot < 0 && clock.primaryExpires()) {
      // A write on a writable replica to a key only logically expired replaces it, as Redis's
      // lookupKeyWrite deletes it there; nothing is propagated for it.
      int hidden = table.find(key, hash);
      if (hidden >= 0) {
        remove(hidden, hash);
      }
    }
    if (slot < 0) {
      LfuSettings lfu = clock.lfu();
      int inserted = table.insert(key, hash, value, lfu == null ? clock.lruClock() : LfuSettings.fresh(clock.lfuMinutes()));
      count(inserted, key, value);
      index.insert(key);
      listener.created(this, key);
      return;
    }
    table.setValueAt(slot, value);
    count(slot, key, value);
    // An overwritten key keeps its LFU counter, as Redis's dbOverwrite keeps the old object's.
    if (clock.lfu() == null) {
      table.setMetaAt(slot, KeyMeta.touched(table.metaAt(slot), clock.lruClock()));
    }
  }

  /** A key's metadata after an access: a fresh access time, or under LFU one more access counted. */
  private int accessed(int meta) {
    LfuSettings lfu = clock.lfu();
    return lfu == null ? KeyMeta.touched(meta, clock.lruClock())
        : KeyMeta.withAccess(meta, lfu.accessed(KeyMeta.access(meta), clock.lfuMinutes()));
  }

  private void removeTtl(int slot, int hash) {
    expiries.remove(table.keyAt(slot), hash);
    table.setMetaAt(slot, KeyMeta.withoutExpiry(table.metaAt(slot)));
  }

  private boolean reapIfExpired(int expirySlot) {
    if (expiries.timeAt(expirySlot) > clock.nowMs() || clock.expiryPaused() || clock.primaryExpires()) {
      return false;
    }
    byte[] key = expiries.keyAt(expirySlot);
    int hash = expiries.hashAt(expirySlot);
    reap(table.find(key, hash), hash);
    return true;
  }

  private void reapAll(List<byte[]> keys) {
    if (clock.primaryExpires()) {
      return;
    }
    for (byte[] key : keys) {
      int hash = KeyHash.of(key);
      int slot = table.find(key, hash);
      if (slot >= 0) {
        reap(slot, hash);
      }
    }
  }

  private void reap(int slot, int hash) {
    byte[] key = table.keyAt(slot);
    remove(slot, hash);
    expiredKeys++;
    listener.expired(this, key);
    if (observer != null) {
      observer.removed(key);
    }
  }

  private void modified(byte[] key) {
    if (observer != null) {
      observer.modified(key);
    }
  }

  /**
   * A key picked at random for the evictor's sample: among all keys, or among those with a TTL
   * (the volatile policies). Returns its slot in the key table, or -1 when there is none.
   */
  int sampleSlot(boolean withTtl, java.util.random.RandomGenerator random) {
    if (!withTtl) {
      return table.randomSlot(random);
    }
    int expirySlot = expiries.randomSlot(random);
    return expirySlot < 0 ? -1 : table.find(expiries.keyAt(expirySlot), expiries.hashAt(expirySlot));
  }

  /**
   * Up to {@code count} distinct keys in a row from a random place, for the evictor's pool: among
   * all keys, or among those with a TTL. Visits their slots in the key table.
   */
  void sample(boolean withTtl, int count, java.util.random.RandomGenerator random, java.util.function.IntConsumer slotVisitor) {
    if (!withTtl) {
      table.sampleRun(random, count, slotVisitor);
      return;
    }
    expiries.sampleRun(random, count, expirySlot -> {
      int slot = table.find(expiries.keyAt(expirySlot), expiries.hashAt(expirySlot));
      if (slot >= 0) {
        slotVisitor.accept(slot);
      }
    });
  }

  byte[] keyAt(int slot) {
    return table.keyAt(slot);
  }

  /**
   * How good a candidate for eviction the key at slot is, higher is better (Redis's eviction pool
   * "idle" score): seconds idle (LRU), 255 minus its decayed access counter (LFU), or how soon its
   * TTL ends (volatile-ttl).
   */
  long evictionScore(int slot, EvictionPolicy policy) {
    int meta = table.metaAt(slot);
    LfuSettings lfu = clock.lfu();
    return switch (policy.kind()) {
      case LRU -> KeyMeta.idleSeconds(meta, clock.lruClock());
      case LFU -> lfu == null ? 0 : 255 - lfu.counter(KeyMeta.access(meta), clock.lfuMinutes());
      case TTL -> Long.MAX_VALUE - expiries.get(table.keyAt(slot), table.hashAt(slot));
      case RANDOM, NONE -> 0;
    };
  }

  /**
   * Removes key for maxmemory if it is still here (Redis's performEvictions: the delete, the
   * "evicted" event, a DEL to the AOF and replicas, WATCH and tracking told as for any removal).
   */
  boolean evict(byte[] key) {
    int hash = KeyHash.of(key);
    int slot = table.find(key, hash);
    if (slot < 0) {
      return false;
    }
    remove(slot, hash);
    evictedKeys++;
    listener.evicted(this, key);
    if (observer != null) {
      observer.removed(key);
    }
    return true;
  }

  /** Set by the shard while clients watch or block on keys of this database, else null. */
  void observer(KeyObserver observer) {
    this.observer = observer;
  }

  /** Whether key holds a live value (without touching it), for the shard's observers. */
  boolean contains(byte[] key) {
    return liveSlot(key, KeyHash.of(key)) >= 0;
  }

  private void remove(int slot, int hash) {
    byte[] key = table.keyAt(slot);
    entryBytes -= table.sizeAt(slot);
    if (KeyMeta.hasExpiry(table.metaAt(slot))) {
      expiries.remove(key, hash);
    }
    table.removeAt(slot);
    index.remove(key);
  }
}

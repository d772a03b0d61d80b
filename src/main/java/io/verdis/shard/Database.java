package io.verdis.shard;

import java.util.function.BiConsumer;

/**
* One Redis database (SELECT n), with the semantics of Redis's db.c: a key whose expiry time
* has come is never returned and is deleted when touched (lazy expiry).
*
* <p>Keys are binary and ordered as unsigned bytes. A key array passed to {@link #set} or
* {@link #overwrite} is kept by the database and must not be modified afterwards. Visitors must
* not modify the database.
*/
public interface Database {

  /** The live value or null; marks the key as accessed (Redis lookupKey). */
  Object lookup(byte[] key);

  /**
  * As {@link #lookup}, also counting a keyspace hit or miss (Redis lookupKeyRead); a miss is a
  * "keymiss" keyspace event.
  */
  Object lookupRead(byte[] key);

  /** As {@link #lookupRead} without marking the key accessed (Redis's LOOKUP_NOTOUCH: EXISTS, TYPE, TTL). */
  Object peekRead(byte[] key);

  /**
  * The live value or null, for a command that changes it in place (Redis lookupKeyWrite). An
  * aggregate a snapshot may still share is replaced by a private copy first, so changing the
  * returned object never shows in a snapshot. Report what changed with {@link #changed}.
  */
  Object lookupWrite(byte[] key);

  /**
  * After a value got from {@link #lookupWrite} was changed in place: counts {@code changes}
  * toward server.dirty (AOF logging, save points), invalidates WATCHes of the key and wakes clients
  * blocked on it (Redis signalModifiedKey, plus signalKeyAsReady for a key that got elements).
  */
  void changed(byte[] key, int changes);

  /**
   * A change Redis makes to a value without signalModifiedKey (XACK, XCLAIM, XGROUP on an existing
   * stream): counted toward server.dirty (AOF logging, save points) as {@link #changed} is, but
   * WATCHes of the key stay valid and no blocked client wakes.
   */
  void dirtied(byte[] key, int changes);

  /**
   * Redis's signalKeyAsReady alone: clients blocked on key run again, WATCHes untouched (XGROUP
   * DESTROY, so XREADGROUP clients blocked on the group answer NOGROUP).
   */
  void signalReady(byte[] key);

  /** The live value or null, without marking the key accessed (OBJECT IDLETIME, EXISTS). */
  Object peek(byte[] key);

  /** Inserts or replaces, removing any TTL (Redis setKey). */
  void set(byte[] key, Object value);

  /** Replaces the value keeping its TTL, or inserts (Redis dbOverwrite: APPEND, INCR, SETRANGE). */
  void overwrite(byte[] key, Object value);

  /** Deletes a live key; false when it was absent or had already expired. */
  boolean delete(byte[] key);

  void clear();

  /** The absolute expiry time in ms, or -1 when the key has no TTL. */
  long expireAt(byte[] key);

  /** Sets the absolute expiry time of an existing key. */
  void setExpireAt(byte[] key, long whenMs);

  /** Removes the TTL of a live key; true when there was one. */
  boolean persist(byte[] key);

  /** Keys stored, including expired ones not reaped yet (Redis DBSIZE). */
  int size();

  /** Keys that have a TTL. */
  int expiresCount();

  /** Keys removed because their TTL had passed (INFO stats expired_keys). */
  long expiredKeys();

  /** Keys removed to keep the shard under maxmemory (INFO stats evicted_keys). */
  default long evictedKeys() {
    return 0;
  }

  /** The bytes the database holds by the estimate maxmemory is measured against (see {@link Keyspace#usedBytes}). */
  default long usedBytes() {
    return 0;
  }

  /** Lookups for reading that found their key (INFO stats keyspace_hits). */
  long keyspaceHits();

  /** Lookups for reading that did not (INFO stats keyspace_misses). */
  long keyspaceMisses();

  /** Seconds since the key was last accessed, or -1 when absent. */
  long idleSeconds(byte[] key);

  /** Makes a live key look last accessed {@code seconds} ago (RESTORE … IDLETIME). */
  void setIdleSeconds(byte[] key, long seconds);

  /**
   * The key's LFU access counter after decay (OBJECT FREQ), or -1 when it is absent or no LFU
   * policy is in force.
   */
  long accessFrequency(byte[] key);

  /** Gives a live key an LFU access counter of {@code frequency} as of now (RESTORE … FREQ). */
  void setAccessFrequency(byte[] key, int frequency);

  /** A random live key, or null when none was found. */
  byte[] randomKey();

  /**
  * One SCAN step: visits some live entries and returns the cursor to continue from, 0 when done.
  * Every key present for the whole scan is visited at least once.
  */
  long scan(long cursor, int count, BiConsumer<byte[], Object> visitor);

  /** Visits the live entries whose key starts with prefix, in key order, while the visitor returns true. */
  void forEachWithPrefix(byte[] prefix, EntryVisitor visitor);

  /** Visits all live entries in key order while the visitor returns true. */
  default void forEachSorted(EntryVisitor visitor) {
    forEachWithPrefix(new byte[0], visitor);
  }
}

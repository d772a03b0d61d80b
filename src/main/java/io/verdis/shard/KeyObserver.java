package io.verdis.shard;

/**
 * Told about writes to one database of one shard while some client cares about particular keys
 * there: clients that WATCH them and clients blocked until they get elements. A keyspace has no
 * observer while nobody cares, so plain writes pay nothing for it.
 */
interface KeyObserver {
  /** Any write to key: it was set, changed, deleted, expired or had its TTL changed. */
  void modified(byte[] key);

  /** A value was stored under key or grew in place: as {@link #modified}, and it may serve blocked clients. */
  void filled(byte[] key);

  /** Clients blocked on key may be served now; its WATCHes stay valid (Redis's signalKeyAsReady alone). */
  void ready(byte[] key);

  /** Key was deleted or expired: as {@link #modified}, and clients blocked on it that care (XREADGROUP) are served. */
  void removed(byte[] key);

  /** Every key of the database is about to go (FLUSHDB, FLUSHALL). */
  void clearing(Keyspace keyspace);
}

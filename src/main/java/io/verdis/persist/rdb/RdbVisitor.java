package io.verdis.persist.rdb;

/** Receives the contents of an RDB file in file order. */
public interface RdbVisitor {

  /** An auxiliary field (redis-ver, ctime, aof-base …); integers arrive as their decimal text. */
  default void aux(byte[] name, byte[] value) {}

  default void selectDb(int db) {}

  /** The sizes Redis announces before a database's keys: a hint for pre-sizing, not a promise. */
  default void resizeDb(long size, long expiresSize) {}

  /**
   * A function library (the code {@code FUNCTION LOAD} took, starting {@code #!lua name=…}); they
   * come before the databases. Dropped by default (a reader after keys only).
   */
  default void function(byte[] libraryCode) {}

  /** expireAtMs is -1 when the key has no TTL. */
  void entry(int db, byte[] key, RdbValue value, long expireAtMs);
}

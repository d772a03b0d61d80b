package io.verdis.persist.rdb;
public interface RdbVisitor {
  default void aux(byte[] name, byte[] value) {}
  default void selectDb(int db) {}
  default void resizeDb(long size, long expiresSize) {}
  void entry(int db, byte[] key, RdbValue value, long expireAtMs);
}

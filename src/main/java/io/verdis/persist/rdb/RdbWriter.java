package io.verdis.persist.rdb;
public final class RdbWriter implements java.io.Closeable {
  public RdbWriter(java.io.OutputStream out) throws java.io.IOException {}
  public void selectDb(int db, long size, long expiresSize) throws java.io.IOException {}
  public void entry(byte[] key, RdbValue value, long expireAtMs) throws java.io.IOException {}
  public void finish() throws java.io.IOException {}
  public void close() {}
}

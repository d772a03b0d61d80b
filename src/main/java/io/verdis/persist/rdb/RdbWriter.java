package io.verdis.persist.rdb;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes an RDB file that redis-server 7.0 and later loads: version 10, with each value in the plain
 * encoding of {@link ValueEncoder} (streams in type 19, their only encoding). Strings get Redis's own
 * encodings: canonical 32-bit integers as INT8/16/32, longer strings LZF-compressed when that pays.
 *
 * <p>Call {@link #function} for each function library, then {@link #selectDb} before each database's
 * entries, {@link #finish} after the last one, then {@link #close}: Redis 7.0's order (rdbSaveRio
 * writes the aux fields, the functions, then the databases). Not thread-safe.
 */
public final class RdbWriter implements Closeable {
  /** Redis 7.0 writes and loads up to 10; 7.2 writes 11 but loads 10 too. */
  static final int VERSION = 10;
  static final String REDIS_VERSION = io.verdis.server.ServerState.REDIS_COMPATIBLE_VERSION;

  private final RdbOutput out;
  private final ValueEncoder values;
  private boolean finished;

  /** Starts a snapshot file: "REDIS0010" and the aux fields Redis writes, with aof-base 0. */
  public RdbWriter(OutputStream out) throws IOException {
    this(out, false);
  }

  /**
   * Starts an RDB file; {@code aofBase} marks it as the RDB preamble of an AOF base file (aux field
   * aof-base 1), as Redis does.
   */
  public RdbWriter(OutputStream out, boolean aofBase) throws IOException {
    this.out = new RdbOutput(out);
    this.values = new ValueEncoder(this.out);
    this.out.writeBytes(String.format("REDIS%04d", VERSION).getBytes(StandardCharsets.US_ASCII));
    Runtime runtime = Runtime.getRuntime();
    aux("redis-ver", REDIS_VERSION);
    aux("redis-bits", "64");
    aux("ctime", Long.toString(System.currentTimeMillis() / 1000));
    aux("used-mem", Long.toString(runtime.totalMemory() - runtime.freeMemory()));
    aux("aof-base", aofBase ? "1" : "0");
  }

  /** Where a replica is in its primary's history (Redis's rdbSaveInfoAuxFields for a replica). */
  public void replicationInfo(String replid, long offset, int streamDb) throws IOException {
    aux("repl-stream-db", Integer.toString(streamDb));
    aux("repl-id", replid);
    aux("repl-offset", Long.toString(offset));
  }

  private void aux(String name, String value) throws IOException {
    out.writeByte(Opcode.AUX);
    out.writeString(name.getBytes(StandardCharsets.US_ASCII));
    out.writeString(value.getBytes(StandardCharsets.US_ASCII));
  }

  /** A function library: opcode FUNCTION2 and its code (as FUNCTION LOAD took it, shebang included). */
  public void function(byte[] code) throws IOException {
    requireOpen();
    out.writeByte(Opcode.FUNCTION2);
    out.writeString(code);
  }

  /** SELECTDB, then RESIZEDB with the number of keys and of keys with a TTL that follow (a hint for the loader). */
  public void selectDb(int db, long size, long expiresSize) throws IOException {
    requireOpen();
    out.writeByte(Opcode.SELECTDB);
    out.writeLength(db);
    out.writeByte(Opcode.RESIZEDB);
    out.writeLength(size);
    out.writeLength(expiresSize);
  }

  /**
   * One key and its value, with EXPIRETIME_MS before it when {@code expireAtMs >= 0} (a Unix time in
   * milliseconds). An empty collection is skipped: Redis never holds one, drops it when loading,
   * and redis-check-rdb reports it as an error.
   *
   * @throws IllegalArgumentException for a hash with an odd number of fields and values, a sorted
   *     set whose scores do not match its members one to one, or an inconsistent stream
   */
  public void entry(byte[] key, RdbValue value, long expireAtMs) throws IOException {
    requireOpen();
    ValueEncoder.check(value);
    if (ValueEncoder.isEmptyCollection(value)) {
      return;
    }
    if (expireAtMs >= 0) {
      out.writeByte(Opcode.EXPIRETIME_MS);
      out.writeLittleEndian(expireAtMs, 8);
    }
    out.writeByte(ValueEncoder.typeOf(value).code);
    out.writeString(key);
    values.write(value);
  }

  /** The EOF opcode and the CRC-64 of the whole file, then a flush. The file is complete after this. */
  public void finish() throws IOException {
    requireOpen();
    out.writeByte(Opcode.EOF);
    out.writeLittleEndian(out.checksum(), 8);
    out.flush();
    finished = true;
  }

  /** Closes the stream; a file closed before {@link #finish} is incomplete and will not load. */
  @Override
  public void close() throws IOException {
    out.close();
  }

  private void requireOpen() {
    if (finished) {
      throw new IllegalStateException("the RDB file is already finished");
    }
  }
}

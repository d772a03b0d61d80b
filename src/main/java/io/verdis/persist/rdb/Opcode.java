package io.verdis.persist.rdb;

/** The special bytes that can stand where a value type byte is expected (redis/src/rdb.h, RDB_OPCODE_*). */
final class Opcode {
  /** Redis 7.0+ function library: one string, the library code. */
  static final int FUNCTION2 = 0xF5;
  /** The function format of Redis 7.0 release candidates, which Redis 7.0 GA itself refuses to load. */
  static final int FUNCTION_PRE_GA = 0xF6;
  static final int MODULE_AUX = 0xF7;
  /** LRU idle time of the next key. */
  static final int IDLE = 0xF8;
  /** LFU frequency of the next key. */
  static final int FREQ = 0xF9;
  static final int AUX = 0xFA;
  static final int RESIZEDB = 0xFB;
  static final int EXPIRETIME_MS = 0xFC;
  static final int EXPIRETIME = 0xFD;
  static final int SELECTDB = 0xFE;
  static final int EOF = 0xFF;

  private Opcode() {}
}

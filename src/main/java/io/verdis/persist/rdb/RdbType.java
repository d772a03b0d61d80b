package io.verdis.persist.rdb;

/** The value type byte that precedes each key in an RDB file (redis/src/rdb.h, RDB_TYPE_*). */
enum RdbType {
  STRING(0, "string"),
  LIST(1, "list"),
  SET(2, "set"),
  ZSET(3, "zset"),
  HASH(4, "hash"),
  ZSET_2(5, "zset_2"),
  MODULE_PRE_GA(6, "module_pre_ga"),
  MODULE_2(7, "module_2"),
  HASH_ZIPMAP(9, "hash_zipmap"),
  LIST_ZIPLIST(10, "list_ziplist"),
  SET_INTSET(11, "set_intset"),
  ZSET_ZIPLIST(12, "zset_ziplist"),
  HASH_ZIPLIST(13, "hash_ziplist"),
  LIST_QUICKLIST(14, "list_quicklist"),
  STREAM_LISTPACKS(15, "stream_listpacks"),
  HASH_LISTPACK(16, "hash_listpack"),
  ZSET_LISTPACK(17, "zset_listpack"),
  LIST_QUICKLIST_2(18, "list_quicklist_2"),
  STREAM_LISTPACKS_2(19, "stream_listpacks_2"),
  SET_LISTPACK(20, "set_listpack"),
  STREAM_LISTPACKS_3(21, "stream_listpacks_3");

  private static final RdbType[] BY_CODE = new RdbType[256];

  static {
    for (RdbType type : values()) {
      BY_CODE[type.code] = type;
    }
  }

  final int code;
  final String label;

  RdbType(int code, String label) {
    this.code = code;
    this.label = label;
  }

  /** The type with this code, or null when the byte is no value type (it may be an opcode). */
  static RdbType of(int code) {
    return BY_CODE[code & 0xff];
  }

  @Override
  public String toString() {
    return label + " (type " + code + ")";
  }
}

package io.verdis.types;

import io.verdis.persist.rdb.RdbValue;

/** Values from RDB's neutral form: strings stay byte arrays, the others become their aggregate. */
public final class Aggregates {
  private Aggregates() {
  }

  /** The server's value for {@code rdb}: a byte[] for a string, else an {@link Aggregate}. */
  public static Object fromRdb(RdbValue rdb) {
    if (rdb instanceof RdbValue.StringValue string) {
      return string.bytes();
    } else if (rdb instanceof RdbValue.ListValue list) {
      return ListValue.fromRdb(list);
    } else if (rdb instanceof RdbValue.SetValue set) {
      return SetValue.fromRdb(set);
    } else if (rdb instanceof RdbValue.HashValue hash) {
      return HashValue.fromRdb(hash);
    }
    return SortedSetValue.fromRdb((RdbValue.SortedSetValue) rdb);
  }

  /** RDB's neutral form of a stored value. */
  public static RdbValue toRdb(Object value) {
    if (value instanceof byte[] string) {
      return new RdbValue.StringValue(string);
    }
    return ((Aggregate) value).toRdb();
  }
}

package io.verdis.types;

import io.verdis.persist.rdb.RdbValue;
import io.verdis.types.stream.StreamValue;

/** Values from RDB's neutral form: strings stay byte arrays, the others become their aggregate. */
public final class Aggregates {
  private Aggregates() {
  }

  /** The server's value for {@code rdb}: a byte[] for a string, else an {@link Aggregate} shaped under Redis's default limits. */
  public static Object fromRdb(RdbValue rdb) {
    return fromRdb(rdb, EncodingLimits.DEFAULT);
  }

  /** {@link #fromRdb(RdbValue)} shaped under {@code limits}, as Redis's loader reads the settings of the moment. */
  public static Object fromRdb(RdbValue rdb, EncodingLimits limits) {
    if (rdb instanceof RdbValue.StringValue string) {
      return string.bytes();
    } else if (rdb instanceof RdbValue.ListValue list) {
      return ListValue.fromRdb(list, limits.list());
    } else if (rdb instanceof RdbValue.SetValue set) {
      return SetValue.fromRdb(set, limits.setMaxIntsetEntries());
    } else if (rdb instanceof RdbValue.HashValue hash) {
      return HashValue.fromRdb(hash, limits.hash());
    } else if (rdb instanceof RdbValue.StreamValue stream) {
      return StreamValue.fromRdb(stream);
    }
    return SortedSetValue.fromRdb((RdbValue.SortedSetValue) rdb, limits.zset());
  }

  /**
   * As {@link #fromRdb}, refusing what Redis's loader refuses: a collection without elements,
   * duplicate members or fields (seen as a value smaller than its input), a NaN score.
   */
  public static Object fromRdbChecked(RdbValue rdb, EncodingLimits limits) throws InvalidRdbValueException {
    if (rdb instanceof RdbValue.StringValue string) {
      return string.bytes();
    }
    if (rdb instanceof RdbValue.StreamValue) {
      // A stream without entries is valid (it keeps its last id and groups); the RDB reader has
      // already refused what Redis's loader refuses in one (see StreamDecoder).
      return fromRdb(rdb);
    }
    String name = typeName(rdb);
    int elements = elementCount(rdb);
    if (elements == 0) {
      throw new InvalidRdbValueException("an empty " + name, true);
    }
    if (rdb instanceof RdbValue.SortedSetValue zset) {
      for (double score : zset.scores()) {
        if (Double.isNaN(score)) {
          throw new InvalidRdbValueException("a " + name + " with a NaN score", false);
        }
      }
    }
    Aggregate value = (Aggregate) fromRdb(rdb, limits);
    if (value.size() != elements) {
      throw new InvalidRdbValueException("a " + name + " with duplicate "
          + (rdb instanceof RdbValue.HashValue ? "fields" : "members"), false);
    }
    return value;
  }

  /** Elements (hash fields) in {@code rdb}, duplicates counted. */
  private static int elementCount(RdbValue rdb) {
    if (rdb instanceof RdbValue.ListValue list) {
      return list.elements().size();
    } else if (rdb instanceof RdbValue.SetValue set) {
      return set.members().size();
    } else if (rdb instanceof RdbValue.HashValue hash) {
      return hash.fieldsAndValues().size() / 2;
    }
    return ((RdbValue.SortedSetValue) rdb).members().size();
  }

  private static String typeName(RdbValue rdb) {
    if (rdb instanceof RdbValue.ListValue) {
      return "list";
    } else if (rdb instanceof RdbValue.SetValue) {
      return "set";
    } else if (rdb instanceof RdbValue.HashValue) {
      return "hash";
    }
    return "sorted set";
  }

  /** RDB's neutral form of a stored value. */
  public static RdbValue toRdb(Object value) {
    if (value instanceof byte[] string) {
      return new RdbValue.StringValue(string);
    }
    return ((Aggregate) value).toRdb();
  }
}

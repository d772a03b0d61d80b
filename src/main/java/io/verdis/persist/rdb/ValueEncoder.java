package io.verdis.persist.rdb;

import io.verdis.persist.rdb.RdbValue.HashValue;
import io.verdis.persist.rdb.RdbValue.ListValue;
import io.verdis.persist.rdb.RdbValue.SetValue;
import io.verdis.persist.rdb.RdbValue.SortedSetValue;
import io.verdis.persist.rdb.RdbValue.StreamValue;
import io.verdis.persist.rdb.RdbValue.StringValue;
import java.io.IOException;
import java.util.List;

/**
 * Writes one value in the plain encoding every Redis since 2.x loads (type 0 string, 1 list, 2 set,
 * 4 hash, 5 zset_2 with binary scores, so no precision is lost), and streams as type 19, the only
 * encoding Redis 7.0 has for them: the counterpart of {@link ValueDecoder}, shared by RDB files and
 * DUMP payloads. Redis re-encodes small collections (listpack, intset) as it loads them.
 */
final class ValueEncoder {
  private final RdbOutput out;

  ValueEncoder(RdbOutput out) {
    this.out = out;
  }

  /** The type byte that precedes a value of this shape. */
  static RdbType typeOf(RdbValue value) {
    if (value instanceof StringValue) {
      return RdbType.STRING;
    } else if (value instanceof ListValue) {
      return RdbType.LIST;
    } else if (value instanceof SetValue) {
      return RdbType.SET;
    } else if (value instanceof HashValue) {
      return RdbType.HASH;
    } else if (value instanceof StreamValue) {
      return RdbType.STREAM_LISTPACKS_2;
    }
    return RdbType.ZSET_2;
  }

  /**
   * Rejects what would make an unloadable value before anything of it is written.
   *
   * @throws IllegalArgumentException for a hash with an odd number of fields and values, a sorted
   *     set whose scores do not match its members one to one, or an inconsistent stream
   *     ({@link StreamEncoder#check})
   */
  static void check(RdbValue value) {
    if (value instanceof StreamValue stream) {
      StreamEncoder.check(stream);
    }
    if (value instanceof HashValue hash && hash.fieldsAndValues().size() % 2 != 0) {
      throw new IllegalArgumentException("hash with an odd number (" + hash.fieldsAndValues().size()
          + ") of fields and values");
    }
    if (value instanceof SortedSetValue zset && zset.scores().length != zset.members().size()) {
      throw new IllegalArgumentException("sorted set with " + zset.members().size() + " members and "
          + zset.scores().length + " scores");
    }
  }

  /**
   * Whether the value is a collection without elements, which Redis never holds. A stream without
   * entries is not one: it keeps its last id and its consumer groups, and Redis holds it.
   */
  static boolean isEmptyCollection(RdbValue value) {
    if (value instanceof ListValue list) {
      return list.elements().isEmpty();
    } else if (value instanceof SetValue set) {
      return set.members().isEmpty();
    } else if (value instanceof HashValue hash) {
      return hash.fieldsAndValues().isEmpty();
    } else if (value instanceof SortedSetValue zset) {
      return zset.members().isEmpty();
    }
    return false;
  }

  /** The value's encoding, without its type byte (see {@link #typeOf}). */
  void write(RdbValue value) throws IOException {
    if (value instanceof StringValue string) {
      out.writeString(string.bytes());
    } else if (value instanceof ListValue list) {
      strings(list.elements().size(), list.elements());
    } else if (value instanceof SetValue set) {
      strings(set.members().size(), set.members());
    } else if (value instanceof HashValue hash) {
      strings(hash.fieldsAndValues().size() / 2, hash.fieldsAndValues());
    } else if (value instanceof StreamValue stream) {
      new StreamEncoder(out).write(stream);
    } else {
      sortedSet((SortedSetValue) value);
    }
  }

  private void strings(int count, List<byte[]> strings) throws IOException {
    out.writeLength(count);
    for (byte[] string : strings) {
      out.writeString(string);
    }
  }

  private void sortedSet(SortedSetValue zset) throws IOException {
    List<byte[]> members = zset.members();
    double[] scores = zset.scores();
    out.writeLength(members.size());
    for (int i = 0; i < scores.length; i++) {
      out.writeString(members.get(i));
      out.writeBinaryDouble(scores[i]);
    }
  }
}

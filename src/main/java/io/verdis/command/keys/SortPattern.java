package io.verdis.command.keys;

import io.verdis.shard.Database;
import io.verdis.types.HashValue;

import java.util.Arrays;
import java.util.List;

/**
 * A SORT BY or GET pattern (Redis's lookupKeyByPattern): "#" is the element itself; otherwise the
 * first '*' is replaced by the element to name a key, whose string value is the result, or with
 * "key->field" the field of the hash at that key. A pattern without '*', a missing key or one of
 * another type gives null. As in Redis the pattern is read as a C string up to its first NUL byte
 * where Redis does so.
 */
final class SortPattern {
  private final byte[] pattern;
  private final boolean self;
  private final int star;
  /** Where "->" starts, or -1 when the pattern names a string key. */
  private final int arrow;

  SortPattern(byte[] pattern) {
    this.pattern = pattern;
    int end = cLength(pattern);
    this.self = end == 1 && pattern[0] == '#';
    this.star = indexOf(pattern, end, (byte) '*', 0);
    int arrowAt = star < 0 ? -1 : indexOfArrow(pattern, end, star + 1);
    this.arrow = arrowAt >= 0 && arrowAt + 2 < end ? arrowAt : -1;
  }

  /** Whether the pattern can name another key (so SORT may touch any key). */
  static boolean readsKeys(byte[] pattern) {
    SortPattern parsed = new SortPattern(pattern);
    return !parsed.self && parsed.star >= 0;
  }

  /** Whether this BY pattern sorts at all (one without '*' is constant: Redis does not sort then). */
  boolean hasStar() {
    return star >= 0;
  }

  byte[] lookup(Database db, byte[] element) {
    if (self) {
      return element;
    }
    if (star < 0) {
      return null;
    }
    int suffixEnd = arrow >= 0 ? arrow : pattern.length;
    byte[] key = new byte[star + element.length + suffixEnd - star - 1];
    System.arraycopy(pattern, 0, key, 0, star);
    System.arraycopy(element, 0, key, star, element.length);
    System.arraycopy(pattern, star + 1, key, star + element.length, suffixEnd - star - 1);
    Object value = db.lookupRead(key);
    if (arrow < 0) {
      return value instanceof byte[] string ? string : null;
    }
    return value instanceof HashValue hash ? field(hash, Arrays.copyOfRange(pattern, arrow + 2, pattern.length)) : null;
  }

  /** The value of {@code field} in {@code hash}, or null. */
  private static byte[] field(HashValue hash, byte[] field) {
    List<byte[]> pairs = hash.toRdb().fieldsAndValues();
    for (int i = 0; i + 1 < pairs.size(); i += 2) {
      if (Arrays.equals(pairs.get(i), field)) {
        return pairs.get(i + 1);
      }
    }
    return null;
  }

  private static int cLength(byte[] bytes) {
    int end = indexOf(bytes, bytes.length, (byte) 0, 0);
    return end < 0 ? bytes.length : end;
  }

  private static int indexOf(byte[] bytes, int end, byte wanted, int from) {
    for (int i = from; i < end; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOfArrow(byte[] bytes, int end, int from) {
    for (int i = from; i + 1 < end; i++) {
      if (bytes[i] == '-' && bytes[i + 1] == '>') {
        return i;
      }
    }
    return -1;
  }
}

package io.verdis.persist.rdb;

import java.util.List;

/**
 * A value read from or written to an RDB file. The representation is neutral: whatever encoding the
 * file used (listpack, ziplist, intset, hash table …), the value comes out as plain elements, and the
 * server maps it to its own types. Integers stored in compact encodings come back as their decimal text,
 * as Redis would reply with them.
 */
public sealed interface RdbValue {

  record StringValue(byte[] bytes) implements RdbValue {}

  /** Elements from head to tail. */
  record ListValue(List<byte[]> elements) implements RdbValue {}

  record SetValue(List<byte[]> members) implements RdbValue {}

  /** Fields and values interleaved: f1, v1, f2, v2 … */
  record HashValue(List<byte[]> fieldsAndValues) implements RdbValue {}

  /** {@code scores[i]} is the score of {@code members.get(i)}. */
  record SortedSetValue(List<byte[]> members, double[] scores) implements RdbValue {}
}

package io.verdis.types;

import io.verdis.persist.rdb.RdbValue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Redis hash. (Skeleton: the hashes family replaces the representation, keeping this API.) */
public final class HashValue extends Aggregate {
  private final LinkedHashMap<ByteBuffer, byte[]> fields;

  public HashValue() {
    this(new LinkedHashMap<>());
  }

  private HashValue(LinkedHashMap<ByteBuffer, byte[]> fields) {
    this.fields = fields;
  }

  /** A hash of {@code rdb}'s fields and values (RESTORE). */
  public static HashValue fromRdb(RdbValue.HashValue rdb) {
    LinkedHashMap<ByteBuffer, byte[]> fields = new LinkedHashMap<>();
    List<byte[]> pairs = rdb.fieldsAndValues();
    for (int i = 0; i + 1 < pairs.size(); i += 2) {
      fields.put(ByteBuffer.wrap(pairs.get(i)), pairs.get(i + 1));
    }
    return new HashValue(fields);
  }

  @Override
  public String typeName() {
    return "hash";
  }

  @Override
  public String encoding() {
    return "hashtable";
  }

  @Override
  public int size() {
    return fields.size();
  }

  @Override
  public HashValue copy() {
    return new HashValue(new LinkedHashMap<>(fields));
  }

  /** Fields and values interleaved, in no particular order. */
  @Override
  public RdbValue.HashValue toRdb() {
    List<byte[]> out = new ArrayList<>(fields.size() * 2);
    for (Map.Entry<ByteBuffer, byte[]> entry : fields.entrySet()) {
      out.add(entry.getKey().array());
      out.add(entry.getValue());
    }
    return new RdbValue.HashValue(out);
  }
}

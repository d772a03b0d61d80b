package io.verdis.types;

import io.verdis.persist.rdb.RdbValue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A Redis sorted set. (Skeleton: the sorted-sets family replaces the representation, keeping this API.) */
public final class SortedSetValue extends Aggregate {
  private final HashMap<ByteBuffer, Double> scores;

  public SortedSetValue() {
    this(new HashMap<>());
  }

  private SortedSetValue(HashMap<ByteBuffer, Double> scores) {
    this.scores = scores;
  }

  /** A sorted set of {@code rdb}'s members and scores (RESTORE). */
  public static SortedSetValue fromRdb(RdbValue.SortedSetValue rdb) {
    HashMap<ByteBuffer, Double> scores = new HashMap<>();
    for (int i = 0; i < rdb.members().size(); i++) {
      scores.put(ByteBuffer.wrap(rdb.members().get(i)), rdb.scores()[i]);
    }
    return new SortedSetValue(scores);
  }

  @Override
  public String typeName() {
    return "zset";
  }

  @Override
  public String encoding() {
    return "skiplist";
  }

  @Override
  public int size() {
    return scores.size();
  }

  @Override
  public SortedSetValue copy() {
    return new SortedSetValue(new HashMap<>(scores));
  }

  /** Members with their scores, ascending by score then member (unsigned bytes), as ZRANGE 0 -1 lists them. */
  @Override
  public RdbValue.SortedSetValue toRdb() {
    List<Map.Entry<ByteBuffer, Double>> entries = new ArrayList<>(scores.entrySet());
    entries.sort(Map.Entry.<ByteBuffer, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
    List<byte[]> members = new ArrayList<>(entries.size());
    double[] values = new double[entries.size()];
    for (int i = 0; i < entries.size(); i++) {
      members.add(entries.get(i).getKey().array());
      values[i] = entries.get(i).getValue();
    }
    return new RdbValue.SortedSetValue(members, values);
  }
}

package io.verdis.types;

import io.verdis.persist.rdb.RdbValue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** A Redis set. (Skeleton: the sets family replaces the representation, keeping this API.) */
public final class SetValue extends Aggregate {
  private final HashSet<ByteBuffer> members;

  public SetValue() {
    this(new HashSet<>());
  }

  private SetValue(HashSet<ByteBuffer> members) {
    this.members = members;
  }

  /** A set of {@code rdb}'s members (RESTORE, SORT). */
  public static SetValue fromRdb(RdbValue.SetValue rdb) {
    HashSet<ByteBuffer> members = new HashSet<>();
    for (byte[] member : rdb.members()) {
      members.add(ByteBuffer.wrap(member));
    }
    return new SetValue(members);
  }

  @Override
  public String typeName() {
    return "set";
  }

  @Override
  public String encoding() {
    return "hashtable";
  }

  @Override
  public int size() {
    return members.size();
  }

  @Override
  public SetValue copy() {
    return new SetValue(new HashSet<>(members));
  }

  /** The members, in no particular order. */
  @Override
  public RdbValue.SetValue toRdb() {
    List<byte[]> out = new ArrayList<>(members.size());
    for (ByteBuffer member : members) {
      out.add(member.array());
    }
    return new RdbValue.SetValue(out);
  }
}

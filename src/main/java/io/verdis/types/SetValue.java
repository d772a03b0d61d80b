package io.verdis.types;

import io.verdis.command.Args;
import io.verdis.persist.rdb.RdbValue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A Redis set, in Redis 7.0's two encodings: "intset" ({@link PackedIntegers}) while every
 * member is an integer and there are at most set-max-intset-entries (default
 * {@value #MAX_INTSET_ENTRIES}), else "hashtable"
 * ({@link MemberTable}). As in Redis, a set never goes back to an intset once converted
 * (SPOP with a large count and the STORE commands build a new set, which may be one).
 *
 * <p>Members are addressed by position 0..size-1 for iteration and random picks: ascending
 * order in an intset, no particular order in a hashtable; removing a member may move others.
 */
public final class SetValue extends Aggregate {
  /** Redis's set-max-intset-entries default, for sets built without a command (RDB, RESTORE). */
  public static final int MAX_INTSET_ENTRIES = 512;

  /** The members while the set is an intset; null once it is a hashtable. */
  private byte[] integers;
  /** The members once the set is a hashtable. */
  private MemberTable table;

  public SetValue() {
    integers = PackedIntegers.EMPTY;
  }

  private SetValue(byte[] integers, MemberTable table) {
    this.integers = integers;
    this.table = table;
  }

  /** A set of {@code rdb}'s members (SORT), encoded as Redis would load it under the default limit. */
  public static SetValue fromRdb(RdbValue.SetValue rdb) {
    return fromRdb(rdb, MAX_INTSET_ENTRIES);
  }

  /** A set of {@code rdb}'s members (RESTORE, RDB loading) under the running set-max-intset-entries. */
  public static SetValue fromRdb(RdbValue.SetValue rdb, long maxIntsetEntries) {
    SetValue set = new SetValue();
    if (rdb.members().size() > maxIntsetEntries) {
      set.convertToTable(rdb.members().size());
    }
    for (byte[] member : rdb.members()) {
      set.add(member, maxIntsetEntries);
    }
    return set;
  }

  @Override
  public String typeName() {
    return "set";
  }

  @Override
  public String encoding() {
    return table == null ? "intset" : "hashtable";
  }

  @Override
  public int size() {
    return table == null ? PackedIntegers.size(integers) : table.size();
  }

  @Override
  public SetValue copy() {
    return new SetValue(integers, table == null ? null : table.copy());
  }

  /** The members, intsets in ascending order. */
  @Override
  public RdbValue.SetValue toRdb() {
    int size = size();
    List<byte[]> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(memberAt(i));
    }
    return new RdbValue.SetValue(out);
  }

  /**
   * Adds {@code member} unless present (Redis's setTypeAdd); true if it was added. The array is
   * kept by reference and must not change afterwards.
   */
  public boolean add(byte[] member) {
    return add(member, MAX_INTSET_ENTRIES);
  }

  /**
  * {@link #add(byte[])} with the running set-max-intset-entries: an intset of that many integers
  * becomes a hashtable when one more is added, as in Redis's setTypeAdd (which reads the setting
  * at each conversion, so a CONFIG SET applies to the next one).
  */
  public boolean add(byte[] member, long maxIntsetEntries) {
    if (table != null) {
      return table.add(member);
    }
    long value = Args.parseLongOr(member, Long.MIN_VALUE);
    if (value == Long.MIN_VALUE && !Args.isCanonicalLong(member)) {
      convertToTable(size() + 1);
      return table.add(member);
    }
    int index = PackedIntegers.search(integers, value);
    if (index >= 0) {
      return false;
    }
    if (PackedIntegers.size(integers) >= maxIntsetEntries) {
      convertToTable(size() + 1);
      return table.add(member);
    }
    integers = PackedIntegers.insert(integers, -index - 1, value);
    return true;
  }

  /** Removes {@code member} if present; true if it was. The caller deletes a set left empty. */
  public boolean remove(byte[] member) {
    if (table != null) {
      return table.remove(member);
    }
    int index = indexOf(member);
    if (index < 0) {
      return false;
    }
    integers = PackedIntegers.remove(integers, index);
    return true;
  }

  public boolean contains(byte[] member) {
    return table != null ? table.contains(member) : indexOf(member) >= 0;
  }

  /** The member at {@code position} (0..size-1). */
  public byte[] memberAt(int position) {
    return table != null ? table.memberAt(position) : Args.bytes(PackedIntegers.get(integers, position));
  }

  /** A member chosen uniformly at random; the set must not be empty. */
  public byte[] randomMember() {
    return memberAt(randomPosition());
  }

  /** Removes and returns a member chosen uniformly at random; the set must not be empty. */
  public byte[] popRandom() {
    int position = randomPosition();
    byte[] member = memberAt(position);
    if (table != null) {
      table.removeAt(position);
    } else {
      integers = PackedIntegers.remove(integers, position);
    }
    return member;
  }

  /**
   * One SSCAN call, as Redis's scanGenericCommand: visits at least {@code count} members (or
   * {@code count * 10} buckets) from {@code cursor} and returns the cursor to go on from, 0 at
   * the end. An intset is visited whole and answers 0, whatever the cursor.
   */
  public long scan(long cursor, long count, Consumer<byte[]> visitor) {
    if (table == null) {
      for (int i = 0; i < size(); i++) {
        visitor.accept(memberAt(i));
      }
      return 0;
    }
    long bucketsLeft = count * 10;
    int[] visited = {0};
    Consumer<byte[]> counting = member -> {
      visited[0]++;
      visitor.accept(member);
    };
    do {
      cursor = table.scanStep(cursor, counting);
    } while (cursor != 0 && bucketsLeft-- != 0 && visited[0] < count);
    return cursor;
  }

  private int randomPosition() {
    return ThreadLocalRandom.current().nextInt(size());
  }

  /** The intset position of {@code member}, negative when absent or not an integer. */
  private int indexOf(byte[] member) {
    long value = Args.parseLongOr(member, Long.MIN_VALUE);
    if (value == Long.MIN_VALUE && !Args.isCanonicalLong(member)) {
      return -1;
    }
    return PackedIntegers.search(integers, value);
  }

  /** Redis's setTypeConvert to a hashtable, presized for {@code expected} members. */
  private void convertToTable(int expected) {
    MemberTable converted = new MemberTable(expected);
    int size = PackedIntegers.size(integers);
    for (int i = 0; i < size; i++) {
      converted.add(Args.bytes(PackedIntegers.get(integers, i)));
    }
    table = converted;
    integers = null;
  }
}

package io.verdis.types;

import io.verdis.persist.rdb.RdbValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A Redis hash, in one of Redis's two shapes. Small hashes are one packed array of pairs
 * ({@link PackedPairs}, OBJECT ENCODING "listpack"), kept in insertion order as Redis's listpack
 * is; a hash that gets more than hash-max-listpack-entries fields, or a field or value longer
 * than hash-max-listpack-value bytes ({@link HashLimits}), becomes a {@link FieldTable}
 * ("hashtable") for good, at the same moments Redis converts. The forms of the methods without
 * limits use Redis's defaults.
 *
 * <p>Values handed out for reading may share storage with the hash; callers must not change
 * them. Visitors get an array, an offset and a length, so replies need no copies.
 */
public final class HashValue extends Aggregate {
  /** The packed pairs while the hash is small, else null. */
  private byte[] packed;
  /** The table once the hash is large, else null. */
  private FieldTable table;

  /** Receives a pair as slices of arrays that belong to the hash (do not keep or change them). */
  public interface PairVisitor {
    void accept(byte[] field, int fieldOffset, int fieldLength, byte[] value, int valueOffset, int valueLength);
  }

  public HashValue() {
    this(PackedElements.EMPTY, null);
  }

  private HashValue(byte[] packed, FieldTable table) {
    this.packed = packed;
    this.table = table;
  }

  /** A hash of {@code rdb}'s fields and values, shaped as Redis would load it under the default limits. */
  public static HashValue fromRdb(RdbValue.HashValue rdb) {
    return fromRdb(rdb, HashLimits.DEFAULT);
  }

  /** A hash of {@code rdb}'s fields and values (RESTORE, RDB loading), shaped as Redis would load it. */
  public static HashValue fromRdb(RdbValue.HashValue rdb, HashLimits limits) {
    List<byte[]> pairs = rdb.fieldsAndValues();
    HashValue hash = new HashValue();
    if (pairs.size() / 2 > limits.maxEntries()) {
      hash.convert(pairs.size() / 2);
    }
    for (int i = 0; i + 1 < pairs.size(); i += 2) {
      hash.put(pairs.get(i), pairs.get(i + 1), limits);
    }
    return hash;
  }

  @Override
  public String typeName() {
    return "hash";
  }

  @Override
  public String encoding() {
    return packed != null ? "listpack" : "hashtable";
  }

  @Override
  public int size() {
    return packed != null ? PackedPairs.count(packed, packed.length) : table.size();
  }

  @Override
  public HashValue copy() {
    return packed != null ? new HashValue(packed.clone(), null) : new HashValue(null, table.copy());
  }

  /** Fields and values interleaved, in the hash's order. */
  @Override
  public RdbValue.HashValue toRdb() {
    List<byte[]> out = new ArrayList<>(size() * 2);
    forEach((f, fo, fl, v, vo, vl) -> {
      out.add(slice(f, fo, fl));
      out.add(slice(v, vo, vl));
    });
    return new RdbValue.HashValue(out);
  }

  /**
   * The bytes a visitor was given as an array of their own: the array itself when the slice is all
   * of it (a table's arrays never change, so sharing them is safe), else a copy.
   */
  public static byte[] slice(byte[] array, int offset, int length) {
    return offset == 0 && length == array.length ? array : Arrays.copyOfRange(array, offset, offset + length);
  }

  /** The value of {@code field} (do not change it), or null. */
  public byte[] get(byte[] field) {
    if (packed != null) {
      int at = PackedPairs.find(packed, packed.length, field);
      return at < 0 ? null : PackedElements.copyElement(packed, PackedElements.next(packed, at));
    }
    int slot = table.find(field);
    return slot < 0 ? null : table.valueAt(slot);
  }

  /** Visits {@code field} and its value; false when the field is absent. */
  public boolean visit(byte[] field, PairVisitor visitor) {
    if (packed != null) {
      int at = PackedPairs.find(packed, packed.length, field);
      if (at < 0) {
        return false;
      }
      visitPacked(at, visitor);
      return true;
    }
    int slot = table.find(field);
    if (slot < 0) {
      return false;
    }
    visitSlot(slot, visitor);
    return true;
  }

  /** Length of {@code field}'s value, or -1 when the field is absent. */
  public int valueLength(byte[] field) {
    if (packed != null) {
      int at = PackedPairs.find(packed, packed.length, field);
      return at < 0 ? -1 : PackedElements.length(packed, PackedElements.next(packed, at));
    }
    int slot = table.find(field);
    return slot < 0 ? -1 : table.valueAt(slot).length;
  }

  public boolean contains(byte[] field) {
    return packed != null ? PackedPairs.find(packed, packed.length, field) >= 0 : table.find(field) >= 0;
  }

  /**
   * Sets {@code field} to {@code value}; true when the field is new. The hash may keep both arrays,
   * so the caller must not change them afterwards. Converts to a table as Redis's hashTypeSet does.
   */
  public boolean put(byte[] field, byte[] value) {
    return put(field, value, HashLimits.DEFAULT);
  }

  /** {@link #put(byte[], byte[])} under the running hash-max-listpack-* settings. */
  public boolean put(byte[] field, byte[] value, HashLimits limits) {
    if (packed != null && (!limits.fits(field.length) || !limits.fits(value.length))) {
      convert(size() + 1);
    }
    if (packed == null) {
      return table.put(field, value);
    }
    int at = PackedPairs.find(packed, packed.length, field);
    if (at >= 0) {
      int valueAt = PackedElements.next(packed, at);
      if (PackedElements.length(packed, valueAt) == value.length) {
        System.arraycopy(value, 0, packed, PackedElements.data(valueAt, value.length), value.length);
      } else {
        packed = PackedPairs.withValue(packed, at, value);
      }
      return false;
    }
    int end = packed.length;
    packed = Arrays.copyOf(packed, end + PackedPairs.pairSize(field, value));
    PackedPairs.append(packed, end, field, value);
    convertIfTooMany(limits);
    return true;
  }

  /**
   * HSET's pairs {@code args[from]}, {@code args[from + 1]} … to the end; returns how many fields
   * were added. A packed hash is rebuilt once for all pairs rather than once per pair, unless the
   * pairs are many (one by one, it turns into a table as soon as it outgrows the packed form).
   */
  public int putAll(byte[][] args, int from) {
    return putAll(args, from, HashLimits.DEFAULT);
  }

  /** {@link #putAll(byte[][], int)} under the running hash-max-listpack-* settings. */
  public int putAll(byte[][] args, int from, HashLimits limits) {
    int pairs = (args.length - from) / 2;
    if (packed == null || pairs == 1 || pairs > limits.maxEntries() || anyTooLong(args, from, limits)) {
      int added = 0;
      for (int i = from; i + 1 < args.length; i += 2) {
        added += put(args[i], args[i + 1], limits) ? 1 : 0;
      }
      return added;
    }
    int room = packed.length;
    for (int i = from; i + 1 < args.length; i += 2) {
      room += PackedPairs.pairSize(args[i], args[i + 1]);
    }
    byte[] out = Arrays.copyOf(packed, room);
    int end = packed.length;
    int added = 0;
    for (int i = from; i + 1 < args.length; i += 2) {
      int at = PackedPairs.find(out, end, args[i]);
      if (at < 0) {
        end = PackedPairs.append(out, end, args[i], args[i + 1]);
        added++;
      } else {
        end = PackedPairs.replaceValue(out, end, at, args[i + 1]);
      }
    }
    packed = end == room ? out : Arrays.copyOf(out, end);
    if (added > 0) {
      convertIfTooMany(limits);
    }
    return added;
  }

  public boolean isEmpty() {
    return packed != null ? packed.length == 0 : table.size() == 0;
  }

  /** Removes {@code field}; false when it was absent. A large hash stays a table, as in Redis. */
  public boolean remove(byte[] field) {
    if (packed == null) {
      return table.remove(field);
    }
    int at = PackedPairs.find(packed, packed.length, field);
    if (at < 0) {
      return false;
    }
    packed = PackedPairs.removePair(packed, at);
    return true;
  }

  /** Visits every pair: insertion order while packed, table order after. */
  public void forEach(PairVisitor visitor) {
    if (packed != null) {
      for (int at = 0; at < packed.length; at = PackedElements.next(packed, PackedElements.next(packed, at))) {
        visitPacked(at, visitor);
      }
      return;
    }
    for (int slot = table.nextSlot(0); slot >= 0; slot = table.nextSlot(slot + 1)) {
      visitSlot(slot, visitor);
    }
  }

  /**
   * One HSCAN step from {@code cursor}; returns the next cursor (0: done). A packed hash is
   * visited whole and answers 0, as Redis does with a listpack. A table visits buckets until
   * {@code count} fields were visited or, past the first bucket, twenty times {@code count}
   * more buckets (Redis doubles COUNT for hashes, which return fields and values, before
   * bounding its loop to ten times that).
   */
  public long scan(long cursor, long count, PairVisitor visitor) {
    if (packed != null) {
      forEach(visitor);
      return 0;
    }
    long maxSteps = Math.min(count, Long.MAX_VALUE / 20) * 20;
    return table.scan(cursor, count, maxSteps, slot -> visitSlot(slot, visitor));
  }

  /** A field chosen at random (HRANDFIELD without a count); the hash must not be empty. */
  public byte[] randomField(RandomGenerator random) {
    if (packed != null) {
      int[] fields = PackedPairs.fieldPositions(packed, size());
      return PackedElements.copyElement(packed, fields[random.nextInt(fields.length)]);
    }
    return table.fieldAt(table.randomSlot(random));
  }

  /** Visits {@code count} pairs chosen at random, the same pair possibly more than once. */
  public void randomPairs(long count, RandomGenerator random, PairVisitor visitor) {
    if (packed != null) {
      int[] fields = PackedPairs.fieldPositions(packed, size());
      for (long i = 0; i < count; i++) {
        visitPacked(fields[random.nextInt(fields.length)], visitor);
      }
      return;
    }
    for (long i = 0; i < count; i++) {
      visitSlot(table.randomSlot(random), visitor);
    }
  }

  /** Visits {@code count} distinct pairs chosen at random; {@code count} must be below {@link #size}. */
  public void randomDistinctPairs(int count, RandomGenerator random, PairVisitor visitor) {
    if (packed == null && count * 3L <= table.size()) {
      // Few of many: draw slots and skip repeats (Redis's CASE 4) instead of listing them all.
      BitSet drawn = new BitSet(table.capacity());
      for (int picked = 0; picked < count; ) {
        int slot = table.randomSlot(random);
        if (!drawn.get(slot)) {
          drawn.set(slot);
          visitSlot(slot, visitor);
          picked++;
        }
      }
      return;
    }
    int[] positions = positions();
    for (int i = 0; i < count; i++) {
      int j = i + random.nextInt(positions.length - i);
      int chosen = positions[j];
      positions[j] = positions[i];
      positions[i] = chosen;
      if (packed != null) {
        visitPacked(chosen, visitor);
      } else {
        visitSlot(chosen, visitor);
      }
    }
  }

  /** Where every pair is: field positions while packed, slots of a table. */
  private int[] positions() {
    if (packed != null) {
      return PackedPairs.fieldPositions(packed, size());
    }
    int[] slots = new int[table.size()];
    int i = 0;
    for (int slot = table.nextSlot(0); slot >= 0; slot = table.nextSlot(slot + 1)) {
      slots[i++] = slot;
    }
    return slots;
  }

  private void visitPacked(int fieldAt, PairVisitor visitor) {
    int valueAt = PackedElements.next(packed, fieldAt);
    int fieldLength = PackedElements.length(packed, fieldAt);
    int valueLength = PackedElements.length(packed, valueAt);
    visitor.accept(packed, PackedElements.data(fieldAt, fieldLength), fieldLength,
        packed, PackedElements.data(valueAt, valueLength), valueLength);
  }

  private void visitSlot(int slot, PairVisitor visitor) {
    byte[] field = table.fieldAt(slot);
    byte[] value = table.valueAt(slot);
    visitor.accept(field, 0, field.length, value, 0, value.length);
  }

  private static boolean anyTooLong(byte[][] args, int from, HashLimits limits) {
    for (int i = from; i < args.length; i++) {
      if (!limits.fits(args[i].length)) {
        return true;
      }
    }
    return false;
  }

  private void convertIfTooMany(HashLimits limits) {
    // Each pair takes at least two bytes: a short array cannot hold too many of them.
    if (packed.length / 2 > limits.maxEntries() && size() > limits.maxEntries()) {
      convert(size());
    }
  }

  /** Moves the pairs into a table sized for {@code expected} fields (Redis's hashTypeConvert). */
  private void convert(int expected) {
    FieldTable converted = new FieldTable(expected);
    for (int at = 0; at < packed.length; at = PackedElements.next(packed, PackedElements.next(packed, at))) {
      converted.put(PackedElements.copyElement(packed, at), PackedElements.copyElement(packed, PackedElements.next(packed, at)));
    }
    table = converted;
    packed = null;
  }
}

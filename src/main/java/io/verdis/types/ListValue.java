package io.verdis.types;

import io.verdis.persist.rdb.RdbValue;

import java.util.ArrayList;
import java.util.List;

/** A Redis list. (Skeleton: the lists family replaces the representation, keeping this API.) */
public final class ListValue extends Aggregate {
  private final ArrayList<byte[]> elements;

  public ListValue() {
    this(new ArrayList<>());
  }

  private ListValue(ArrayList<byte[]> elements) {
    this.elements = elements;
  }

  /** A list holding {@code rdb}'s elements, head first (RESTORE, SORT STORE). */
  public static ListValue fromRdb(RdbValue.ListValue rdb) {
    return new ListValue(new ArrayList<>(rdb.elements()));
  }

  @Override
  public String typeName() {
    return "list";
  }

  @Override
  public String encoding() {
    return "quicklist";
  }

  @Override
  public int size() {
    return elements.size();
  }

  @Override
  public ListValue copy() {
    return new ListValue(new ArrayList<>(elements));
  }

  /** The elements head first. */
  @Override
  public RdbValue.ListValue toRdb() {
    return new RdbValue.ListValue(List.copyOf(elements));
  }
}

package io.verdis.persist.rdb;
public sealed interface RdbValue {
  record StringValue(byte[] bytes) implements RdbValue {}
  record ListValue(java.util.List<byte[]> elements) implements RdbValue {}
  record SetValue(java.util.List<byte[]> members) implements RdbValue {}
  record HashValue(java.util.List<byte[]> fieldsAndValues) implements RdbValue {}
  record SortedSetValue(java.util.List<byte[]> members, double[] scores) implements RdbValue {}
}

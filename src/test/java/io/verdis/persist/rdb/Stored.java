package io.verdis.persist.rdb;

import io.verdis.persist.rdb.RdbValue.HashValue;
import io.verdis.persist.rdb.RdbValue.ListValue;
import io.verdis.persist.rdb.RdbValue.SetValue;
import io.verdis.persist.rdb.RdbValue.SortedSetValue;
import io.verdis.persist.rdb.RdbValue.StringValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A key's value in a form tests can compare with equals and print: type as Redis's TYPE names it, and
 * content as a String, List, sorted Set or sorted Map of ISO-8859-1 texts (zset scores as Doubles).
 */
record Stored(String type, Object content, long expireAtMs) {

  static Stored string(String value, long expireAtMs) {
    return new Stored("string", value, expireAtMs);
  }

  static Stored list(List<String> elements, long expireAtMs) {
    return new Stored("list", List.copyOf(elements), expireAtMs);
  }

  static Stored set(List<String> members, long expireAtMs) {
    TreeSet<String> set = new TreeSet<>(members);
    if (set.size() != members.size()) {
      throw new AssertionError("duplicate set members in " + members);
    }
    return new Stored("set", set, expireAtMs);
  }

  /** fieldsAndValues: f1, v1, f2, v2 … */
  static Stored hash(List<String> fieldsAndValues, long expireAtMs) {
    Map<String, String> hash = new TreeMap<>();
    for (int i = 0; i < fieldsAndValues.size(); i += 2) {
      if (hash.put(fieldsAndValues.get(i), fieldsAndValues.get(i + 1)) != null) {
        throw new AssertionError("duplicate hash field " + fieldsAndValues.get(i));
      }
    }
    return new Stored("hash", hash, expireAtMs);
  }

  static Stored zset(Map<String, Double> scores, long expireAtMs) {
    return new Stored("zset", new TreeMap<>(scores), expireAtMs);
  }

  static Stored of(RdbValue value, long expireAtMs) {
    if (value instanceof StringValue string) {
      return string(Bytes.text(string.bytes()), expireAtMs);
    } else if (value instanceof ListValue list) {
      return list(texts(list.elements()), expireAtMs);
    } else if (value instanceof SetValue set) {
      return set(texts(set.members()), expireAtMs);
    } else if (value instanceof HashValue hash) {
      return hash(texts(hash.fieldsAndValues()), expireAtMs);
    } else if (value instanceof RdbValue.StreamValue stream) {
      return new Stored("stream", StreamFixtures.text(stream), expireAtMs);
    }
    SortedSetValue zset = (SortedSetValue) value;
    Map<String, Double> scores = new LinkedHashMap<>();
    for (int i = 0; i < zset.members().size(); i++) {
      if (scores.put(Bytes.text(zset.members().get(i)), zset.scores()[i]) != null) {
        throw new AssertionError("duplicate zset member " + Bytes.text(zset.members().get(i)));
      }
    }
    if (zset.scores().length != zset.members().size()) {
      throw new AssertionError(zset.members().size() + " members, " + zset.scores().length + " scores");
    }
    return zset(scores, expireAtMs);
  }

  /** The value in the writer's neutral form. */
  RdbValue toRdbValue() {
    return switch (type) {
      case "string" -> new StringValue(Bytes.of((String) content));
      case "list" -> new ListValue(bytes(listContent()));
      case "set" -> new SetValue(bytes(new ArrayList<>(setContent())));
      case "hash" -> {
        List<String> fieldsAndValues = new ArrayList<>();
        hashContent().forEach((field, value) -> {
          fieldsAndValues.add(field);
          fieldsAndValues.add(value);
        });
        yield new HashValue(bytes(fieldsAndValues));
      }
      default -> {
        Map<String, Double> scores = zsetContent();
        yield new SortedSetValue(bytes(new ArrayList<>(scores.keySet())),
            scores.values().stream().mapToDouble(Double::doubleValue).toArray());
      }
    };
  }

  @SuppressWarnings("unchecked")
  List<String> listContent() {
    return (List<String>) content;
  }

  @SuppressWarnings("unchecked")
  TreeSet<String> setContent() {
    return (TreeSet<String>) content;
  }

  @SuppressWarnings("unchecked")
  Map<String, String> hashContent() {
    return (Map<String, String>) content;
  }

  @SuppressWarnings("unchecked")
  Map<String, Double> zsetContent() {
    return (Map<String, Double>) content;
  }

  private static List<String> texts(List<byte[]> bytes) {
    List<String> texts = new ArrayList<>(bytes.size());
    bytes.forEach(b -> texts.add(Bytes.text(b)));
    return texts;
  }

  private static List<byte[]> bytes(List<String> texts) {
    List<byte[]> bytes = new ArrayList<>(texts.size());
    texts.forEach(t -> bytes.add(Bytes.of(t)));
    return bytes;
  }
}

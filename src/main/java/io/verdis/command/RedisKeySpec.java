package io.verdis.command;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;

/**
 * One of Redis 7's key specs for a command, as COMMAND INFO gives it: where the search for keys
 * begins (an index, or after a keyword) and how the keys are found from there (a range, or a count
 * argument), with the flags every key it finds has (RW access delete for LMOVE's source, RW insert
 * for its destination). Verdis routes by its own {@link KeySpec}; these say what each key is for.
 */
public record RedisKeySpec(List<String> flags, String beginType, JsonObject begin, String findType, JsonObject find) {

  static RedisKeySpec from(JsonObject spec) {
    JsonObject begin = spec.getJsonObject("begin_search");
    JsonObject find = spec.getJsonObject("find_keys");
    return new RedisKeySpec(spec.getJsonArray("flags").stream().map(String::valueOf).toList(),
        begin.getString("type"), begin.getJsonObject("spec"), find.getString("type"), find.getJsonObject("spec"));
  }

  public boolean notKey() {
    return flags.contains("not_key");
  }

  /**
   * Whether this spec finds a key at {@code index} in {@code argv}, evaluated as Redis 7.0's
   * getKeysUsingKeySpecs does; false when the spec cannot be evaluated ("unknown" specs, whose keys
   * only the command's own code knows, and malformed calls).
   */
  public boolean finds(byte[][] argv, int index) {
    int first = first(argv);
    if (first <= 0 || first >= argv.length) {
      return false;
    }
    int last;
    int step;
    switch (findType) {
      case "range" -> {
        step = find.getInteger("keystep");
        int lastkey = find.getInteger("lastkey");
        int limit = find.getInteger("limit");
        if (lastkey >= 0) {
          last = first + lastkey;
        } else if (limit == 0) {
          last = argv.length + lastkey;
        } else {
          last = first + ((argv.length - first) / limit + lastkey);
        }
      }
      case "keynum" -> {
        step = find.getInteger("keystep");
        int countAt = first + find.getInteger("keynumidx");
        if (countAt >= argv.length) {
          return false;
        }
        long count = Args.parseLongOr(argv[countAt], -1);
        if (count < 0) {
          return false;
        }
        first += find.getInteger("firstkey");
        last = first + (int) count - 1;
      }
      default -> {
        return false;
      }
    }
    if (last >= argv.length || last < first || index < first || index > last) {
      return false;
    }
    return (index - first) % step == 0;
  }

  /** The index the key search begins at, 0 when the keyword is absent or the type unknown. */
  private int first(byte[][] argv) {
    if (beginType.equals("index")) {
      return begin.getInteger("index");
    }
    if (!beginType.equals("keyword")) {
      return 0;
    }
    String keyword = begin.getString("keyword").toLowerCase(Locale.ROOT);
    int startfrom = begin.getInteger("startfrom");
    int start = startfrom > 0 ? startfrom : argv.length + startfrom;
    int end = startfrom > 0 ? argv.length - 1 : 1;
    for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
      if (i >= argv.length || i < 1) {
        break;
      }
      if (Args.is(argv[i], keyword)) {
        return i + 1;
      }
    }
    return 0;
  }
}

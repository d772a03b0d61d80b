package io.verdis.web.admin;

import io.verdis.web.JsonBytes;
import io.verdis.net.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;

/**
 * How one page of a key's value is read, by type, and how it shows in JSON: a string whole; a
 * list and a sorted set by rank from {@code offset} (LRANGE, ZRANGE WITHSCORES); a set and a hash
 * by SSCAN/HSCAN cursor ({@code "cursor"} in the answer, "0" once complete), since they have no
 * order to take an offset in; a stream by id from {@code cursor} (exclusive; none or "0": from its
 * first entry, or its last when {@code reverse}), with the id to continue after as {@code "cursor"}.
 */
final class ValueRead {
  /**
   * Which page to read: by rank from {@code offset} (list, zset), or after {@code cursor} (set,
   * hash, stream; null: from the start), newest first when {@code reverse} (stream).
   */
  record Page(long offset, long count, byte[] cursor, boolean reverse) {
    static final Page FIRST = new Page(0, KeyRoutes.VALUES_PAGE, null, false);
  }

  private final String type;
  private final long offset;
  private final long count;
  private final byte[] cursor;
  private final boolean reverse;
  private final List<byte[][]> commands;

  private ValueRead(String type, Page page, List<byte[][]> commands) {
    this.type = type;
    this.offset = page.offset();
    this.count = page.count();
    this.cursor = page.cursor();
    this.reverse = page.reverse();
    this.commands = commands;
  }

  static ValueRead of(String type, byte[] key, Page page) {
    long offset = page.offset();
    long count = page.count();
    byte[] cursor = page.cursor();
    long last = offset + count - 1;
    byte[] from = cursor == null ? new byte[] {'0'} : cursor;
    List<byte[][]> commands = switch (type) {
      case "string" -> List.of(Argv.of("STRLEN", key), Argv.of("GET", key));
      case "list" -> List.of(Argv.of("LLEN", key), Argv.of("LRANGE").add(key).add(offset).add(last).build());
      case "set" -> List.of(Argv.of("SCARD", key), Argv.of("SSCAN").add(key).add(from).add("COUNT").add(count).build());
      case "hash" -> List.of(Argv.of("HLEN", key), Argv.of("HSCAN").add(key).add(from).add("COUNT").add(count).build());
      case "zset" -> List.of(Argv.of("ZCARD", key),
          Argv.of("ZRANGE").add(key).add(offset).add(last).add("WITHSCORES").build());
      case "stream" -> List.of(Argv.of("XLEN", key), streamRange(key, count, cursor, page.reverse()));
      default -> List.of();
    };
    return new ValueRead(type, page, commands);
  }

  /** XRANGE or XREVRANGE after {@code cursor}, one entry more than the page to tell whether more follow. */
  private static byte[][] streamRange(byte[] key, long count, byte[] cursor, boolean reverse) {
    Argv range = Argv.of(reverse ? "XREVRANGE" : "XRANGE").add(key);
    if (cursor == null || Arrays.equals(cursor, new byte[] {'0'})) {
      range.add(reverse ? "+" : "-");
    } else {
      range.add(exclusive(cursor));
    }
    return range.add(reverse ? "-" : "+").add("COUNT").add(count + 1).build();
  }

  private static byte[] exclusive(byte[] id) {
    byte[] out = new byte[id.length + 1];
    out[0] = '(';
    System.arraycopy(id, 0, out, 1, id.length);
    return out;
  }

  List<byte[][]> commands() {
    return commands;
  }

  /** Puts size, value, offset, truncated (and cursor) from the replies to {@link #commands()}. */
  void fill(JsonObject json, List<Reply> results) {
    if (results.isEmpty()) {
      json.put("size", 0).putNull("value").put("offset", 0).put("truncated", false);
      return;
    }
    long size = results.get(0).integer();
    Reply page = results.get(1);
    json.put("size", size).put("offset", offset);
    switch (type) {
      case "string" -> json.put("value", JsonBytes.toJson(page.bytes())).put("offset", 0).put("truncated", false);
      case "list" -> {
        JsonArray value = strings(page);
        json.put("value", value).put("truncated", offset + value.size() < size);
      }
      case "zset" -> {
        JsonArray value = scored(page.elements());
        json.put("value", value).put("truncated", offset + value.size() < size);
      }
      case "stream" -> fillEntries(json, page.elements());
      default -> {
        String next = page.get(0).text();
        List<Reply> items = page.get(1).elements();
        json.put("value", type.equals("set") ? strings(page.get(1)) : fieldsAndValues(items))
            .put("cursor", next)
            .put("truncated", !next.equals("0"));
      }
    }
  }

  /** [{"id", "fields": [{"field","value"}…]}…] of at most a page, and the id to go on after when more follow. */
  private void fillEntries(JsonObject json, List<Reply> entries) {
    boolean more = entries.size() > count;
    JsonArray value = new JsonArray();
    for (Reply entry : more ? entries.subList(0, (int) count) : entries) {
      value.add(new JsonObject().put("id", entry.get(0).text()).put("fields", fieldsAndValues(entry.get(1).elements())));
    }
    String next = more ? value.getJsonObject(value.size() - 1).getString("id") : "0";
    json.put("value", value).put("offset", 0).put("reverse", reverse).put("cursor", next).put("truncated", more);
  }

  /** A set or hash that fits in one page but whose first SCAN step did not return it all. */
  boolean readAllInstead(JsonObject json) {
    return (type.equals("set") || type.equals("hash")) && cursor == null
        && json.getLong("size") <= count && json.getBoolean("truncated");
  }

  static JsonArray strings(Reply array) {
    JsonArray out = new JsonArray();
    for (Reply item : array.elements()) {
      out.add(JsonBytes.toJson(item.bytes()));
    }
    return out;
  }

  /** field, value, field, value… (HSCAN's flat array, or HGETALL's map) as [{"field","value"}]. */
  static JsonArray fieldsAndValues(List<Reply> flat) {
    JsonArray out = new JsonArray();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      out.add(new JsonObject()
          .put("field", JsonBytes.toJson(flat.get(i).bytes()))
          .put("value", JsonBytes.toJson(flat.get(i + 1).bytes())));
    }
    return out;
  }

  /** ZRANGE WITHSCORES: [member, score] pairs in RESP3, a flat member, score… array in RESP2. */
  private static JsonArray scored(List<Reply> items) {
    JsonArray out = new JsonArray();
    boolean pairs = !items.isEmpty() && items.get(0).isAggregate();
    int step = pairs ? 1 : 2;
    for (int i = 0; i + step - 1 < items.size(); i += step) {
      Reply member = pairs ? items.get(i).get(0) : items.get(i);
      Reply score = pairs ? items.get(i).get(1) : items.get(i + 1);
      out.add(new JsonObject().put("member", JsonBytes.toJson(member.bytes())).put("score", ReplyJson.number(score)));
    }
    return out;
  }
}

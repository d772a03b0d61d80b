package io.verdis.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.it.RawClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every key of every database of a server with its type, contents and expiry, so two servers can be
 * compared key by key whatever the types. Contents are read with Redis's own commands on a real
 * redis-server: read from Redis directly ({@link #ofRedis}), or for Verdis (until its list, set, hash
 * and sorted-set commands are merged here) by DUMPing each key from Verdis and RESTOREing it into a
 * scratch redis-server ({@link #throughDump}), which tests DUMP on the way. Sets and hashes are
 * compared as sorted, lists and sorted sets in their order; bytes as ISO-8859-1 text.
 */
public final class TypedImage {
  /** How far two readings of one expiry time may differ: the time between PTTL and our clock, not a timing assertion. */
  private static final long EXPIRY_TOLERANCE_MS = 5_000;

  record Entry(String type, List<String> contents, long expireAtMs) {
  }

  final Map<Integer, Map<String, Entry>> dbs = new TreeMap<>();

  /** Contents read on Redis itself. */
  public static TypedImage ofRedis(RawClient redis) throws IOException {
    return read(redis, (key, type) -> contents(redis, key, type));
  }

  /** Contents of {@code server}'s keys read through DUMP and a RESTORE into {@code scratch} (a redis-server). */
  public static TypedImage throughDump(RawClient server, RawClient scratch) throws IOException {
    return read(server, (key, type) -> {
      byte[] payload = (byte[]) server.request("DUMP", key);
      assertEquals("OK", scratch.request("RESTORE", "copy", 0, payload, "REPLACE"));
      assertEquals(type, scratch.request("TYPE", "copy"), "type of " + key + " once restored in Redis");
      return contents(scratch, "copy", type);
    });
  }

  private interface ContentsReader {
    List<String> read(String key, String type) throws IOException;
  }

  private static TypedImage read(RawClient client, ContentsReader reader) throws IOException {
    TypedImage image = new TypedImage();
    for (int db = 0; db < KeyspaceImage.DATABASES; db++) {
      assertEquals("OK", client.request("SELECT", db));
      List<String> keys = new ArrayList<>();
      String cursor = "0";
      do {
        List<?> page = (List<?>) client.request("SCAN", cursor, "COUNT", 1000);
        cursor = text(page.get(0));
        for (Object key : (List<?>) page.get(1)) {
          keys.add(text(key));
        }
      } while (!cursor.equals("0"));
      Map<String, Entry> entries = new TreeMap<>();
      for (String key : keys) {
        String type = (String) client.request("TYPE", key);
        long pttl = (Long) client.request("PTTL", key);
        assertTrue(!type.equals("none") && pttl != -2, "key " + key + " of db " + db + " vanished while read");
        entries.put(key, new Entry(type, reader.read(key, type), pttl == -1 ? -1 : System.currentTimeMillis() + pttl));
      }
      assertEquals(entries.size(), (Long) client.request("DBSIZE"), "DBSIZE of db " + db + " against SCAN");
      if (!entries.isEmpty()) {
        image.dbs.put(db, entries);
      }
    }
    assertEquals("OK", client.request("SELECT", 0));
    return image;
  }

  /** One value read with Redis's commands for its type. */
  static List<String> contents(RawClient redis, String key, String type) throws IOException {
    List<String> contents = switch (type) {
      case "string" -> List.of(text(redis.request("GET", key)));
      case "list" -> texts(redis.request("LRANGE", key, 0, -1));
      case "set" -> texts(redis.request("SMEMBERS", key));
      case "hash" -> pairs(texts(redis.request("HGETALL", key)));
      case "zset" -> texts(redis.request("ZRANGE", key, 0, -1, "WITHSCORES"));
      case "stream" -> streamContents(redis, key);
      default -> throw new AssertionError("key " + key + " has the unexpected type " + type);
    };
    if (type.equals("set") || type.equals("hash")) {
      contents = new ArrayList<>(contents);
      contents.sort(null);
    }
    return contents;
  }

  /** A stream's entries, then its last id and counters and its groups, pending entries and consumers. */
  private static List<String> streamContents(RawClient redis, String key) throws IOException {
    List<String> contents = new ArrayList<>();
    for (Object entry : (List<?>) redis.request("XRANGE", key, "-", "+")) {
      List<?> pair = (List<?>) entry;
      contents.add(text(pair.get(0)) + " " + texts(pair.get(1)));
    }
    List<?> info = (List<?>) redis.request("XINFO", "STREAM", key, "FULL");
    for (int i = 0; i < info.size(); i += 2) {
      String field = text(info.get(i));
      if (!field.startsWith("radix-tree")) {
        contents.add(field + "=" + flatten(info.get(i + 1)));
      }
    }
    return contents;
  }

  /**
   * A nested reply as one line, for comparing XINFO's answers. A consumer's seen-time is masked: an
   * AOF replays it as the time of the replay, in Redis as in Verdis (XCLAIM and XGROUP CREATECONSUMER
   * records do not carry it).
   */
  private static String flatten(Object reply) {
    if (reply instanceof List<?> list) {
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        boolean seenTime = i > 0 && list.get(i - 1) instanceof byte[] field && text(field).equals("seen-time");
        parts.add(seenTime ? "*" : flatten(list.get(i)));
      }
      return parts.toString();
    }
    return reply instanceof byte[] bytes ? text(bytes) : String.valueOf(reply);
  }

  /** Field and value as one string per field, so sorting keeps them together. */
  private static List<String> pairs(List<String> fieldsAndValues) {
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < fieldsAndValues.size(); i += 2) {
      pairs.add(fieldsAndValues.get(i) + " => " + fieldsAndValues.get(i + 1));
    }
    return pairs;
  }

  public long keyCount() {
    return dbs.values().stream().mapToLong(Map::size).sum();
  }

  /** Same databases, keys, types and contents; expiry times within the tolerance. Failures name the db and key. */
  public void assertSameAs(TypedImage expected) {
    assertEquals(expected.dbs.keySet(), dbs.keySet(), "non-empty databases");
    for (Map.Entry<Integer, Map<String, Entry>> db : expected.dbs.entrySet()) {
      Map<String, Entry> actual = dbs.get(db.getKey());
      assertEquals(db.getValue().keySet(), actual.keySet(), "keys of db " + db.getKey());
      for (Map.Entry<String, Entry> key : db.getValue().entrySet()) {
        String where = "key " + key.getKey() + " of db " + db.getKey();
        Entry want = key.getValue();
        Entry got = actual.get(key.getKey());
        assertEquals(want.type(), got.type(), "type of " + where);
        assertEquals(want.contents(), got.contents(), "contents of " + where);
        if (want.expireAtMs() < 0) {
          assertEquals(-1, got.expireAtMs(), "expiry of " + where);
        } else {
          assertTrue(got.expireAtMs() >= 0 && Math.abs(got.expireAtMs() - want.expireAtMs()) < EXPIRY_TOLERANCE_MS,
              "expiry of " + where + " is " + got.expireAtMs() + ", expected about " + want.expireAtMs());
        }
      }
    }
  }

  private static List<String> texts(Object reply) {
    List<String> texts = new ArrayList<>();
    for (Object element : (List<?>) reply) {
      texts.add(text(element));
    }
    return texts;
  }

  private static String text(Object bytes) {
    return new String((byte[]) bytes, StandardCharsets.ISO_8859_1);
  }
}

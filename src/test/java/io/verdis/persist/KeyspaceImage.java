package io.verdis.persist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.it.RawClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every string key of every database of a running server (Verdis or Redis), read through its own
 * commands (SELECT, DBSIZE, SCAN, GET, PTTL), so two servers' contents can be compared key by key.
 * Keys are ISO-8859-1 text (one char per byte), so any byte string is a map key and prints.
 */
final class KeyspaceImage {
  static final int DATABASES = 16;
  /** How far two readings of one expiry time may differ: the time between PTTL and our clock, not a timing assertion. */
  private static final long EXPIRY_TOLERANCE_MS = 5_000;

  /** A value and its absolute expiry in Unix ms, -1 for none. */
  record Entry(byte[] value, long expireAtMs) {
  }

  /** db → key → entry; empty databases are absent. */
  final Map<Integer, Map<String, Entry>> dbs = new TreeMap<>();

  static KeyspaceImage read(RawClient client) throws IOException {
    KeyspaceImage image = new KeyspaceImage();
    for (int db = 0; db < DATABASES; db++) {
      assertEquals("OK", client.request("SELECT", db));
      Map<String, Entry> keys = new TreeMap<>();
      String cursor = "0";
      do {
        List<?> page = (List<?>) client.request("SCAN", cursor, "COUNT", 1000);
        cursor = text((byte[]) page.get(0));
        for (Object key : (List<?>) page.get(1)) {
          keys.put(text((byte[]) key), null);
        }
      } while (!cursor.equals("0"));
      for (String key : keys.keySet()) {
        byte[] value = (byte[]) client.request("GET", key);
        long pttl = (Long) client.request("PTTL", key);
        assertTrue(value != null && pttl != -2, "key " + printable(key) + " of db " + db + " vanished while read");
        keys.put(key, new Entry(value, pttl == -1 ? -1 : System.currentTimeMillis() + pttl));
      }
      // SCAN may return a key twice but must not miss one: DBSIZE says how many there are.
      assertEquals(keys.size(), (Long) client.request("DBSIZE"), "DBSIZE of db " + db + " against SCAN");
      if (!keys.isEmpty()) {
        image.dbs.put(db, keys);
      }
    }
    assertEquals("OK", client.request("SELECT", 0));
    return image;
  }

  long keyCount() {
    return dbs.values().stream().mapToLong(Map::size).sum();
  }

  long keysWithExpiry() {
    return dbs.values().stream().flatMap(keys -> keys.values().stream()).filter(e -> e.expireAtMs() >= 0).count();
  }

  int largestValue() {
    return dbs.values().stream().flatMap(keys -> keys.values().stream()).mapToInt(e -> e.value().length).max().orElse(0);
  }

  /** Same databases, keys and values; expiry times within the tolerance. Failures name the db and key. */
  void assertSameAs(KeyspaceImage expected) {
    assertEquals(expected.dbs.keySet(), dbs.keySet(), "non-empty databases");
    for (Map.Entry<Integer, Map<String, Entry>> db : expected.dbs.entrySet()) {
      Map<String, Entry> actual = dbs.get(db.getKey());
      assertEquals(db.getValue().size(), actual.size(), "DBSIZE of db " + db.getKey());
      assertEquals(db.getValue().keySet(), actual.keySet(), "keys of db " + db.getKey());
      for (Map.Entry<String, Entry> key : db.getValue().entrySet()) {
        String where = "key " + printable(key.getKey()) + " of db " + db.getKey();
        Entry want = key.getValue();
        Entry got = actual.get(key.getKey());
        assertArrayEquals(want.value(), got.value(), "value of " + where);
        if (want.expireAtMs() < 0) {
          assertEquals(-1, got.expireAtMs(), "expiry of " + where);
        } else {
          assertTrue(got.expireAtMs() >= 0 && Math.abs(got.expireAtMs() - want.expireAtMs()) < EXPIRY_TOLERANCE_MS,
              "expiry of " + where + " is " + got.expireAtMs() + ", expected about " + want.expireAtMs());
        }
      }
    }
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /** A key for a failure message: control and high bytes escaped. */
  private static String printable(String key) {
    StringBuilder text = new StringBuilder("\"");
    for (char c : key.toCharArray()) {
      text.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
    }
    return text.append('"').toString();
  }
}

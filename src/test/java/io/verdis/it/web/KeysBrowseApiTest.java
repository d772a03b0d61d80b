package io.verdis.it.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/keys: one SCAN step per request, each key with its type and TTL. */
class KeysBrowseApiTest extends AdminApiTestBase {

  /** Follows the cursor from 0 to 0; every key seen, in order of appearance (duplicates kept). */
  private List<String> browse(String query) {
    List<String> seen = new ArrayList<>();
    String cursor = "0";
    int requests = 0;
    do {
      JsonObject page = getJson("/api/keys?cursor=" + cursor + query);
      for (Object key : page.getJsonArray("keys")) {
        seen.add(((JsonObject) key).getString("key"));
      }
      cursor = page.getString("cursor");
      assertTrue(++requests < 10_000, "the cursor never came back to 0");
    } while (!cursor.equals("0"));
    return seen;
  }

  @Test
  void pagingOverManyKeysWithSmallPagesSeesEveryKeyExactlyOnce() {
    Set<String> written = new HashSet<>();
    for (int batch = 0; batch < 12; batch++) {
      List<String> mset = new ArrayList<>(List.of("mset"));
      for (int i = 0; i < 100; i++) {
        String key = "key:" + (batch * 100 + i);
        written.add(key);
        mset.add(key);
        mset.add("v");
      }
      call(mset.toArray(new String[0]));
    }
    List<String> seen = browse("&count=37");
    assertEquals(written.size(), seen.size(), "no key twice");
    assertEquals(written, new HashSet<>(seen));
  }

  @Test
  void eachKeyComesWithItsTypeAndTtlInMilliseconds() {
    call("set", "s", "v");
    call("set", "t", "v", "px", "100000");
    call("rpush", "l", "a");
    call("sadd", "set", "a");
    call("hset", "h", "f", "v");
    call("zadd", "z", "1", "m");
    JsonObject page = getJson("/api/keys?count=1000");
    assertEquals("0", page.getString("cursor"));
    JsonArray keys = page.getJsonArray("keys");
    assertEquals(6, keys.size());
    for (Object item : keys) {
      JsonObject key = (JsonObject) item;
      String expectedType = switch (key.getString("key")) {
        case "s", "t" -> "string";
        case "l" -> "list";
        case "set" -> "set";
        case "h" -> "hash";
        default -> "zset";
      };
      assertEquals(expectedType, key.getString("type"), key.encode());
      long ttl = key.getLong("ttl");
      if (key.getString("key").equals("t")) {
        assertTrue(ttl > 90_000 && ttl <= 100_000, key.encode());
      } else {
        assertEquals(-1, ttl, key.encode());
      }
    }
  }

  @Test
  void prefixMatchesLiterallyEvenWithGlobCharacters() {
    call("mset", "a*b:1", "1", "a*b:2", "2", "axb:3", "3", "a[*]b", "4", "b", "5");
    assertEquals(Set.of("a*b:1", "a*b:2"), new HashSet<>(browse("&prefix=" + q("a*b"))));
    assertEquals(Set.of("a[*]b"), new HashSet<>(browse("&prefix=" + q("a[*]"))));
    assertEquals(Set.of("a*b:1", "a*b:2", "axb:3"), new HashSet<>(browse("&match=" + q("a?b:*"))));
  }

  @Test
  void typeFilterAndDatabaseSelectKeys() {
    call("set", "s", "v");
    call("hset", "h1", "f", "v");
    call("hset", "h2", "f", "v");
    assertEquals(Set.of("h1", "h2"), new HashSet<>(browse("&type=hash")));
    call("select", "5");
    call("set", "only-in-5", "v");
    call("select", "0");
    assertEquals(List.of("only-in-5"), browse("&db=5"));
    assertEquals(Set.of("s", "h1", "h2"), new HashSet<>(browse("&db=0")));
  }

  @Test
  void binaryKeysComeAsBase64AndUtf8KeysAsText() throws Exception {
    try (var raw = client()) {
      raw.request("set", new byte[] {(byte) 0xff, 0, 'k'}, "v");
    }
    call("set", "caf\u00e9", "v");
    JsonArray keys = getJson("/api/keys").getJsonArray("keys");
    Set<Object> names = new HashSet<>();
    keys.forEach(key -> names.add(((JsonObject) key).getValue("key")));
    assertEquals(Set.of("caf\u00e9", new JsonObject().put("base64", "/wBr")), names);
  }

  @Test
  void badRequestsAnswer400() {
    assertEquals(400, get("/api/keys?cursor=notanumber").status());
    assertEquals("ERR invalid cursor", get("/api/keys?cursor=notanumber").error());
    assertEquals(400, get("/api/keys?count=0").status());
    assertEquals(400, get("/api/keys?db=99").status());
    assertEquals("ERR DB index is out of range", get("/api/keys?db=99").error());
    assertEquals(400, get("/api/keys?match=a&prefix=b").status());
  }
}

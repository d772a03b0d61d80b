package io.verdis.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.verdis.it.RawClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The function libraries the persistence tests load, and the checks that a server holds them and
 * can call them, whichever server (Verdis or redis-server) and whichever way they got there.
 */
final class FunctionLibraries {
  static final String ECHO = "#!lua name=echolib\n"
      + "redis.register_function('echo', function(keys, args) return args[1] end)";
  /** Long and repetitive, so that redis-server (and Verdis) write its code LZF-compressed. */
  static final String GETTER = "#!lua name=getterlib\n"
      + "-- padding that repeats, so that LZF finds matches in it\n".repeat(20)
      + "redis.register_function{function_name='getter', flags={'no-writes'},\n"
      + "  callback=function(keys, args) return redis.call('GET', keys[1]) end}";
  /** A third library, loaded after the others in some tests. */
  static final String OTHER = "#!lua name=otherlib\n"
      + "redis.register_function('other', function(keys, args) return 'other' end)";
  /** The key and value {@code getter} reads. */
  static final String KEY = "fkey";
  static final String VALUE = "fvalue";

  private FunctionLibraries() {
  }

  /** Loads {@link #ECHO} and {@link #GETTER} and sets {@link #KEY}. */
  static void load(RawClient client) throws IOException {
    assertEquals("echolib", text(client.request("FUNCTION", "LOAD", ECHO)));
    assertEquals("getterlib", text(client.request("FUNCTION", "LOAD", GETTER)));
    assertEquals("OK", client.request("SET", KEY, VALUE));
  }

  /** {@link #ECHO}'s and {@link #GETTER}'s functions answer, and the libraries are exactly {@code names}. */
  static void assertCallable(RawClient client, String... names) throws IOException {
    assertEquals(new TreeSet<>(List.of(names)), libraryNames(client));
    assertEquals("hello", text(client.request("FCALL", "echo", 0, "hello")));
    assertEquals(VALUE, text(client.request("FCALL_RO", "getter", 1, KEY)));
  }

  static void assertCallable(RawClient client) throws IOException {
    assertCallable(client, "echolib", "getterlib");
  }

  /** The names FUNCTION LIST gives. */
  @SuppressWarnings("unchecked")
  static Set<String> libraryNames(RawClient client) throws IOException {
    Set<String> names = new TreeSet<>();
    for (Object library : (List<Object>) client.request("FUNCTION", "LIST")) {
      List<Object> fields = (List<Object>) library;
      for (int i = 0; i < fields.size(); i += 2) {
        if (text(fields.get(i)).equals("library_name")) {
          names.add(text(fields.get(i + 1)));
        }
      }
    }
    return names;
  }

  static String text(Object reply) {
    return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(reply);
  }
}

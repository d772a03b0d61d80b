package io.verdis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** CONFIG GET and CONFIG SET, with Redis 7.0's replies (checked against redis-server 7.0.15). */
class ConfigCommandTest {

  private final Config config = Config.defaults();

  private List<String> names(String pattern) {
    List<String> names = new ArrayList<>();
    config.get(pattern).forEach(entry -> names.add(entry.getKey()));
    return names;
  }

  private String get(String name) {
    List<Map.Entry<String, String>> found = config.get(name);
    assertEquals(1, found.size(), name);
    return found.get(0).getValue();
  }

  private String setFails(String... namesAndValues) {
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      pairs.add(Map.entry(namesAndValues[i], namesAndValues[i + 1]));
    }
    return assertThrows(ConfigException.class, () -> config.set(pairs)).getMessage();
  }

  @Test
  @DisplayName("CONFIG GET with a glob returns every matching directive, ignoring case")
  void getWithGlob() {
    assertEquals(List.of("maxmemory", "maxmemory-policy", "maxmemory-samples", "maxmemory-eviction-tenacity", "maxmemory-clients"), names("maxmem*"));
    assertEquals(List.of("maxmemory", "maxmemory-policy", "maxmemory-samples", "maxmemory-eviction-tenacity", "maxmemory-clients"), names("MAXMEM*"));
    assertEquals(List.of("port", "pizzaria-port", "http-port", "tls-port", "io-transport", "replica-announce-port", "slave-announce-port", "cluster-port", "cluster-bus-port", "cluster-announce-port", "cluster-announce-tls-port"), names("*port"));
    assertEquals(List.of("port"), names("p?rt"));
    assertEquals(List.of("appendonly", "appendfsync", "appendfilename", "appenddirname"), names("append[a-z]*"));
    // Redis 7 lists the old names (lua-time-limit, the ziplist ones) beside the new ones.
    int aliases = java.util.Arrays.stream(Directive.values()).mapToInt(d -> d.aliases().size()).sum();
    assertEquals(Directive.values().length + aliases, config.get("*").size());
    assertEquals(List.of(), names("nosuch*"));
  }

  @Test
  @DisplayName("CONFIG GET of a plain name answers under the name as asked, as Redis 7.0 does")
  void getOfPlainNameKeepsTheAskedName() {
    assertEquals(List.of(Map.entry("PORT", "6379")), config.get("PORT"));
    assertEquals(List.of(), config.get("nosuch"));
  }

  @Test
  @DisplayName("CONFIG GET of several patterns lists each directive once")
  void getOfSeveralPatterns() {
    List<byte[]> patterns = List.of(bytes("port"), bytes("*port"), bytes("hz"));
    List<String> names = new ArrayList<>();
    config.get(patterns).forEach(entry -> names.add(entry.getKey()));
    assertEquals(List.of("port", "pizzaria-port", "http-port", "tls-port", "io-transport", "replica-announce-port", "slave-announce-port", "cluster-port", "cluster-bus-port", "cluster-announce-port", "cluster-announce-tls-port", "hz"), names);
  }

  @Test
  @DisplayName("values read as Redis shows them: bytes, yes/no, space-separated lists")
  void valuesAsRedisShowsThem() {
    assertEquals("536870912", get("proto-max-bulk-len"));
    assertEquals("0", get("maxmemory"));
    assertEquals("yes", get("appendonly"));
    assertEquals("no", get("daemonize"));
    assertEquals("127.0.0.1 -::1", get("bind"));
    assertEquals("3600 1 300 100 60 10000", get("save"));
    assertEquals("everysec", get("appendfsync"));
    assertEquals("", get("requirepass"));
    assertEquals("10000", get("slowlog-log-slower-than"));
  }

  @Test
  @DisplayName("CONFIG SET changes the value the getters and CONFIG GET see")
  void setChangesTheValue() {
    config.set("maxmemory", "100mb");
    assertEquals(100L * 1024 * 1024, config.maxmemory());
    assertEquals("104857600", get("maxmemory"));
    config.set("APPENDONLY", "No");
    assertFalse(config.appendonly());
    config.set("appendfsync", "ALWAYS");
    assertEquals("always", get("appendfsync"));
    config.set("save", "900 1 300 10");
    assertEquals("900 1 300 10", get("save"));
    config.set("save", "");
    assertEquals(List.of(), config.savePoints());
    config.set("requirepass", "s3cret");
    assertEquals("s3cret", config.requirepass());
    config.set("slowlog-log-slower-than", "-1");
    assertEquals(-1, config.slowlogLogSlowerThan());
  }

  @Test
  @DisplayName("maxmemory-clients is bytes or a percentage of maxmemory, never below 128kb")
  void maxmemoryClientsLimit() {
    assertEquals(0, config.clientEvictionLimit());
    config.set("maxmemory-clients", "10%");
    assertEquals("10%", get("maxmemory-clients"));
    assertEquals(0, config.clientEvictionLimit(), "a percentage of no maxmemory is no limit");
    config.set("maxmemory", "100mb");
    assertEquals(10L * 1024 * 1024, config.clientEvictionLimit());
    config.set("maxmemory-clients", "1mb");
    assertEquals(1024 * 1024, config.clientEvictionLimit());
    config.set("maxmemory-clients", "10");
    assertEquals(128 * 1024, config.clientEvictionLimit());
    assertEquals("10", get("maxmemory-clients"));
  }

  @Test
  @DisplayName("CONFIG SET of an unknown option quotes it")
  void setUnknownOption() {
    assertEquals("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'", setFails("nosuch", "1"));
  }

  @Test
  @DisplayName("CONFIG SET of an immutable directive is refused")
  void setImmutable() {
    assertEquals("ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config",
        setFails("databases", "3"));
    for (String name : List.of("port", "bind", "shards", "dir", "logfile", "daemonize", "io-threads",
        "pizzaria-port", "http-port", "tcp-backlog", "appendfilename", "appenddirname")) {
      assertTrue(setFails(name, "1").endsWith("can't set immutable config"), name);
    }
  }

  @Test
  @DisplayName("CONFIG SET with a bad value says why in Redis's words")
  void setBadValues() {
    assertEquals("ERR CONFIG SET failed (possibly related to argument 'timeout') - "
        + "argument couldn't be parsed into an integer", setFails("timeout", "abc"));
    assertEquals("ERR CONFIG SET failed (possibly related to argument 'appendonly') - "
        + "argument must be 'yes' or 'no'", setFails("appendonly", "maybe"));
    assertEquals("ERR CONFIG SET failed (possibly related to argument 'appendfsync') - "
        + "argument(s) must be one of the following: everysec, always, no", setFails("appendfsync", "sometimes"));
    assertEquals("ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - "
        + "argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, "
        + "volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction",
        setFails("maxmemory-policy", "foo"));
    assertEquals("ERR CONFIG SET failed (possibly related to argument 'maxmemory') - "
        + "argument must be a memory value", setFails("maxmemory", "1.5gb"));
    assertEquals("ERR CONFIG SET failed (possibly related to argument 'timeout') - "
        + "argument must be between 0 and 2147483647 inclusive", setFails("timeout", "-1"));
    assertEquals("ERR CONFIG SET failed (possibly related to argument 'proto-max-bulk-len') - "
        + "argument must be between 1048576 and 9223372036854775807 inclusive",
        setFails("proto-max-bulk-len", "10"));
    assertEquals("ERR CONFIG SET failed (possibly related to argument 'slowlog-log-slower-than') - "
        + "argument must be between -1 and 9223372036854775807 inclusive",
        setFails("slowlog-log-slower-than", "-5"));
    assertEquals("ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters",
        setFails("save", "1 2 3"));
    assertEquals("ERR CONFIG SET failed (possibly related to argument 'dbfilename') - "
        + "can't set protected config", setFails("dbfilename", "a/b"));
    Config opened = Config.load(new String[] {"--enable-protected-configs", "yes"}, Map.of());
    assertEquals("ERR CONFIG SET failed (possibly related to argument 'dbfilename') - "
        + "dbfilename can't be a path, just a filename",
        assertThrows(ConfigException.class, () -> opened.set("dbfilename", "a/b")).getMessage());
  }

  @Test
  @DisplayName("a bad value is reported under the directive's own name, however it was spelt")
  void badValueUsesCanonicalName() {
    assertTrue(setFails("TIMEOUT", "x").contains("argument 'timeout'"));
    assertTrue(setFails("DATABASES", "x").contains("argument 'DATABASES'"));
  }

  @Test
  @DisplayName("CONFIG SET of several directives changes all of them or none")
  void multiSetIsAllOrNothing() {
    config.set(List.of(Map.entry("timeout", "5"), Map.entry("hz", "20")));
    assertEquals(5, config.timeout());
    assertEquals(20, config.hz());

    assertTrue(setFails("timeout", "6", "hz", "zero").contains("argument 'hz'"));
    assertEquals(5, config.timeout());
    assertEquals(20, config.hz());

    assertTrue(setFails("timeout", "7", "nosuch", "1").contains("'nosuch'"));
    assertEquals(5, config.timeout());
  }

  @Test
  @DisplayName("names are checked before values, and the first problem is the one reported")
  void namesAreCheckedBeforeValues() {
    assertEquals("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'",
        setFails("timeout", "bad", "nosuch", "1"));
    assertTrue(setFails("databases", "1", "nosuch", "1").endsWith("can't set immutable config"));
    assertEquals("ERR CONFIG SET failed (possibly related to argument 'TIMEOUT') - duplicate parameter",
        setFails("timeout", "1", "TIMEOUT", "2"));
  }

  @Test
  @DisplayName("listeners hear about changes to their directive only")
  void listenersHearAboutTheirDirective() {
    AtomicInteger passwordChanges = new AtomicInteger();
    List<Integer> seenHz = new ArrayList<>();
    config.onChange("requirepass", c -> passwordChanges.incrementAndGet());
    config.onChange("HZ", c -> seenHz.add(c.hz()));

    config.set("requirepass", "a");
    config.set("requirepass", "a");
    config.set(List.of(Map.entry("hz", "50"), Map.entry("timeout", "9")));
    setFails("hz", "60", "timeout", "bad");

    assertEquals(1, passwordChanges.get());
    assertEquals(List.of(50), seenHz);
  }

  @Test
  @DisplayName("a failing listener does not keep the value from being set or others from hearing")
  void failingListener() {
    AtomicInteger heard = new AtomicInteger();
    config.onChange("hz", c -> {
      throw new IllegalStateException("boom");
    });
    config.onChange("hz", c -> heard.incrementAndGet());
    assertThrows(IllegalStateException.class, () -> config.set("hz", "30"));
    assertEquals(30, config.hz());
    assertEquals(1, heard.get());
  }

  @Test
  @DisplayName("listening to an unknown directive is a programming error")
  void listeningToUnknownDirective() {
    assertThrows(IllegalArgumentException.class, () -> config.onChange("nosuch", c -> { }));
  }

  @Test
  @DisplayName("CONFIG REWRITE without a config file is refused as Redis does")
  void rewriteWithoutFile() {
    assertEquals("ERR The server is running without a config file",
        assertThrows(ConfigException.class, config::rewrite).getMessage());
  }

  @Test
  @DisplayName("readers on other threads always see a whole CONFIG SET")
  void readersSeeWholeSets() throws InterruptedException {
    AtomicInteger torn = new AtomicInteger();
    Thread reader = new Thread(() -> {
      for (int i = 0; i < 200_000; i++) {
        List<Map.Entry<String, String>> both = config.get(List.of(bytes("timeout"), bytes("tcp-keepalive")));
        if (!both.get(0).getValue().equals(both.get(1).getValue())) {
          torn.incrementAndGet();
        }
      }
    });
    config.set(List.of(Map.entry("timeout", "0"), Map.entry("tcp-keepalive", "0")));
    reader.start();
    for (int i = 1; reader.isAlive(); i++) {
      String value = Integer.toString(i);
      config.set(List.of(Map.entry("timeout", value), Map.entry("tcp-keepalive", value)));
    }
    reader.join();
    assertEquals(0, torn.get());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

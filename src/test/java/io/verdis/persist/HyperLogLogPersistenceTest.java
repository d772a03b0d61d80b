package io.verdis.persist;

import io.verdis.it.RawClient;
import io.verdis.it.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * HyperLogLog writes replay from the AOF to the same bytes: PFADD (one that changed no register is
 * not logged), PFMERGE across shards, PFDEBUG TODENSE's change of encoding, and the PFCOUNT that
 * wrote the cached cardinality (logged, as Redis propagates it).
 */
class HyperLogLogPersistenceTest {
  private static final String[] KEYS = {"small", "big", "merged", "densified"};

  @TempDir
  Path dir;

  @Test
  void sketchesSurviveARestartFromTheAof() throws IOException {
    String[] options = {"--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--shards", "3"};
    List<byte[]> before = new ArrayList<>();
    try (TestServer server = TestServer.start(options);
         RawClient client = new RawClient(server.port())) {
      assertEquals(":1\r\n", client.call("PFADD", "small", "a", "b", "c"));
      assertEquals(":0\r\n", client.call("PFADD", "small", "a"));
      List<String> many = new ArrayList<>(List.of("PFADD", "big"));
      for (int i = 0; i < 3000; i++) {
        many.add("element" + i);
      }
      assertEquals(":1\r\n", client.call(many.toArray(String[]::new)));
      assertEquals("+OK\r\n", client.call("PFMERGE", "merged", "small", "big", "missing"));
      assertEquals(":1\r\n", client.call("PFADD", "densified", "x"));
      assertEquals(":1\r\n", client.call("PFDEBUG", "TODENSE", "densified"));
      assertEquals(":3\r\n", client.call("PFCOUNT", "small"));
      assertEquals(":3\r\n", client.call("PFCOUNT", "small"));
      assertEquals(":3\r\n", client.call("PFCOUNT", "small", "nokey"));
      for (String key : KEYS) {
        before.add((byte[]) client.request("GET", key));
      }
    }
    String log = aofText();
    assertEquals(3, occurrences(log, "PFADD"), log);
    assertEquals(1, occurrences(log, "PFDEBUG"), log);
    // Only the PFCOUNT that refreshed the cached cardinality in the header changed a value.
    assertEquals(1, occurrences(log, "PFCOUNT"), log);
    try (TestServer server = TestServer.start(options);
         RawClient client = new RawClient(server.port())) {
      for (int i = 0; i < KEYS.length; i++) {
        assertArrayEquals(before.get(i), (byte[]) client.request("GET", KEYS[i]), KEYS[i]);
      }
      assertEquals("+dense\r\n", client.call("PFDEBUG", "ENCODING", "densified"));
    }
  }

  private String aofText() throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.list(dir.resolve("appendonlydir"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".aof")).sorted().toList()) {
        text.append(Files.readString(file, StandardCharsets.ISO_8859_1));
      }
    }
    return text.toString();
  }

  private static int occurrences(String text, String word) {
    int count = 0;
    for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      count++;
    }
    return count;
  }
}

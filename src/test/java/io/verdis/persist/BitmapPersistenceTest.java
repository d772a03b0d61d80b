package io.verdis.persist;

import io.verdis.it.RawClient;
import io.verdis.it.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bitmap writes replay from the AOF to the same bits: SETBIT, BITFIELD with each overflow mode
 * (a FAIL that wrote nothing included), BITOP across shards, and a SETBIT that changed nothing.
 */
class BitmapPersistenceTest {
  @TempDir
  Path dir;

  @Test
  void bitmapWritesSurviveARestartFromTheAof() throws IOException {
    String[] options = {"--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--shards", "3"};
    try (TestServer server = TestServer.start(options);
         RawClient client = new RawClient(server.port())) {
      assertEquals(":0\r\n", client.call("SETBIT", "b", "9", "1"));
      assertEquals(":1\r\n", client.call("SETBIT", "b", "9", "1"));
      assertEquals("*2\r\n:0\r\n:255\r\n",
          client.call("BITFIELD", "f", "SET", "u8", "0", "250", "OVERFLOW", "SAT", "INCRBY", "u8", "0", "100"));
      assertEquals("*2\r\n$-1\r\n:-2\r\n",
          client.call("BITFIELD", "f", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1", "OVERFLOW", "WRAP", "INCRBY", "i4", "#2", "14"));
      assertEquals(":2\r\n", client.call("BITOP", "OR", "o", "b", "f", "missing"));
      assertEquals("*1\r\n$-1\r\n", client.call("BITFIELD", "f", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1"));
    }
    // The SETBIT that found its bit set and the BITFIELD that failed changed nothing: not logged.
    String log = aofText();
    assertEquals(1, occurrences(log, "SETBIT"), log);
    assertEquals(2, occurrences(log, "BITFIELD"), log);
    try (TestServer server = TestServer.start(options);
         RawClient client = new RawClient(server.port())) {
      assertEquals("$2\r\n\u0000@\r\n", client.call("GET", "b"));
      assertEquals("*2\r\n:255\r\n:-2\r\n", client.call("BITFIELD_RO", "f", "GET", "u8", "0", "GET", "i4", "#2"));
      assertEquals(":11\r\n", client.call("BITCOUNT", "o"));
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

package io.verdis.persist;

import io.verdis.it.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Start-up on a damaged AOF, through real processes: a last record cut short is dropped with a
 * warning (or stops start-up with aof-load-truncated no); damage anywhere else stops start-up
 * with a message naming the file and the offset.
 */
class StartupRecoveryTest {
  private static final String INCR = "appendonly.aof.2.incr.aof";

  @TempDir
  Path dir;

  @Test
  void aTruncatedLastRecordIsCutOffWithAWarning() throws Exception {
    long goodSize = writeTwoKeys();
    append("*3\r\n$3\r\nSET\r\n$4\r\nlost\r\n$5\r\nval");
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes");
         RawClient redis = server.client()) {
      assertEquals("$3\r\none\r\n", redis.call("GET", "k1"));
      assertEquals("$3\r\ntwo\r\n", redis.call("GET", "k2"));
      assertEquals("$-1\r\n", redis.call("GET", "lost"));
      assertTrue(server.log().contains("short read while loading the AOF file " + INCR), server.log());
      assertTrue(server.log().contains("loaded anyway because aof-load-truncated is enabled"), server.log());
    }
    assertEquals(goodSize, Files.size(incr()), "the partial record is cut off the file");
  }

  @Test
  void aRecordCutInsideATransactionCutsTheWholeTransactionOff() throws Exception {
    long goodSize = writeTwoKeys();
    append("*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$2\r\nt1\r\n$1\r\n1\r\n*3\r\n$3\r\nSET\r\n$2\r\nt2\r\n$1");
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes");
         RawClient redis = server.client()) {
      assertEquals("$3\r\none\r\n", redis.call("GET", "k1"));
      assertEquals("$-1\r\n", redis.call("GET", "t1"));
      assertEquals(goodSize, Files.size(incr()), "no MULTI is left open for the next records to fall into");
      assertEquals("+OK\r\n", redis.call("SET", "after", "acknowledged"));
      redis.send(RawClient.command("SHUTDOWN", "NOSAVE"));
      assertEquals(0, server.awaitExit(30));
    }
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes");
         RawClient redis = server.client()) {
      assertEquals("$12\r\nacknowledged\r\n", redis.call("GET", "after"));
      assertEquals("$-1\r\n", redis.call("GET", "t1"));
    }
  }

  @Test
  void aTruncatedLastRecordStopsStartUpWhenAofLoadTruncatedIsNo() throws Exception {
    long goodSize = writeTwoKeys();
    append("*2\r\n$3\r\nDEL\r\n$2\r\nk");
    VerdisProcess server = VerdisProcess.launch(dir, "--appendonly", "yes", "--aof-load-truncated", "no");
    assertEquals(1, server.awaitExit(60));
    assertTrue(server.log().contains("Unexpected end of file reading the append only file " + INCR), server.log());
    assertTrue(server.log().contains("record starting at offset " + goodSize), server.log());
    assertTrue(server.log().contains("aof-load-truncated yes"), server.log());
  }

  @Test
  void corruptionBeforeTheEndStopsStartUpNamingFileAndOffset() throws Exception {
    writeTwoKeys();
    byte[] bytes = Files.readAllBytes(incr());
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int secondRecord = text.indexOf("*3", text.indexOf("*3") + 1);
    bytes[secondRecord + 4] = 'X';
    Files.write(incr(), bytes);
    append("*2\r\n$3\r\nDEL\r\n$2\r\nk1\r\n");
    VerdisProcess server = VerdisProcess.launch(dir, "--appendonly", "yes");
    assertEquals(1, server.awaitExit(60));
    assertTrue(server.log().contains("Bad file format reading the append only file " + INCR), server.log());
    assertTrue(server.log().contains("offset " + secondRecord), server.log());
  }

  @Test
  void anUnknownCommandStopsStartUp() throws Exception {
    writeTwoKeys();
    append("*2\r\n$7\r\nNOSUCHC\r\n$1\r\nx\r\n");
    VerdisProcess server = VerdisProcess.launch(dir, "--appendonly", "yes");
    assertEquals(1, server.awaitExit(60));
    assertTrue(server.log().contains("Unknown command 'NOSUCHC' reading the append only file " + INCR), server.log());
  }

  @Test
  void checkAofFixRepairsWhatStartUpRefused() throws Exception {
    long goodSize = writeTwoKeys();
    append("*2\r\n$3\r\nDEL\r\n$2\r\nk");
    Path appendonlydir = dir.resolve("appendonlydir");
    Process check = checkAof("--fix", appendonlydir.toString());
    assertEquals(0, check.waitFor(), new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertEquals(goodSize, Files.size(incr()));
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes", "--aof-load-truncated", "no");
         RawClient redis = server.client()) {
      assertEquals("$3\r\ntwo\r\n", redis.call("GET", "k2"));
    }
  }

  /** Writes k1 and k2 through a server that is then shut down; returns the incr file's size. */
  private long writeTwoKeys() throws Exception {
    try (VerdisProcess server = VerdisProcess.start(dir, "--appendonly", "yes");
         RawClient redis = server.client()) {
      redis.call("SET", "k1", "one");
      redis.call("SET", "k2", "two");
      redis.send(RawClient.command("SHUTDOWN", "NOSAVE"));
      assertEquals(0, server.awaitExit(30));
    }
    return Files.size(incr());
  }

  private Path incr() {
    return dir.resolve("appendonlydir").resolve(INCR);
  }

  private void append(String text) throws IOException {
    Files.writeString(incr(), text, StandardCharsets.ISO_8859_1, StandardOpenOption.APPEND);
  }

  private static Process checkAof(String... args) throws IOException {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.verdis.server.Verdis", "check-aof"));
    command.addAll(java.util.List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }
}

package io.verdis.persist;

import static io.verdis.persist.FunctionLibraries.ECHO;
import static io.verdis.persist.FunctionLibraries.GETTER;
import static io.verdis.persist.FunctionLibraries.OTHER;
import static io.verdis.persist.FunctionLibraries.assertCallable;
import static io.verdis.persist.FunctionLibraries.libraryNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdis.it.Info;
import io.verdis.it.RawClient;
import io.verdis.it.RealRedis;
import io.verdis.it.SideBySide;
import io.verdis.it.TestServer;
import io.verdis.persist.aof.AofManifest;
import io.verdis.persist.rdb.Crc64;
import io.verdis.persist.rdb.RdbWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Function libraries that persist and move as Redis 7.0's do: FUNCTION DUMP and RESTORE both ways
 * with a real redis-server (replies compared with Redis's), and libraries that come back after a
 * restart from the AOF (before and after a rewrite, either base format) and from the RDB.
 */
class FunctionPersistenceTest {
  private static final String ECHO_AGAIN = "#!lua name=echolib\n"
      + "redis.register_function('echo2', function(keys, args) return 'second' end)";

  @TempDir
  Path tmp;

  // ---- FUNCTION DUMP and RESTORE, side by side with redis-server ---------------------------------

  @Test
  void aDumpFromRedisRestoresInVerdisAndOneFromVerdisInRedis() throws Exception {
    RealRedis.assumeInstalled();
    try (TestServer server = TestServer.start("--shards", "3");
         RealRedis redis = RealRedis.start(Files.createDirectories(tmp.resolve("redis")));
         RawClient verdis = new RawClient(server.port())) {
      SideBySide both = new SideBySide(verdis, redis.client());
      // No library: the footer alone. (With libraries the bytes may differ where Verdis's LZF
      // compressor picks other matches than Redis's.)
      both.same("FUNCTION", "DUMP");
      FunctionLibraries.load(redis.client());
      FunctionLibraries.load(verdis);
      byte[] fromRedis = (byte[]) redis.call("FUNCTION", "DUMP");
      byte[] fromVerdis = (byte[]) verdis.request("FUNCTION", "DUMP");
      assertTrue(indexOf(fromRedis, new byte[] {(byte) 0xF5, (byte) 0xC3}) >= 0,
          "redis-server wrote the long library LZF-compressed");

      for (byte[] payload : List.of(fromRedis, fromVerdis)) {
        both.same("FUNCTION", "FLUSH");
        both.same("FUNCTION", "LOAD", ECHO_AGAIN);
        both.same("FUNCTION", "RESTORE", payload);
        both.same("FUNCTION", "RESTORE", payload, "append");
        both.same("FCALL", "echo2", 0);
        both.same("FUNCTION", "RESTORE", payload, "REPLACE");
        both.same("FCALL", "echo2", 0);
        both.same("FUNCTION", "LOAD", OTHER);
        both.same("FUNCTION", "RESTORE", payload, "FLUSH");
        both.same("FCALL", "other", 0);
        both.same("FUNCTION", "LIST", "LIBRARYNAME", "echolib", "WITHCODE");
        both.same("FUNCTION", "LIST", "LIBRARYNAME", "getterlib", "WITHCODE");
        assertCallable(verdis);
        assertCallable(redis.client());
      }
    }
  }

  @Test
  void restoreRefusesWhatRedisRefusesWithTheSameErrors() throws Exception {
    RealRedis.assumeInstalled();
    try (TestServer server = TestServer.start("--shards", "2");
         RealRedis redis = RealRedis.start(Files.createDirectories(tmp.resolve("redis")));
         RawClient verdis = new RawClient(server.port())) {
      SideBySide both = new SideBySide(verdis, redis.client());
      byte[] echo = payload(library(ECHO));
      both.same("COMMAND", "INFO", "function|dump");
      // Name, arity, flags, keys and ACL categories as Redis's (Verdis declares no command tips).
      assertEquals(commandInfo(redis.client(), "function|restore"), commandInfo(verdis, "function|restore"));
      both.same("FUNCTION", "RESTORE");
      both.same("FUNCTION", "RESTORE", echo, "FLUSH", "extra");
      both.same("FUNCTION", "RESTORE", echo, "MERGE");
      both.same("FUNCTION", "RESTORE", "not a payload");
      byte[] badChecksum = echo.clone();
      badChecksum[badChecksum.length - 1] ^= 1;
      both.same("FUNCTION", "RESTORE", badChecksum);
      both.same("FUNCTION", "RESTORE", payload(concat(library(ECHO), library(ECHO))), "FLUSH");
      // Refused, all or nothing (the wording of compile errors is the script engine's: not compared here).
      byte[] withBroken = payload(concat(library(ECHO), library(
          "#!lua name=broken\nredis.register_function('b', function(keys, args) return 1 end")));
      for (RawClient client : List.of(verdis, redis.client())) {
        RawClient.ErrorReply error = assertThrows(RawClient.ErrorReply.class,
            () -> client.request("FUNCTION", "RESTORE", withBroken, "FLUSH"));
        assertTrue(error.getMessage().startsWith("ERR Error compiling "), error.getMessage());
      }
      both.same("FUNCTION", "RESTORE", payload(library("return 1")));
      both.same("FUNCTION", "RESTORE", payload(library("#!lua name=nofunctions\nlocal x = 1")));
      both.same("FUNCTION", "RESTORE", payload(new byte[] {0, 1, 'k', 1, 'v'}));
      both.same("FUNCTION", "RESTORE", payload(new byte[] {(byte) 0xF5, 0x40}));
      both.same("FUNCTION", "RESTORE", payload(new byte[] {(byte) 0xF5}));
      both.same("FUNCTION", "LIST");

      both.same("FUNCTION", "RESTORE", echo);
      both.same("FUNCTION", "RESTORE", echo);
      // Another library with a function of the same name: refused even with REPLACE.
      both.same("FUNCTION", "RESTORE", payload(library("#!lua name=rival\n"
          + "redis.register_function('echo', function(keys, args) return 'rival' end)")), "REPLACE");
      both.same("FUNCTION", "RESTORE", payload(new byte[0]));
      both.same("FUNCTION", "LIST", "WITHCODE");
      both.same("FUNCTION", "RESTORE", payload(new byte[0]), "FLUSH");
      both.same("FUNCTION", "LIST");

      // Redis 7.0.15 tries to read the release candidates' format here; Verdis refuses it outright.
      RawClient.ErrorReply preGa = assertThrows(RawClient.ErrorReply.class,
          () -> verdis.request("FUNCTION", "RESTORE", payload(concat(new byte[] {(byte) 0xF6}, string(ECHO)))));
      assertEquals("ERR Pre-GA function format not supported", preGa.getMessage());
    }
  }

  @Test
  void infoMemoryCountsScriptsAndFunctionsWhereRedisDoes() throws Exception {
    RealRedis.assumeInstalled();
    try (TestServer server = TestServer.start();
         RealRedis redis = RealRedis.start(Files.createDirectories(tmp.resolve("redis")));
         RawClient verdis = new RawClient(server.port())) {
      FunctionLibraries.load(verdis);
      verdis.request("SCRIPT", "LOAD", "return 1");
      List<String> verdisInfo = Info.lines(verdis, "memory");
      assertTrue(verdisInfo.containsAll(List.of("number_of_cached_scripts:1", "number_of_functions:2",
          "number_of_libraries:2")), String.join("\n", verdisInfo));
      assertNotEquals("used_memory_functions:0", field(verdisInfo, "used_memory_functions"));
      List<String> scripting = List.of("_lua", "memory_vm_", "scripts", "functions", "libraries");
      assertEquals(names(Info.lines(redis.client(), "memory"), scripting), names(verdisInfo, scripting));
    }
  }

  // ---- Restarts -------------------------------------------------------------------------------

  /** FUNCTION LOAD, DELETE and RESTORE are in the AOF, and replayed in order. */
  @ParameterizedTest(name = "killed: {0}")
  @ValueSource(booleans = {false, true})
  void librariesComeBackFromTheAof(boolean kill9) throws Exception {
    Path dir = tmp.resolve("verdis");
    try (VerdisProcess verdis = VerdisProcess.start(dir, "--appendonly", "yes", "--appendfsync", "always",
        "--shards", "3")) {
      try (RawClient client = verdis.client()) {
        FunctionLibraries.load(client);
        assertEquals("otherlib", FunctionLibraries.text(client.request("FUNCTION", "LOAD", OTHER)));
        assertEquals("OK", client.request("FUNCTION", "DELETE", "otherlib"));
        assertEquals("OK", client.request("FUNCTION", "RESTORE", payload(library(OTHER.replace("otherlib",
            "restoredlib").replace("'other'", "'restored'")))));
      }
      stop(verdis, kill9);
    }
    try (VerdisProcess verdis = VerdisProcess.start(dir, "--appendonly", "yes", "--shards", "2")) {
      try (RawClient client = verdis.client()) {
        assertCallable(client, "echolib", "getterlib", "restoredlib");
        assertEquals("restored", FunctionLibraries.text(client.request("FCALL", "restored", 0)));
      }
      assertEquals(0, verdis.shutdown("NOSAVE"), verdis.log());
    }
  }

  /**
   * After BGREWRITEAOF the base holds the libraries (FUNCTION LOAD records first, or the RDB
   * preamble's function opcodes), and the incremental file what came after.
   */
  @ParameterizedTest(name = "aof-use-rdb-preamble {0}")
  @ValueSource(strings = {"no", "yes"})
  void librariesSurviveARewrite(String rdbPreamble) throws Exception {
    Path dir = tmp.resolve("verdis");
    try (VerdisProcess verdis = VerdisProcess.start(dir, "--appendonly", "yes", "--appendfsync", "always",
        "--aof-use-rdb-preamble", rdbPreamble)) {
      try (RawClient client = verdis.client()) {
        FunctionLibraries.load(client);
        assertEquals("gonelib", FunctionLibraries.text(client.request("FUNCTION", "LOAD",
            OTHER.replace("otherlib", "gonelib").replace("'other'", "'gone'"))));
        assertEquals("OK", client.request("FUNCTION", "DELETE", "gonelib"));
        rewrite(client);
        assertEquals("otherlib", FunctionLibraries.text(client.request("FUNCTION", "LOAD", OTHER)));
      }
      verdis.kill9();
    }
    Path aofDir = dir.resolve("appendonlydir");
    AofManifest manifest = AofManifest.load(aofDir.resolve("appendonly.aof.manifest"));
    String base = Files.readString(aofDir.resolve(manifest.base().name()), StandardCharsets.ISO_8859_1);
    assertTrue(base.contains("name=echolib") && base.contains("name=getterlib") && !base.contains("gonelib"), base);
    if (rdbPreamble.equals("no")) {
      assertTrue(base.startsWith("*3\r\n$8\r\nFUNCTION\r\n$4\r\nLOAD\r\n"), base);
    } else {
      assertTrue(base.startsWith("REDIS") && base.indexOf('\u00F5') > 0, "an RDB preamble with opcode FUNCTION2");
    }

    try (VerdisProcess verdis = VerdisProcess.start(dir, "--appendonly", "yes")) {
      try (RawClient client = verdis.client()) {
        assertCallable(client, "echolib", "getterlib", "otherlib");
        // A flush, rewritten, leaves no library in the new base.
        assertEquals("OK", client.request("FUNCTION", "FLUSH"));
        rewrite(client);
      }
      verdis.kill9();
    }
    try (VerdisProcess verdis = VerdisProcess.start(dir, "--appendonly", "yes")) {
      try (RawClient client = verdis.client()) {
        assertEquals(Set.of(), libraryNames(client));
      }
      assertEquals(0, verdis.shutdown("NOSAVE"), verdis.log());
    }
  }

  @Test
  void librariesComeBackFromTheRdb() throws Exception {
    Path dir = tmp.resolve("verdis");
    try (VerdisProcess verdis = VerdisProcess.start(dir, "--appendonly", "no", "--shards", "3")) {
      try (RawClient client = verdis.client()) {
        FunctionLibraries.load(client);
        assertEquals("OK", client.request("SAVE"));
      }
      verdis.kill9();
    }
    try (VerdisProcess verdis = VerdisProcess.start(dir, "--appendonly", "no")) {
      assertTrue(verdis.log().contains("DB loaded from disk"), verdis.log());
      try (RawClient client = verdis.client()) {
        assertCallable(client);
        assertEquals("OK", client.request("FUNCTION", "DELETE", "getterlib"));
      }
      // SHUTDOWN SAVE writes the snapshot as it is now.
      assertEquals(0, verdis.shutdown("SAVE"), verdis.log());
    }
    try (VerdisProcess verdis = VerdisProcess.start(dir, "--appendonly", "no")) {
      try (RawClient client = verdis.client()) {
        assertEquals(Set.of("echolib"), libraryNames(client));
      }
      assertEquals(0, verdis.shutdown("NOSAVE"), verdis.log());
    }
  }

  /** As Redis's rdbLoad: a library twice in the file is corruption, not a replacement. */
  @Test
  void anRdbWithALibraryTwiceIsRefused() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("verdis"));
    try (OutputStream out = Files.newOutputStream(dir.resolve("dump.rdb"));
         RdbWriter rdb = new RdbWriter(out)) {
      rdb.function(ECHO.getBytes(StandardCharsets.UTF_8));
      rdb.function(ECHO.getBytes(StandardCharsets.UTF_8));
      rdb.finish();
    }
    try (VerdisProcess verdis = VerdisProcess.launch(dir, "--appendonly", "no")) {
      assertNotEquals(0, verdis.awaitExit(60));
      assertTrue(verdis.log().contains("Failed loading a function library: Library 'echolib' already exists"),
          verdis.log());
    }
  }

  // ---- Helpers --------------------------------------------------------------------------------

  private static void stop(VerdisProcess verdis, boolean kill9) throws Exception {
    if (kill9) {
      verdis.kill9();
    } else {
      assertEquals(0, verdis.shutdown("NOSAVE"), verdis.log());
    }
  }

  static void rewrite(RawClient client) throws Exception {
    assertEquals("Background append only file rewriting started", client.request("BGREWRITEAOF"));
    Info.await(client, "persistence", "aof_rewrite_in_progress:0", "aof_last_bgrewrite_status:ok");
  }

  /** COMMAND INFO's name, arity, flags, key positions and ACL categories of {@code command}, as text. */
  private static String commandInfo(RawClient client, String command) throws IOException {
    List<?> info = (List<?>) ((List<?>) client.request("COMMAND", "INFO", command)).get(0);
    return text(info.subList(0, 7));
  }

  private static String text(Object reply) {
    if (reply instanceof List<?> list) {
      return list.stream().map(FunctionPersistenceTest::text).toList().toString();
    }
    return FunctionLibraries.text(reply);
  }

  /** The names of the fields whose names hold one of {@code parts}, in order. */
  private static List<String> names(List<String> info, List<String> parts) {
    List<String> names = new ArrayList<>();
    for (String line : info) {
      String name = line.contains(":") ? line.substring(0, line.indexOf(':')) : "";
      if (parts.stream().anyMatch(name::contains)) {
        names.add(name);
      }
    }
    return names;
  }

  private static String field(List<String> info, String name) {
    return info.stream().filter(line -> line.startsWith(name + ":")).findFirst().orElseThrow();
  }

  /** Opcode FUNCTION2 and {@code code} as an RDB string (not compressed). */
  static byte[] library(String code) {
    return concat(new byte[] {(byte) 0xF5}, string(code));
  }

  private static byte[] string(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (bytes.length < 64) {
      out.write(bytes.length);
    } else {
      out.write(0x40 | bytes.length >> 8);
      out.write(bytes.length & 0xff);
    }
    out.writeBytes(bytes);
    return out.toByteArray();
  }

  /** A FUNCTION DUMP payload: {@code body}, RDB version 10 and the right CRC-64. */
  static byte[] payload(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(body);
    out.write(10);
    out.write(0);
    long crc = Crc64.of(out.toByteArray());
    for (int i = 0; i < 8; i++) {
      out.write((int) (crc >>> (8 * i)));
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] bytes, byte[] part) {
    for (int i = 0; i + part.length <= bytes.length; i++) {
      if (java.util.Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
        return i;
      }
    }
    return -1;
  }
}

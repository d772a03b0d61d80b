package io.verdis.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigRewriteTest {

  @TempDir
  Path dir;

  private Path file(String name, String... lines) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  private static Config start(Path file, String... options) {
    String[] args = Stream.concat(Stream.of(file.toString()), Stream.of(options)).toArray(String[]::new);
    return Config.load(args, Map.of());
  }

  @Test
  @DisplayName("min-replicas-* set under their min-slaves-* names are rewritten in place under the new names, as Redis does")
  void minReplicasAliasesAreRewrittenUnderTheirNames() throws IOException {
    Path conf = file("verdis.conf", "port 7000", "min-slaves-to-write 1");
    Config config = start(conf);
    config.set("min-slaves-to-write", "2");
    config.set("min-slaves-max-lag", "5");
    config.rewrite();

    assertEquals(List.of("port 7000", "min-replicas-to-write 2", "", ConfigRewriter.SIGNATURE,
        "min-replicas-max-lag 5"), lines(conf));
    assertEquals(2, start(conf).minReplicasToWrite());
    assertEquals(5, start(conf).minReplicasMaxLag());
  }

  @Test
  @DisplayName("REPLICAOF's primary is rewritten as a replicaof line, and REPLICAOF NO ONE removes it, as in Redis")
  void replicaofFollowsReplicaofCommands() throws IOException {
    Path conf = file("verdis.conf", "port 7000", "slaveof 10.0.0.1 6379");
    Config config = start(conf);
    assertEquals(List.of("10.0.0.1", "6379"), config.replicaof());
    config.replicaof(List.of("10.0.0.2", "6380"));
    config.rewrite();
    assertEquals(List.of("port 7000", "replicaof 10.0.0.2 6380"), lines(conf));
    assertEquals("10.0.0.2 6380", config.get("replicaof").get(0).getValue());
    config.replicaof(List.of());
    config.rewrite();
    assertEquals(List.of("port 7000"), lines(conf));
  }

  @Test
  @DisplayName("rewrite keeps comments and unrelated lines, updates changed lines in place and appends the rest")
  void rewriteKeepsCommentsAndUpdatesInPlace() throws IOException {
    Path conf = file("verdis.conf",
        "# Verdis test configuration",
        "port 7000",
        "",
        "# memory",
        "maxmemory 100mb",
        "timeout 30   ",
        "include extra.conf");
    file("extra.conf", "loglevel notice");
    Config config = start(conf);
    config.set("maxmemory", "2gb");
    config.set("timeout", "0");
    config.set("hz", "25");
    config.set("requirepass", "with \"quotes\" and spaces");
    config.rewrite();

    assertEquals(List.of(
        "# Verdis test configuration",
        "port 7000",
        "",
        "# memory",
        "maxmemory 2gb",
        "timeout 0",
        "include extra.conf",
        "",
        ConfigRewriter.SIGNATURE,
        "hz 25",
        "requirepass \"with \\\"quotes\\\" and spaces\""), lines(conf));
    assertEquals(config.get("*"), start(conf).get("*"));
  }

  @Test
  @DisplayName("lines that already give the running value stay exactly as written")
  void unchangedLinesStayAsWritten() throws IOException {
    Path conf = file("verdis.conf", "PORT   7000", "maxmemory 1024KB", "appendonly 'yes'", "save 900 1", "save 300 10");
    byte[] before = Files.readAllBytes(conf);
    start(conf).rewrite();
    assertArrayEquals(before, Files.readAllBytes(conf));
  }

  @Test
  @DisplayName("a directive written on several lines collapses into one when it changes")
  void severalLinesCollapseIntoOne() throws IOException {
    Path conf = file("verdis.conf", "save 900 1", "# keep me", "save 300 10", "hz 10");
    Config config = start(conf);
    config.set("save", "60 5");
    config.rewrite();
    assertEquals(List.of("save 60 5", "# keep me", "hz 10"), lines(conf));
    assertEquals(List.of(new SavePoint(60, 5)), start(conf).savePoints());
  }

  @Test
  @DisplayName("turning snapshots off is written as save \"\"")
  void snapshotsOffIsWrittenAsEmptySave() throws IOException {
    Path conf = file("verdis.conf", "port 7000");
    Config config = start(conf);
    config.set("save", "");
    config.rewrite();
    assertTrue(lines(conf).contains("save \"\""));
    assertEquals(List.of(), start(conf).savePoints());
  }

  @Test
  @DisplayName("directives at the value the file already gives are not appended")
  void defaultsAreNotAppended() throws IOException {
    Path conf = file("verdis.conf", "# nothing but a comment");
    Config config = start(conf);
    config.set("hz", "33");
    config.set("hz", "10");
    config.rewrite();
    assertEquals(List.of("# nothing but a comment"), lines(conf));
  }

  @Test
  @DisplayName("a value an included file gives is not repeated, a changed one is appended after the include")
  void includedValuesAreRespected() throws IOException {
    file("extra.conf", "hz 20", "timeout 5");
    Path conf = file("verdis.conf", "include extra.conf");
    Config config = start(conf);
    config.set("timeout", "6");
    config.rewrite();
    assertEquals(List.of("include extra.conf", "", ConfigRewriter.SIGNATURE, "timeout 6"), lines(conf));
    Config reloaded = start(conf);
    assertEquals(20, reloaded.hz());
    assertEquals(6, reloaded.timeout());
  }

  @Test
  @DisplayName("values given on the command line are written too, as Redis does")
  void commandLineValuesAreWritten() throws IOException {
    Path conf = file("verdis.conf", "port 7000");
    start(conf, "--maxclients", "77", "--bind", "0.0.0.0", "-::").rewrite();
    assertEquals(List.of("port 7000", "", ConfigRewriter.SIGNATURE, "bind 0.0.0.0 -::", "maxclients 77"), lines(conf));
  }

  @Test
  @DisplayName("rewriting twice changes nothing the second time, and the result loads to the same values")
  void rewriteIsIdempotent() throws IOException {
    Path conf = Files.copy(Path.of("conf", "verdis.conf"), dir.resolve("verdis.conf"));
    Config config = start(conf);
    config.set(List.of(Map.entry("maxmemory", "3gb"), Map.entry("maxmemory-policy", "allkeys-lru"),
        Map.entry("save", "120 3"), Map.entry("requirepass", "p#ss word"), Map.entry("loglevel", "debug")));
    config.rewrite();
    byte[] once = Files.readAllBytes(conf);
    start(conf).rewrite();
    assertArrayEquals(once, Files.readAllBytes(conf));
    assertEquals(config.get("*"), start(conf).get("*"));
    String text = new String(once, StandardCharsets.UTF_8);
    assertTrue(text.contains("\nmaxmemory 3gb\n"));
    assertTrue(text.contains("# Working directory"), "comments survive");
    assertFalse(text.contains(ConfigRewriter.SIGNATURE), "everything was updated in place");
  }

  @Test
  @DisplayName("rewrite replaces the file through a rename, keeping its permissions and leaving no temporary file")
  void rewriteIsAtomicAndKeepsPermissions() throws IOException {
    Path conf = file("verdis.conf", "hz 10");
    Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r-----"));
    Config config = start(conf);
    config.set("hz", "11");
    config.rewrite();
    assertEquals(List.of("hz 11"), lines(conf));
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(conf), files.toList());
    }
  }

  @Test
  @DisplayName("a config file that cannot be written gives Redis's rewrite error")
  void unwritableFileGivesRewriteError() throws IOException {
    Path conf = file("verdis.conf", "hz 10");
    Config config = start(conf);
    Files.delete(conf);
    String message = assertThrows(ConfigException.class, config::rewrite).getMessage();
    assertTrue(message.startsWith("ERR Rewriting config file: "), message);
  }
}

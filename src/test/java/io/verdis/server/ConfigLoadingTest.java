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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoadingTest {

  @TempDir
  Path dir;

  private Path file(String name, String... lines) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  private static Config load(String... args) {
    return Config.load(args, Map.of());
  }

  private static ConfigException loadFails(Map<String, String> env, String... args) {
    return assertThrows(ConfigException.class, () -> Config.load(args, env));
  }

  private static void assertMentions(ConfigException e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), () -> "expected \"" + part + "\" in:" + e.getMessage());
    }
  }

  @Test
  @DisplayName("with no file, arguments or variables every directive has its default")
  void defaultsWithoutSources() {
    Config config = load();
    assertEquals(6379, config.port());
    assertEquals(List.of("127.0.0.1", "-::1"), config.bind());
    assertEquals(8085, config.pizzariaPort());
    assertEquals(8080, config.httpPort());
    assertTrue(config.protectedMode());
    assertEquals(511, config.tcpBacklog());
    assertEquals(300, config.tcpKeepalive());
    assertEquals(0, config.timeout());
    assertEquals("./data", config.dir());
    assertEquals(Runtime.getRuntime().availableProcessors(), config.shards());
    assertEquals(16, config.databases());
    assertEquals("notice", config.loglevel());
    assertEquals("", config.logfile());
    assertFalse(config.daemonize());
    assertEquals(1, config.ioThreads());
    assertEquals(10, config.hz());
    assertEquals("", config.requirepass());
    assertEquals(10000, config.maxclients());
    assertEquals(512L * 1024 * 1024, config.protoMaxBulkLen());
    assertEquals(0, config.maxmemory());
    assertEquals("noeviction", config.maxmemoryPolicy());
    assertTrue(config.appendonly());
    assertEquals("everysec", config.appendfsync());
    assertEquals("appendonly.aof", config.appendfilename());
    assertEquals("appendonlydir", config.appenddirname());
    assertEquals("dump.rdb", config.dbfilename());
    assertEquals(List.of(new SavePoint(3600, 1), new SavePoint(300, 100), new SavePoint(60, 10000)),
        config.savePoints());
    assertEquals(10000, config.slowlogLogSlowerThan());
    assertEquals(128, config.slowlogMaxLen());
    assertTrue(config.configFile().isEmpty());
    assertEquals(List.of(), config.warnings());
  }

  @Test
  @DisplayName("conf/verdis.conf parses to exactly the defaults")
  void shippedConfigFileParsesToTheDefaults() {
    Path shipped = Path.of("conf", "verdis.conf");
    assertTrue(Files.exists(shipped), "run from the project directory");
    assertArrayEquals(ConfigLoader.defaults(), ConfigLoader.fromFile(shipped));
    assertEquals(Config.defaults().get("*"), load(shipped.toString()).get("*"));
  }

  @Test
  @DisplayName("the shipped file mentions every directive")
  void shippedConfigFileMentionsEveryDirective() throws IOException {
    String text = Files.readString(Path.of("conf", "verdis.conf"));
    for (Directive directive : Directive.values()) {
      assertTrue(text.contains("\n" + directive.configName() + " ") || text.contains("# " + directive.configName() + " "),
          directive.configName());
    }
  }

  @Test
  @DisplayName("a file may quote arguments, comment lines and leave blank lines")
  void fileWithQuotesCommentsAndBlankLines() throws IOException {
    Path conf = file("verdis.conf",
        "# a comment",
        "   # an indented comment",
        "",
        "port 7000",
        "requirepass \"secret with spaces\"",
        "logfile 'verdis.log'",
        "dir \"/var/lib/verdis\\x21\"",
        "   appendfsync always   \r",
        "bind 0.0.0.0 \"-::\"");
    Config config = load(conf.toString());
    assertEquals(7000, config.port());
    assertEquals("secret with spaces", config.requirepass());
    assertEquals("verdis.log", config.logfile());
    assertEquals("/var/lib/verdis!", config.dir());
    assertEquals("always", config.appendfsync());
    assertEquals(List.of("0.0.0.0", "-::"), config.bind());
    assertEquals(conf.toAbsolutePath(), config.configFile().orElseThrow());
  }

  @Test
  @DisplayName("directive names, booleans and enum values ignore case")
  void namesAndWordsIgnoreCase() throws IOException {
    Config config = load(file("c.conf", "PORT 7001", "AppendOnly NO", "LogLevel WARNING").toString());
    assertEquals(7001, config.port());
    assertFalse(config.appendonly());
    assertEquals("warning", config.loglevel());
  }

  @Test
  @DisplayName("memory values take Redis's units")
  void memoryValuesTakeUnits() throws IOException {
    Config config = load(file("m.conf", "maxmemory 1gb", "proto-max-bulk-len 2M").toString());
    assertEquals(1024L * 1024 * 1024, config.maxmemory());
    assertEquals(2_000_000, config.protoMaxBulkLen());
  }

  @Test
  @DisplayName("several save lines add up, and save \"\" clears the ones before it")
  void saveLinesAddUp() throws IOException {
    assertEquals(List.of(new SavePoint(900, 1), new SavePoint(300, 10)),
        load(file("s1.conf", "save 900 1", "save 300 10").toString()).savePoints());
    assertEquals(List.of(new SavePoint(60, 5)),
        load(file("s2.conf", "save 900 1", "save \"\"", "save 60 5").toString()).savePoints());
    assertEquals(List.of(), load(file("s3.conf", "save \"\"").toString()).savePoints());
  }

  @Test
  @DisplayName("an included file takes effect where the include line is")
  void includeTakesEffectInPlace() throws IOException {
    file("common.conf", "port 7100", "databases 4");
    Config config = load(file("main.conf", "port 7000", "include common.conf", "databases 8").toString());
    assertEquals(7100, config.port());
    assertEquals(8, config.databases());
  }

  @Test
  @DisplayName("a file that includes itself is an error naming the include line")
  void includeCycleIsAnError() throws IOException {
    file("a.conf", "include b.conf");
    file("b.conf", "include a.conf");
    ConfigException e = loadFails(Map.of(), dir.resolve("a.conf").toString());
    assertMentions(e, "b.conf, at line 1", "'include a.conf'", "includes itself");
  }

  @Test
  @DisplayName("a missing included file is an error naming the include line")
  void missingIncludeIsAnError() throws IOException {
    Path conf = file("main.conf", "port 7000", "include nowhere.conf");
    ConfigException e = loadFails(Map.of(), conf.toString());
    assertMentions(e, conf + ", at line 2", "'include nowhere.conf'", "can't open config file", "nowhere.conf",
        "No such file or directory");
  }

  @Test
  @DisplayName("a missing config file is an error naming it")
  void missingConfigFileIsAnError() {
    Path missing = dir.resolve("missing.conf");
    ConfigException e = loadFails(Map.of(), missing.toString());
    assertMentions(e, "can't open config file '" + missing + "'", "No such file or directory");
  }

  @Test
  @DisplayName("the command line overrides the file, and the environment overrides both")
  void precedenceIsFileThenArgumentsThenEnvironment() throws IOException {
    Path conf = file("p.conf", "port 7000", "hz 20", "timeout 30", "maxclients 50");
    Config config = Config.load(new String[] {conf.toString(), "--hz", "30", "--timeout", "40"},
        Map.of("VERDIS_TIMEOUT", "50"));
    assertEquals(7000, config.port());
    assertEquals(30, config.hz());
    assertEquals(50, config.timeout());
    assertEquals(50, config.maxclients());
  }

  @Test
  @DisplayName("command-line options need no config file")
  void optionsWithoutConfigFile() {
    Config config = load("--port", "7002", "--appendonly", "no");
    assertEquals(7002, config.port());
    assertFalse(config.appendonly());
    assertTrue(config.configFile().isEmpty());
  }

  @Test
  @DisplayName("an option takes every argument up to the next option")
  void optionTakesArgumentsUpToTheNextOption() {
    Config config = load("--save", "900", "1", "300", "10", "--bind", "127.0.0.1", "::1", "--port", "7003");
    assertEquals(List.of(new SavePoint(900, 1), new SavePoint(300, 10)), config.savePoints());
    assertEquals(List.of("127.0.0.1", "::1"), config.bind());
    assertEquals(7003, config.port());
  }

  @Test
  @DisplayName("a value may start with -- when it directly follows its option, as in Redis 7")
  void valueDirectlyAfterOptionMayStartWithDashes() {
    assertEquals("--odd--", load("--requirepass", "--odd--").requirepass());
    assertEquals(-1, load("--slowlog-log-slower-than", "-1").slowlogLogSlowerThan());
  }

  @Test
  @DisplayName("--save with no value turns snapshots off, as in Redis 7")
  void saveWithoutValueTurnsSnapshotsOff() {
    assertEquals(List.of(), load("--save").savePoints());
    Config config = load("--save", "--port", "7004");
    assertEquals(List.of(), config.savePoints());
    assertEquals(7004, config.port());
    assertEquals(List.of(), load("--save", "").savePoints());
  }

  @Test
  @DisplayName("an option and its value may come as one argument")
  void optionAndValueInOneArgument() {
    assertEquals(7005, load("--port 7005").port());
  }

  @Test
  @DisplayName("VERDIS_ variables set directives, with '_' standing for '-'")
  void environmentVariablesSetDirectives() {
    Config config = Config.load(new String[0], Map.of(
        "VERDIS_PIZZARIA_PORT", "9000",
        "VERDIS_SAVE", "",
        "VERDIS_BIND", "0.0.0.0 -::",
        "VERDIS_REQUIREPASS", "s3cret \"as is\"",
        "PORT", "1"));
    assertEquals(9000, config.pizzariaPort());
    assertEquals(List.of(), config.savePoints());
    assertEquals(List.of("0.0.0.0", "-::"), config.bind());
    assertEquals("s3cret \"as is\"", config.requirepass());
    assertEquals(6379, config.port());
    assertEquals(List.of(), config.warnings());
  }

  @Test
  @DisplayName("unknown VERDIS_ variables are warnings, not errors")
  void unknownVerdisVariablesAreWarnings() {
    Config config = Config.load(new String[0], Map.of("VERDIS_HOME", "/opt/verdis", "VERDIS_PORT", "7006"));
    assertEquals(7006, config.port());
    assertEquals(1, config.warnings().size());
    assertTrue(config.warnings().get(0).contains("VERDIS_HOME"));
  }

  @Test
  @DisplayName("a bad value in the file names the file, the line, the directive and the value")
  void badFileValueNamesItsPlace() throws IOException {
    Path conf = file("bad.conf", "# comment", "port abc");
    ConfigException e = loadFails(Map.of(), conf.toString());
    assertMentions(e, "FATAL CONFIG ERROR", "configuration file " + conf.toAbsolutePath() + ", at line 2",
        ">>> 'port abc'", "port: argument couldn't be parsed into an integer");
  }

  @Test
  @DisplayName("an unknown directive in the file is reported with its line")
  void unknownDirectiveInFile() throws IOException {
    Path conf = file("bad.conf", "foo bar");
    assertMentions(loadFails(Map.of(), conf.toString()),
        "at line 1", ">>> 'foo bar'", "Bad directive or wrong number of arguments");
  }

  @Test
  @DisplayName("a directive with too many or too few arguments is reported")
  void wrongArgumentCountInFile() throws IOException {
    assertMentions(loadFails(Map.of(), file("bad1.conf", "port 1 2").toString()),
        ">>> 'port 1 2'", "port: wrong number of arguments");
    assertMentions(loadFails(Map.of(), file("bad2.conf", "port").toString()),
        ">>> 'port'", "port: wrong number of arguments");
  }

  @Test
  @DisplayName("unbalanced quotes in the file are reported with their line")
  void unbalancedQuotesInFile() throws IOException {
    assertMentions(loadFails(Map.of(), file("bad.conf", "", "", "requirepass \"abc").toString()),
        "at line 3", ">>> 'requirepass \"abc'", "Unbalanced quotes in configuration line");
  }

  @Test
  @DisplayName("values out of range say the range, as Redis does")
  void outOfRangeValuesSayTheRange() throws IOException {
    assertMentions(loadFails(Map.of(), file("r1.conf", "port 70000").toString()),
        "port: argument must be between 0 and 65535 inclusive");
    assertMentions(loadFails(Map.of(), file("r2.conf", "proto-max-bulk-len 1kb").toString()),
        "proto-max-bulk-len: argument must be between 1048576 and 9223372036854775807 inclusive");
    assertMentions(loadFails(Map.of(), file("r3.conf", "appendfsync sometimes").toString()),
        "appendfsync: argument(s) must be one of the following: everysec, always, no");
    assertMentions(loadFails(Map.of(), file("r4.conf", "appendonly maybe").toString()),
        "appendonly: argument must be 'yes' or 'no'");
    assertMentions(loadFails(Map.of(), file("r5.conf", "maxmemory lots").toString()),
        "maxmemory: argument must be a memory value");
    assertMentions(loadFails(Map.of(), file("r6.conf", "save 60").toString()),
        "save: Invalid save parameters");
    assertMentions(loadFails(Map.of(), file("r7.conf", "appendfilename a/b.aof").toString()),
        "appendfilename: appendfilename can't be a path, just a filename");
  }

  @Test
  @DisplayName("integers are read as strictly as Redis reads them")
  void integersAreStrict() {
    for (String bad : new String[] {"+1", "01", " 1", "1 ", "1.0", "", "-0", "0x10", "99999999999"}) {
      assertMentions(loadFails(Map.of(), "--timeout", bad), "timeout: argument");
    }
    assertEquals(0, load("--timeout", "0").timeout());
  }

  @Test
  @DisplayName("a bad command-line value names the option and the value")
  void badCommandLineValueNamesTheOption() {
    ConfigException e = loadFails(Map.of(), "--hz", "5", "--port", "abc");
    assertMentions(e, "the command line", ">>> '--port abc'", "port: argument couldn't be parsed into an integer");
    assertMentions(loadFails(Map.of(), "--nosuch", "1"), ">>> '--nosuch 1'", "Bad directive");
    assertMentions(loadFails(Map.of(), "--port"), ">>> '--port'", "port: wrong number of arguments");
  }

  @Test
  @DisplayName("a stray command-line argument that belongs to no option is an error")
  void strayCommandLineArgument() throws IOException {
    Path conf = file("ok.conf", "port 7000");
    assertMentions(loadFails(Map.of(), conf.toString(), conf.toString()), "the command line", "belongs to none");
  }

  @Test
  @DisplayName("a bad environment value names the variable and the value")
  void badEnvironmentValueNamesTheVariable() {
    ConfigException e = loadFails(Map.of("VERDIS_MAXCLIENTS", "lots"));
    assertMentions(e, "environment variable VERDIS_MAXCLIENTS", ">>> 'VERDIS_MAXCLIENTS=lots'",
        "maxclients: argument couldn't be parsed into an integer");
  }
}

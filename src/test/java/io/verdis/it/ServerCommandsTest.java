package io.verdis.it;

import io.vertx.redis.client.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ServerCommandsTest extends RedisTestBase {

  @Test
  void infoHasTheDefaultSectionsWithRedisFieldNames() {
    String info = call("info");
    for (String expected : List.of("# Server\r\n", "\r\nredis_version:7.0.15\r\n", "\r\nredis_mode:standalone\r\n",
        "\r\n\r\n# Clients\r\n", "\r\nconnected_clients:", "\r\nblocked_clients:0\r\n",
        "\r\n\r\n# Memory\r\n", "\r\nused_memory:", "\r\nused_memory_human:", "\r\nmem_allocator:jvm\r\n",
        "\r\n\r\n# Persistence\r\n", "\r\nloading:0\r\n", "\r\naof_enabled:",
        "\r\n\r\n# Stats\r\n", "\r\ntotal_commands_processed:", "\r\nkeyspace_hits:", "\r\nexpired_keys:",
        "\r\n\r\n# Replication\r\n", "\r\nrole:master\r\n", "\r\nconnected_slaves:0\r\n",
        "\r\n\r\n# CPU\r\n", "\r\nused_cpu_sys:", "\r\nused_cpu_user:",
        "\r\n\r\n# Keyspace\r\n")) {
      assertTrue(info.contains(expected), () -> "INFO lacks " + expected.strip() + ":\n" + info);
    }
    assertFalse(info.contains("# Commandstats"), "commandstats is not a default section");
    assertTrue(info.endsWith("\r\n"));
  }

  @Test
  void infoWithSectionNamesShowsOnlyThoseInRedisOrder() {
    String info = call("info", "KEYSPACE", "cpu");
    assertTrue(info.startsWith("# CPU\r\nused_cpu_sys:"), info);
    assertTrue(info.endsWith("\r\n\r\n# Keyspace\r\n"), info);
    assertEquals("", call("info", "nosuchsection"));
  }

  @Test
  void infoKeyspaceCountsKeysAcrossShards() {
    for (int i = 0; i < 30; i++) {
      call("set", "key:" + i, "v");
    }
    call("set", "ttl:1", "v", "ex", "1000");
    call("set", "ttl:2", "v", "px", "1000000");
    assertEquals("# Keyspace\r\ndb0:keys=32,expires=2,avg_ttl=0\r\n", call("info", "keyspace"));
  }

  @Test
  void infoStatsCountsKeyspaceHitsAndMisses() {
    call("set", "present", "1");
    long hits = infoField("stats", "keyspace_hits");
    long misses = infoField("stats", "keyspace_misses");
    call("get", "present");
    call("get", "absent");
    call("get", "absent");
    assertEquals(hits + 1, infoField("stats", "keyspace_hits"));
    assertEquals(misses + 2, infoField("stats", "keyspace_misses"));
  }

  @Test
  void infoCommandstatsCountsCallsOfCommandsAndSubcommands() {
    call("config", "resetstat");
    call("set", "counted", "1");
    call("get", "counted");
    call("get", "counted");
    call("get", "counted");
    String stats = call("info", "commandstats");
    assertTrue(Pattern.compile("\r\ncmdstat_get:calls=3,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=0,failed_calls=0\r\n")
        .matcher(stats).find(), stats);
    assertTrue(stats.contains("\r\ncmdstat_config|resetstat:calls=1,"), stats);
    assertFalse(stats.contains("cmdstat_del:"), "commands never called are left out");
  }

  @Test
  void commandCountEqualsTheNumberOfTopLevelCommands() {
    long count = integer("command", "count");
    assertEquals(server.node().state().commands().all().size(), count);
    assertEquals(count, send("command").size());
  }

  @Test
  void commandInfoGetHasArityTwoReadonlyFastFlagsAndKeyPositionsOneOneOne() {
    Response get = send("command", "info", "get").get(0);
    assertEquals("get", get.get(0).toString());
    assertEquals(2, get.get(1).toInteger());
    assertEquals(List.of("readonly", "fast"), strings(get.get(2)));
    assertEquals(1, get.get(3).toInteger());
    assertEquals(1, get.get(4).toInteger());
    assertEquals(1, get.get(5).toInteger());
    assertEquals(List.of("@read", "@string", "@fast"), strings(get.get(6)));
    assertEquals(0, get.get(9).size());
  }

  @Test
  void commandInfoOfAnUnknownCommandIsNil() {
    Response reply = send("command", "info", "get", "nosuchcommand");
    assertEquals(2, reply.size());
    assertNull(reply.get(1));
  }

  @Test
  void commandInfoOfAContainerListsItsSubcommands() {
    Response config = send("command", "info", "config").get(0);
    List<String> subcommands = new ArrayList<>();
    config.get(9).forEach(sub -> subcommands.add(sub.get(0).toString()));
    assertTrue(subcommands.containsAll(List.of("config|get", "config|set", "config|resetstat", "config|rewrite")),
        subcommands.toString());
  }

  @Test
  void commandDocsGetHasItsSummary() {
    Response docs = send("command", "docs", "get").get("get");
    assertEquals("Get the value of a key", docs.get("summary").toString());
    assertEquals("string", docs.get("group").toString());
  }

  @Test
  void commandDocsOfAContainerNestsTheDocsOfItsSubcommands() {
    Response docs = send("command", "docs", "slowlog").get("slowlog");
    assertEquals("Get the slow log's entries", docs.get("subcommands").get("slowlog|get").get("summary").toString());
  }

  @Test
  void commandListFiltersByPattern() {
    assertEquals(List.of("slowlog", "slowlog|get", "slowlog|len", "slowlog|reset", "slowlog|help"),
        strings(send("command", "list", "filterby", "pattern", "slow*")));
  }

  @Test
  void commandGetkeysFindsTheKeysOfACommand() {
    assertEquals(List.of("a", "c"), strings(send("command", "getkeys", "mset", "a", "b", "c", "d")));
    assertError("ERR The command has no key arguments", "command", "getkeys", "ping", "x");
  }

  @Test
  void configGetPortIsAMapOfTheNameToItsValue() {
    Response reply = send("config", "get", "port");
    assertEquals(Set.of("port"), reply.getKeys());
    assertEquals(Integer.toString(server.port()), reply.get("port").toString());
  }

  @Test
  void configGetMatchesGlobPatterns() {
    Response reply = send("config", "get", "*max*", "MAXCLIENTS");
    assertEquals("10000", reply.get("maxclients").toString());
    assertEquals("0", reply.get("maxmemory").toString());
    assertFalse(reply.containsKey("port"));
  }

  @Test
  void configSetOfAnUnknownOptionHasRedisError() {
    assertError("ERR Unknown option or number of arguments for CONFIG SET - 'nosuchoption'",
        "config", "set", "nosuchoption", "1");
  }

  @Test
  void configSetOfTheSameParameterTwiceFails() {
    assertError("ERR CONFIG SET failed (possibly related to argument 'hz') - duplicate parameter",
        "config", "set", "hz", "10", "hz", "11");
  }

  @Test
  void configRewriteWithoutAConfigFileFails() {
    assertError("ERR The server is running without a config file", "config", "rewrite");
  }

  @Test
  void slowlogRecordsCommandsWhenSlowlogLogSlowerThanIsZero() {
    String threshold = send("config", "get", "slowlog-log-slower-than").get("slowlog-log-slower-than").toString();
    try {
      call("config", "set", "slowlog-log-slower-than", "0");
      call("slowlog", "reset");
      call("set", "logged", "value");
      Response entries = send("slowlog", "get", "-1");
      List<List<String>> commands = new ArrayList<>();
      entries.forEach(entry -> commands.add(strings(entry.get(3))));
      assertTrue(commands.contains(List.of("set", "logged", "value")), commands.toString());
      Response entry = entries.get(commands.indexOf(List.of("set", "logged", "value")));
      assertEquals(6, entry.size());
      assertTrue(entry.get(4).toString().startsWith("127.0.0.1:"), entry.toString());
    } finally {
      call("config", "set", "slowlog-log-slower-than", threshold);
    }
  }

  @Test
  void slowlogResetEmptiesIt() {
    String threshold = send("config", "get", "slowlog-log-slower-than").get("slowlog-log-slower-than").toString();
    try {
      call("config", "set", "slowlog-log-slower-than", "0");
      call("ping");
      call("config", "set", "slowlog-log-slower-than", "-1");
      assertTrue(integer("slowlog", "len") > 0);
      assertEquals("OK", call("slowlog", "reset"));
      assertEquals(0, integer("slowlog", "len"));
      assertEquals(0, send("slowlog", "get").size());
    } finally {
      call("config", "set", "slowlog-log-slower-than", threshold);
    }
  }

  @Test
  void timeIsSecondsAndMicrosecondsAsTwoNumbers() {
    Response time = send("time");
    assertEquals(2, time.size());
    assertTrue(Long.parseLong(time.get(0).toString()) > 0);
    long micros = Long.parseLong(time.get(1).toString());
    assertTrue(micros >= 0 && micros < 1_000_000, time.toString());
  }

  @Test
  void lastsaveIsAUnixTime() {
    assertTrue(integer("lastsave") > 0);
  }

  @Test
  void debugSleepRepliesOkBeforeThePingPipelinedAfterIt() throws Exception {
    try (RawClient raw = new RawClient(server.port())) {
      raw.send("*3\r\n$5\r\nDEBUG\r\n$5\r\nSLEEP\r\n$3\r\n0.1\r\n*1\r\n$4\r\nPING\r\n");
      assertEquals("+OK\r\n", raw.readReply());
      assertEquals("+PONG\r\n", raw.readReply());
    }
  }

  @Test
  void debugHeaphistoReturnsAClassHistogram() {
    String histogram = call("debug", "heaphisto", "3");
    assertTrue(histogram.contains("#instances"), histogram);
    assertTrue(histogram.contains("\n   3:"), histogram);
    assertFalse(histogram.contains("\n   4:"), histogram);
  }

  @Test
  void debugWithAnUnknownSubcommandHasRedisError() {
    assertError("ERR unknown subcommand or wrong number of arguments for 'nosuch'. Try DEBUG HELP.", "debug", "nosuch");
  }

  @Test
  void shutdownAbortWithoutAShutdownInProgressFails() {
    assertError("ERR No shutdown in progress.", "shutdown", "abort");
    assertError("ERR syntax error", "shutdown", "save", "nosave");
  }

  @Test
  @Timeout(60)
  void shutdownStopsTheServer() throws Exception {
    TestServer other = TestServer.start("--shards", "2");
    try (RawClient raw = new RawClient(other.port())) {
      raw.send("*1\r\n$8\r\nSHUTDOWN\r\n");
      assertTrue(raw.closedByServer(), "the connection closes without a reply");
      while (accepts(other.port())) {
        Thread.sleep(20);
      }
    } finally {
      other.close();
    }
  }

  @Test
  void redisCliReadsInfoAndCommandDocs() throws Exception {
    Optional<Path> redisCli = onPath("redis-cli");
    assumeTrue(redisCli.isPresent(), "redis-cli is not installed: skipping the redis-cli check");
    String info = run(redisCli.get(), "-p", Integer.toString(server.port()), "info", "server");
    assertTrue(info.contains("# Server"), info);
    assertTrue(info.contains("redis_version:7.0.15"), info);
    String docs = run(redisCli.get(), "-p", Integer.toString(server.port()), "command", "docs", "get");
    assertTrue(docs.contains("summary\nGet the value of a key\n"), docs);
  }

  private long infoField(String section, String field) {
    for (String line : call("info", section).split("\r\n")) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1));
      }
    }
    throw new AssertionError("no " + field + " in INFO " + section);
  }

  private static List<String> strings(Response array) {
    List<String> strings = new ArrayList<>();
    array.forEach(item -> strings.add(item.toString()));
    return strings;
  }

  private static boolean accepts(int port) throws IOException {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (ConnectException refused) {
      return false;
    }
  }

  private static Optional<Path> onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(directory -> Path.of(directory, program))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static String run(Path program, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(program.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "redis-cli did not finish");
    assertEquals(0, process.exitValue(), output);
    return output;
  }
}

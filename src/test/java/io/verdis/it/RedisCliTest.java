package io.verdis.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Redis's own command-line client, run as a process against a real node. Output is redis-cli's
 * raw mode (its default when stdout is not a terminal) unless {@code --no-raw} asks for the
 * formatted one. Skipped where redis-cli is not installed.
 */
class RedisCliTest extends RawSocketTestBase {
  private static final Path REDIS_CLI = Path.of("/usr/bin/redis-cli");

  @BeforeAll
  static void requireRedisCli() {
    assumeTrue(Files.isExecutable(REDIS_CLI), "redis-cli is not installed at " + REDIS_CLI);
  }

  /** Runs redis-cli against the node with {@code args}; its stdout. */
  private static String cli(String... args) throws Exception {
    return cliWithInput(null, args);
  }

  private static String cliWithInput(String stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(REDIS_CLI.toString(), "-p", Integer.toString(server.port())));
    command.addAll(Arrays.asList(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (stdin != null) {
      process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // A hang guard for a broken node, not a timing assertion.
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "redis-cli did not exit: " + output);
    assertEquals(0, process.exitValue(), output);
    return output;
  }

  @Test
  void setAnswersOkAndGetTheValue() throws Exception {
    assertEquals("OK\n", cli("set", "foo", "bar"));
    assertEquals("bar\n", cli("get", "foo"));
  }

  @Test
  void noRawFormatsAnIntegerReplyAsRedisCliShowsIt() throws Exception {
    assertEquals("(integer) 1\n", cli("--no-raw", "incr", "n"));
    assertEquals("(integer) 2\n", cli("--no-raw", "incr", "n"));
  }

  @Test
  void noRawFormatsNilAndErrors() throws Exception {
    assertEquals("(nil)\n", cli("--no-raw", "get", "missing"));
    cli("set", "text", "abc");
    assertEquals("(error) ERR value is not an integer or out of range\n", cli("--no-raw", "incr", "text"));
  }

  @Test
  void commandsReadFromStdinRunInOrder() throws Exception {
    assertEquals("OK\n1\n2\n", cliWithInput("set a 1\nget a\nincr a\n"));
  }

  @Test
  void resp3HelloIsShownAsAMap() throws Exception {
    String hello = cli("--no-raw", "-3", "hello", "3");
    assertTrue(hello.contains("1# \"server\" => \"redis\"\n"), hello);
    assertTrue(hello.contains("3# \"proto\" => (integer) 3\n"), hello);
    assertTrue(hello.contains("7# \"modules\" => (empty array)\n"), hello);
  }

  @Test
  void scanWithAPatternFindsEveryMatchingKeyOnEveryShard() throws Exception {
    Set<String> users = new HashSet<>();
    StringBuilder batch = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      users.add("user:" + i);
      batch.append("set user:").append(i).append(" x\n");
      batch.append("set other:").append(i).append(" y\n");
    }
    cliWithInput(batch.toString());
    Set<String> found = new HashSet<>(List.of(cli("--scan", "--pattern", "user:*").split("\n")));
    assertEquals(users, found);
  }

  @Test
  void dbsizeCountsTheKeysOfEveryShard() throws Exception {
    cli("mset", "a", "1", "b", "2", "c", "3", "d", "4");
    assertEquals("4\n", cli("dbsize"));
  }

  @Test
  void pipeModeSendsRawProtocolAndCountsTheReplies() throws Exception {
    StringBuilder protocol = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      String key = "piped:" + i;
      protocol.append("*3\r\n$3\r\nSET\r\n$").append(key.length()).append("\r\n").append(key).append("\r\n$1\r\nv\r\n");
    }
    String output = cliWithInput(protocol.toString(), "--pipe");
    assertTrue(output.contains("errors: 0, replies: 1000"), output);
    assertEquals("1000\n", cli("dbsize"));
  }
}

package io.verdis.web.admin;

import io.verdis.it.RealRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The console's text is what redis-cli prints: each reply of a real redis-server, decoded by the
 * server's ReplyDecoder and formatted, must equal redis-cli's own output for the same command
 * (RESP3, formatted output). Covers every reply shape redis-cli 7.0 can print.
 */
class RedisCliTextTest {
  @TempDir
  static Path dir;
  static RealRedis redis;

  @BeforeAll
  static void start() throws Exception {
    RealRedis.assumeInstalled();
    redis = RealRedis.start(dir, "--enable-debug-command", "yes");
  }

  @AfterAll
  static void stop() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void everyReplyShapePrintsAsRedisCliPrintsIt() throws Exception {
    List<String[]> setup = List.of(
        args("SET", "k", "v"), args("RPUSH", "l", "a", "b", "c d", ""),
        args("RPUSH", "eleven", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"),
        args("HSET", "h", "f1", "v1", "f2", "v2"), args("SADD", "s", "x"),
        args("ZADD", "z", "1.5", "a", "2", "b", "inf", "c"),
        args("SET", "bin", "a\u0001\u00e2\u0082\u00ac\"\\\n\r\t\u0007\b\u007f\u00ff"));
    List<String[]> compared = List.of(
        args("PING"), args("TYPE", "k"), args("GET", "k"), args("GET", "missing"), args("LLEN", "l"),
        args("LRANGE", "l", "0", "-1"), args("LRANGE", "none", "0", "-1"), args("LRANGE", "eleven", "0", "-1"),
        args("HGETALL", "h"), args("HGETALL", "none"), args("SMEMBERS", "none"), args("SMEMBERS", "s"),
        args("ZRANGE", "z", "0", "-1", "WITHSCORES"), args("ZRANGE", "z", "0", "0", "WITHSCORES"), args("ZSCORE", "z", "a"),
        args("NOSUCHCOMMAND", "x"), args("GET", "h"), args("EXEC"), args("GET", "bin"),
        args("COMMAND", "INFO", "GET", "NOSUCH"), args("CONFIG", "GET", "maxmemory-policy"),
        args("DEBUG", "PROTOCOL", "verbatim"), args("DEBUG", "PROTOCOL", "true"), args("DEBUG", "PROTOCOL", "false"),
        args("DEBUG", "PROTOCOL", "double"), args("DEBUG", "PROTOCOL", "null"), args("DEBUG", "PROTOCOL", "map"),
        args("DEBUG", "PROTOCOL", "set"));
    try (RespSocket socket = new RespSocket(redis.port)) {
      for (String[] command : setup) {
        socket.call(command);
      }
      for (String[] command : compared) {
        String ours = RedisCliText.format(socket.call(command));
        assertEquals(redisCli(command), ours, String.join(" ", command));
      }
    }
  }

  private static String[] args(String... args) {
    return args;
  }

  /** redis-cli's formatted RESP3 output for one command, without the final newline. */
  private static String redisCli(String[] command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>(List.of(RealRedis.CLI.toString(), "-p", Integer.toString(redis.port), "--no-raw", "-3"));
    line.addAll(List.of(command));
    Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    process.waitFor(10, TimeUnit.SECONDS);
    String text = new String(out, StandardCharsets.ISO_8859_1);
    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }
}

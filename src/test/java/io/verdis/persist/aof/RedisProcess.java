package io.verdis.persist.aof;

import io.verdis.it.RawClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server (7.0 here) writing its AOF into a test's directory, and redis-check-aof, to
 * compare Verdis's files and output with Redis's. Tests skip themselves when Redis is absent.
 */
final class RedisProcess implements AutoCloseable {
  private static final Path SERVER = Path.of("/usr/bin/redis-server");
  private static final Path CHECK_AOF = Path.of("/usr/bin/redis-check-aof");

  private final Process process;
  private final RawClient client;
  final Path dir;

  private RedisProcess(Process process, RawClient client, Path dir) {
    this.process = process;
    this.client = client;
    this.dir = dir;
  }

  static boolean serverAvailable() {
    return Files.isExecutable(SERVER);
  }

  static boolean checkAofAvailable() {
    return Files.isExecutable(CHECK_AOF);
  }

  /** Starts redis-server with appendonly on, RESP-only base files and no RDB snapshots. */
  static RedisProcess start(Path dir, String... extraArgs) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>(List.of(SERVER.toString(), "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--dir", dir.toString(), "--appendonly", "yes",
        "--aof-use-rdb-preamble", "no", "--save", "", "--daemonize", "no"));
    command.addAll(List.of(extraArgs));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        RawClient client = new RawClient(port);
        if (client.call("PING").equals("+PONG\r\n")) {
          return new RedisProcess(process, client, dir);
        }
        client.close();
      } catch (IOException e) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          process.destroyForcibly();
          throw new IOException("redis-server did not start: " + Files.readString(dir.resolve("redis.log")), e);
        }
        Thread.sleep(20);
      }
    }
  }

  String call(String... args) throws IOException {
    return client.call(args);
  }

  RawClient client() {
    return client;
  }

  /** BGREWRITEAOF, returning once Redis has finished it (and written the new manifest). */
  void rewrite() throws Exception {
    String reply = call("BGREWRITEAOF");
    if (!reply.startsWith("+")) {
      throw new IOException("BGREWRITEAOF: " + reply);
    }
    awaitNoRewrite();
  }

  void awaitNoRewrite() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      String info = call("INFO", "persistence");
      if (info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0")) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IOException("AOF rewrite did not finish");
  }

  @Override
  public void close() throws Exception {
    try {
      client.close();
    } finally {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  /** Runs redis-check-aof in {@code workDir}; the output without log prefixes and blank lines. */
  static Result checkAof(Path workDir, String stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(CHECK_AOF.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).start();
    try {
      try {
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
      } catch (IOException e) {
        // It asks nothing unless --fix has something to fix, and may be gone already.
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        throw new IOException("redis-check-aof did not finish");
      }
      return new Result(process.exitValue(), normalize(output));
    } finally {
      process.destroyForcibly();
    }
  }

  /** Drops serverLog's "pid:C date time # " prefixes, blank lines and the --fix question. */
  static String normalize(String output) {
    StringBuilder text = new StringBuilder();
    for (String line : output.split("\n", -1)) {
      line = line.replaceFirst("^\\d+:C \\d+ \\w+ \\d+ [\\d:.]+ [#*.-] ", "")
          .replace("Continue? [y/N]: ", "");
      if (!line.isEmpty()) {
        text.append(line).append('\n');
      }
    }
    return text.toString();
  }

  record Result(int status, String output) {
  }
}

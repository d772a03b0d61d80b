package io.verdis.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server (7.0 here) on an ephemeral port with its files in a test's directory, and
 * Redis's command-line tools, to compare Verdis's files and behaviour with Redis's. Close it (try
 * with resources) so no process outlives the test. Tests that need Redis call
 * {@link #assumeInstalled()} first: they are skipped where it is not installed.
 */
public final class RealRedis implements AutoCloseable {
  public static final Path SERVER = Path.of("/usr/bin/redis-server");
  public static final Path CLI = Path.of("/usr/bin/redis-cli");
  public static final Path CHECK_AOF = Path.of("/usr/bin/redis-check-aof");
  public static final Path CHECK_RDB = Path.of("/usr/bin/redis-check-rdb");

  public final Path dir;
  public final int port;
  private final Process process;
  private final Path log;
  private RawClient client;

  private RealRedis(Path dir, int port, Process process, Path log) {
    this.dir = dir;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  public static boolean installed() {
    return Files.isExecutable(SERVER) && Files.isExecutable(CLI) && Files.isExecutable(CHECK_AOF)
        && Files.isExecutable(CHECK_RDB);
  }

  /** For tests that compare with redis-check-aof where it exists, and run without it elsewhere. */
  public static boolean checkAofInstalled() {
    return Files.isExecutable(CHECK_AOF);
  }

  public static void assumeInstalled() {
    assumeTrue(installed(), "redis-server, redis-cli, redis-check-aof and redis-check-rdb are not installed in /usr/bin");
  }

  /**
   * Starts redis-server with its files in {@code dir}, no automatic saving and no AOF unless
   * {@code directives} say otherwise (later directives win), and waits until it answers PING.
   */
  public static RealRedis start(Path dir, String... directives) throws IOException, InterruptedException {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(SERVER.toString(),
        "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
        "--save", "", "--appendonly", "no", "--daemonize", "no"));
    command.addAll(Arrays.asList(directives));
    Path log = dir.resolve("redis-" + port + ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    RealRedis redis = new RealRedis(dir, port, process, log);
    try {
      redis.awaitPing();
      return redis;
    } catch (IOException | InterruptedException | RuntimeException e) {
      redis.close();
      throw e;
    }
  }

  /** As {@link #start}, with the AOF on and RESP-only base files, as Verdis writes them. */
  public static RealRedis startWithAof(Path dir, String... directives) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of("--appendonly", "yes", "--aof-use-rdb-preamble", "no"));
    all.addAll(Arrays.asList(directives));
    return start(dir, all.toArray(String[]::new));
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  private void awaitPing() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        client = new RawClient(port);
        if ("PONG".equals(client.request("PING"))) {
          return;
        }
        closeClient();
      } catch (IOException notYet) {
        closeClient();
      } catch (RawClient.ErrorReply loading) {
        // "-LOADING Redis is loading the dataset in memory": keep waiting.
        closeClient();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("redis-server did not answer PING:\n" + log());
      }
      Thread.sleep(20);
    }
  }

  public long pid() {
    return process.pid();
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** The connection the helpers below use; stays open until {@link #close}. */
  public RawClient client() {
    return client;
  }

  /** One command, its reply parsed as {@link RawClient#request} does. */
  public Object call(Object... args) throws IOException {
    return client.request(args);
  }

  /** A reply that is a bulk string, as ISO-8859-1 text (one char per byte), or null. */
  public String text(Object... args) throws IOException {
    Object reply = call(args);
    return reply == null ? null : reply instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : reply.toString();
  }

  @SuppressWarnings("unchecked")
  public List<String> texts(Object... args) throws IOException {
    List<String> texts = new ArrayList<>();
    for (Object element : (List<Object>) call(args)) {
      texts.add(new String((byte[]) element, StandardCharsets.ISO_8859_1));
    }
    return texts;
  }

  public long number(Object... args) throws IOException {
    return (Long) call(args);
  }

  /** BGREWRITEAOF, returning once Redis has finished it (and written the new manifest). */
  public void rewrite() throws IOException, InterruptedException {
    call("BGREWRITEAOF");
    awaitNoRewrite();
  }

  public void awaitNoRewrite() throws IOException, InterruptedException {
    awaitInfo("persistence", "aof_rewrite_in_progress:0", "aof_rewrite_scheduled:0");
  }

  public void awaitInfo(String section, String... lines) throws IOException, InterruptedException {
    Info.await(client, section, lines);
  }

  /** Runs redis-cli against this server; its standard output. */
  public String cli(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(CLI.toString(), "-p", Integer.toString(port)));
    command.addAll(Arrays.asList(args));
    return run(command);
  }

  /** SHUTDOWN NOSAVE (the AOF, if on, is flushed and fsynced); returns once the process is gone. */
  public void shutdownNoSave() throws IOException, InterruptedException {
    try {
      client.request("SHUTDOWN", "NOSAVE");
    } catch (IOException expected) {
      // Redis closes the connection instead of replying.
    }
    closeClient();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      throw new IllegalStateException("redis-server did not exit after SHUTDOWN NOSAVE:\n" + log());
    }
  }

  /** SIGKILL: nothing is flushed. */
  public void kill9() throws InterruptedException {
    closeClient();
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    closeClient();
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private void closeClient() {
    if (client != null) {
      try {
        client.close();
      } catch (IOException ignored) {
        // closing a socket the server may have closed already
      }
      client = null;
    }
  }

  /** Runs a program to completion; its output (stdout and stderr), failing on a non-zero exit. */
  public static String run(List<String> command) throws IOException, InterruptedException {
    Result result = exec(null, "", command);
    if (result.status() != 0) {
      throw new IllegalStateException(command + " exited with " + result.status() + ": " + result.output());
    }
    return result.output();
  }

  /** Runs a program in {@code workDir} (null: the current one) with {@code stdin}; its status and output. */
  public static Result exec(Path workDir, String stdin, List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (workDir != null) {
      builder.directory(workDir.toFile());
    }
    Process process = builder.start();
    try {
      try {
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
      } catch (IOException e) {
        // The program may read nothing (redis-check-aof asks only when --fix has something to fix) and be gone.
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException(command + " did not exit: " + output);
      }
      return new Result(process.exitValue(), output);
    } finally {
      process.destroyForcibly();
    }
  }

  /** redis-check-aof in {@code workDir}; the output {@link #normalize}d. */
  public static Result checkAof(Path workDir, String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(CHECK_AOF.toString()));
    command.addAll(Arrays.asList(args));
    Result result = exec(workDir, stdin, command);
    return new Result(result.status(), normalize(result.output()));
  }

  /** redis-check-rdb on {@code file}; its output, failing unless it exits with 0. */
  public static String checkRdb(Path file) throws IOException, InterruptedException {
    return run(List.of(CHECK_RDB.toString(), file.toString()));
  }

  /** Drops serverLog's "pid:C date time # " prefixes, blank lines and redis-check-aof's --fix question. */
  public static String normalize(String output) {
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

  public record Result(int status, String output) {
  }
}

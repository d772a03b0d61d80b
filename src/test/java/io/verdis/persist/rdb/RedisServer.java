package io.verdis.persist.rdb;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server process on an ephemeral port, with a RESP2 connection to it. Close it (try with
 * resources) so no process outlives the test. Tests that need one call {@link #assumeInstalled()} first:
 * they are skipped where Redis is not installed.
 */
final class RedisServer implements AutoCloseable {
  static final Path SERVER = Path.of("/usr/bin/redis-server");
  static final Path CLI = Path.of("/usr/bin/redis-cli");
  static final Path CHECK_RDB = Path.of("/usr/bin/redis-check-rdb");

  final Path dir;
  final int port;
  private final Process process;
  private final Path log;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  static void assumeInstalled() {
    assumeTrue(Files.isExecutable(SERVER) && Files.isExecutable(CLI) && Files.isExecutable(CHECK_RDB),
        "redis-server, redis-cli and redis-check-rdb are not installed in /usr/bin");
  }

  /**
   * Starts redis-server with its files in {@code dir} (dump.rdb unless {@code extraArgs} names another
   * --dbfilename), no automatic saving and no AOF, and waits until it answers PING.
   */
  static RedisServer start(Path dir, String... extraArgs) throws IOException, InterruptedException {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(SERVER.toString(),
        "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
        "--dbfilename", "dump.rdb", "--save", "", "--appendonly", "no", "--daemonize", "no"));
    command.addAll(Arrays.asList(extraArgs));
    Path log = dir.resolve("redis-" + port + ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    RedisServer server = new RedisServer(dir, port, process, log);
    try {
      server.awaitPing();
      return server;
    } catch (IOException | InterruptedException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private RedisServer(Path dir, int port, Process process, Path log) {
    this.dir = dir;
    this.port = port;
    this.process = process;
    this.log = log;
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
        socket = new Socket("127.0.0.1", port);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream());
        if ("PONG".equals(call("PING"))) {
          return;
        }
      } catch (IOException notYet) {
        closeSocket();
      } catch (RedisError loading) {
        // "-LOADING Redis is loading the dataset in memory": keep waiting.
        closeSocket();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("redis-server did not answer PING:\n" + log());
      }
      Thread.sleep(20);
    }
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /**
   * Sends a command (String or byte[] arguments) and returns the reply: String for a status,
   * Long for an integer, byte[] for a bulk string, List for an array, null for a nil.
   *
   * @throws RedisError for an error reply
   */
  Object call(Object... args) throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (Object arg : args) {
      byte[] bytes = arg instanceof byte[] b ? b : Bytes.of(String.valueOf(arg));
      request.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      request.write(bytes);
      request.write('\r');
      request.write('\n');
    }
    out.write(request.toByteArray());
    out.flush();
    return reply();
  }

  /** A reply that is a bulk string, as ISO-8859-1 text (one char per byte), or null. */
  String text(Object... args) throws IOException {
    Object reply = call(args);
    return reply == null ? null : reply instanceof byte[] b ? Bytes.text(b) : reply.toString();
  }

  @SuppressWarnings("unchecked")
  List<String> texts(Object... args) throws IOException {
    List<String> texts = new ArrayList<>();
    for (Object element : (List<Object>) call(args)) {
      texts.add(Bytes.text((byte[]) element));
    }
    return texts;
  }

  long number(Object... args) throws IOException {
    return (Long) call(args);
  }

  private Object reply() throws IOException {
    int kind = in.read();
    String line = line();
    switch (kind) {
      case '+':
        return line;
      case '-':
        throw new RedisError(line);
      case ':':
        return Long.parseLong(line);
      case '$': {
        int length = Integer.parseInt(line);
        if (length < 0) {
          return null;
        }
        byte[] bulk = in.readNBytes(length);
        in.readNBytes(2);
        return bulk;
      }
      case '*': {
        int count = Integer.parseInt(line);
        if (count < 0) {
          return null;
        }
        List<Object> elements = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          elements.add(reply());
        }
        return elements;
      }
      default:
        throw new IOException("unexpected reply type " + kind + " (" + line + ")");
    }
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      line.append((char) c);
    }
    in.read();
    return line.toString();
  }

  /** Runs redis-cli against this server; its standard output. */
  String cli(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(CLI.toString(), "-p", Integer.toString(port)));
    command.addAll(Arrays.asList(args));
    return run(command);
  }

  /** Runs a program to completion; its output (stdout and stderr), with the exit code on failure. */
  static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(command + " did not exit: " + output);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(command + " exited with " + process.exitValue() + ": " + output);
    }
    return output;
  }

  @Override
  public void close() {
    closeSocket();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void closeSocket() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      socket = null;
    }
  }

  static final class RedisError extends RuntimeException {
    RedisError(String message) {
      super(message);
    }
  }
}

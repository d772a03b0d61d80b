package io.verdis.persist;

import io.verdis.it.RawClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Verdis server in its own JVM, as users run it, for tests that must kill it (-9) or watch it
 * exit: started from the test's own class path, logging to a file in its data directory.
 */
public final class VerdisProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private VerdisProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts a server keeping its files in {@code dir}, and waits until it answers PING. */
  public static VerdisProcess start(Path dir, String... directives) throws IOException {
    VerdisProcess server = launch(dir, directives);
    server.awaitReady();
    return server;
  }

  /** Starts a server without waiting for it (e.g. one expected to refuse to start). */
  public static VerdisProcess launch(Path dir, String... directives) throws IOException {
    int port = freePort();
    Files.createDirectories(dir);
    Path log = dir.resolve("verdis-" + port + ".log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"),
        "io.verdis.server.Verdis",
        "--port", Integer.toString(port),
        "--pizzaria-port", "0",
        "--http-port", "0",
        "--bind", "127.0.0.1",
        "--dir", dir.toString(),
        "--save", ""));
    command.addAll(List.of(directives));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    return new VerdisProcess(process, port, log);
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public Process process() {
    return process;
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  public RawClient client() throws IOException {
    return new RawClient(port);
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Waits for the process to exit by itself; returns its exit status. */
  public int awaitExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException("Verdis did not exit within " + seconds + " s");
    }
    return process.exitValue();
  }

  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("Verdis exited with status " + process.exitValue() + ":\n" + log());
      }
      try (RawClient client = client()) {
        if ("+PONG\r\n".equals(client.call("PING"))) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet, or still loading
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
    throw new IOException("Verdis did not become ready:\n" + log());
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill9();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

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
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  private final Process process;
  private final int port;
  private final int pizzariaPort;
  private final Path log;

  private VerdisProcess(Process process, int port, int pizzariaPort, Path log) {
    this.process = process;
    this.port = port;
    this.pizzariaPort = pizzariaPort;
    this.log = log;
  }

  /** Starts a server keeping its files in {@code dir}, and waits until it answers PING. */
  public static VerdisProcess start(Path dir, String... directives) throws IOException {
    VerdisProcess server = launch(dir, directives);
    server.awaitReady();
    return server;
  }

  /** As {@link #start}, with the Pizzaria protocol on a free port too ({@link #pizzariaPort()}). */
  public static VerdisProcess startWithPizzaria(Path dir, String... directives) throws IOException {
    VerdisProcess server = launch(dir, freePort(), directives);
    server.awaitReady();
    return server;
  }

  /** Starts a server without waiting for it (e.g. one expected to refuse to start). */
  public static VerdisProcess launch(Path dir, String... directives) throws IOException {
    return launch(dir, 0, directives);
  }

  /**
   * Whether a server can be started that file modes bind: any user but root, or root with
   * util-linux's setpriv to drop the capabilities that let root ignore them.
   */
  public static boolean permissionsCanBind() {
    return !isRoot() || Files.isExecutable(SETPRIV);
  }

  /**
   * As {@link #launch}, with file modes binding the server even when the tests run as root (CI
   * does): without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, root reads and writes only what the
   * modes allow. See {@link #permissionsCanBind}.
   */
  public static VerdisProcess launchBoundByPermissions(Path dir, String... directives) throws IOException {
    List<String> prefix = isRoot()
        ? List.of(SETPRIV.toString(), "--bounding-set", "-dac_override,-dac_read_search", "--")
        : List.of();
    return launch(dir, 0, prefix, directives);
  }

  /** As {@link #launchBoundByPermissions}, waiting until the server answers PING. */
  public static VerdisProcess startBoundByPermissions(Path dir, String... directives) throws IOException {
    VerdisProcess server = launchBoundByPermissions(dir, directives);
    server.awaitReady();
    return server;
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static VerdisProcess launch(Path dir, int pizzariaPort, String... directives) throws IOException {
    return launch(dir, pizzariaPort, List.of(), directives);
  }

  private static VerdisProcess launch(Path dir, int pizzariaPort, List<String> prefix, String... directives)
      throws IOException {
    return launch(dir, freePort(), pizzariaPort, prefix, List.of(), directives);
  }

  /**
   * Starts a server on {@code port} without waiting for it (a cluster node, say, started again on
   * the ports it had); {@code jvmOptions} go to the JVM, {@code directives} after the defaults.
   */
  public static VerdisProcess launchOn(Path dir, int port, List<String> jvmOptions, String... directives)
      throws IOException {
    return launch(dir, port, 0, List.of(), jvmOptions, directives);
  }

  private static VerdisProcess launch(Path dir, int port, int pizzariaPort, List<String> prefix,
                                      List<String> jvmOptions, String... directives) throws IOException {
    Files.createDirectories(dir);
    Path log = dir.resolve("verdis-" + port + ".log");
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:+UseSerialGC"));
    command.addAll(jvmOptions);
    command.addAll(List.of(
        "-cp", System.getProperty("java.class.path"),
        "io.verdis.server.Verdis",
        "--port", Integer.toString(port),
        "--pizzaria-port", Integer.toString(pizzariaPort),
        "--http-port", "0",
        "--bind", "127.0.0.1",
        "--dir", dir.toString(),
        "--save", ""));
    command.addAll(List.of(directives));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    return new VerdisProcess(process, port, pizzariaPort, log);
  }

  public int port() {
    return port;
  }

  /** 0 when the server was started without Pizzaria. */
  public int pizzariaPort() {
    return pizzariaPort;
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

  /** SHUTDOWN with {@code options} (e.g. NOSAVE); returns the exit status once the process is gone. */
  public int shutdown(String... options) throws IOException, InterruptedException {
    String[] command = new String[options.length + 1];
    command[0] = "SHUTDOWN";
    System.arraycopy(options, 0, command, 1, options.length);
    try (RawClient client = client()) {
      String reply = client.call(command);
      throw new IllegalStateException("SHUTDOWN was answered instead of closing: " + reply);
    } catch (IOException closed) {
      // A successful SHUTDOWN closes the connection without a reply.
    }
    return awaitExit(60);
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

  /** Every port {@link #freePort} returned in this JVM: a test that picks several at once must get different ones. */
  private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * A port free now, below the kernel's ephemeral range (32768 and up on Linux): a port from that
   * range can be taken by any outgoing connection (a cluster node's own, say) between this call
   * and the server binding it.
   */
  public static int freePort() throws IOException {
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 1000; attempt++) {
      int port = random.nextInt(10_000, 32_000);
      if (!HANDED_OUT.add(port)) {
        continue; // given to an earlier caller, who may not have bound it yet
      }
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(false);
        socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

package io.verdis.it;

import io.verdis.server.Config;
import io.verdis.server.VerdisNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A real Verdis node on free loopback ports, started and stopped by a test. */
public final class TestServer implements AutoCloseable {
  private final VerdisNode node;
  private final int port;
  private final int pizzariaPort;
  private final int httpPort;

  private final Path dir;

  private TestServer(VerdisNode node, int port, int pizzariaPort, int httpPort, Path dir) {
    this.node = node;
    this.dir = dir;
    this.port = port;
    this.pizzariaPort = pizzariaPort;
    this.httpPort = httpPort;
  }

  /**
   * Starts a node; {@code directives} are command-line style pairs ("--shards", "3", …). It keeps
   * its files in a fresh temporary directory (removed on close), with no AOF, no save points and
   * DEBUG enabled unless the directives say otherwise.
   */
  public static TestServer start(String... directives) {
    Path dir;
    try {
      dir = Files.createTempDirectory("verdis-test");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    int port = freePort();
    int pizzariaPort = freePort();
    int httpPort = freePort();
    List<String> args = new ArrayList<>(List.of(
        "--port", Integer.toString(port),
        "--pizzaria-port", Integer.toString(pizzariaPort),
        "--http-port", Integer.toString(httpPort),
        "--bind", "127.0.0.1",
        "--appendonly", "no",
        "--save", "",
        "--dir", dir.toString(),
        "--loglevel", "warning",
        // Tests use DEBUG (SLEEP, HEAPHISTO); Redis 7.0 and Verdis refuse it by default.
        "--enable-debug-command", "yes"));
    args.addAll(List.of(directives));
    try {
      Config config = Config.load(args.toArray(new String[0]), Map.of());
      VerdisNode node = VerdisNode.start(config).await();
      return new TestServer(node, port, pizzariaPort, httpPort, dir);
    } catch (Exception e) {
      throw new IllegalStateException("could not start Verdis: " + e.getMessage(), e);
    }
  }

  public int port() {
    return port;
  }

  public int pizzariaPort() {
    return pizzariaPort;
  }

  public int httpPort() {
    return httpPort;
  }

  public VerdisNode node() {
    return node;
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    node.close().await();
    deleteTree(dir);
  }

  public static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.verdis.it;

import io.verdis.server.Config;
import io.verdis.server.VerdisNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real Verdis node on free loopback ports, started and stopped by a test. */
public final class TestServer implements AutoCloseable {
  private final VerdisNode node;
  private final int port;
  private final int pizzariaPort;
  private final int httpPort;

  private TestServer(VerdisNode node, int port, int pizzariaPort, int httpPort) {
    this.node = node;
    this.port = port;
    this.pizzariaPort = pizzariaPort;
    this.httpPort = httpPort;
  }

  /** Starts a node; {@code directives} are command-line style pairs ("--shards", "3", …). */
  public static TestServer start(String... directives) {
    int port = freePort();
    int pizzariaPort = freePort();
    int httpPort = freePort();
    List<String> args = new ArrayList<>(List.of(
        "--port", Integer.toString(port),
        "--pizzaria-port", Integer.toString(pizzariaPort),
        "--http-port", Integer.toString(httpPort),
        "--bind", "127.0.0.1",
        "--appendonly", "no",
        "--loglevel", "warning"));
    args.addAll(List.of(directives));
    try {
      Config config = Config.load(args.toArray(new String[0]), Map.of());
      VerdisNode node = VerdisNode.start(config).await();
      return new TestServer(node, port, pizzariaPort, httpPort);
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

  @Override
  public void close() {
    node.close().await();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.verdis.embed;

import io.verdis.net.InlineArgs;
import io.verdis.server.Config;
import io.verdis.server.ConfigException;
import io.verdis.server.ServerState;
import io.verdis.server.VerdisNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Verdis node running inside the caller's JVM: the same server as {@code java -jar verdis.jar}
 * (RESP on a loopback port, every command, persistence if asked), started and stopped by code.
 *
 * <pre>{@code
 * EmbeddedVerdis verdis = EmbeddedVerdis.builder().start().await();
 * KeyValueStore store = KeyValueStore.of(verdis);   // or any Redis client on verdis.port()
 * ...
 * verdis.close();
 * }</pre>
 *
 * <p>Starting one touches nothing the host application owns: no logging configuration (Verdis
 * logs through java.util.logging, wherever the host sends it), no shutdown hook, no system
 * property, no environment variable read, no signal handler. SHUTDOWN stops the node, not the JVM.
 */
public final class EmbeddedVerdis implements AutoCloseable {
  private final VerdisNode node;
  private final int port;
  /** The temporary directory of an in-memory node, removed once it stopped; null for a dir of the caller's. */
  private final Path scratch;

  private EmbeddedVerdis(VerdisNode node, int port, Path scratch) {
    this.node = node;
    this.port = port;
    this.scratch = scratch;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The loopback port it serves RESP on. */
  public int port() {
    return port;
  }

  /** The node itself, for code that needs more than a port (the in-process store). */
  public VerdisNode node() {
    return node;
  }

  /** Stops the node: with a dir, flushes its append-only file first; closes every client. */
  public Future<Void> stop() {
    return node.close(ServerState.ShutdownOptions.DEFAULT)
        .andThen(stopped -> deleteLater(scratch));
  }

  /** {@link #stop()}, waiting for it. Not from a Vert.x event loop: use {@link #stop()} there. */
  @Override
  public void close() {
    try {
      stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Verdis did not stop: " + e.getMessage(), e);
    }
  }

  /** Off the calling thread, which may be an event loop of the application's Vert.x. */
  private static void deleteLater(Path scratch) {
    if (scratch != null) {
      CompletableFuture.runAsync(() -> delete(scratch));
    }
  }

  private static void delete(Path scratch) {
    try (Stream<Path> files = Files.walk(scratch)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory left behind is not worth failing a stop for
    }
  }

  /** What to start. Without {@link #dir} the node keeps its data in memory only. */
  public static final class Builder {
    /** How often a start on a port found free is tried again when another process took the port meanwhile. */
    private static final int BIND_ATTEMPTS = 5;

    private int port;
    private Path dir;
    private Vertx vertx;
    private final List<String> directives = new ArrayList<>();

    private Builder() {
    }

    /** The RESP port; 0 (the default) takes a free one, which {@link EmbeddedVerdis#port()} tells. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " is not in 0..65535");
      }
      this.port = port;
      return this;
    }

    /** Keeps the data in {@code dir}, in an append-only file (fsync every second unless {@link #appendfsync} says otherwise), and loads it back at the next start. */
    public Builder dir(Path dir) {
      this.dir = dir;
      return this;
    }

    /** The AOF's fsync policy: always, everysec or no (with a {@link #dir}). */
    public Builder appendfsync(String policy) {
      return directive("appendfsync", policy);
    }

    /** Any directive of verdis.conf, as on the command line: {@code directive("maxmemory", "64mb")}. */
    public Builder directive(String name, String... values) {
      directives.add("--" + name);
      directives.addAll(List.of(values));
      return this;
    }

    /** A line as verdis.conf has it: {@code config("client-output-buffer-limit pubsub 32mb 8mb 60")}. */
    public Builder config(String line) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      List<byte[]> words = InlineArgs.split(bytes, 0, bytes.length);
      if (words == null || words.isEmpty()) {
        throw new IllegalArgumentException("not a configuration line: " + line);
      }
      directives.add("--" + new String(words.get(0), StandardCharsets.UTF_8));
      words.subList(1, words.size()).forEach(word -> directives.add(new String(word, StandardCharsets.UTF_8)));
      return this;
    }

    /** Runs the node on this Vert.x instance (left running when the node stops) instead of one of its own. */
    public Builder vertx(Vertx vertx) {
      this.vertx = vertx;
      return this;
    }

    /** Starts the node; the future completes once it serves commands (with a dir: once its data is loaded). */
    public Future<EmbeddedVerdis> start() {
      Path scratch;
      try {
        scratch = dir == null ? Files.createTempDirectory("verdis-embedded") : null;
      } catch (IOException e) {
        return Future.failedFuture(e);
      }
      return attempt(scratch, BIND_ATTEMPTS).onFailure(failed -> deleteLater(scratch));
    }

    private Future<EmbeddedVerdis> attempt(Path scratch, int attemptsLeft) {
      int chosen = port != 0 ? port : freePort();
      Config config;
      try {
        config = Config.load(arguments(chosen, scratch), Map.of());
      } catch (ConfigException e) {
        return Future.failedFuture(new IllegalArgumentException(e.getMessage(), e));
      }
      Future<VerdisNode> started = vertx == null ? VerdisNode.start(config) : VerdisNode.startOn(vertx, config);
      // The port the node serves: a port directive among the caller's overrides the one chosen.
      return started.map(node -> new EmbeddedVerdis(node, node.state().config().port(), scratch))
          .recover(failure -> port == 0 && attemptsLeft > 1 && isBindFailure(failure)
              ? attempt(scratch, attemptsLeft - 1)
              : Future.failedFuture(failure));
    }

    private String[] arguments(int chosen, Path scratch) {
      List<String> args = new ArrayList<>(List.of(
          "--port", Integer.toString(chosen),
          "--bind", "127.0.0.1",
          "--pizzaria-port", "0",
          "--http-port", "0",
          "--save", ""));
      if (dir != null) {
        args.addAll(List.of("--dir", dir.toString(), "--appendonly", "yes"));
      } else {
        args.addAll(List.of("--dir", scratch.toString(), "--appendonly", "no"));
      }
      args.addAll(directives);
      return args.toArray(new String[0]);
    }

    private static boolean isBindFailure(Throwable failure) {
      for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
        if (cause instanceof BindException || String.valueOf(cause.getMessage()).contains("Address already in use")) {
          return true;
        }
      }
      return false;
    }

    private static int freePort() {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}

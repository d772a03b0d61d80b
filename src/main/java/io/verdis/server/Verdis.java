package io.verdis.server;

import io.verdis.persist.aof.CheckAof;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code java -jar verdis.jar [config-file] [--directive value …]}, like redis-server: reads the
 * configuration, starts the node, prints one banner line, and stops cleanly on SIGTERM or SHUTDOWN.
 * {@code java -jar verdis.jar check-aof …} checks an AOF instead, as redis-check-aof does.
 */
public final class Verdis {
  /** Not a static field: the log manager must be chosen before the first logger exists. */
  private static Logger log() {
    return Logger.getLogger(Verdis.class.getName());
  }

  private Verdis() {
  }

  public static void main(String[] args) throws Exception {
    ServerLog.install();
    if (args.length > 0 && args[0].equals("check-aof")) {
      System.exit(CheckAof.run(Arrays.copyOfRange(args, 1, args.length), System.out));
    }
    // Netty re-checks the reference count and bounds on every byte the parser reads; our own
    // parser bounds-checks already, and these checks were the top of the -P 16 profile.
    System.setProperty("io.netty.buffer.checkAccessible", "false");
    System.setProperty("io.netty.buffer.checkBounds", "false");
    Config config;
    try {
      config = Config.load(args, System.getenv());
    } catch (ConfigException e) {
      System.err.println("*** FATAL CONFIG ERROR (Verdis " + ServerState.VERSION + ") ***");
      System.err.println(e.getMessage());
      System.exit(1);
      return;
    }
    ServerLog.configure(config.loglevel(), config.logfile());
    HeapSizing.returnUnusedHeap();
    config.warnings().forEach(log()::warning);
    VerdisNode node;
    try {
      // No time limit: loading a large dataset takes as long as it takes (progress is logged).
      node = VerdisNode.start(config).toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      log().log(Level.SEVERE, "Verdis failed to start: " + rootMessage(e));
      System.exit(1);
      return;
    }
    log().info(banner(config));
    Thread hook = new Thread(() -> {
      log().warning("Received SIGTERM scheduling shutdown...");
      stop(node, ServerState.ShutdownOptions.DEFAULT);
    }, "verdis-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    node.state().onShutdown(options -> {
      log().info("User requested shutdown...");
      return node.close(options).onSuccess(ignored -> new Thread(() -> {
        Runtime.getRuntime().removeShutdownHook(hook);
        log().info("Verdis is now ready to exit, bye bye...");
        System.exit(0);
      }, "verdis-shutdown").start());
    });
  }

  /** SIGTERM: save and flush as SHUTDOWN does; exit even if that fails (the JVM is going anyway). */
  private static void stop(VerdisNode node, ServerState.ShutdownOptions options) {
    try {
      node.close(options).toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);
    } catch (Exception e) {
      log().warning("shutdown did not complete cleanly: " + rootMessage(e));
    }
    log().info("Verdis is now ready to exit, bye bye...");
  }

  static String banner(Config config) {
    return "Verdis " + ServerState.VERSION + " ready: pid " + ProcessHandle.current().pid()
        + ", port " + config.port() + " (RESP)"
        + (config.tlsPort() > 0 ? ", tls-port " + config.tlsPort() : "")
        + ", pizzaria-port " + portText(config.pizzariaPort())
        + ", http-port " + portText(config.httpPort())
        + ", " + config.shards() + " shards, " + config.databases() + " databases"
        + ", bind " + String.join(" ", config.bind())
        + ", Java " + Runtime.version().feature();
  }

  private static String portText(int port) {
    return port == 0 ? "disabled" : Integer.toString(port);
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}

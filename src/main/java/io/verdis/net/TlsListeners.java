package io.verdis.net;

import io.verdis.server.Config;
import io.verdis.server.InvalidValueException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.ServerSSLOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * The TLS side of the RESP port, one per node: the options every event loop's TLS listener starts
 * with, and the reload of those listeners when CONFIG SET names a tls-* directive (new
 * certificates reach the next handshake; connections already open keep theirs, as in Redis).
 */
public final class TlsListeners {
  private static final Logger LOG = Logger.getLogger(TlsListeners.class.getName());
  /** Redis's CONFIG SET reply when tlsConfigure fails; the reason goes to the log. */
  private static final String UPDATE_FAILED = "Unable to update TLS configuration. Check server logs.";

  private final Vertx vertx;
  private final Config config;
  private final List<NetServer> servers = new CopyOnWriteArrayList<>();
  private ServerSSLOptions options;

  public TlsListeners(Config config, Vertx vertx) {
    this.config = config;
    this.vertx = vertx;
    config.onSet(TlsSettings.DIRECTIVES, this::reload);
  }

  /**
   * The options the listeners start with, built once from the configuration.
   *
   * @throws InvalidValueException with Redis's log line for what is wrong (start-up fails with it)
   */
  synchronized ServerSSLOptions options() throws InvalidValueException {
    if (options == null) {
      options = TlsSettings.of(config, vertx);
    }
    return options;
  }

  void listening(NetServer server) {
    servers.add(server);
  }

  void closed(NetServer server) {
    servers.remove(server);
  }

  /** Applies a CONFIG SET: nothing to check while no TLS port is open, as in Redis. */
  private CompletionStage<?> reload(Config candidate) throws InvalidValueException {
    if (candidate.tlsPort() == 0) {
      return CompletableFuture.completedFuture(null);
    }
    ServerSSLOptions next;
    try {
      next = TlsSettings.of(candidate, vertx);
    } catch (InvalidValueException e) {
      LOG.warning(e.reason());
      throw new InvalidValueException(UPDATE_FAILED);
    }
    synchronized (this) {
      options = next;
    }
    // Forced: the same file names with new contents are still a new certificate. CONFIG SET
    // answers once every listener has them, so the client's next connection sees them.
    List<Future<Boolean>> updates = new ArrayList<>();
    for (NetServer server : servers) {
      updates.add(server.updateSSLOptions(next.copy(), true)
          .onFailure(failure -> LOG.warning("TLS listener kept its old certificates: " + failure.getMessage())));
    }
    return Future.join(updates).toCompletionStage().exceptionally(failure -> null);
  }
}

package io.verdis.net;

import io.verdis.server.Config;
import io.verdis.server.InvalidValueException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.ServerSSLOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The listeners of a node that speak TLS (the TLS port, and the Pizzaria and HTTP ports under
 * pizzaria-tls / http-tls): the options they start with, and their reload when CONFIG SET names a
 * tls-* directive (new certificates reach the next handshake; connections already open keep
 * theirs, as in Redis). Links this node opens read the options anew at each connection, so they
 * need no reload; they are checked here all the same, so that CONFIG SET refuses what they
 * could not use.
 */
public final class TlsListeners {
  private static final Logger LOG = Logger.getLogger(TlsListeners.class.getName());
  /** Redis's CONFIG SET reply when tlsConfigure fails; the reason goes to the log. */
  private static final String UPDATE_FAILED = "Unable to update TLS configuration. Check server logs.";

  /** A listener, and how it takes new options (NetServer and HttpServer share no interface for it). */
  private record Listener(boolean http, Function<ServerSSLOptions, Future<Boolean>> update) {
  }

  private final Vertx vertx;
  private final Config config;
  private final Map<Object, Listener> servers = new ConcurrentHashMap<>();
  private ServerSSLOptions options;
  private ServerSSLOptions httpOptions;

  public TlsListeners(Config config, Vertx vertx) {
    this.config = config;
    this.vertx = vertx;
    config.onSet(TlsSettings.DIRECTIVES, this::reload);
  }

  /**
   * The options the RESP and Pizzaria listeners start with, built once from the configuration.
   *
   * @throws InvalidValueException with Redis's log line for what is wrong (start-up fails with it)
   */
  public synchronized ServerSSLOptions options() throws InvalidValueException {
    if (options == null) {
      options = TlsSettings.server(config, vertx);
    }
    return options;
  }

  /** The options HTTPS starts with (http-tls-auth-clients in place of tls-auth-clients). */
  public synchronized ServerSSLOptions httpOptions() throws InvalidValueException {
    if (httpOptions == null) {
      httpOptions = TlsSettings.http(config, vertx);
    }
    return httpOptions;
  }

  void listening(NetServer server) {
    servers.put(server, new Listener(false, next -> server.updateSSLOptions(next, true)));
  }

  public void listening(HttpServer server) {
    servers.put(server, new Listener(true, next -> server.updateSSLOptions(next, true)));
  }

  public void closed(Object server) {
    servers.remove(server);
  }

  /** Applies a CONFIG SET: nothing to check while nothing speaks TLS, as in Redis. */
  private CompletionStage<?> reload(Config candidate) throws InvalidValueException {
    ServerSSLOptions next = null;
    ServerSSLOptions nextHttp = null;
    try {
      if (TlsSettings.connects(candidate)) {
        TlsSettings.client(candidate, vertx);
      }
      if (TlsSettings.serves(candidate)) {
        next = TlsSettings.server(candidate, vertx);
      }
      if (candidate.httpTls()) {
        nextHttp = TlsSettings.http(candidate, vertx);
      }
    } catch (InvalidValueException e) {
      LOG.warning(e.reason());
      throw new InvalidValueException(UPDATE_FAILED);
    }
    synchronized (this) {
      options = next;
      httpOptions = nextHttp;
    }
    // Forced: the same file names with new contents are still a new certificate. CONFIG SET
    // answers once every listener has them, so the client's next connection sees them.
    List<Future<Boolean>> updates = new ArrayList<>();
    for (Listener server : servers.values()) {
      ServerSSLOptions its = server.http() ? nextHttp : next;
      if (its != null) {
        updates.add(server.update().apply(its.copy())
            .onFailure(failure -> LOG.warning("TLS listener kept its old certificates: " + failure.getMessage())));
      }
    }
    if (updates.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return Future.join(updates).toCompletionStage().exceptionally(failure -> null);
  }
}

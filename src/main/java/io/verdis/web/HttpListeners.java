package io.verdis.web;

import io.verdis.net.TlsListeners;
import io.verdis.net.TlsSettings;
import io.verdis.server.Config;
import io.verdis.server.InvalidValueException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The HTTP servers of a node, one per listen address: those of {@code http-bind}, or by default
 * those of {@code bind}, so the dashboard is no more exposed than the RESP port. As for
 * {@code bind}, a leading '-' marks an address to skip when it cannot be bound, {@code *} and
 * {@code ::*} are every IPv4 and IPv6 interface, and no address at all means both of those.
 * Their connections are bounded by one {@link HttpConnectionGuard}. With {@code http-tls yes}
 * they serve HTTPS only, with the TLS port's certificate (client certificates as
 * http-tls-auth-clients says), and take new certificates on CONFIG SET as it does: a plaintext
 * request is refused at its handshake.
 */
final class HttpListeners {
  private static final Logger LOG = Logger.getLogger(HttpListeners.class.getName());

  private final TlsListeners tls;
  private final List<HttpServer> servers = new ArrayList<>();

  HttpListeners(TlsListeners tls) {
    this.tls = tls;
  }

  /** The addresses to listen on, as given (with any leading '-'). */
  static List<String> addresses(Config config) {
    List<String> addresses = config.httpBind().isEmpty() ? config.bind() : config.httpBind();
    return addresses.isEmpty() ? List.of("*", "-::*") : addresses;
  }

  /** Listens on every address; {@code openConnections} counts the connections of them all. */
  Future<?> listen(Vertx vertx, Config config, AtomicInteger openConnections, HttpServerOptions options,
                   Handler<HttpServerRequest> handler) {
    if (config.httpTls()) {
      try {
        options = TlsSettings.applyTo(new HttpServerOptions(options), tls.httpOptions());
      } catch (InvalidValueException e) {
        return Future.failedFuture(new IllegalStateException("Failed to configure TLS: " + e.reason()));
      }
    }
    List<Future<?>> listening = new ArrayList<>();
    // One guard for every listen address: http-maxclients counts the node's HTTP connections.
    HttpConnectionGuard guard = new HttpConnectionGuard(config, openConnections);
    for (String address : addresses(config)) {
      boolean optional = address.startsWith("-");
      String host = host(optional ? address.substring(1) : address);
      HttpServer server = vertx.createHttpServer(new HttpServerOptions(options).setHost(host).setPort(config.httpPort()))
          .connectionHandler(guard::opened)
          .exceptionHandler(guard::failed)
          .requestHandler(handler);
      servers.add(server);
      if (config.httpTls()) {
        tls.listening(server);
      }
      Future<HttpServer> bound = server.listen();
      listening.add(optional ? bound.recover(failure -> {
        LOG.fine(() -> "skipping optional HTTP bind address " + host + ": " + failure.getMessage());
        return Future.succeededFuture();
      }) : bound);
    }
    return Future.all(listening);
  }

  Future<?> close() {
    List<Future<?>> closing = new ArrayList<>();
    servers.forEach(server -> {
      tls.closed(server);
      closing.add(server.close());
    });
    return Future.join(closing);
  }

  private static String host(String address) {
    return switch (address) {
      case "*" -> "0.0.0.0";
      case "::*" -> "::";
      default -> address;
    };
  }
}

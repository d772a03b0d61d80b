package io.verdis.web;

import io.verdis.net.TlsListeners;
import io.verdis.server.ServerState;
import io.verdis.web.admin.AdminApi;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;

/**
 * HTTP side of a node: its connections bounded by {@link HttpConnectionGuard}, security first
 * (headers, Host, Origin, authentication), then the Kubernetes probes {@code /health/live} and
 * {@code /health/ready} and WebSocket pub/sub on {@code /ws}, metrics and stats.
 * Each further piece mounts its own routes after the security handlers.
 */
public final class WebVerticle extends VerticleBase {
  private final ServerState server;
  private final HttpListeners listeners;
  private WebPubSub pubSub;

  public WebVerticle(ServerState server, TlsListeners tls) {
    this.server = server;
    this.listeners = new HttpListeners(tls);
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    HttpSecurity security = new HttpSecurity(server, vertx);
    security.mount(router);
    router.get("/health/live").handler(this::live);
    router.get("/health/ready").handler(this::ready);
    pubSub = new WebPubSub(server, security, context);
    pubSub.mount(router);
    new MetricsRoutes(server).mount(router);
    new AdminApi(server, context).mount(router);
    Dashboard.mount(router);
    // Further pieces mount their routes here, after the security handlers.
    router.route().failureHandler(WebVerticle::connectionLost);
    // No WebSocket compression: without an extension negotiated, Netty's decoder refuses frames
    // with RSV bits set (1002), as RFC 6455 section 5.2 asks; pub/sub frames are small JSON anyway.
    HttpServerOptions options = new HttpServerOptions()
        .setMaxWebSocketFrameSize(WebPubSub.MAX_MESSAGE_BYTES)
        .setMaxWebSocketMessageSize(WebPubSub.MAX_MESSAGE_BYTES)
        .setPerFrameWebSocketCompressionSupported(false)
        .setPerMessageWebSocketCompressionSupported(false)
        .setIdleTimeout(server.config().httpIdleTimeout())
        // HTTP/1.1 only: with h2c on, Vert.x waits for the first bytes to tell the protocol before it
        // makes the connection, and a client sending nothing would escape HttpConnectionGuard.
        .setHttp2ClearTextEnabled(false);
    return listeners.listen(vertx, server.config(), server.stats().httpClients, options, router);
  }

  private void live(RoutingContext ctx) {
    HttpJson.send(ctx, 200, new JsonObject().put("status", "UP"));
  }

  /**
   * Ready once the dataset is loaded: this verticle is deployed after the shards and the network
   * listeners, but loading the AOF or RDB comes after it, and clients get -LOADING until then.
   */
  private void ready(RoutingContext ctx) {
    var loading = server.persistence().progress();
    if (loading.loading()) {
      HttpJson.send(ctx, 503, new JsonObject()
          .put("status", "LOADING")
          .put("loadedPercent", loading.percent()));
      return;
    }
    if (server.cluster() != null && !server.cluster().ready()) {
      HttpJson.send(ctx, 503, new JsonObject().put("status", "JOINING"));
      return;
    }
    HttpJson.send(ctx, 200, new JsonObject()
        .put("status", "UP")
        .put("shards", server.shards().count())
        .put("clients", server.clients().size()));
  }

  /**
   * A request whose connection broke (a client reset while its body was read) is nobody's error:
   * nothing to answer and nothing to log, where Vert.x Web would log a stack trace per request.
   * Any other failure goes on to Vert.x Web's own answer.
   */
  private static void connectionLost(RoutingContext ctx) {
    if (ctx.failure() instanceof IOException || ctx.response().closed()) {
      if (!ctx.response().closed()) {
        ctx.request().connection().close();
      }
      return;
    }
    ctx.next();
  }

  @Override
  public Future<?> stop() {
    if (pubSub != null) {
      pubSub.close();
    }
    return listeners.close();
  }
}

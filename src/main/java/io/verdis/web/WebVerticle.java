package io.verdis.web;

import io.verdis.server.ServerState;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** HTTP side of a node: for now the Kubernetes probes {@code /health/live} and {@code /health/ready}. */
public final class WebVerticle extends VerticleBase {
  private final ServerState server;
  private HttpServer http;

  public WebVerticle(ServerState server) {
    this.server = server;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/health/live").handler(this::live);
    router.get("/health/ready").handler(this::ready);
    Dashboard.mount(router);
    String host = server.config().bind().get(0).replaceFirst("^-", "");
    http = vertx.createHttpServer();
    return http.requestHandler(router).listen(server.config().httpPort(), host);
  }

  private void live(RoutingContext ctx) {
    json(ctx, 200, new JsonObject().put("status", "UP"));
  }

  /**
   * Ready once the dataset is loaded: this verticle is deployed after the shards and the network
   * listeners, but loading the AOF or RDB comes after it, and clients get -LOADING until then.
   */
  private void ready(RoutingContext ctx) {
    var loading = server.persistence().progress();
    if (loading.loading()) {
      json(ctx, 503, new JsonObject()
          .put("status", "LOADING")
          .put("loadedPercent", loading.percent()));
      return;
    }
    json(ctx, 200, new JsonObject()
        .put("status", "UP")
        .put("shards", server.shards().count())
        .put("clients", server.clients().size()));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }

  @Override
  public Future<?> stop() {
    return http == null ? Future.succeededFuture() : http.close();
  }
}

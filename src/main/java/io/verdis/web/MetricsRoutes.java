package io.verdis.web;

import io.verdis.metrics.NodeMetrics;
import io.verdis.server.ServerState;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics} (Prometheus text: Vert.x's, the JVM's and the {@code verdis_*} series),
 * {@code GET /api/stats} and {@code GET /api/shards} (the dashboard's stats JSON). The shards
 * refresh their figures through their own loops before each answer, so a scrape right after a
 * write sees it.
 */
public final class MetricsRoutes {
  /** Prometheus's text exposition format 0.0.4, which every scraper reads. */
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final ServerState server;
  private final NodeMetrics metrics;

  public MetricsRoutes(ServerState server) {
    this.server = server;
    this.metrics = server.metrics();
  }

  public void mount(Router router) {
    router.get("/metrics").handler(this::metrics);
    // The figures INFO shows: for users who may run INFO.
    router.get("/api/stats").handler(HttpSecurity.mayRun(server, "INFO")).handler(ctx -> json(ctx, metrics.stats().current().map(Object::toString)));
    router.get("/api/shards").handler(HttpSecurity.mayRun(server, "INFO")).handler(ctx -> json(ctx, metrics.stats().shards().map(Object::toString)));
  }

  /** Rendering a few thousand lines is kept off the event loop, which also serves clients. */
  private void metrics(RoutingContext ctx) {
    server.shards().refreshFigures()
        .compose(ignored -> ctx.vertx().executeBlocking(metrics::scrape, false))
        .onSuccess(text -> ctx.response().putHeader("content-type", PROMETHEUS_TEXT).end(text))
        .onFailure(ctx::fail);
  }

  private static void json(RoutingContext ctx, Future<String> body) {
    body.onSuccess(text -> ctx.response().putHeader("content-type", "application/json").end(text))
        .onFailure(ctx::fail);
  }
}

package io.verdis.web.admin;

import io.verdis.server.ServerState;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The JSON admin API under {@code /api}: keys, values, clients, slow log, configuration, INFO, a
 * console and the cluster overview. Every operation on data is a real command through an in-process
 * connection ({@link AdminClient}), so it is logged in the AOF, notifies keyspace events and counts
 * in stats as a RESP client's would. The one exception is a read: a stream's last id and groups, which
 * no command but XINFO shows ({@link StreamSummary}).
 * Authentication is not here: the security handlers mounted before this guard {@code /api/*}.
 */
public final class AdminApi {
  /** Request bodies (a whole value on PUT /api/key) are bounded; larger values go through RESP. */
  private static final long MAX_BODY_BYTES = 64L * 1024 * 1024;

  private final ServerState server;
  private final AdminClient redis;

  /** {@code context} is the web verticle's: the API's connections live on its event loop. */
  public AdminApi(ServerState server, Context context) {
    this.server = server;
    this.redis = new AdminClient(server, context);
  }

  public void mount(Router router) {
    Handler<RoutingContext> body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
    new KeyRoutes(redis, new StreamSummary(server.shards())).mount(router, body);
    new ServerRoutes(redis).mount(router, body);
    new ConsoleRoute(redis).mount(router, body);
    new ClusterRoute(server).mount(router);
  }

  /** Closes the idle connections (the verticle stops). */
  public void close() {
    redis.close();
  }
}

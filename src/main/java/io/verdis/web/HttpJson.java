package io.verdis.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON answers of the HTTP side: a body, or {@code {"error":"<Redis error text>"}}. */
public final class HttpJson {
  private HttpJson() {
  }

  public static void send(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }

  public static void error(RoutingContext ctx, int status, String message) {
    send(ctx, status, new JsonObject().put("error", message));
  }
}

package io.verdis.web.admin;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An admin API handler: the action's result as a 200 JSON body, an {@link ApiException} as its
 * status and {@code {"error": "..."}}, anything else as a 500 (logged: it is a bug).
 */
final class JsonEndpoint {
  private static final Logger LOG = Logger.getLogger(JsonEndpoint.class.getName());

  private JsonEndpoint() {
  }

  static Handler<RoutingContext> of(Function<RoutingContext, Future<?>> action) {
    return ctx -> {
      Future<?> result;
      try {
        result = action.apply(ctx);
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      result.onComplete(done -> {
        if (done.succeeded()) {
          send(ctx, 200, done.result());
        } else if (done.cause() instanceof ApiException api) {
          send(ctx, api.status(), new JsonObject().put("error", api.getMessage()));
        } else {
          LOG.log(Level.WARNING, "admin API " + ctx.request().method() + " " + ctx.request().path() + " failed", done.cause());
          send(ctx, 500, new JsonObject().put("error", "ERR " + done.cause().getMessage()));
        }
      });
    };
  }

  /** The request's body as a JSON object; 400 when it is not one. */
  static JsonObject body(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body != null) {
        return body;
      }
    } catch (DecodeException | ClassCastException e) {
      // answered below
    }
    throw ApiException.badRequest("ERR the request body must be a JSON object");
  }

  /** A whole number field of a body in [min, max], or {@code otherwise} when absent. */
  static long number(JsonObject body, String field, long otherwise, long min, long max) {
    Object value = body.getValue(field);
    if (value == null) {
      return otherwise;
    }
    if (value instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() >= min && n.longValue() <= max) {
      return n.longValue();
    }
    throw ApiException.badRequest("ERR '" + field + "' must be an integer from " + min + " to " + max);
  }

  private static void send(RoutingContext ctx, int status, Object body) {
    if (ctx.response().closed() || ctx.response().ended()) {
      return;
    }
    String text = body instanceof JsonArray array ? array.encode()
        : body instanceof JsonObject object ? object.encode()
        : String.valueOf(body);
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json; charset=utf-8")
        .end(text);
  }
}

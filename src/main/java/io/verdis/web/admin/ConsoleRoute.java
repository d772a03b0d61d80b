package io.verdis.web.admin;

import io.verdis.net.InlineArgs;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The console: {@code POST /api/command} runs one command, given as {@code args} or as a
 * {@code line} split the way redis-cli splits what one types (quotes and escapes), and answers the
 * RESP3 reply typed and as redis-cli would print it, with the database selected after it.
 */
final class ConsoleRoute {
  private final AdminClient client;

  ConsoleRoute(AdminClient redis) {
    this.client = redis;
  }

  void mount(Router router, Handler<RoutingContext> body) {
    router.post("/api/command").handler(body).handler(JsonEndpoint.of(this::command));
  }

  private Future<JsonObject> command(RoutingContext ctx) {
    AdminClient.AsUser redis = client.as(ctx);
    JsonObject body = JsonEndpoint.body(ctx);
    int db = KeyRoutes.db(body);
    byte[][] argv = argv(body);
    Promise<Void> abandoned = Promise.promise();
    ctx.response().closeHandler(ignored -> abandoned.tryComplete());
    return redis.console(db, argv, abandoned.future())
        .andThen(ignored -> abandoned.tryFail("answered"))
        .map(result -> new JsonObject()
            .put("db", result.db())
            .put("reply", ReplyJson.typed(result.reply()))
            .put("text", RedisCliText.format(result.reply())));
  }

  private static byte[][] argv(JsonObject body) {
    byte[][] argv;
    if (body.getValue("args") instanceof JsonArray args) {
      argv = new byte[args.size()][];
      for (int i = 0; i < args.size(); i++) {
        argv[i] = RequestBytes.of(args.getValue(i), "argument");
      }
    } else if (body.getValue("line") instanceof String line) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      List<byte[]> split = InlineArgs.split(bytes, 0, bytes.length);
      if (split == null) {
        throw ApiException.badRequest("Invalid argument(s)");
      }
      argv = split.toArray(new byte[0][]);
    } else {
      throw ApiException.badRequest("ERR give the command as \"args\" (an array) or as a \"line\"");
    }
    if (argv.length == 0) {
      throw ApiException.badRequest("ERR empty command");
    }
    return argv;
  }
}

package io.verdis.web.admin;

import io.verdis.web.JsonBytes;
import io.verdis.net.Reply;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The server's side of the admin API: INFO, CLIENT LIST/KILL, SLOWLOG GET/RESET, CONFIG GET/SET,
 * each read back into JSON.
 */
final class ServerRoutes {
  /** Numbers as INFO prints them; "00000000" (redis_git_sha1) is text, since a number would lose its zeros. */
  private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9]\\d{0,17})");
  private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9]\\d{0,14})\\.\\d{1,15}");
  /** CLIENT LIST fields that stay text even when they look like numbers. */
  private static final Set<String> TEXT_FIELDS = Set.of("addr", "laddr", "name", "flags", "events", "cmd", "user", "lib-name", "lib-ver");

  private final AdminClient client;

  ServerRoutes(AdminClient redis) {
    this.client = redis;
  }

  void mount(Router router, Handler<RoutingContext> body) {
    router.get("/api/info").handler(JsonEndpoint.of(this::info));
    router.get("/api/clients").handler(JsonEndpoint.of(this::clients));
    router.post("/api/clients/kill").handler(body).handler(JsonEndpoint.of(this::kill));
    router.get("/api/slowlog").handler(JsonEndpoint.of(this::slowlog));
    router.delete("/api/slowlog").handler(JsonEndpoint.of(this::resetSlowlog));
    router.get("/api/config").handler(JsonEndpoint.of(this::config));
    router.put("/api/config").handler(body).handler(JsonEndpoint.of(this::setConfig));
  }

  /** INFO [section] as {"server":{"redis_version":"7.2.0",...},...}: numbers as numbers. */
  private Future<JsonObject> info(RoutingContext ctx) {
    AdminClient.AsUser redis = client.as(ctx);
    String section = ctx.queryParam("section").isEmpty() ? null : ctx.queryParam("section").get(0);
    Argv info = Argv.of("INFO");
    if (section != null) {
      info.add(section);
    }
    return redis.call(0, info.build()).map(reply -> {
      AdminClient.failOnError(reply);
      return parseInfo(reply.text());
    });
  }

  static JsonObject parseInfo(String text) {
    JsonObject sections = new JsonObject();
    JsonObject current = null;
    for (String line : text.split("\r\n")) {
      if (line.startsWith("# ")) {
        current = new JsonObject();
        sections.put(line.substring(2).trim().toLowerCase(Locale.ROOT), current);
      } else if (!line.isEmpty() && current != null) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          current.put(line.substring(0, colon), value(line.substring(colon + 1)));
        }
      }
    }
    return sections;
  }

  private static Object value(String text) {
    if (INTEGER.matcher(text).matches()) {
      return Long.parseLong(text);
    }
    if (DECIMAL.matcher(text).matches()) {
      return Double.parseDouble(text);
    }
    return text;
  }

  /** CLIENT LIST as objects with every field, numbers as numbers. */
  private Future<JsonArray> clients(RoutingContext ctx) {
    AdminClient.AsUser redis = client.as(ctx);
    return redis.call(0, Argv.of("CLIENT").add("LIST").build()).map(reply -> {
      AdminClient.failOnError(reply);
      JsonArray clients = new JsonArray();
      for (String line : reply.text().split("\n")) {
        if (!line.isBlank()) {
          clients.add(parseClient(line.strip()));
        }
      }
      return clients;
    });
  }

  static JsonObject parseClient(String line) {
    JsonObject client = new JsonObject();
    for (String field : line.split(" ")) {
      int equals = field.indexOf('=');
      if (equals > 0) {
        String name = field.substring(0, equals);
        String value = field.substring(equals + 1);
        client.put(name, !TEXT_FIELDS.contains(name) && INTEGER.matcher(value).matches() ? (Object) Long.parseLong(value) : value);
      }
    }
    return client;
  }

  /** {"id": n}: CLIENT KILL ID n; 404 when there is no such client. */
  private Future<JsonObject> kill(RoutingContext ctx) {
    AdminClient.AsUser redis = client.as(ctx);
    long id = JsonEndpoint.number(JsonEndpoint.body(ctx), "id", -1, 0, Long.MAX_VALUE);
    if (id < 0) {
      throw ApiException.badRequest("ERR 'id' is missing");
    }
    return redis.call(0, Argv.of("CLIENT").add("KILL").add("ID").add(id).build()).map(reply -> {
      AdminClient.failOnError(reply);
      if (reply.integer() == 0) {
        throw new ApiException(404, "ERR No such client");
      }
      return new JsonObject().put("killed", reply.integer());
    });
  }

  /** SLOWLOG GET count, newest first. */
  private Future<JsonArray> slowlog(RoutingContext ctx) {
    AdminClient.AsUser redis = client.as(ctx);
    long count = new QueryBytes(ctx.request().query()).number("count", 128, -1, Integer.MAX_VALUE);
    return redis.call(0, Argv.of("SLOWLOG").add("GET").add(count).build()).map(reply -> {
      AdminClient.failOnError(reply);
      JsonArray entries = new JsonArray();
      for (Reply entry : reply.elements()) {
        JsonArray args = new JsonArray();
        entry.get(3).elements().forEach(arg -> args.add(JsonBytes.toJson(arg.bytes())));
        entries.add(new JsonObject()
            .put("id", entry.get(0).integer())
            .put("time", entry.get(1).integer())
            .put("durationUs", entry.get(2).integer())
            .put("args", args)
            .put("client", entry.size() > 4 ? entry.get(4).text() : "")
            .put("name", entry.size() > 5 ? entry.get(5).text() : ""));
      }
      return entries;
    });
  }

  private Future<JsonObject> resetSlowlog(RoutingContext ctx) {
    AdminClient.AsUser redis = client.as(ctx);
    return redis.call(0, Argv.of("SLOWLOG").add("RESET").build()).map(reply -> {
      AdminClient.failOnError(reply);
      return new JsonObject().put("reset", true);
    });
  }

  /** CONFIG GET pattern as {"name": "value", ...}, sorted by name. */
  private Future<JsonObject> config(RoutingContext ctx) {
    AdminClient.AsUser redis = client.as(ctx);
    List<String> pattern = ctx.queryParam("pattern");
    return configGet(redis, pattern.isEmpty() ? "*" : pattern.get(0));
  }

  private Future<JsonObject> configGet(AdminClient.AsUser redis, String pattern) {
    return redis.call(0, Argv.of("CONFIG").add("GET").add(pattern).build()).map(reply -> {
      AdminClient.failOnError(reply);
      Map<String, Object> sorted = new TreeMap<>();
      for (int i = 0; i + 1 < reply.size(); i += 2) {
        sorted.put(reply.get(i).text(), reply.get(i + 1).text());
      }
      return new JsonObject(sorted);
    });
  }

  /** {"name": n, "value": v}: CONFIG SET, then the value as CONFIG GET reads it back. */
  private Future<JsonObject> setConfig(RoutingContext ctx) {
    AdminClient.AsUser redis = client.as(ctx);
    JsonObject body = JsonEndpoint.body(ctx);
    if (!(body.getValue("name") instanceof String name) || name.isEmpty()) {
      throw ApiException.badRequest("ERR 'name' is missing");
    }
    Object value = body.getValue("value");
    if (!(value instanceof String) && !(value instanceof Number) && !(value instanceof Boolean)) {
      throw ApiException.badRequest("ERR 'value' must be a string");
    }
    return redis.call(0, Argv.of("CONFIG").add("SET").add(name).add(String.valueOf(value)).build())
        .compose(reply -> {
          AdminClient.failOnError(reply);
          return configGet(redis, name);
        });
  }
}

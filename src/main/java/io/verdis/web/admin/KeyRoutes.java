package io.verdis.web.admin;

import io.verdis.web.JsonBytes;
import io.verdis.net.Reply;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The key browser: {@code GET /api/keys} (one SCAN step per request, with each key's type and TTL),
 * {@code GET/PUT/DELETE /api/key}, {@code POST /api/key/rename} and {@code POST /api/key/expire}.
 *
 * <p>Reading a key takes a consistent snapshot: its type first, then one MULTI/EXEC with the type
 * again, the TTL, the encoding, the size and one page of the value; if the type changed in between
 * the read starts over. A stream's last id and groups are read just after ({@link StreamSummary}). Writing replaces the key atomically: MULTI, DEL, the type's write
 * command with every element, PEXPIRE, EXEC.
 */
final class KeyRoutes {
  static final long KEYS_PAGE = 100;
  static final long VALUES_PAGE = 1000;
  static final long MAX_COUNT = 100_000;
  private static final int READ_ATTEMPTS = 5;
  private static final Pattern SCORE =
      Pattern.compile("[+-]?(inf|infinity|(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?)", Pattern.CASE_INSENSITIVE);

  private final AdminClient client;
  private final StreamSummary streams;

  KeyRoutes(AdminClient redis, StreamSummary streams) {
    this.client = redis;
    this.streams = streams;
  }

  void mount(Router router, Handler<RoutingContext> body) {
    router.get("/api/keys").handler(JsonEndpoint.of(this::keys));
    router.get("/api/key").handler(JsonEndpoint.of(this::get));
    router.put("/api/key").handler(body).handler(JsonEndpoint.of(this::put));
    router.delete("/api/key").handler(JsonEndpoint.of(this::delete));
    router.post("/api/key/rename").handler(body).handler(JsonEndpoint.of(this::rename));
    router.post("/api/key/expire").handler(body).handler(JsonEndpoint.of(this::expire));
  }

  /** One SCAN step, then TYPE and PTTL of every key it found, in one pipeline. */
  private Future<JsonObject> keys(RoutingContext ctx) {
    AdminClient.AsUser redis = client.as(ctx);
    QueryBytes query = new QueryBytes(ctx.request().query());
    int db = db(query);
    byte[] cursor = query.bytes("cursor");
    long count = query.number("count", KEYS_PAGE, 1, MAX_COUNT);
    byte[] match = query.bytes("match");
    byte[] prefix = query.bytes("prefix");
    byte[] type = query.bytes("type");
    if (match != null && prefix != null) {
      throw ApiException.badRequest("ERR give either match or prefix, not both");
    }
    if (prefix != null) {
      match = prefixPattern(prefix);
    }
    Argv scan = Argv.of("SCAN").add(cursor == null ? new byte[] {'0'} : cursor);
    if (match != null) {
      scan.add("MATCH").add(match);
    }
    scan.add("COUNT").add(count);
    if (type != null && type.length > 0) {
      scan.add("TYPE").add(type);
    }
    return redis.call(db, scan.build()).compose(reply -> {
      AdminClient.failOnError(reply);
      String next = reply.get(0).text();
      List<Reply> found = reply.get(1).elements();
      List<byte[][]> details = new ArrayList<>(found.size() * 2);
      for (Reply key : found) {
        details.add(Argv.of("TYPE", key.bytes()));
        details.add(Argv.of("PTTL", key.bytes()));
      }
      return redis.run(db, details).map(typesAndTtls -> {
        JsonArray keys = new JsonArray();
        for (int i = 0; i < found.size(); i++) {
          String keyType = typesAndTtls.get(2 * i).text();
          if (keyType == null || keyType.equals("none")) {
            continue; // deleted or expired since the SCAN step
          }
          keys.add(new JsonObject()
              .put("key", JsonBytes.toJson(found.get(i).bytes()))
              .put("type", keyType)
              .put("ttl", typesAndTtls.get(2 * i + 1).integer()));
        }
        return new JsonObject().put("cursor", next).put("keys", keys);
      });
    });
  }

  /** {@code prefix*} with the prefix's glob metacharacters escaped, so it matches literally. */
  static byte[] prefixPattern(byte[] prefix) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(prefix.length + 4);
    for (byte b : prefix) {
      if (b == '*' || b == '?' || b == '[' || b == ']' || b == '\\') {
        out.write('\\');
      }
      out.write(b);
    }
    out.write('*');
    return out.toByteArray();
  }

  private Future<JsonObject> get(RoutingContext ctx) {
    AdminClient.AsUser redis = client.as(ctx);
    QueryBytes query = new QueryBytes(ctx.request().query());
    return read(redis, db(query), query.required("key"), new ValueRead.Page(query.number("offset", 0, 0, Long.MAX_VALUE / 2),
        query.number("count", VALUES_PAGE, 1, MAX_COUNT), query.bytes("cursor"), query.number("reverse", 0, 0, 1) == 1), 0);
  }

  /** The key's snapshot, one page of its value. */
  private Future<JsonObject> read(AdminClient.AsUser redis, int db, byte[] key, ValueRead.Page page, int attempt) {
    return redis.call(db, Argv.of("TYPE", key)).compose(first -> {
      String type = first.text();
      if ("none".equals(type)) {
        throw ApiException.noSuchKey();
      }
      ValueRead value = ValueRead.of(type, key, page);
      List<byte[][]> commands = new ArrayList<>();
      commands.add(Argv.of("MULTI").build());
      commands.add(Argv.of("TYPE", key));
      commands.add(Argv.of("PTTL", key));
      commands.add(Argv.of("OBJECT", "ENCODING".getBytes(StandardCharsets.US_ASCII), key));
      commands.addAll(value.commands());
      commands.add(Argv.of("EXEC").build());
      return redis.run(db, commands).compose(replies -> {
        Reply exec = executed(replies);
        String now = exec.get(0).text();
        if ("none".equals(now)) {
          throw ApiException.noSuchKey();
        }
        if (!type.equals(now)) {
          return retry(redis, db, key, page, attempt);
        }
        JsonObject json = new JsonObject()
            .put("key", JsonBytes.toJson(key))
            .put("type", type)
            .put("ttl", exec.get(1).integer())
            .put("encoding", exec.get(2).isNull() ? null : exec.get(2).text());
        List<Reply> results = exec.elements().subList(3, exec.size());
        for (Reply result : results) {
          AdminClient.failOnError(result);
        }
        value.fill(json, results);
        if (value.readAllInstead(json)) {
          return readAll(redis, db, key, type, json, page, attempt);
        }
        return type.equals("stream") ? streams.addTo(json, db, key) : Future.succeededFuture(json);
      });
    });
  }

  private Future<JsonObject> retry(AdminClient.AsUser redis, int db, byte[] key, ValueRead.Page page, int attempt) {
    if (attempt + 1 >= READ_ATTEMPTS) {
      throw ApiException.badRequest("ERR the key keeps changing type; try again");
    }
    return read(redis, db, key, page, attempt + 1);
  }

  /** A set or hash no bigger than a page whose first SCAN step did not cover it: SMEMBERS/HGETALL. */
  private Future<JsonObject> readAll(AdminClient.AsUser redis, int db, byte[] key, String type, JsonObject json, ValueRead.Page page, int attempt) {
    byte[][] all = type.equals("set") ? Argv.of("SMEMBERS", key) : Argv.of("HGETALL", key);
    List<byte[][]> commands = List.of(Argv.of("MULTI").build(), Argv.of("TYPE", key), all, Argv.of("EXEC").build());
    return redis.run(db, commands).compose(replies -> {
      Reply exec = executed(replies);
      if (!type.equals(exec.get(0).text())) {
        return retry(redis, db, key, page, attempt);
      }
      JsonArray value = type.equals("set") ? ValueRead.strings(exec.get(1)) : ValueRead.fieldsAndValues(exec.get(1).elements());
      return Future.succeededFuture(json.put("value", value).put("size", value.size()).put("cursor", "0").put("truncated", false));
    });
  }

  /** The EXEC reply at the end of a MULTI pipeline; a refused transaction answers its first error. */
  private static Reply executed(List<Reply> replies) {
    Reply exec = replies.get(replies.size() - 1);
    if (exec.isError() || exec.isNull()) {
      for (Reply reply : replies) {
        AdminClient.failOnError(reply);
      }
      throw ApiException.badRequest("ERR the transaction was aborted");
    }
    return exec;
  }

  /** PUT: replaces the key with the given type, value and TTL in one transaction; answers as GET. */
  private Future<JsonObject> put(RoutingContext ctx) {
    AdminClient.AsUser redis = client.as(ctx);
    QueryBytes query = new QueryBytes(ctx.request().query());
    int db = db(query);
    byte[] key = query.required("key");
    JsonObject body = JsonEndpoint.body(ctx);
    String type = body.getValue("type") instanceof String text ? text : null;
    long ttl = JsonEndpoint.number(body, "ttl", -1, -1, Long.MAX_VALUE);
    if (ttl == 0) {
      throw ApiException.badRequest("ERR 'ttl' must be -1 (no expiry) or a positive number of milliseconds");
    }
    byte[][] write = writeCommand(type, key, body.getValue("value"));
    List<byte[][]> commands = new ArrayList<>();
    commands.add(Argv.of("MULTI").build());
    if (!type.equals("string")) {
      commands.add(Argv.of("DEL", key));
    }
    commands.add(write);
    if (ttl > 0) {
      commands.add(Argv.of("PEXPIRE").add(key).add(ttl).build());
    }
    commands.add(Argv.of("EXEC").build());
    return redis.run(db, commands).compose(replies -> {
      for (Reply result : executed(replies).elements()) {
        AdminClient.failOnError(result);
      }
      return read(redis, db, key, ValueRead.Page.FIRST, 0);
    });
  }

  /** SET, RPUSH, SADD, HSET or ZADD with the whole value; 400 for a value of the wrong shape. */
  private static byte[][] writeCommand(String type, byte[] key, Object value) {
    if (type == null) {
      throw ApiException.badRequest("ERR 'type' is missing");
    }
    if (type.equals("string")) {
      return Argv.of("SET").add(key).add(RequestBytes.of(value, "value")).build();
    }
    if (type.equals("hash") && value instanceof JsonObject fields && !fields.containsKey("base64")) {
      Argv hset = Argv.of("HSET").add(key);
      for (Map.Entry<String, Object> field : fields) {
        hset.add(field.getKey()).add(RequestBytes.of(field.getValue(), "value of field '" + field.getKey() + "'"));
      }
      return nonEmpty(hset, fields.size());
    }
    if (!(value instanceof JsonArray items)) {
      throw ApiException.badRequest("ERR 'value' of a " + type + " must be an array");
    }
    Argv argv;
    switch (type) {
      case "list" -> {
        argv = Argv.of("RPUSH").add(key);
        for (Object item : items) {
          argv.add(RequestBytes.of(item, "element"));
        }
      }
      case "set" -> {
        argv = Argv.of("SADD").add(key);
        for (Object item : items) {
          argv.add(RequestBytes.of(item, "member"));
        }
      }
      case "hash" -> {
        argv = Argv.of("HSET").add(key);
        for (Object item : items) {
          JsonObject pair = object(item, "{\"field\":...,\"value\":...}");
          argv.add(RequestBytes.of(pair.getValue("field"), "field")).add(RequestBytes.of(pair.getValue("value"), "value"));
        }
      }
      case "zset" -> {
        argv = Argv.of("ZADD").add(key);
        for (Object item : items) {
          JsonObject entry = object(item, "{\"member\":...,\"score\":...}");
          argv.add(score(entry.getValue("score"))).add(RequestBytes.of(entry.getValue("member"), "member"));
        }
      }
      default -> throw ApiException.badRequest("ERR unknown type '" + type + "': string, list, set, hash or zset");
    }
    return nonEmpty(argv, items.size());
  }

  private static byte[][] nonEmpty(Argv argv, int size) {
    if (size == 0) {
      throw ApiException.badRequest("ERR a list, set, hash or zset cannot be empty (DELETE the key instead)");
    }
    return argv.build();
  }

  private static JsonObject object(Object item, String shape) {
    if (item instanceof JsonObject object) {
      return object;
    }
    throw ApiException.badRequest("ERR every entry must be " + shape);
  }

  /** A score as ZADD reads it, checked first: a bad one must not leave the key deleted. */
  private static String score(Object score) {
    String text = score instanceof Number number ? number.toString() : score instanceof String s ? s : null;
    if (text == null || !SCORE.matcher(text).matches()) {
      throw ApiException.badRequest("ERR value is not a valid float");
    }
    return text;
  }

  private Future<JsonObject> delete(RoutingContext ctx) {
    AdminClient.AsUser redis = client.as(ctx);
    QueryBytes query = new QueryBytes(ctx.request().query());
    return redis.call(db(query), Argv.of("DEL", query.required("key")))
        .map(reply -> {
          AdminClient.failOnError(reply);
          return new JsonObject().put("deleted", reply.integer());
        });
  }

  private Future<JsonObject> rename(RoutingContext ctx) {
    AdminClient.AsUser redis = client.as(ctx);
    JsonObject body = JsonEndpoint.body(ctx);
    int db = db(body);
    byte[] key = RequestBytes.of(body.getValue("key"), "key");
    byte[] newKey = RequestBytes.of(body.getValue("newKey"), "newKey");
    return redis.call(db, Argv.of("RENAME", key, newKey)).map(reply -> {
      AdminClient.failOnError(reply);
      return new JsonObject().put("key", JsonBytes.toJson(newKey));
    });
  }

  /** ttl in ms, or -1 to remove the expiry (PERSIST); answers the key's PTTL afterwards. */
  private Future<JsonObject> expire(RoutingContext ctx) {
    AdminClient.AsUser redis = client.as(ctx);
    JsonObject body = JsonEndpoint.body(ctx);
    int db = db(body);
    byte[] key = RequestBytes.of(body.getValue("key"), "key");
    long ttl = JsonEndpoint.number(body, "ttl", Long.MIN_VALUE, -1, Long.MAX_VALUE);
    if (ttl == 0 || ttl == Long.MIN_VALUE) {
      throw ApiException.badRequest("ERR 'ttl' must be -1 (persist) or a positive number of milliseconds");
    }
    byte[][] change = ttl == -1 ? Argv.of("PERSIST", key) : Argv.of("PEXPIRE").add(key).add(ttl).build();
    return redis.run(db, List.of(change, Argv.of("PTTL", key))).map(replies -> {
      AdminClient.failOnError(replies.get(0));
      long now = replies.get(1).integer();
      if (now == -2) {
        throw ApiException.noSuchKey();
      }
      return new JsonObject().put("key", JsonBytes.toJson(key)).put("ttl", now);
    });
  }

  static int db(QueryBytes query) {
    return (int) query.number("db", 0, 0, Integer.MAX_VALUE);
  }

  static int db(JsonObject body) {
    return (int) JsonEndpoint.number(body, "db", 0, 0, Integer.MAX_VALUE);
  }
}

package io.verdis.web.admin;

import io.verdis.web.JsonBytes;
import io.verdis.net.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A reply as typed JSON for the console: {@code {"type":"bulk","value":...}}, where arrays, sets
 * and pushes hold a list of typed replies and maps a list of [key, value] pairs of typed replies.
 * Bulk and verbatim strings follow the binary-safe rule; doubles are numbers (or "inf", "-inf",
 * "nan", which JSON cannot hold).
 */
final class ReplyJson {
  private ReplyJson() {
  }

  static JsonObject typed(Reply reply) {
    JsonObject json = new JsonObject().put("type", reply.type().name().toLowerCase(Locale.ROOT));
    switch (reply.type()) {
      case SIMPLE, ERROR, BIGNUM -> json.put("value", reply.text());
      case BULK -> json.put("value", JsonBytes.toJson(reply.bytes()));
      case VERBATIM -> json.put("value", JsonBytes.toJson(reply.bytes())).put("format", reply.format());
      case INTEGER -> json.put("value", reply.integer());
      case BOOLEAN -> json.put("value", reply.integer() != 0);
      case DOUBLE -> json.put("value", number(reply));
      case NULL -> json.putNull("value");
      case MAP -> {
        JsonArray pairs = new JsonArray();
        for (int i = 0; i + 1 < reply.size(); i += 2) {
          pairs.add(new JsonArray().add(typed(reply.get(i))).add(typed(reply.get(i + 1))));
        }
        json.put("value", pairs);
      }
      default -> {
        JsonArray items = new JsonArray();
        reply.elements().forEach(element -> items.add(typed(element)));
        json.put("value", items);
      }
    }
    return json;
  }

  /** A double reply (or a score sent as a bulk string in RESP2) as a JSON number, or its text when not finite. */
  static Object number(Reply reply) {
    String text = new String(reply.bytes(), StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
    if (text.contains("nan")) {
      return "nan";
    }
    double value = Double.parseDouble(text.replace("inf", "Infinity"));
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? (Object) (long) value : (Object) value;
  }
}

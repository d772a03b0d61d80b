package io.verdis.command;

import io.verdis.net.RespWriter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What redis-server 7.0 says about a command beyond what Verdis's declaration decides: its whole
 * COMMAND DOCS entry (summary … argument trees, history, deprecation) and, from COMMAND INFO, its
 * ACL categories, tips and key specs. Hand-writing hundreds of argument trees would drift from
 * Redis; they are copied once from a real redis-server by {@code src/bench/command-reference.py}
 * into {@code redis-commands.json} beside this class, and attached to each declared command by its
 * full name when the table is built. The declaration keeps what the server acts on (name, arity,
 * flags, key positions) and the docs of the commands Redis does not have.
 *
 * <p>The JSON keeps Redis's maps in order; the RESP types JSON cannot carry are restored by field
 * name: "flags", "doc_flags", "history", "key_specs", "tips" and "acl_categories" are sets, flags
 * and categories simple strings, every other list an array, numbers integers, text bulk strings.
 */
public final class CommandReference {
  /** A command Redis does not have (or Pizzaria's): nothing to add. */
  public static final CommandReference NONE = new CommandReference(null, null, null, null, List.of());

  private static final String RESOURCE = "redis-commands.json";
  private static final java.util.Set<String> SETS = java.util.Set.of("history", "key_specs", "tips");

  private final JsonObject docs;
  private final JsonArray categories;
  private final JsonArray tips;
  private final JsonArray rawKeySpecs;
  private final List<RedisKeySpec> keySpecs;

  private CommandReference(JsonObject docs, JsonArray categories, JsonArray tips, JsonArray rawKeySpecs,
      List<RedisKeySpec> keySpecs) {
    this.docs = docs;
    this.categories = categories;
    this.tips = tips;
    this.rawKeySpecs = rawKeySpecs;
    this.keySpecs = keySpecs;
  }

  /** The reference for {@code fullName} ("get", "client|kill"), or {@link #NONE}. */
  static CommandReference of(String fullName) {
    JsonObject entry = Loaded.COMMANDS.getJsonObject(fullName);
    if (entry == null) {
      return NONE;
    }
    JsonArray specs = entry.getJsonArray("key_specs");
    List<RedisKeySpec> keySpecs = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      keySpecs.add(RedisKeySpec.from(specs.getJsonObject(i)));
    }
    return new CommandReference(entry.getJsonObject("docs"), entry.getJsonArray("acl_categories"),
        entry.getJsonArray("tips"), specs, List.copyOf(keySpecs));
  }

  /** The Redis version the reference was taken from ("7.0.15"). */
  public static String redisVersion() {
    return Loaded.VERSION;
  }

  /** Whether redis-server has the command: else Verdis describes it from its declaration alone. */
  public boolean known() {
    return docs != null;
  }

  /** Redis's ACL categories for the command, without the '@' ("read", "string", "fast"). */
  public List<String> categories() {
    return categories.stream().map(category -> ((String) category).substring(1)).toList();
  }

  public List<RedisKeySpec> keySpecs() {
    return keySpecs;
  }

  /** Number of COMMAND DOCS fields (pairs), subcommands left out. */
  public int docFieldCount() {
    return docs.size();
  }

  /** The COMMAND DOCS fields, in Redis's order (summary, since, group, complexity, … arguments). */
  public void writeDocFields(RespWriter out) {
    for (Map.Entry<String, Object> field : docs) {
      out.bulk(field.getKey());
      write(out, field.getKey(), field.getValue());
    }
  }

  /** COMMAND INFO's tips element (request_policy:all_shards …), as Redis writes it. */
  public void writeTips(RespWriter out) {
    write(out, "tips", tips);
  }

  /** COMMAND INFO's key specs element, as Redis writes it. */
  public void writeKeySpecs(RespWriter out) {
    write(out, "key_specs", rawKeySpecs);
  }

  private static void write(RespWriter out, String field, Object value) {
    if (value instanceof JsonObject map) {
      out.map(map.size());
      for (Map.Entry<String, Object> entry : map) {
        out.bulk(entry.getKey());
        write(out, entry.getKey(), entry.getValue());
      }
    } else if (value instanceof JsonArray list) {
      boolean flags = field.equals("flags") || field.equals("doc_flags");
      if (flags || SETS.contains(field)) {
        out.set(list.size());
      } else {
        out.array(list.size());
      }
      for (Object element : list) {
        if (flags) {
          out.simple((String) element);
        } else {
          write(out, "", element);
        }
      }
    } else if (value instanceof Number number) {
      out.integer(number.longValue());
    } else {
      out.bulk(String.valueOf(value));
    }
  }

  /** Read once, on first use (building the command table). */
  private static final class Loaded {
    private static final JsonObject DOCUMENT = read();
    static final JsonObject COMMANDS = DOCUMENT.getJsonObject("commands");
    static final String VERSION = DOCUMENT.getString("redis_version");

    private static JsonObject read() {
      try (InputStream in = CommandReference.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + RESOURCE + " beside " + CommandReference.class);
        }
        return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}

package io.verdis.script.lua;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.jse.JsePlatform;

import io.verdis.it.RawClient;
import io.verdis.it.RealRedis;

/**
 * Runs Lua snippets in LuaJ with {@link LuaLibraries} installed and on a real redis-server through
 * {@code EVAL <snippet> 0}, and requires the same result. Results are compared as Redis converts them to replies
 * (strings, integers truncated, nil, arrays up to the first nil); errors by their core message, without the text
 * around it that differs by design (Redis's "ERR user_script:1: … script: <sha>, on @user_script:1." and LuaJ's
 * "@user_script:1 " position, which belong to the scripting engine, not to the libraries).
 *
 * <p>Snippets are given one per line; blank lines and lines starting with "--" are skipped. Snippets are sent and
 * loaded as ISO-8859-1 bytes, so "\ddd" escapes and literal bytes reach both the same way.
 */
final class LuaSideBySide {
  private static final Pattern REDIS_WRAPPING =
      Pattern.compile("^ERR (Error running script \\(call to \\w+\\): )?(@?user_script:\\d+: )?|"
          + " script: [0-9a-f]{40}, on @user_script:\\d+\\.$");
  private static final Pattern POSITION = Pattern.compile("^@?user_script:\\d+:? ");

  private final RealRedis redis;
  private final Globals globals = sandboxLikeGlobals();

  LuaSideBySide(RealRedis redis) {
    this.redis = redis;
  }

  /** The globals the scripting sandbox starts from: LuaJ's standard ones without io, os, luajava and package. */
  static Globals sandboxLikeGlobals() {
    Globals globals = JsePlatform.standardGlobals();
    for (String name : List.of("io", "os", "luajava", "package", "require", "dofile", "loadfile")) {
      globals.set(name, LuaValue.NIL);
    }
    LuaLibraries.install(globals);
    return globals;
  }

  /** The result of one snippet in LuaJ, in the form {@link #redis} gives. */
  String luaj(String snippet) {
    try {
      LuaValue chunk = globals.load(new ByteArrayInputStream(snippet.getBytes(StandardCharsets.ISO_8859_1)),
          "@user_script", "t", globals);
      Varargs result = chunk.invoke();
      return reply(result.arg1());
    } catch (LuaError e) {
      return "(error) " + POSITION.matcher(String.valueOf(e.getMessageObject().tojstring())).replaceFirst("");
    }
  }

  /** The result of one snippet on redis-server: the reply as text. */
  String redis(String snippet) throws IOException {
    try {
      return reply(redis.call("EVAL", snippet, 0));
    } catch (RawClient.ErrorReply e) {
      return "(error) " + POSITION.matcher(REDIS_WRAPPING.matcher(e.getMessage()).replaceAll("")).replaceFirst("");
    }
  }

  /** Runs every snippet on both; fails listing each one whose results differ. */
  void assertSame(String snippets) throws IOException {
    List<String> differences = new ArrayList<>();
    int count = 0;
    for (String snippet : snippets.split("\n")) {
      if (snippet.isBlank() || snippet.startsWith("--")) {
        continue;
      }
      count++;
      String expected = redis(snippet);
      String actual = luaj(snippet);
      if (!expected.equals(actual)) {
        differences.add(snippet + "\n    redis: " + expected + "\n    luaj:  " + actual);
      }
    }
    if (!differences.isEmpty()) {
      fail(differences.size() + " of " + count + " snippets differ from redis-server:\n"
          + String.join("\n", differences));
    }
  }

  /** Lua value to reply as Redis converts it (RESP2), written as text. */
  private static String reply(LuaValue value) {
    switch (value.type()) {
      case LuaValue.TSTRING:
        return quoted(value.checkstring());
      case LuaValue.TNUMBER:
        return "(integer) " + CFormat.toLong(value.todouble());
      case LuaValue.TBOOLEAN:
        return value.toboolean() ? "(integer) 1" : "(nil)";
      case LuaValue.TTABLE: {
        LuaValue err = value.get("err");
        if (err.isstring()) {
          return "(error) " + err.tojstring();
        }
        LuaValue ok = value.get("ok");
        if (ok.isstring()) {
          return ok.tojstring();
        }
        List<String> elements = new ArrayList<>();
        for (int i = 1; !value.get(i).isnil(); i++) {
          elements.add(reply(value.get(i)));
        }
        return elements.toString();
      }
      default:
        return "(nil)";
    }
  }

  private static String reply(Object reply) {
    if (reply == null) {
      return "(nil)";
    }
    if (reply instanceof byte[] bytes) {
      return quoted(LuaString.valueOf(bytes));
    }
    if (reply instanceof Long number) {
      return "(integer) " + number;
    }
    if (reply instanceof List<?> list) {
      List<String> elements = new ArrayList<>();
      for (Object element : list) {
        elements.add(reply(element));
      }
      return elements.toString();
    }
    return reply.toString();
  }

  /**
   * A string with its bytes visible: printable ASCII as is, others as \xHH. A position at its start (an error
   * message a snippet caught with pcall) is left out, as for errors.
   */
  private static String quoted(LuaString s) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < s.m_length; i++) {
      int b = s.m_bytes[s.m_offset + i] & 0xff;
      text.append(b >= 0x20 && b < 0x7f && b != '\\' ? String.valueOf((char) b) : String.format("\\x%02x", b));
    }
    return '"' + POSITION.matcher(text).replaceFirst("") + '"';
  }
}

package io.verdis.script.lua;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * cjson.decode as lua-cjson 2.1.0 reads JSON, token by token as its json_next_token does, so that what it accepts
 * (strtod numbers such as "01" or "0x10" while decode_invalid_numbers is on, raw control bytes in strings, a NUL
 * ending the text) and its errors ("Expected value but found invalid token at character 1") are the same.
 * null becomes cjson.null; numbers are doubles.
 */
final class CJsonDecoder {
  private enum Type {
    OBJ_BEGIN, OBJ_END, ARR_BEGIN, ARR_END, STRING, NUMBER, BOOLEAN, NULL, COLON, COMMA, END, WHITESPACE, ERROR,
    UNKNOWN
  }

  private static final Type[] CH2TOKEN = new Type[256];

  static {
    Arrays.fill(CH2TOKEN, Type.ERROR);
    CH2TOKEN['{'] = Type.OBJ_BEGIN;
    CH2TOKEN['}'] = Type.OBJ_END;
    CH2TOKEN['['] = Type.ARR_BEGIN;
    CH2TOKEN[']'] = Type.ARR_END;
    CH2TOKEN[','] = Type.COMMA;
    CH2TOKEN[':'] = Type.COLON;
    CH2TOKEN[0] = Type.END;
    CH2TOKEN[' '] = Type.WHITESPACE;
    CH2TOKEN['\t'] = Type.WHITESPACE;
    CH2TOKEN['\n'] = Type.WHITESPACE;
    CH2TOKEN['\r'] = Type.WHITESPACE;
    for (char c : "fiInNt\"+-0123456789".toCharArray()) {
      CH2TOKEN[c] = Type.UNKNOWN;
    }
  }

  /** One token: its type, where it starts (0-based), and its value or, for ERROR, what went wrong. */
  private static final class Token {
    Type type;
    int index;
    LuaValue value;
    String error;
  }

  private final CJsonLibrary.Config config;
  private final byte[] data;
  /** The text as strtod sees it: one char per byte, up to the first NUL. */
  private final String text;
  private int ptr;
  private int depth;
  /** What lua-cjson would hold on the Lua stack: the argument, then each enclosing array or object and key. */
  private int slots = 1;

  CJsonDecoder(CJsonLibrary.Config config, LuaString json) {
    this.config = config;
    this.data = LuaArgs.bytes(json);
    int end = 0;
    while (end < data.length && data[end] != 0) {
      end++;
    }
    this.text = new String(data, 0, end, StandardCharsets.ISO_8859_1);
  }

  LuaValue decode() {
    // "Detect Unicode other than UTF-8 (see RFC 4627, Sec 3)"
    if (data.length >= 2 && (data[0] == 0 || data[1] == 0)) {
      throw new LuaError("JSON parser does not support UTF-16 or UTF-32");
    }
    Token token = new Token();
    next(token);
    LuaValue value = value(token);
    next(token);
    if (token.type != Type.END) {
      throw parseError("the end", token);
    }
    return value;
  }

  private int at(int i) {
    return i < text.length() ? text.charAt(i) : 0;
  }

  private void next(Token token) {
    int ch;
    while (true) {
      ch = at(ptr);
      token.type = CH2TOKEN[ch];
      if (token.type != Type.WHITESPACE) {
        break;
      }
      ptr++;
    }
    token.index = ptr;
    if (token.type == Type.ERROR) {
      error(token, "invalid token");
      return;
    }
    if (token.type == Type.END) {
      return;
    }
    if (token.type != Type.UNKNOWN) {
      ptr++;
      return;
    }
    if (ch == '"') {
      string(token);
    } else if (ch == '-' || ch >= '0' && ch <= '9') {
      if (!config.decodeInvalidNumbers && isInvalidNumber()) {
        error(token, "invalid number");
        return;
      }
      number(token);
    } else if (text.startsWith("true", ptr)) {
      token.type = Type.BOOLEAN;
      token.value = LuaValue.TRUE;
      ptr += 4;
    } else if (text.startsWith("false", ptr)) {
      token.type = Type.BOOLEAN;
      token.value = LuaValue.FALSE;
      ptr += 5;
    } else if (text.startsWith("null", ptr)) {
      token.type = Type.NULL;
      ptr += 4;
    } else if (config.decodeInvalidNumbers && isInvalidNumber()) {
      number(token);
    } else {
      error(token, "invalid token");
    }
  }

  private void error(Token token, String what) {
    token.type = Type.ERROR;
    token.index = ptr;
    token.error = what;
  }

  /** json_is_invalid_number: a leading '+', hex, leading zeros, inf or nan — numbers strtod reads but JSON has not. */
  private boolean isInvalidNumber() {
    int p = ptr;
    if (at(p) == '+') {
      return true;
    }
    if (at(p) == '-') {
      p++;
    }
    if (at(p) == '0') {
      int ch2 = at(p + 1);
      return (ch2 | 0x20) == 'x' || ch2 >= '0' && ch2 <= '9';
    } else if (at(p) <= '9') {
      return false;
    }
    return text.regionMatches(true, p, "inf", 0, 3) || text.regionMatches(true, p, "nan", 0, 3);
  }

  private void number(Token token) {
    int[] end = new int[1];
    Double value = CNumberScan.strtod(text, ptr, end);
    if (value == null) {
      error(token, "invalid number");
      return;
    }
    token.type = Type.NUMBER;
    token.value = LuaValue.valueOf(value);
    ptr = end[0];
  }

  private void string(Token token) {
    ptr++;
    ByteArrayOutputStream value = new ByteArrayOutputStream();
    int ch;
    while ((ch = at(ptr)) != '"') {
      if (ch == 0) {
        error(token, "unexpected end of string");
        return;
      }
      if (ch == '\\') {
        int escaped = at(ptr + 1);
        if (escaped == 'u') {
          if (!unicodeEscape(value)) {
            error(token, "invalid unicode escape code");
            return;
          }
          continue;
        }
        ch = switch (escaped) {
          case '"', '\\', '/' -> escaped;
          case 'b' -> '\b';
          case 't' -> '\t';
          case 'n' -> '\n';
          case 'f' -> '\f';
          case 'r' -> '\r';
          default -> -1;
        };
        if (ch < 0) {
          error(token, "invalid escape code");
          return;
        }
        ptr++;
      }
      value.write(ch);
      ptr++;
    }
    ptr++;
    token.type = Type.STRING;
    token.value = LuaString.valueOf(value.toByteArray());
  }

  /** json_append_unicode_escape: \\uXXXX, or a surrogate pair of them, as UTF-8. */
  private boolean unicodeEscape(ByteArrayOutputStream out) {
    int codepoint = hex4(ptr + 2);
    int length = 6;
    if (codepoint < 0) {
      return false;
    }
    if ((codepoint & 0xF800) == 0xD800) {
      if ((codepoint & 0x400) != 0 || at(ptr + 6) != '\\' || at(ptr + 7) != 'u') {
        return false;
      }
      int low = hex4(ptr + 8);
      if (low < 0 || (low & 0xFC00) != 0xDC00) {
        return false;
      }
      codepoint = (((codepoint & 0x3FF) << 10) | (low & 0x3FF)) + 0x10000;
      length = 12;
    }
    if (codepoint < 0x80) {
      out.write(codepoint);
    } else if (codepoint < 0x800) {
      out.write(0xC0 | codepoint >> 6);
      out.write(0x80 | codepoint & 0x3F);
    } else if (codepoint < 0x10000) {
      out.write(0xE0 | codepoint >> 12);
      out.write(0x80 | codepoint >> 6 & 0x3F);
      out.write(0x80 | codepoint & 0x3F);
    } else {
      out.write(0xF0 | codepoint >> 18);
      out.write(0x80 | codepoint >> 12 & 0x3F);
      out.write(0x80 | codepoint >> 6 & 0x3F);
      out.write(0x80 | codepoint & 0x3F);
    }
    ptr += length;
    return true;
  }

  private int hex4(int p) {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(at(p + i), 16);
      if (digit < 0) {
        return -1;
      }
      value = value << 4 | digit;
    }
    return value;
  }

  /** An array or object being read: its table and, for an object, the key whose value comes next. */
  private static final class Open {
    final LuaTable table = new LuaTable();
    final boolean object;
    int index = 1;
    LuaValue key;

    Open(boolean object) {
      this.object = object;
    }
  }

  /**
   * json_process_value with json_parse_object_context and json_parse_array_context, in the same order of tokens
   * and errors, but with the open arrays and objects on a stack of our own rather than Java's: scripts run on event
   * loop threads, whose stack would run out before lua-cjson's depth limits.
   */
  private LuaValue value(Token token) {
    ArrayDeque<Open> open = new ArrayDeque<>();
    while (true) {
      LuaValue value;
      switch (token.type) {
        case STRING, NUMBER, BOOLEAN -> value = token.value;
        case NULL -> value = CJsonLibrary.NULL;
        case OBJ_BEGIN, ARR_BEGIN -> {
          boolean object = token.type == Type.OBJ_BEGIN;
          descend(object ? 3 : 2);
          Open table = new Open(object);
          next(token);
          if (token.type == (object ? Type.OBJ_END : Type.ARR_END)) {
            depth--;
            value = table.table;
            break;
          }
          open.push(table);
          slots += object ? 2 : 1;
          if (object) {
            key(table, token);
          }
          continue;
        }
        default -> throw parseError("value", token);
      }
      // A whole value: store it in the innermost open table, then read what follows it there.
      while (true) {
        Open table = open.peek();
        if (table == null) {
          return value;
        }
        table.table.rawset(table.object ? table.key : LuaValue.valueOf(table.index++), value);
        next(token);
        if (token.type == (table.object ? Type.OBJ_END : Type.ARR_END)) {
          open.pop();
          depth--;
          slots -= table.object ? 2 : 1;
          value = table.table;
          continue;
        }
        if (token.type != Type.COMMA) {
          throw parseError(table.object ? "comma or object end" : "comma or array end", token);
        }
        next(token);
        if (table.object) {
          key(table, token);
        }
        break;
      }
    }
  }

  /** An object's key and colon; leaves the token on the value. */
  private void key(Open table, Token token) {
    if (token.type != Type.STRING) {
      throw parseError("object key string", token);
    }
    table.key = token.value;
    next(token);
    if (token.type != Type.COLON) {
      throw parseError("colon", token);
    }
    next(token);
  }

  /** json_decode_descend: one level deeper, with room on the Lua stack for {@code room} more slots. */
  private void descend(int room) {
    depth++;
    if (depth > config.decodeMaxDepth || slots + room > CJsonEncoder.LUA_MAX_C_STACK) {
      throw new LuaError("Found too many nested data structures (" + depth + ") at character " + ptr);
    }
  }

  private LuaError parseError(String expected, Token token) {
    String found = token.type == Type.ERROR ? token.error : "T_" + token.type.name();
    return new LuaError("Expected " + expected + " but found " + found + " at character " + (token.index + 1));
  }
}

package io.verdis.web.admin;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * A request's query parameters as bytes: {@code %XX} escapes are decoded byte by byte (so
 * {@code key=%FF%00} is a binary key, which a String-decoding parser would garble) and {@code +}
 * is a space, as in forms. A parameter {@code name} may also be given as {@code nameBase64}.
 */
final class QueryBytes {
  private final Map<String, byte[]> params = new HashMap<>();

  QueryBytes(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return;
    }
    for (String pair : rawQuery.split("&")) {
      int equals = pair.indexOf('=');
      String name = new String(decode(equals < 0 ? pair : pair.substring(0, equals)), StandardCharsets.UTF_8);
      byte[] value = equals < 0 ? new byte[0] : decode(pair.substring(equals + 1));
      params.putIfAbsent(name, value);
    }
  }

  /** The parameter's bytes, or null when absent. */
  byte[] bytes(String name) {
    byte[] base64 = params.get(name + "Base64");
    if (base64 != null) {
      try {
        return Base64.getDecoder().decode(base64);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("ERR " + name + "Base64 is not valid base64");
      }
    }
    return params.get(name);
  }

  /** The parameter's bytes; 400 when absent. */
  byte[] required(String name) {
    byte[] value = bytes(name);
    if (value == null) {
      throw ApiException.badRequest("ERR missing query parameter '" + name + "'");
    }
    return value;
  }

  String text(String name) {
    byte[] value = params.get(name);
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  /** A whole number in [min, max], or {@code otherwise} when absent; 400 when malformed or out of range. */
  long number(String name, long otherwise, long min, long max) {
    String text = text(name);
    if (text == null || text.isEmpty()) {
      return otherwise;
    }
    try {
      long value = Long.parseLong(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest("ERR query parameter '" + name + "' must be an integer from " + min + " to " + max);
  }

  private static byte[] decode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      if (c == '+') {
        out.write(' ');
        i++;
      } else if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
        out.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
        i += 3;
      } else {
        byte[] bytes = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        i += Character.charCount(c);
      }
    }
    return out.toByteArray();
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}

package io.verdis.web;

import io.vertx.core.json.JsonObject;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Byte strings in JSON, one rule for the whole HTTP side: a byte string that is valid UTF-8 is a
 * JSON string, anything else an object {@code {"base64":"..."}}. Inputs accept both forms.
 */
public final class JsonBytes {
  private JsonBytes() {
  }

  /** {@code bytes} as a JSON value: a String, or a JsonObject holding its base64. */
  public static Object toJson(byte[] bytes) {
    String text = utf8OrNull(bytes);
    return text != null ? text : new JsonObject().put("base64", Base64.getEncoder().encodeToString(bytes));
  }

  /**
   * The bytes a JSON value stands for: a string's UTF-8, or the decoded {@code base64} of an
   * object holding only that; null for anything else (a number, bad base64, other fields).
   */
  public static byte[] fromJson(Object value) {
    if (value instanceof String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    JsonObject object = value instanceof JsonObject json ? json
        : value instanceof Map<?, ?> map ? new JsonObject(castMap(map)) : null;
    if (object == null || object.size() != 1 || !(object.getValue("base64") instanceof String base64)) {
      return null;
    }
    return base64OrNull(base64);
  }

  /** Strict base64 (RFC 4648, padding optional as the JDK decoder allows), or null. */
  public static byte[] base64OrNull(String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The text of {@code bytes} if they are well-formed UTF-8, else null. Strict, unlike
   * {@code new String(bytes, UTF_8)}: overlong forms, encoded surrogates and cut sequences are
   * all refused, so that the JSON string turns back into exactly the same bytes.
   */
  public static String utf8OrNull(byte[] bytes) {
    if (isAscii(bytes)) {
      return new String(bytes, StandardCharsets.US_ASCII);
    }
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return chars.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}

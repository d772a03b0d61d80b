package io.verdis.net;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One decoded RESP2/RESP3 reply, for code inside the server that reads replies (the web
 * verticle's in-process client). Strings stay bytes: keys and values are binary.
 *
 * <p>{@code bytes} holds the text of simple strings, errors, bulk strings, doubles, big numbers and
 * verbatim strings (without their {@code txt:} format prefix, which is in {@code format});
 * {@code integer} holds integers and booleans (1/0); {@code elements} holds the items of arrays,
 * sets and pushes, and the keys and values of maps one after the other.
 */
public record Reply(Type type, byte[] bytes, long integer, List<Reply> elements, String format) {
  public enum Type { SIMPLE, ERROR, INTEGER, BULK, NULL, ARRAY, MAP, SET, DOUBLE, BOOLEAN, PUSH, VERBATIM, BIGNUM }

  public static final Reply NULL = new Reply(Type.NULL, null, 0, null, null);

  static Reply text(Type type, byte[] bytes) {
    return new Reply(type, bytes, 0, null, null);
  }

  static Reply number(Type type, long value) {
    return new Reply(type, null, value, null, null);
  }

  static Reply aggregate(Type type, List<Reply> elements) {
    return new Reply(type, null, 0, elements, null);
  }

  public boolean isError() {
    return type == Type.ERROR;
  }

  public boolean isNull() {
    return type == Type.NULL;
  }

  public boolean isAggregate() {
    return elements != null;
  }

  /** The text of a string-like reply as UTF-8 (the error line for an error). */
  public String text() {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  public Reply get(int index) {
    return elements.get(index);
  }

  public int size() {
    return elements.size();
  }

  @Override
  public String toString() {
    return type + (bytes != null ? " " + text() : elements != null ? " " + elements : " " + integer);
  }
}

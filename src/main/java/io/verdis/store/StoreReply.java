package io.verdis.store;

import java.nio.charset.StandardCharsets;

/**
 * A reply as {@link CommandStore} reads it, whichever connection brought it: a thin view of the
 * in-process client's {@code Reply} or of the Vert.x Redis client's {@code Response}, not a copy.
 * Maps come as their keys and values one after the other.
 */
interface StoreReply {
  boolean isNull();

  /** The bytes of a bulk or simple string (the text of a double). */
  byte[] bytes();

  long integer();

  /** The number of elements of an array, set or map (keys and values both counted). */
  int size();

  StoreReply get(int index);

  default boolean isAggregate() {
    return size() >= 0;
  }

  default String text() {
    return new String(bytes(), StandardCharsets.US_ASCII);
  }
}

package io.verdis.persist.rdb;

import java.nio.charset.StandardCharsets;

/** Test shorthand: bytes as ISO-8859-1 text, one char per byte, so any byte string compares and prints. */
final class Bytes {
  private Bytes() {}

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  static byte[] of(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

package io.verdis.persist.aof;

import java.nio.charset.StandardCharsets;

/**
 * File names in a manifest are written bare unless Redis's {@code sdsneedsrepr} says otherwise,
 * then quoted the way {@code sdscatrepr} does, so that {@code sdssplitargs} reads them back.
 * Works on the UTF-8 bytes, as Redis works on the C string.
 */
final class ManifestQuoting {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private ManifestQuoting() {
  }

  static String quoteIfNeeded(String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    return needsQuoting(bytes) ? quote(bytes) : name;
  }

  static boolean needsQuoting(byte[] bytes) {
    for (byte b : bytes) {
      // sdsneedsrepr: backslash, quote, control characters, spaces and anything not printable.
      if (b == '\\' || b == '"' || !isPrint(b) || b == ' ') {
        return true;
      }
    }
    return false;
  }

  static String quote(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length + 8).append('"');
    for (byte b : bytes) {
      switch (b) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case 7 -> out.append("\\a");
        case '\b' -> out.append("\\b");
        default -> {
          if (isPrint(b)) {
            out.append((char) b);
          } else {
            out.append("\\x").append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** C's isprint in the "C" locale: 0x20 to 0x7E. */
  private static boolean isPrint(byte b) {
    return b >= 0x20 && b < 0x7F;
  }
}

package io.verdis.acl;

import java.nio.charset.StandardCharsets;

/**
 * One key pattern of a selector with the permissions it grants: {@code ~p} (read and write),
 * {@code %R~p}, {@code %W~p} ({@code %RW~p} is written {@code ~p}, as Redis does).
 */
record KeyPattern(String pattern, byte[] bytes, int permissions) {
  static KeyPattern of(String pattern, int permissions) {
    return new KeyPattern(pattern, pattern.getBytes(StandardCharsets.ISO_8859_1), permissions);
  }

  KeyPattern with(int more) {
    return new KeyPattern(pattern, bytes, permissions | more);
  }

  /** As Redis's sdsCatPatternString. */
  String describe() {
    return switch (permissions) {
      case CommandCatalog.READ -> "%R~" + pattern;
      case CommandCatalog.WRITE -> "%W~" + pattern;
      default -> "~" + pattern;
    };
  }
}

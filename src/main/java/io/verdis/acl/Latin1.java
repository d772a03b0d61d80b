package io.verdis.acl;

import java.nio.charset.StandardCharsets;

/** ACL names, patterns and passwords are bytes; ISO-8859-1 strings keep every byte as it is. */
public final class Latin1 {
  private Latin1() {
  }

  public static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  public static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}

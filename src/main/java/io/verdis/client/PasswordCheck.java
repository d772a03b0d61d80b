package io.verdis.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Compares a candidate with {@code requirepass} in constant time, on every surface. Both are
 * hashed first, so the time taken depends on neither the password's content nor its length.
 */
public final class PasswordCheck {
  private PasswordCheck() {
  }

  public static boolean matches(String required, byte[] candidate) {
    return MessageDigest.isEqual(sha256(required.getBytes(StandardCharsets.UTF_8)), sha256(candidate));
  }

  public static boolean matches(String required, String candidate) {
    return matches(required, candidate.getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}

package io.verdis.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Compares a candidate with {@code requirepass} in constant time. Both are hashed first, so the
 * time taken depends on neither the password's content nor its length.
 */
final class PasswordCheck {
  private PasswordCheck() {
  }

  static boolean matches(String required, byte[] candidate) {
    return MessageDigest.isEqual(sha256(required.getBytes(StandardCharsets.UTF_8)), sha256(candidate));
  }

  static boolean matches(String required, String candidate) {
    return matches(required, candidate.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}

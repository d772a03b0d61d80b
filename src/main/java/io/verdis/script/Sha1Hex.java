package io.verdis.script;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA1 in lower-case hex: the name of an EVAL script, and redis.sha1hex. */
public final class Sha1Hex {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Sha1Hex() {
  }

  public static String of(byte[] bytes) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
    byte[] hash = digest.digest(bytes);
    char[] text = new char[hash.length * 2];
    for (int i = 0; i < hash.length; i++) {
      text[2 * i] = HEX[(hash[i] >> 4) & 0xf];
      text[2 * i + 1] = HEX[hash[i] & 0xf];
    }
    return new String(text);
  }
}

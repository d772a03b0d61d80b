package io.verdis.shard;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Key helpers for the tests: byte[] keys from text, and content-compared wrappers for oracles. */
final class TestKeys {
  private TestKeys() {
  }

  static byte[] key(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A byte[] is compared by identity; an oracle map needs content equality. */
  static ByteBuffer wrap(byte[] key) {
    return ByteBuffer.wrap(key);
  }

  static String text(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
  }

  /** Short keys over a tiny alphabet that includes 0x00 and 0xFF, so prefixes and collisions abound. */
  static byte[] randomBinaryKey(Random random, int maxLength) {
    byte[] alphabet = {0, 1, 'a', 'b', (byte) 0x7F, (byte) 0x80, (byte) 0xFF};
    byte[] key = new byte[random.nextInt(maxLength + 1)];
    for (int i = 0; i < key.length; i++) {
      key[i] = alphabet[random.nextInt(alphabet.length)];
    }
    return key;
  }
}

package io.verdis.pubsub;

import java.util.Arrays;

/** A channel or pattern name as a map key: bytes compared by content, hash computed once. */
final class Name {
  private final byte[] bytes;
  private final int hash;

  Name(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  byte[] bytes() {
    return bytes;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Name that && hash == that.hash && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}

package io.verdis.shard;

import java.util.Arrays;

/** A key as a hash-map key, for the few maps that are not on the data path (watched and awaited keys). */
record KeyBytes(int db, byte[] key) {
  @Override
  public boolean equals(Object other) {
    return other instanceof KeyBytes that && db == that.db && Arrays.equals(key, that.key);
  }

  @Override
  public int hashCode() {
    return 31 * db + KeyHash.of(key);
  }
}

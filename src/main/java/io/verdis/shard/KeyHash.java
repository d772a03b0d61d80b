package io.verdis.shard;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
* MurmurHash3 (x86, 32-bit) over a key's bytes. Linear probing needs well-spread low bits;
* {@code Arrays.hashCode} clusters similar keys such as "key:1", "key:2" into neighbouring slots.
* Set members are hashed with it too ({@code types.MemberTable}).
*/
public final class KeyHash {
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int SEED = 0x9747b28c;
  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;

  private KeyHash() {
  }

  public static int of(byte[] key) {
    int h = SEED;
    int blocksEnd = key.length & ~3;
    for (int i = 0; i < blocksEnd; i += 4) {
      h ^= scramble((int) INT_LE.get(key, i));
      h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
    }
    int tail = 0;
    for (int i = key.length - 1; i >= blocksEnd; i--) {
      tail = (tail << 8) | (key[i] & 0xFF);
    }
    h ^= scramble(tail);
    return avalanche(h ^ key.length);
  }

  private static int scramble(int k) {
    return Integer.rotateLeft(k * C1, 15) * C2;
  }

  private static int avalanche(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }
}

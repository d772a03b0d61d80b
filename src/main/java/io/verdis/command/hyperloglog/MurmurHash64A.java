package io.verdis.command.hyperloglog;

/** Austin Appleby's MurmurHash64A as Redis's hyperloglog.c has it (little-endian words), so registers match Redis's. */
final class MurmurHash64A {
  private static final long M = 0xc6a4a7935bd1e995L;
  private static final int R = 47;

  private MurmurHash64A() {
  }

  static long hash(byte[] key, long seed) {
    int len = key.length;
    long h = seed ^ (len * M);
    int whole = len - (len & 7);
    for (int i = 0; i < whole; i += 8) {
      long k = 0;
      for (int b = 7; b >= 0; b--) {
        k = (k << 8) | (key[i + b] & 0xFFL);
      }
      k *= M;
      k ^= k >>> R;
      k *= M;
      h ^= k;
      h *= M;
    }
    int rest = len & 7;
    if (rest > 0) {
      for (int b = rest - 1; b >= 0; b--) {
        h ^= (key[whole + b] & 0xFFL) << (8 * b);
      }
      h *= M;
    }
    h ^= h >>> R;
    h *= M;
    h ^= h >>> R;
    return h;
  }
}

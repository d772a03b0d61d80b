package io.verdis.command.hyperloglog;

import java.util.Random;

/**
 * PFSELFTEST, as Redis's pfselftestCommand: dense registers read back what was written, and a sparse
 * and a dense sketch fed the same elements agree while small and stay within the expected error.
 */
final class HllSelfTest {
  private static final int REGISTER_ROUNDS = 1000;
  private static final long ELEMENTS = 10_000_000L;

  private HllSelfTest() {
  }

  /** Null when every check passed, else the failure text ("TESTFAILED …"). */
  static String run(long sparseMaxBytes) {
    Random random = new Random();
    String registers = registersReadBack(random);
    return registers != null ? registers : estimates(random.nextLong(), sparseMaxBytes);
  }

  private static String registersReadBack(Random random) {
    int[] expected = new int[HllSketch.REGISTERS];
    for (int round = 0; round < REGISTER_ROUNDS; round++) {
      HllSketch fresh = HllSketch.empty();
      fresh.toDense();
      for (int i = 0; i < HllSketch.REGISTERS; i++) {
        expected[i] = random.nextInt(HllSketch.REGISTER_MAX + 1);
        fresh.set(i, expected[i], Long.MAX_VALUE);
      }
      byte[] bytes = fresh.toBytes();
      for (int i = 0; i < HllSketch.REGISTERS; i++) {
        if (HllSketch.denseGet(bytes, i) != expected[i]) {
          return "TESTFAILED Register error at " + i;
        }
      }
    }
    return null;
  }

  private static String estimates(long seed, long sparseMaxBytes) {
    HllSketch dense = HllSketch.empty();
    dense.toDense();
    HllSketch sparse = HllSketch.empty();
    double relativeError = 1.04 / Math.sqrt(HllSketch.REGISTERS);
    long checkpoint = 1;
    byte[] element = new byte[8];
    for (long j = 1; j <= ELEMENTS; j++) {
      long value = j ^ seed;
      for (int b = 0; b < 8; b++) {
        element[b] = (byte) (value >>> (8 * b));
      }
      dense.add(element, sparseMaxBytes);
      sparse.add(element, sparseMaxBytes);
      if (j != checkpoint) {
        continue;
      }
      long count = dense.count();
      if (j < sparseMaxBytes / 2 && sparse.count() != count) {
        return "TESTFAILED sparse HLL is not the same as dense HLL";
      }
      double absoluteError = Math.abs(checkpoint - (double) count);
      long maxError = j == 1 ? 1 : (long) Math.ceil(relativeError * 6 * checkpoint);
      // Ertl's estimator may be off by one in the very first checkpoints.
      if (j == 10) {
        maxError = 1;
      }
      if (absoluteError > maxError) {
        return "TESTFAILED Too big error. card:" + checkpoint + " abserr:" + absoluteError;
      }
      checkpoint *= 10;
    }
    return null;
  }
}

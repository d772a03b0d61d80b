package io.verdis.types;

/**
 * list-max-listpack-size and list-compress-depth as one command reads them. {@code fill} is
 * Redis's: positive, the most entries one node holds (and never more than
 * {@value #SIZE_SAFETY_LIMIT} bytes); -1 to -5, the most bytes of a node, 4 KB to 64 KB
 * (redis/src/quicklist.c optimization_level). A small list is one listpack while its entries fit
 * one node; sizes are counted as Redis's listpack would store them ({@link io.verdis.persist.rdb.ListpackSize}), so the
 * listpack→quicklist conversion happens at Redis 7.2's moment.
 */
public record ListLimits(int fill, int compressDepth) {
  /** Redis's defaults: nodes of 8 KB, nothing compressed. */
  public static final ListLimits DEFAULT = new ListLimits(-2, 0);
  /** Most bytes of a node whose size is limited by a count (redis/src/quicklist.c SIZE_SAFETY_LIMIT). */
  static final int SIZE_SAFETY_LIMIT = 8192;
  /** Redis's overestimate of what one more entry adds to a node (quicklist.c SIZE_ESTIMATE_OVERHEAD). */
  private static final int SIZE_ESTIMATE_OVERHEAD = 8;
  private static final int[] SIZE_LEVELS = {4096, 8192, 16384, 32768, 65536};

  /** The most bytes a node holds (Integer.MAX_VALUE when a count limits it instead). */
  int sizeLimit() {
    return fill >= 0 ? Integer.MAX_VALUE : SIZE_LEVELS[Math.min(-fill - 1, SIZE_LEVELS.length - 1)];
  }

  /** The most entries a node holds (Integer.MAX_VALUE when its size limits it instead). */
  int countLimit() {
    return fill >= 0 ? Math.max(1, fill) : Integer.MAX_VALUE;
  }

  /** Redis's quicklistNodeExceedsLimit: whether a listpack of {@code bytes} and {@code count} entries is too large. */
  boolean exceeds(long bytes, long count) {
    if (fill < 0) {
      return bytes > sizeLimit();
    }
    return bytes > SIZE_SAFETY_LIMIT || count > countLimit();
  }

  /** Redis's _quicklistNodeAllowInsert: whether a node may take one more element of {@code length} bytes. */
  boolean nodeAllows(long nodeBytes, int nodeCount, int length) {
    return nodeCount == 0 || !exceeds(nodeBytes + length + SIZE_ESTIMATE_OVERHEAD, nodeCount + 1L);
  }

  /**
   * Whether a one-node quicklist of {@code bytes} and {@code count} entries turns back into a
   * listpack: within half the limits, as Redis 7.2's listTypeTryConvertQuicklist when shrinking,
   * so a list that hovers around the limit does not flip at every push and pop.
   */
  boolean fitsHalf(long bytes, long count) {
    return bytes <= sizeLimit() / 2 && count <= countLimit() / 2;
  }
}

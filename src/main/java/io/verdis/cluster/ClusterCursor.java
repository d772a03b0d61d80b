package io.verdis.cluster;

import io.verdis.command.CommandException;

/**
 * A SCAN cursor over the whole cluster: the index of the node being walked (in the sorted list of
 * slot owners, the same on every node, so a cursor may be carried to another node) in the high
 * {@link #NODE_BITS} bits, and that node's own SCAN cursor in the low bits. A node's cursor is its
 * RoutedDatabase cursor, (table bucket cursor &lt;&lt; shard bits) | shard, and a table has at most
 * 2^30 buckets, so it fits in {@link #LOCAL_BITS} bits for any shard count below 2^18. Node 0
 * starting its walk is cursor 0, which is why a cluster whose only owner is this node sees its
 * local cursors unchanged.
 */
record ClusterCursor(int node, long local) {
  static final int NODE_BITS = 16;
  static final int LOCAL_BITS = Long.SIZE - NODE_BITS;
  /** At most this many slot owners can be walked: more than Redis Cluster's 1000 node advice. */
  static final int MAX_NODES = 1 << NODE_BITS;
  private static final long LOCAL_MASK = (1L << LOCAL_BITS) - 1;

  static ClusterCursor decode(long cursor) {
    return new ClusterCursor((int) (cursor >>> LOCAL_BITS), cursor & LOCAL_MASK);
  }

  /**
   * The cursor to reply after node {@code node} answered {@code next} (its own cursor, 0 when its
   * walk is over), out of {@code nodes}: the same node again, the next node's start, or 0 when the
   * last node is done.
   */
  static long after(int node, long next, int nodes) {
    if (next != 0) {
      if ((next & ~LOCAL_MASK) != 0) {
        throw new CommandException("ERR a node's SCAN cursor outgrew " + LOCAL_BITS + " bits: " + Long.toUnsignedString(next));
      }
      return ((long) node << LOCAL_BITS) | next;
    }
    return node + 1 < nodes ? (long) (node + 1) << LOCAL_BITS : 0;
  }
}

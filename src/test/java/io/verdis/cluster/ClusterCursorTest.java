package io.verdis.cluster;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClusterCursorTest {
  @Test
  @DisplayName("the node index sits in the high bits, the node's own cursor in the low ones")
  void layout() {
    assertEquals(new ClusterCursor(0, 0), ClusterCursor.decode(0));
    assertEquals(new ClusterCursor(0, 12345), ClusterCursor.decode(12345));
    long cursor = ClusterCursor.after(2, 77, 3);
    assertEquals(new ClusterCursor(2, 77), ClusterCursor.decode(cursor));
    assertEquals(new ClusterCursor(65535, (1L << 48) - 1), ClusterCursor.decode(-1L));
  }

  @Test
  @DisplayName("a node's finished walk moves on to the next node's start, and the last one's to 0")
  void nextNode() {
    assertEquals(1L << 48, ClusterCursor.after(0, 0, 3));
    assertEquals(2L << 48, ClusterCursor.after(1, 0, 3));
    assertEquals(0L, ClusterCursor.after(2, 0, 3));
    assertEquals(0L, ClusterCursor.after(0, 0, 1));
    assertEquals(99L, ClusterCursor.after(0, 99, 1));
  }
}

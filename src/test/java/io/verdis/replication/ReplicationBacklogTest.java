package io.verdis.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReplicationBacklogTest {
  private static final int SIZE = 16 * 1024;

  /** Bytes numbered by their stream offset (offset % 251), so any range can be checked. */
  private static byte[] stream(long from, int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) ((from + i) % 251);
    }
    return bytes;
  }

  private static void append(ReplicationBacklog backlog, int length) {
    byte[] bytes = stream(backlog.endOffset() + 1, length);
    backlog.append(bytes, 0, length);
  }

  @Test
  void anEmptyBacklogContinuesOnlyFromTheNextByte() {
    ReplicationBacklog backlog = new ReplicationBacklog(SIZE, 0);
    assertEquals(1, backlog.firstByteOffset());
    assertEquals(0, backlog.histlen());
    assertTrue(backlog.holdsFrom(1));
    assertFalse(backlog.holdsFrom(2));
    assertEquals(0, backlog.from(1).length);
  }

  @Test
  void theBytesFromAnOffsetAreTheStreamsOwnAcrossTheWrap() {
    ReplicationBacklog backlog = new ReplicationBacklog(SIZE, 0);
    for (int i = 0; i < 50; i++) {
      append(backlog, 1000 + i * 37);
    }
    long end = backlog.endOffset();
    assertEquals(SIZE, backlog.histlen());
    assertEquals(end - SIZE + 1, backlog.firstByteOffset());
    assertFalse(backlog.holdsFrom(backlog.firstByteOffset() - 1), "that byte was overwritten");
    for (long from : new long[] {backlog.firstByteOffset(), end - 5000, end, end + 1}) {
      assertTrue(backlog.holdsFrom(from));
      assertArrayEquals(stream(from, (int) (end - from + 1)), backlog.from(from), "from " + from);
    }
  }

  @Test
  void oneAppendLargerThanTheBacklogKeepsItsTail() {
    ReplicationBacklog backlog = new ReplicationBacklog(SIZE, 0);
    append(backlog, 10);
    append(backlog, SIZE * 3 + 5);
    long end = backlog.endOffset();
    assertArrayEquals(stream(end - SIZE + 1, SIZE), backlog.from(end - SIZE + 1));
  }

  @Test
  void resizingKeepsWhatFits() {
    ReplicationBacklog backlog = new ReplicationBacklog(SIZE * 2, 0);
    append(backlog, SIZE + 300);
    long end = backlog.endOffset();
    backlog.resize(SIZE);
    assertEquals(SIZE, backlog.histlen());
    assertArrayEquals(stream(end - SIZE + 1, SIZE), backlog.from(end - SIZE + 1));
    backlog.resize(SIZE * 4);
    append(backlog, 100);
    assertEquals(SIZE + 100, backlog.histlen());
    long from = backlog.firstByteOffset();
    assertArrayEquals(stream(from, SIZE + 100), backlog.from(from));
    assertEquals(SIZE * 4, backlog.size());
    assertTrue(Arrays.equals(stream(end + 1, 100), backlog.from(end + 1)));
  }
}

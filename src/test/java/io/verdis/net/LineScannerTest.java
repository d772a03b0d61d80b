package io.verdis.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.util.ByteProcessor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A line arriving over many reads is searched for its end once: each byte is looked at once,
 * however the line is split (searching from the line's start on every read cost a 64 MB Pizzaria
 * line 32 GB of bytes looked at, and every other client of its event loop waited).
 */
class LineScannerTest {
  /** A buffer that counts the bytes its searches look at. */
  private static final class CountingBuffer extends UnpooledHeapByteBuf {
    long looked;

    CountingBuffer() {
      super(UnpooledByteBufAllocator.DEFAULT, 256, Integer.MAX_VALUE);
    }

    @Override
    public int indexOf(int fromIndex, int toIndex, byte value) {
      int found = super.indexOf(fromIndex, toIndex, value);
      looked += (found < 0 ? toIndex : found + 1) - fromIndex;
      return found;
    }

    @Override
    public int forEachByte(int index, int length, ByteProcessor processor) {
      int found = super.forEachByte(index, length, processor);
      looked += found < 0 ? length : found + 1 - index;
      return found;
    }
  }

  private static final int LINE = 1024 * 1024;
  private static final int READ = 1000;

  @Test
  void aLineArrivingInAThousandReadsIsLookedAtOnceWhenSearchingForAByte() {
    CountingBuffer buf = new CountingBuffer();
    LineScanner lines = new LineScanner();
    int end = arriveInReads(buf, () -> lines.find(buf, (byte) '\n'), (byte) '\n');
    assertEquals(LINE, end);
    assertEquals(LINE + 1, buf.looked);
  }

  @Test
  void aLineArrivingInAThousandReadsIsLookedAtOnceWhenSearchingForCrOrLf() {
    CountingBuffer buf = new CountingBuffer();
    LineScanner lines = new LineScanner();
    int end = arriveInReads(buf, () -> lines.find(buf, ByteProcessor.FIND_CRLF), (byte) '\r');
    assertEquals(LINE, end);
    assertEquals(LINE + 1, buf.looked);
  }

  @Test
  void aFoundEndIsFoundAgainAtOnceUntilTheLineIsConsumedAndTheNextLineIsSearchedAfresh() {
    CountingBuffer buf = new CountingBuffer();
    LineScanner lines = new LineScanner();
    buf.writeBytes("first\rsecond\r".getBytes());
    assertEquals(5, lines.find(buf, (byte) '\r'));
    assertEquals(5, lines.find(buf, (byte) '\r'));
    buf.readerIndex(6);
    lines.lineConsumed();
    assertEquals(12, lines.find(buf, (byte) '\r'));
  }

  @Test
  void theSearchKeepsItsPlaceWhenTheBufferIsCompacted() {
    ByteBuf buf = new CountingBuffer();
    LineScanner lines = new LineScanner();
    buf.writeBytes("done\rpart".getBytes());
    buf.readerIndex(5);
    assertEquals(-1, lines.find(buf, ByteProcessor.FIND_CRLF));
    buf.discardReadBytes();
    buf.writeBytes("ial\n".getBytes());
    assertEquals(7, lines.find(buf, ByteProcessor.FIND_CRLF));
  }

  /** Appends a line of {@link #LINE} bytes in reads of {@link #READ}, then its end; searches after each read. */
  private static int arriveInReads(ByteBuf buf, java.util.function.IntSupplier search, byte end) {
    byte[] read = new byte[READ];
    Arrays.fill(read, (byte) 'x');
    for (int sent = 0; sent < LINE; sent += READ) {
      buf.writeBytes(read, 0, Math.min(READ, LINE - sent));
      assertEquals(-1, search.getAsInt());
    }
    buf.writeByte(end);
    return search.getAsInt();
  }
}

package io.verdis.net;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Finds the end of the line that starts at a buffer's reader index while its bytes are still
 * arriving, looking at each byte once: the part already searched in vain is remembered until the
 * line is consumed. Searching from the line's start on every read would cost time quadratic in
 * the line's length (a 64 MB line sent in 64 KB reads: 32 GB of bytes looked at).
 *
 * <p>The buffer may be compacted or copied between calls as long as the line keeps its place
 * relative to the reader index.
 */
final class LineScanner {
  /** Bytes past the reader index known not to hold the line's end. */
  private int scanned;

  /** The index of the first {@code end} byte at or after the reader index, or -1 if none has arrived. */
  int find(ByteBuf buf, byte end) {
    return remember(buf, buf.indexOf(buf.readerIndex() + scanned, buf.writerIndex(), end));
  }

  /**
   * The index of the first byte at or after the reader index that {@code end} stops at
   * ({@link ByteProcessor#FIND_CRLF} for either line end), or -1 if none has arrived.
   */
  int find(ByteBuf buf, ByteProcessor end) {
    int from = buf.readerIndex() + scanned;
    return remember(buf, buf.forEachByte(from, buf.writerIndex() - from, end));
  }

  private int remember(ByteBuf buf, int found) {
    scanned = found < 0 ? buf.readableBytes() : found - buf.readerIndex();
    return found;
  }

  /** The line was consumed (the reader index moved past it): the next search starts afresh. */
  void lineConsumed() {
    scanned = 0;
  }
}

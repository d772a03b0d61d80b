package io.verdis.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;

/** Heap buffers for replies and partial requests. */
public final class Buffers {
  private Buffers() {
  }

  /**
   * An empty, growable heap buffer. Netty's Unpooled.buffer() counts every allocation in a shared
   * LongAdder, which contends between event loops; a plain heap buffer is not counted.
   */
  public static ByteBuf heap(int initialCapacity) {
    return new UnpooledHeapByteBuf(UnpooledByteBufAllocator.DEFAULT, initialCapacity, Integer.MAX_VALUE);
  }

  /**
   * Appends {@code from} to {@code to}, at least doubling {@code to}'s capacity when it must grow.
   * Netty grows a buffer past 4 MB by 4 MB at a time, copying it whole each time: a line or value
   * arriving over many reads would cost time quadratic in its length.
   */
  public static void append(ByteBuf to, ByteBuf from) {
    int needed = to.writerIndex() + from.readableBytes();
    if (needed > to.capacity()) {
      to.capacity((int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * to.capacity())));
    }
    to.writeBytes(from);
  }
}

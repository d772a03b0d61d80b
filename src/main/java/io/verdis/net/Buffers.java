package io.verdis.net;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;

/** Heap buffers for replies and partial requests. */
public final class Buffers {
  /** Netty grows a buffer past this size by this much each time; Verdis by half its size. */
  private static final int NETTY_STEP = 4 << 20;

  /**
   * Netty's default policy grows a buffer over 4 MB by 4 MB at a time, copying it each time: a
   * reply of a few hundred megabytes was copied hundreds of times over (quadratic), holding the
   * event loop for seconds. Growing by half keeps the copying linear.
   */
  private static final ByteBufAllocator GEOMETRIC = new AbstractByteBufAllocator(false) {
    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
      return new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
      return UnpooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
      return false;
    }

    @Override
    public int calculateNewCapacity(int minNewCapacity, int maxCapacity) {
      if (minNewCapacity <= NETTY_STEP) {
        return super.calculateNewCapacity(minNewCapacity, maxCapacity);
      }
      return (int) Math.min(maxCapacity, minNewCapacity + (minNewCapacity >> 1));
    }
  };

  private Buffers() {
  }

  /**
   * An empty, growable heap buffer. Netty's Unpooled.buffer() counts every allocation in a shared
   * LongAdder, which contends between event loops; a plain heap buffer is not counted.
   */
  public static ByteBuf heap(int initialCapacity) {
    return new UnpooledHeapByteBuf(GEOMETRIC, initialCapacity, Integer.MAX_VALUE);
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

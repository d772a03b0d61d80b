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
}

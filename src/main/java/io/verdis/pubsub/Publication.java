package io.verdis.pubsub;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One published message, shared by every subscriber it reaches. Protocol writers cache their
 * encodings of it here ({@link #encoded}): a thousand RESP3 subscribers get the bytes of one
 * encoding, computed once.
 */
public final class Publication {
  private final byte[] channel;
  private final byte[] message;
  private final boolean sharded;
  /**
   * One slot per {@link Encoding}. Filled racily by the loops delivering this publication: two
   * loops may both encode it, and one result is kept; each value is read through an {@link Entry}
   * whose final fields make its contents visible to any thread that sees the entry.
   */
  private Entry[] encodings;

  public Publication(byte[] channel, byte[] message, boolean sharded) {
    this.channel = channel;
    this.message = message;
    this.sharded = sharded;
  }

  public byte[] channel() {
    return channel;
  }

  public byte[] message() {
    return message;
  }

  /** Published with SPUBLISH: delivered as {@code smessage} to SSUBSCRIBE subscribers only. */
  public boolean sharded() {
    return sharded;
  }

  /** Computes an encoding of a publication: {@code pattern} is null for a channel message. */
  @FunctionalInterface
  public interface Encoder<T> {
    T encode(Publication publication, byte[] pattern);
  }

  /**
   * A way to encode publications (RESP2 message, RESP3 pmessage, a WebSocket JSON frame …),
   * declared once as a constant: each gets its own cache slot in every publication.
   */
  public static final class Encoding<T> {
    private static final AtomicInteger SLOTS = new AtomicInteger();
    private final int slot = SLOTS.getAndIncrement();
    private final Encoder<T> encoder;

    public Encoding(Encoder<T> encoder) {
      this.encoder = encoder;
    }
  }

  private record Entry(byte[] pattern, Object value) { }

  /** This publication as a channel (or shard channel) message, encoded once per encoding. */
  public <T> T encoded(Encoding<T> encoding) {
    return encoded(encoding, null);
  }

  /**
   * This publication as a message for {@code pattern}'s subscribers (null for a channel message).
   * The slot keeps the last pattern's encoding: the hub delivers one pattern to all of its
   * subscribers on a loop before the next, and passes the same array each time.
   */
  @SuppressWarnings("unchecked")
  public <T> T encoded(Encoding<T> encoding, byte[] pattern) {
    Entry[] cache = encodings;
    if (cache == null || cache.length <= encoding.slot) {
      cache = new Entry[Math.max(Encoding.SLOTS.get(), encoding.slot + 1)];
      encodings = cache;
    }
    Entry entry = cache[encoding.slot];
    if (entry != null && entry.pattern() == pattern) {
      return (T) entry.value();
    }
    T value = encoding.encoder.encode(this, pattern);
    cache[encoding.slot] = new Entry(pattern, value);
    return value;
  }
}

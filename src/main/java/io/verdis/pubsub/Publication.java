package io.verdis.pubsub;

/**
 * One published message, shared by every subscriber it reaches: protocol writers may cache its
 * encodings here, since all subscribers of one kind get the same bytes.
 */
public final class Publication {
  private final byte[] channel;
  private final byte[] message;
  private final boolean sharded;

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
}

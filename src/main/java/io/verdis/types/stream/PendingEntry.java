package io.verdis.types.stream;

/**
 * An entry delivered to a consumer of a group and not acknowledged yet: one element of the group's
 * pending entries list (PEL), shared with its consumer's own list, as Redis's streamNACK.
 */
public final class PendingEntry {
  private final StreamId id;
  private StreamConsumer consumer;
  private long deliveryTimeMs;
  private long deliveryCount;

  PendingEntry(StreamId id, StreamConsumer consumer, long deliveryTimeMs, long deliveryCount) {
    this.id = id;
    this.consumer = consumer;
    this.deliveryTimeMs = deliveryTimeMs;
    this.deliveryCount = deliveryCount;
  }

  public StreamId id() {
    return id;
  }

  public StreamConsumer consumer() {
    return consumer;
  }

  public long deliveryTimeMs() {
    return deliveryTimeMs;
  }

  public long deliveryCount() {
    return deliveryCount;
  }

  public void setDeliveryTimeMs(long deliveryTimeMs) {
    this.deliveryTimeMs = deliveryTimeMs;
  }

  public void setDeliveryCount(long deliveryCount) {
    this.deliveryCount = deliveryCount;
  }

  /** Moves the entry to {@code to}'s list (XCLAIM, XAUTOCLAIM, a history read by another consumer). */
  public void assignTo(StreamConsumer to) {
    if (consumer == to) {
      return;
    }
    consumer.pending().remove(id);
    consumer = to;
    to.pending().put(id, this);
  }

  PendingEntry copyFor(StreamConsumer owner) {
    return new PendingEntry(id, owner, deliveryTimeMs, deliveryCount);
  }
}

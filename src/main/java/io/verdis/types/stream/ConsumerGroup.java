package io.verdis.types.stream;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * A consumer group of a stream (Redis's streamCG): the last id delivered to it, how many entries it
 * has read (for XINFO's lag; {@link #UNKNOWN_ENTRIES_READ} when that cannot be known), its pending
 * entries list, and its consumers in name order.
 */
public final class ConsumerGroup {
  /** Redis's SCG_INVALID_ENTRIES_READ. */
  public static final long UNKNOWN_ENTRIES_READ = -1;

  private final byte[] name;
  private StreamId lastId;
  private long entriesRead;
  private final TreeMap<StreamId, PendingEntry> pending = new TreeMap<>();
  private final TreeMap<byte[], StreamConsumer> consumers = new TreeMap<>(Arrays::compareUnsigned);

  ConsumerGroup(byte[] name, StreamId lastId, long entriesRead) {
    this.name = name;
    this.lastId = lastId;
    this.entriesRead = entriesRead;
  }

  public byte[] name() {
    return name;
  }

  public StreamId lastId() {
    return lastId;
  }

  public void setLastId(StreamId lastId) {
    this.lastId = lastId;
  }

  public long entriesRead() {
    return entriesRead;
  }

  public void setEntriesRead(long entriesRead) {
    this.entriesRead = entriesRead;
  }

  /** The group's pending entries list, in id order. */
  public TreeMap<StreamId, PendingEntry> pending() {
    return pending;
  }

  public TreeMap<byte[], StreamConsumer> consumers() {
    return consumers;
  }

  public StreamConsumer consumer(byte[] consumerName) {
    return consumers.get(consumerName);
  }

  /** The consumer named so, created seen now when absent (Redis's streamCreateConsumer on first use). */
  public StreamConsumer consumerOrCreate(byte[] consumerName, long nowMs) {
    StreamConsumer consumer = consumers.get(consumerName);
    if (consumer == null) {
      consumer = new StreamConsumer(consumerName, nowMs);
      consumers.put(consumerName, consumer);
    }
    return consumer;
  }

  /** XGROUP CREATECONSUMER: false when it exists already. */
  public boolean createConsumer(byte[] consumerName, long nowMs) {
    if (consumers.containsKey(consumerName)) {
      return false;
    }
    consumers.put(consumerName, new StreamConsumer(consumerName, nowMs));
    return true;
  }

  /** XGROUP DELCONSUMER: removes it and its pending entries; returns how many were pending, or -1 when absent. */
  public long deleteConsumer(byte[] consumerName) {
    StreamConsumer consumer = consumers.remove(consumerName);
    if (consumer == null) {
      return -1;
    }
    for (StreamId id : consumer.pending().keySet()) {
      pending.remove(id);
    }
    return consumer.pending().size();
  }

  /**
   * Records the delivery of a new entry to {@code consumer} now. One already pending (the group's
   * last id was set back) changes owner and starts its count over, as in Redis's streamReplyWithRange.
   */
  public PendingEntry deliverNew(StreamId id, StreamConsumer consumer, long nowMs) {
    PendingEntry entry = pending.get(id);
    if (entry == null) {
      entry = new PendingEntry(id, consumer, nowMs, 1);
      pending.put(id, entry);
      consumer.pending().put(id, entry);
    } else {
      entry.assignTo(consumer);
      entry.setDeliveryTimeMs(nowMs);
      entry.setDeliveryCount(1);
    }
    return entry;
  }

  /** XACK of one id: true when it was pending. */
  public boolean acknowledge(StreamId id) {
    PendingEntry entry = pending.remove(id);
    if (entry == null) {
      return false;
    }
    entry.consumer().pending().remove(id);
    return true;
  }

  /** Adds a pending entry as a snapshot or the RDB had it (the consumer must belong to this group). */
  public void restorePending(StreamId id, StreamConsumer consumer, long deliveryTimeMs, long deliveryCount) {
    PendingEntry entry = new PendingEntry(id, consumer, deliveryTimeMs, deliveryCount);
    pending.put(id, entry);
    consumer.pending().put(id, entry);
  }

  ConsumerGroup copy() {
    ConsumerGroup copy = new ConsumerGroup(name, lastId, entriesRead);
    for (StreamConsumer consumer : consumers.values()) {
      StreamConsumer twin = new StreamConsumer(consumer.name(), consumer.seenTimeMs());
      copy.consumers.put(twin.name(), twin);
      for (PendingEntry entry : consumer.pending().values()) {
        PendingEntry moved = entry.copyFor(twin);
        twin.pending().put(moved.id(), moved);
        copy.pending.put(moved.id(), moved);
      }
    }
    return copy;
  }
}

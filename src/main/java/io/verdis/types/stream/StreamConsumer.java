package io.verdis.types.stream;

import java.util.TreeMap;

/** A consumer of a group: its name, when it was last seen, and the entries it was delivered and has not acknowledged. */
public final class StreamConsumer {
  private final byte[] name;
  private long seenTimeMs;
  private final TreeMap<StreamId, PendingEntry> pending = new TreeMap<>();

  StreamConsumer(byte[] name, long seenTimeMs) {
    this.name = name;
    this.seenTimeMs = seenTimeMs;
  }

  public byte[] name() {
    return name;
  }

  public long seenTimeMs() {
    return seenTimeMs;
  }

  public void seen(long nowMs) {
    this.seenTimeMs = nowMs;
  }

  /** This consumer's pending entries in id order; each is also in its group's list. */
  public TreeMap<StreamId, PendingEntry> pending() {
    return pending;
  }
}

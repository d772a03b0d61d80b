package io.verdis.server;

import io.verdis.metrics.Counter;

/** Server-wide counters of INFO stats, bumped from every event loop. */
public final class ServerStats {
  public final Counter connectionsReceived = new Counter();
  public final Counter rejectedConnections = new Counter();
  public final Counter commandsProcessed = new Counter();
  public final Counter netInputBytes = new Counter();
  public final Counter netOutputBytes = new Counter();
  public final Counter protocolErrors = new Counter();
  public final Counter errorReplies = new Counter();
  /** Subscribers closed for not reading their messages (client-output-buffer-limit). */
  public final Counter outputBufferLimitDisconnections = new Counter();
  /** Clients subscribed to at least one channel, pattern or shard channel (flag P). */
  public final java.util.concurrent.atomic.AtomicInteger pubsubClients = new java.util.concurrent.atomic.AtomicInteger();
  /** Clients waiting in a blocking command (INFO clients blocked_clients). */
  public final java.util.concurrent.atomic.AtomicInteger blockedClients = new java.util.concurrent.atomic.AtomicInteger();
  public final InstantaneousRate opsPerSecond = new InstantaneousRate();
  public final InstantaneousRate inputBytesPerSecond = new InstantaneousRate();
  public final InstantaneousRate outputBytesPerSecond = new InstantaneousRate();

  /** Every 100 ms, as Redis's serverCron: the instantaneous rates and the memory peak. */
  public void sample(long nowMs) {
    opsPerSecond.sample(commandsProcessed.sum(), nowMs);
    inputBytesPerSecond.sample(netInputBytes.sum(), nowMs);
    outputBytesPerSecond.sample(netOutputBytes.sum(), nowMs);
    MemoryUsage.usedBytes(); // reading it records the peak
  }

  /** CONFIG RESETSTAT. */
  public void reset() {
    connectionsReceived.reset();
    rejectedConnections.reset();
    commandsProcessed.reset();
    netInputBytes.reset();
    netOutputBytes.reset();
    protocolErrors.reset();
    errorReplies.reset();
    outputBufferLimitDisconnections.reset();
    opsPerSecond.reset();
    inputBytesPerSecond.reset();
    outputBytesPerSecond.reset();
  }
}

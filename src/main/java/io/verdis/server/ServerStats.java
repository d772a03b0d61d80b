package io.verdis.server;

import io.verdis.metrics.Counter;
import io.verdis.metrics.LatencyBuckets;
import io.verdis.metrics.LatencyHistogram;

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
  /** Clients closed by client eviction (maxmemory-clients): INFO stats evicted_clients. */
  public final Counter evictedClients = new Counter();
  /** Clients subscribed to at least one channel, pattern or shard channel (flag P). */
  public final java.util.concurrent.atomic.AtomicInteger pubsubClients = new java.util.concurrent.atomic.AtomicInteger();
  /** Clients waiting in a blocking command (INFO clients blocked_clients). */
  public final java.util.concurrent.atomic.AtomicInteger blockedClients = new java.util.concurrent.atomic.AtomicInteger();
  /** Open WebSocket pub/sub connections (INFO clients websocket_clients; Redis has no such clients). */
  public final java.util.concurrent.atomic.AtomicInteger webSocketClients = new java.util.concurrent.atomic.AtomicInteger();
  /** Open HTTP connections, WebSockets included (INFO clients http_clients), bounded by http-maxclients. */
  public final java.util.concurrent.atomic.AtomicInteger httpClients = new java.util.concurrent.atomic.AtomicInteger();
  /** Every command's duration, finely bucketed: the latency percentiles of the stats stream. */
  public final LatencyHistogram commandLatency = new LatencyHistogram(LatencyBuckets.FINE);
  /** The AOF writer's write calls and fsyncs (verdis_aof_write/fsync_duration_seconds). */
  public final LatencyHistogram aofWrite = new LatencyHistogram(LatencyBuckets.PROMETHEUS);
  public final LatencyHistogram aofFsync = new LatencyHistogram(LatencyBuckets.PROMETHEUS);
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
    evictedClients.reset();
    commandLatency.reset();
    opsPerSecond.reset();
    inputBytesPerSecond.reset();
    outputBytesPerSecond.reset();
  }
}

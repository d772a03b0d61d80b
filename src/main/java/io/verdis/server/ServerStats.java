package io.verdis.server;

import java.util.concurrent.atomic.LongAdder;

/** Server-wide counters of INFO stats, bumped from every event loop. */
public final class ServerStats {
  public final LongAdder connectionsReceived = new LongAdder();
  public final LongAdder rejectedConnections = new LongAdder();
  public final LongAdder commandsProcessed = new LongAdder();
  public final LongAdder netInputBytes = new LongAdder();
  public final LongAdder netOutputBytes = new LongAdder();
  public final LongAdder protocolErrors = new LongAdder();
  public final LongAdder errorReplies = new LongAdder();

  /** CONFIG RESETSTAT. */
  public void reset() {
    connectionsReceived.reset();
    rejectedConnections.reset();
    commandsProcessed.reset();
    netInputBytes.reset();
    netOutputBytes.reset();
    protocolErrors.reset();
    errorReplies.reset();
  }
}

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

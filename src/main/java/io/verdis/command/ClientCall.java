package io.verdis.command;

import io.verdis.client.ClientSession;
import io.verdis.net.RespWriter;
import io.verdis.pubsub.Subscriptions;
import io.verdis.server.ServerState;

/** One call of a {@link ClientCommand}, on the connection's event loop. */
public interface ClientCall {
  byte[][] argv();

  default byte[] arg(int index) {
    return argv()[index];
  }

  default int argc() {
    return argv().length;
  }

  RespWriter reply();

  ClientSession session();

  ServerState server();

  /** QUIT: close the connection once this reply (and all before it) is written. */
  void closeAfterReply();

  /** MULTI/EXEC/DISCARD/UNWATCH: the connection's transaction state. */
  TransactionControl transaction();

  /** The reply comes later (DEBUG SLEEP): the replies of later commands wait for it. */
  DeferredReply defer();

  /**
   * What this client subscribes to (SUBSCRIBE and the other pub/sub commands): the client is the
   * subscriber that gets the messages. A client that cannot receive messages refuses them.
   */
  default Subscriptions subscriptions() {
    throw new CommandException("ERR this client cannot subscribe");
  }

  /**
   * SYNC/PSYNC: this connection becomes a replica's link; the replication stream is written to the
   * returned socket from then on. A client that cannot be a replica refuses.
   */
  default io.verdis.replication.ReplicaSocket replicaSocket() {
    throw new CommandException("ERR this client cannot be a replica");
  }

  /** Whether {@link #defer()} may be called: not inside EXEC, nor from a script. */
  default boolean canDefer() {
    return false;
  }

  /** Whether a script runs this call (MONITOR shows its source as "lua"). */
  default boolean fromScript() {
    return false;
  }

  /** CLIENT REPLY's modes, as Redis 7.0: every reply, none until ON, or none for the next command. */
  enum ReplyMode { ON, OFF, SKIP }

  /** CLIENT REPLY (and RESET, which turns replies back on): which of its replies this client gets. */
  default void replyMode(ReplyMode mode) {
    if (mode != ReplyMode.ON) {
      throw new CommandException("ERR this client cannot change its replies");
    }
  }

  /**
   * MONITOR: from now on every command run on this node is shown to this client (true), or no
   * longer (false: RESET). A client that cannot monitor refuses.
   */
  default void monitor(boolean on) {
    if (on) {
      throw new CommandException("ERR this client cannot monitor");
    }
  }
}

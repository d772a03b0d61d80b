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
}

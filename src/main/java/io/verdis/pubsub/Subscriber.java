package io.verdis.pubsub;

import io.vertx.core.Context;

/**
 * One receiver of published messages: a RESP connection or a WebSocket. The hub calls it on its
 * own {@link #context()} only, so it needs no locking, and never after the unsubscribe (or
 * {@link Subscriptions#clear}) that removed it returned: a delivery racing with an unsubscribe on
 * another loop is dropped by the hub.
 */
public interface Subscriber {
  /** The event loop that owns this subscriber: deliveries to it run there. */
  Context context();

  /** A message on a channel (or a shard channel, see {@link Publication#sharded()}) it subscribed to. */
  void message(Publication publication);

  /** A message on a channel matching {@code pattern}, which it subscribed to with PSUBSCRIBE. */
  void pmessage(byte[] pattern, Publication publication);
}

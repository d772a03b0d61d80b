package io.verdis.store;

import io.vertx.core.Future;
import io.vertx.core.Handler;

import java.util.List;

/** How a {@link CommandStore} reaches its server: commands in, replies out, and subscriptions. */
interface StoreConnection {
  /** One command; its reply, or a failed future with a {@link StoreException} for an error reply. */
  Future<StoreReply> send(byte[][] argv);

  /** A subscription to {@code channels} on a connection of its own. */
  Future<Subscription> subscribe(List<String> channels, Handler<ChannelMessage> handler);

  Future<Void> close();
}

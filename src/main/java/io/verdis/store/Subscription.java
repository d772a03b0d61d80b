package io.verdis.store;

import io.vertx.core.Future;

/** A running subscription: its messages go to the handler given until {@link #close}. */
public interface Subscription {
  /** Unsubscribes and closes the subscription's connection. */
  Future<Void> close();
}

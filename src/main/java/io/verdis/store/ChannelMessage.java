package io.verdis.store;

import io.vertx.core.buffer.Buffer;

/** A message published to {@code channel}. */
public record ChannelMessage(String channel, Buffer message) {
}

package io.verdis.shard;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/** Passes shard messages between verticles of this JVM by reference: no serialization. */
final class LocalCodec implements MessageCodec<ShardMessage, ShardMessage> {
  static final String NAME = "verdis-local";

  @Override
  public void encodeToWire(Buffer buffer, ShardMessage message) {
    throw new UnsupportedOperationException("shard messages never leave this node");
  }

  @Override
  public ShardMessage decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException("shard messages never leave this node");
  }

  @Override
  public ShardMessage transform(ShardMessage message) {
    return message;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}

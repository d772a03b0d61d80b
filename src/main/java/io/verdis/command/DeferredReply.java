package io.verdis.command;

import io.verdis.net.RespWriter;

import java.util.function.Consumer;

/** A reply promised by a client command and written later, still in request order. */
@FunctionalInterface
public interface DeferredReply {
  /** Writes the reply; call once, on any thread. */
  void complete(Consumer<RespWriter> writeReply);
}

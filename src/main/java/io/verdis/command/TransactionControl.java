package io.verdis.command;

/**
 * A connection's transaction state, for the commands that drive it (Redis's multi.c). Each method
 * throws a {@link CommandException} with Redis's text where Redis refuses.
 */
public interface TransactionControl {
  /** MULTI: commands are queued from now on. */
  void multi();

  /** EXEC: runs the queued commands atomically; the connection writes the reply when they have run. */
  void exec();

  /** DISCARD: drops the queued commands and unwatches. */
  void discard();

  /** UNWATCH: forgets the watched keys. */
  void unwatch();

  /** RESET: leaves any transaction and unwatches, without errors. */
  void reset();
}

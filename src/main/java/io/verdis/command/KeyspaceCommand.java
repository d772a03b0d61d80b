package io.verdis.command;

/**
 * A command that reads or writes the keyspace. It runs on the shard that owns its keys; when its
 * keys span shards, or it has no keys (DBSIZE, KEYS, FLUSHALL), it runs with every shard it needs
 * held, so no other client observes it half-done.
 */
@FunctionalInterface
public non-sealed interface KeyspaceCommand extends CommandHandler {
  void execute(KeyspaceCall call);
}

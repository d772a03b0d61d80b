package io.verdis.command;

import io.verdis.server.ServerState;

/**
 * A keyspace command that may touch keys its arguments do not name: a Lua script, which may build
 * key names as it runs (Redis allows that outside cluster mode). It runs where its named keys live
 * only when it is known to stay there; otherwise with every shard held.
 */
public interface RoamingCommand extends KeyspaceCommand {
  /** Whether this call will touch only the keys its arguments name. */
  boolean confined(ServerState server, byte[][] argv);
}

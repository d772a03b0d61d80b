package io.verdis.command;

/**
 * What runs a command. Data commands run where the data is (a shard, or several shards held at
 * once); client commands run on the connection and never see data.
 */
public sealed interface CommandHandler permits KeyspaceCommand, ClientCommand {
}

package io.verdis.command;

import io.verdis.command.bitmaps.BitCommands;
import io.verdis.command.connection.ClientCommands;
import io.verdis.command.connection.ConnectionCommands;
import io.verdis.command.geo.GeoCommands;
import io.verdis.command.keys.DumpCommands;
import io.verdis.command.hashes.HashCommands;
import io.verdis.command.hyperloglog.HllCommands;
import io.verdis.command.keys.KeyCommands;
import io.verdis.command.lists.ListCommands;
import io.verdis.command.pubsub.PubSubCommands;
import io.verdis.command.keys.SortCommands;
import io.verdis.command.server.ServerCommands;
import io.verdis.command.sets.SetCommands;
import io.verdis.command.sortedsets.SortedSetCommands;
import io.verdis.command.strings.StringCommands;
import io.verdis.command.transactions.TransactionCommands;

/** The RESP command table: every family registers its commands here. */
public final class Commands {
  private Commands() {
  }

  public static CommandTable table() {
    return CommandTable.of(
        StringCommands::register,
        BitCommands::register,
        HllCommands::register,
        KeyCommands::register,
        ListCommands::register,
        TransactionCommands::register,
        DumpCommands::register,
        SortCommands::register,
        HashCommands::register,
        SetCommands::register,
        ConnectionCommands::register,
        ClientCommands::register,
        ServerCommands::register,
        io.verdis.command.server.AclCommands::register,
        SortedSetCommands::register,
        GeoCommands::register,
        io.verdis.command.streams.StreamCommands::register,
        PubSubCommands::register,
        io.verdis.command.replication.ReplicationCommands::register,
        io.verdis.command.cluster.ClusterCommands::register,
        io.verdis.command.scripting.ScriptingCommands::register,
        io.verdis.command.scripting.FunctionCommands::register,
        io.verdis.command.streams.GroupCommands::register,
        io.verdis.command.streams.PendingCommands::register,
        io.verdis.command.streams.ClaimCommands::register,
        io.verdis.command.streams.StreamInfoCommands::register);
  }
}

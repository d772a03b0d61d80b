package io.verdis.shard;

import io.verdis.command.CommandInvoker;
import io.verdis.net.RespWriter;
import io.verdis.server.ServerState;

/** Runs the commands of a batch in order, each writing its reply after the previous one. */
final class CommandRunner {
  private final ServerState server;

  CommandRunner(ServerState server) {
    this.server = server;
  }

  void runBatch(CommandBatch batch, ShardCall call) {
    RespWriter reply = batch.replies();
    long clock = System.nanoTime();
    for (int i = 0; i < batch.size(); i++) {
      reply.protocol(batch.protocol(i));
      call.prepare(batch.spec(i), batch.argv(i), batch.db(i), reply);
      clock = CommandInvoker.invoke(batch.spec(i), call, batch.argv(i), reply, server, batch.client(), clock);
      batch.replyWritten(i);
    }
  }
}

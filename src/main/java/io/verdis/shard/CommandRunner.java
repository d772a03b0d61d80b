package io.verdis.shard;

import io.verdis.command.CommandFlag;
import io.verdis.command.CommandInvoker;
import io.verdis.command.CommandSpec;
import io.verdis.net.RespWriter;
import io.verdis.server.ServerState;

/**
 * Runs the commands of a batch in order, each writing its reply after the previous one, and
 * records each write that changed something for the AOF (as Redis propagates on server.dirty).
 */
final class CommandRunner {
  private final ServerState server;

  CommandRunner(ServerState server) {
    this.server = server;
  }

  void runBatch(CommandBatch batch, ShardCall call) {
    RespWriter reply = batch.replies();
    boolean recording = call.recording();
    long clock = System.nanoTime();
    for (int i = 0; i < batch.size(); i++) {
      CommandSpec spec = batch.spec(i);
      byte[][] argv = batch.argv(i);
      reply.protocol(batch.protocol(i));
      call.prepare(spec, argv, batch.db(i), reply, batch.client());
      long dirtyBefore = recording ? call.dirty() : 0;
      if (batch.replaying()) {
        CommandInvoker.replay(spec, call, argv, reply);
      } else {
        clock = CommandInvoker.invoke(spec, call, argv, reply, server, batch.client(), clock);
      }
      batch.replyWritten(i);
      if (recording && call.dirty() != dirtyBefore && spec.has(CommandFlag.WRITE)) {
        byte[][] record = call.propagated();
        call.records().append(batch.db(i), record == null ? argv : record);
      }
    }
  }
}

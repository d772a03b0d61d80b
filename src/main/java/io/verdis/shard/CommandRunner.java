package io.verdis.shard;

import io.verdis.cluster.Cluster;
import io.verdis.cluster.ClusterErrors;
import io.verdis.cluster.ClusterRouter;
import io.verdis.command.CommandFlag;
import io.verdis.command.CommandInvoker;
import io.verdis.command.CommandSpec;
import io.verdis.command.Errors;
import io.verdis.command.NeedsEveryShard;
import io.verdis.net.RespWriter;
import io.verdis.server.ServerState;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Runs the commands of a batch in order, each writing its reply after the previous one, and
 * records each write that changed something for the AOF (as Redis propagates on server.dirty).
 * A blocking command that finds nothing parks its batch; clients blocked on keys that a command
 * filled are served right after that command, before anything else runs (Redis's
 * handleClientsBlockedOnKeys).
 */
final class CommandRunner {
  private final ServerState server;

  CommandRunner(ServerState server) {
    this.server = server;
  }

  /**
   * Runs the batch with {@code call}; the batches of blocked clients this served are added to
   * {@code served} (their replies go once their records are committed, like the batch's own).
   */
  void runBatch(CommandBatch batch, ShardCall call, List<CommandBatch> served) {
    RespWriter reply = batch.replies();
    long clock = System.nanoTime();
    batch.resumed();
    for (int i = batch.resumeAt(); i < batch.size(); i++) {
      try {
        clock = run(batch, i, call, reply, clock);
      } catch (NeedsEveryShard e) {
        batch.handOff(i);
        server.scripting().lane().submit(batch);
        return;
      }
      ShardCall.BlockRequest request = call.blockRequest();
      if (request != null) {
        park(batch, call, request);
        return;
      }
      batch.replyWritten(i);
      if (call instanceof ShardCall.Local local && local.store().hasReady()) {
        serveReady(local, served);
      } else if (call instanceof ShardCall.Held held) {
        // Clients blocked on what this command pushed get it before the next command of the hold.
        CrossShardCall.serveBlocked(server, held.shardIds(), held.records(), this, served);
      }
    }
  }

  private long run(CommandBatch batch, int i, ShardCall call, RespWriter reply, long clock) {
    reply.protocol(batch.protocol(i));
    clock = runOne(batch.spec(i), batch.argv(i), batch.db(i), call, reply, batch, clock, batch.remembersReads(i));
    if (call.wasBounced() && call instanceof ShardCall.Local && !batch.client().importing()) {
      batch.bounce(i); // a slot move's own write is refused, never sent on: the move fails
    }
    return clock;
  }

  /** Runs one command with {@code call} and logs it if it changed something; returns when it ended. */
  long runOne(CommandSpec spec, byte[][] argv, int db, ShardCall call, RespWriter reply, CommandBatch batch,
              long clock, boolean remembersReads) {
    boolean recording = call.recording();
    call.prepare(spec, argv, db, reply, batch.client());
    if (batch.blockedClient() != null) {
      call.servesWoken();
    }
    if (notServedHere(spec, argv, batch)) {
      // Its slot moved (or is moving) away: nothing runs. A single command is sent on by its
      // connection; inside a transaction or a cross-shard call, the client is told to try again.
      call.bounced();
      reply.error(ClusterErrors.TRYAGAIN);
      return clock;
    }
    if (refusedWhileLoading(spec, batch)) {
      reply.error(Errors.LOADING);
      return clock;
    }
    if (refusedForMemory(spec, call, batch)) {
      reply.error(Errors.OOM);
      return clock;
    }
    long dirtyBefore = recording ? call.dirty() : 0;
    call.remembersReads(remembersReads);
    if (batch.replaying()) {
      CommandInvoker.replay(spec, call, argv, reply);
    } else {
      clock = CommandInvoker.invoke(spec, call, argv, reply, server, batch.client(), clock);
      if (remembersReads) {
        call.rememberReads(spec, argv);
      }
    }
    if (recording && call.dirty() != dirtyBefore && call.logs()) {
      call.recordTo(call.records(), db, argv, !call.inTransaction());
    }
    return clock;
  }

  /**
   * A client's command while a load runs. Connections refuse them already; this catches a batch
   * whose connection looked just before the load began and that reached the shard after the
   * switch (made with every shard held), which would otherwise be acknowledged and then wiped.
   * Replayed records (no client) are the load itself.
   */
  private boolean refusedWhileLoading(CommandSpec spec, CommandBatch batch) {
    return batch.client() != null && !batch.replaying() && !spec.has(CommandFlag.LOADING)
        && server.persistence().loading();
  }

  /**
   * A denyoom command while the shard stays over maxmemory after eviction (Redis's processCommand).
   * The primary's commands and replayed records always run; EXEC checked its queue as a whole.
   */
  static boolean refusedForMemory(CommandSpec spec, ShardCall call, CommandBatch batch) {
    return spec.has(CommandFlag.DENYOOM) && !batch.replaying() && !call.inTransaction()
        && !(batch.client() != null && batch.client().master()) && !call.makeRoom();
  }

  private boolean notServedHere(CommandSpec spec, byte[][] argv, CommandBatch batch) {
    Cluster cluster = server.cluster();
    if (cluster == null || batch.replaying() || batch.client() == null) {
      return false;
    }
    return !ClusterRouter.servedHere(cluster.view(), spec, argv, batch.client().importing());
  }

  private void park(CommandBatch batch, ShardCall call, ShardCall.BlockRequest request) {
    if (request.retryArgv() != null) {
      batch.rewriteArgv(0, request.retryArgv());
    }
    boolean retry = call instanceof ShardCall.Held held && held.writesBeyond(batch.argv(0), request);
    BlockedClient client = new BlockedClient(batch, batch.deadline(request.deadlineMs()), retry);
    call.await(client, request);
    batch.parked(client);
  }

  /**
   * Serves the clients blocked on keys of {@code call}'s store that got values, oldest first, as
   * long as the key still holds what they take. Each runs its command again; if it blocks again
   * (it found nothing after all) it keeps its place. A list or sorted-set waiter that gets nothing
   * stops the walk (everyone after it waits for the same elements); a stream reader does not, since
   * each waits for entries past its own id or group (Redis serves every stream waiter in turn).
   */
  void serveReady(ShardCall.Local call, List<CommandBatch> served) {
    ShardStore store = call.store();
    KeyBytes key;
    while ((key = store.nextReady()) != null) {
      KeyObservers observers = store.observersIfAny(key.db());
      ArrayDeque<BlockedClient> queue = observers == null ? null : observers.awaiting(key);
      // Stream readers the key had nothing for: they do not hold up the others, and go back in order.
      ArrayDeque<BlockedClient> passed = null;
      while (queue != null && !queue.isEmpty()) {
        Object value = store.database(key.db()).peek(key.key());
        BlockedClient client = queue.peek();
        if (client.finished()) {
          queue.poll();
          continue;
        }
        if (!client.wakesOn(value)) {
          if (client.holdsQueue()) {
            break;
          }
          passed = pass(passed, queue.poll());
          continue;
        }
        if (!client.finish()) {
          queue.poll();
          continue;
        }
        queue.poll();
        if (client.retryOnWake()) {
          client.wakeForRetry();
          continue;
        }
        if (!serve(client, call)) {
          if (client.holdsQueue()) {
            queue.addFirst(client);
            break;
          }
          passed = pass(passed, client);
          continue;
        }
        served.add(client.batch());
      }
      if (passed != null) {
        for (java.util.Iterator<BlockedClient> back = passed.descendingIterator(); back.hasNext(); ) {
          queue.addFirst(back.next());
        }
      }
      if (observers != null) {
        observers.dropQueueIfEmpty(key);
        store.detachIfIdle(key.db());
      }
    }
  }

  private static ArrayDeque<BlockedClient> pass(ArrayDeque<BlockedClient> passed, BlockedClient client) {
    ArrayDeque<BlockedClient> list = passed == null ? new ArrayDeque<>() : passed;
    list.add(client);
    return list;
  }

  private boolean serve(BlockedClient client, ShardCall.Local call) {
    CommandBatch batch = client.batch();
    RespWriter reply = batch.replies();
    long mark = reply.written();
    run(batch, 0, call, reply, System.nanoTime());
    if (call.blockRequest() != null) {
      reply.rewind(mark);
      client.unfinish();
      return false;
    }
    batch.replyWritten(0);
    return true;
  }
}

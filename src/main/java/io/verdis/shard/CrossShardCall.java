package io.verdis.shard;

import io.verdis.persist.RecordBuffer;
import io.verdis.server.ServerState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs something that needs several shards at once, atomically: the shards are held one after
 * another in ascending order, so two coordinators can never wait on each other; once all are held,
 * none of them runs anything else, the action runs here, and they are released.
 *
 * <p>The action touches the held shards' stores from the coordinator's thread. That is safe:
 * each hold is granted through the shard's event-bus queue and released through it again, and
 * those hand-offs order every memory access of the shard before and after the call.
 */
public final class CrossShardCall {
  private final ShardSet shards;
  private final int[] shardIds;
  private final Context coordinator;
  private final Runnable whileHeld;
  private int held;

  private CrossShardCall(ShardSet shards, int[] shardIds, Context coordinator, Runnable whileHeld) {
    this.shards = shards;
    this.shardIds = shardIds;
    this.coordinator = coordinator;
    this.whileHeld = whileHeld;
  }

  /**
   * One command whose keys span shards (or that needs them all); {@code shardIds} ascending,
   * {@code batch} holds exactly one command. Its AOF records are handed over before the shards
   * are released, so they sit in the log between the shards' records from before and after it.
   */
  public static void run(ServerState server, int[] shardIds, CommandBatch batch, Context coordinator) {
    CommandBatch[] once = {batch};
    new CrossShardCall(server.shards(), shardIds, coordinator, () -> runHeld(server, shardIds, () -> {
      CommandBatch next = once[0];
      once[0] = null;
      return next;
    })).start();
  }

  /**
   * With the shards {@code shardIds} held (on the coordinator): runs the batches {@code next}
   * gives until it gives null, serves the clients they unblocked, and answers them all once their
   * records are committed.
   */
  static void runHeld(ServerState server, int[] shardIds, java.util.function.Supplier<CommandBatch> next) {
    ShardSet shards = server.shards();
    long now = System.currentTimeMillis();
    for (int shard : shardIds) {
      shards.store(shard).clock().setNowMs(now);
    }
    RecordBuffer records = new RecordBuffer();
    ShardCall.Held call = new ShardCall.Held(server, shards, shardIds, now, records);
    CommandRunner runner = new CommandRunner(server);
    List<CommandBatch> done = new ArrayList<>();
    CommandBatch batch;
    try {
      while ((batch = next.get()) != null) {
        boolean fromPrimary = batch.client() != null && batch.client().master();
        for (int shard : shardIds) {
          shards.store(shard).clock().fromPrimary(fromPrimary);
        }
        runner.runBatch(batch, call, done);
        if (batch.blockedClient() == null && !batch.handedOff()) {
          done.add(batch);
        }
        serveBlocked(server, shardIds, records, runner, done);
      }
    } finally {
      // Whatever ran is logged and answered, even if something failed past its own error reply.
      commitAndAnswer(server, shardIds, records, done);
    }
  }

  /** Serves, from the coordinator, the clients blocked on keys the call filled in the held shards. */
  static void serveBlocked(ServerState server, int[] shardIds, RecordBuffer records, CommandRunner runner,
                           List<CommandBatch> served) {
    ShardSet shards = server.shards();
    for (int shard : shardIds) {
      ShardStore store = shards.store(shard);
      if (store.hasReady()) {
        runner.serveReady(new ShardCall.Local(server, store, records), served);
      }
    }
  }

  /**
   * Hands over the held shards' own records (writes they ran before the hold) and then the call's,
   * so the log keeps their order; the replies go once the call's records are committed.
   */
  static void commitAndAnswer(ServerState server, int[] shardIds, RecordBuffer records, List<CommandBatch> answered) {
    ShardSet shards = server.shards();
    for (int shard : shardIds) {
      ShardStore store = shards.store(shard);
      server.persistence().commit(store.records(), store.unsynced(), store.takeChanges(), null);
    }
    server.persistence().commit(records, null, 0, () -> {
      for (CommandBatch answeredBatch : answered) {
        answeredBatch.executed();
      }
    });
  }

  /**
   * Holds every shard, applies {@code action} to their stores (indexed by shard id) on the
   * coordinator's thread, and releases them: how persistence takes a consistent snapshot.
   */
  public static <T> Future<T> withAllHeld(ServerState server, Context coordinator, Function<ShardStore[], T> action) {
    ShardSet shards = server.shards();
    Promise<T> result = Promise.promise();
    new CrossShardCall(shards, shards.all(), coordinator, () -> {
      ShardStore[] stores = new ShardStore[shards.count()];
      for (int i = 0; i < stores.length; i++) {
        stores[i] = shards.store(i);
        server.persistence().commit(stores[i].records(), stores[i].unsynced(), stores[i].takeChanges(), null);
      }
      try {
        result.complete(action.apply(stores));
      } catch (RuntimeException e) {
        result.fail(e);
      }
    }).start();
    return result.future();
  }

  /** Runs {@code whileHeld} on the coordinator with the shards {@code shardIds} (ascending) held; at once when none. */
  static void runHolding(ServerState server, int[] shardIds, Context coordinator, Runnable whileHeld) {
    if (shardIds.length == 0) {
      whileHeld.run();
      return;
    }
    new CrossShardCall(server.shards(), shardIds, coordinator, whileHeld).start();
  }

  private void start() {
    shards.send(shardIds[0], new ShardMessage.Hold(this));
  }

  /** On the shard's event loop, which from now on waits for the release. */
  void granted() {
    coordinator.runOnContext(ignored -> onGranted());
  }

  private void onGranted() {
    held++;
    if (held < shardIds.length) {
      shards.send(shardIds[held], new ShardMessage.Hold(this));
      return;
    }
    try {
      whileHeld.run();
    } finally {
      for (int shard : shardIds) {
        shards.send(shard, ShardMessage.Release.INSTANCE);
      }
    }
  }
}

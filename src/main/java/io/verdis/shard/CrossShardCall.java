package io.verdis.shard;

import io.verdis.persist.RecordBuffer;
import io.verdis.server.ServerState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

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
    ShardSet shards = server.shards();
    new CrossShardCall(shards, shardIds, coordinator, () -> {
      long now = System.currentTimeMillis();
      for (int shard : shardIds) {
        shards.store(shard).clock().setNowMs(now);
      }
      RecordBuffer records = new RecordBuffer();
      ShardCall.Held call = new ShardCall.Held(server, shards, shardIds, now, records);
      new CommandRunner(server).runBatch(batch, call);
      for (int shard : shardIds) {
        ShardStore store = shards.store(shard);
        server.persistence().commit(store.records(), store.unsynced(), store.takeChanges(), null);
      }
      server.persistence().commit(records, null, 0, batch::executed);
    }).start();
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

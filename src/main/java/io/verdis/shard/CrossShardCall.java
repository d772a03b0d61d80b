package io.verdis.shard;

import io.verdis.server.ServerState;
import io.vertx.core.Context;

/**
 * Runs one command whose keys span shards (or that needs them all) atomically: the shards are
 * held one after another in ascending order, so two coordinators can never wait on each other;
 * once all are held, none of them runs anything else, the command runs here, and they are released.
 *
 * <p>The command touches the held shards' stores from the coordinator's thread. That is safe:
 * each hold is granted through the shard's event-bus queue and released through it again, and
 * those hand-offs order every memory access of the shard before and after the call.
 */
public final class CrossShardCall {
  private final ServerState server;
  private final ShardSet shards;
  private final int[] shardIds;
  private final CommandBatch batch;
  private final Context coordinator;
  private int held;

  /** {@code shardIds} ascending; {@code batch} holds exactly one command. */
  public CrossShardCall(ServerState server, int[] shardIds, CommandBatch batch, Context coordinator) {
    this.server = server;
    this.shards = server.shards();
    this.shardIds = shardIds;
    this.batch = batch;
    this.coordinator = coordinator;
  }

  public void start() {
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
    long now = System.currentTimeMillis();
    for (int shard : shardIds) {
      shards.store(shard).clock().setNowMs(now);
    }
    ShardCall.Held call = new ShardCall.Held(server, shards, now);
    try {
      new CommandRunner(server).runBatch(batch, call);
    } finally {
      for (int shard : shardIds) {
        shards.send(shard, ShardMessage.Release.INSTANCE);
      }
    }
    batch.handle(null);
  }
}

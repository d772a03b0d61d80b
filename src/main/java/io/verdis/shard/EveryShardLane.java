package io.verdis.shard;

import io.verdis.server.ServerState;
import io.vertx.core.Context;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Batches that need every shard held (the scripts that may touch any key), from every connection,
 * run back to back under one hold: what one hold costs (a round trip to each shard) is paid once
 * per burst, not once per script, as Redis pays nothing to run scripts one after another on its
 * one thread. Each batch is atomic all the same, since nothing else runs while the shards are held.
 * A hold lasts at most {@link #MAX_BATCHES} batches or about a millisecond, so the shards' other
 * clients wait no longer than that for a turn; batches arriving meanwhile get the next hold.
 */
public final class EveryShardLane {
  private static final int MAX_BATCHES = 256;
  private static final long MAX_HOLD_NANOS = 1_000_000;

  private final ServerState server;
  private final Context context;
  private final ConcurrentLinkedQueue<CommandBatch> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean holding = new AtomicBoolean();

  public EveryShardLane(ServerState server, Context context) {
    this.server = server;
    this.context = context;
  }

  /** Runs {@code batch} (from where it stopped: see CommandBatch#handOff) with every shard held. */
  public void submit(CommandBatch batch) {
    queue.add(batch);
    if (holding.compareAndSet(false, true)) {
      hold();
    }
  }

  private void hold() {
    CrossShardCall.runHolding(server, server.shards().all(), context, this::drain);
  }

  /** On the lane's context, every shard held. */
  private void drain() {
    long deadline = System.nanoTime() + MAX_HOLD_NANOS;
    int[] ran = {0};
    CrossShardCall.runHeld(server, server.shards().all(), () ->
        ran[0]++ < MAX_BATCHES && System.nanoTime() < deadline ? queue.poll() : null);
    holding.set(false);
    // A batch queued after the last poll found the lane still holding and left it to this one.
    if (!queue.isEmpty() && holding.compareAndSet(false, true)) {
      context.runOnContext(ignored -> hold());
    }
  }
}

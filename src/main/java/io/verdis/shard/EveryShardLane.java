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
  /** Numbers the batches as they come: a hold runs only those that came before it asked for the shards. */
  private final java.util.concurrent.atomic.AtomicLong tickets = new java.util.concurrent.atomic.AtomicLong();

  public EveryShardLane(ServerState server, Context context) {
    this.server = server;
    this.context = context;
  }

  /** Runs {@code batch} (from where it stopped: see CommandBatch#handOff) with every shard held. */
  public void submit(CommandBatch batch) {
    batch.laneTicket(tickets.getAndIncrement());
    queue.add(batch);
    if (holding.compareAndSet(false, true)) {
      hold();
    }
  }

  /**
   * Asks for every shard. A batch that came later may be behind the client's own earlier commands
   * in a shard's queue, behind this hold's request: it waits for the next hold, or it would run first.
   */
  private void hold() {
    long before = tickets.get();
    CrossShardCall.runHolding(server, server.shards().all(), context, () -> drain(before));
  }

  /** On the lane's context, every shard held: runs the batches numbered below {@code before}. */
  private void drain(long before) {
    long deadline = System.nanoTime() + MAX_HOLD_NANOS;
    int[] ran = {0};
    try {
      CrossShardCall.runHeld(server, server.shards().all(), () -> {
        CommandBatch next = queue.peek();
        if (next == null || next.laneTicket() >= before || ran[0]++ >= MAX_BATCHES || System.nanoTime() > deadline) {
          return null;
        }
        return queue.poll();
      });
    } finally {
      holding.set(false);
    }
    // A batch queued after the last poll found the lane still holding and left it to this one.
    if (!queue.isEmpty() && holding.compareAndSet(false, true)) {
      context.runOnContext(ignored -> hold());
    }
  }
}

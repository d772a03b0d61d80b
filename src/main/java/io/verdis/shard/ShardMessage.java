package io.verdis.shard;

import java.util.function.Consumer;

/** What a shard receives at its event-bus address {@code verdis.shard.<n>}. */
public sealed interface ShardMessage permits CommandBatch, ShardMessage.Hold, ShardMessage.Release, ShardMessage.Task {

  /** Reserve the shard for a cross-shard call: it answers, then runs nothing else until released. */
  record Hold(CrossShardCall call) implements ShardMessage {
  }

  /** Something to do on the shard's own thread with its store (e.g. start expiring keys once loading ends). */
  record Task(Consumer<ShardStore> action) implements ShardMessage {
  }

  /** End of a hold: the shard resumes with whatever queued up meanwhile. */
  enum Release implements ShardMessage {
    INSTANCE
  }
}

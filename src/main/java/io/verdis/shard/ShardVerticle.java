package io.verdis.shard;

import io.verdis.persist.Persistence;
import io.verdis.server.ServerState;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * Owns one shard: consumes command batches at {@code verdis.shard.<n>}, runs them in arrival
 * order on its own event loop, and reaps expired keys in the background as Redis's active expiry
 * cycle does. While a cross-shard call holds it, it queues everything else.
 */
public final class ShardVerticle extends VerticleBase {
  /** Keys examined per database per active-expiry tick before yielding (Redis: 20 per loop, ~25% CPU). */
  private static final int EXPIRY_EFFORT = 200;
  private static final CommandBatch[] NO_BATCHES = new CommandBatch[0];

  private final ServerState server;
  private final ShardStore store;
  private final int id;
  private final ArrayDeque<ShardMessage> waiting = new ArrayDeque<>();
  /** Batches run in this event-loop turn, whose replies go once their records are committed. */
  private final ArrayList<CommandBatch> awaitingCommit = new ArrayList<>();
  private final Handler<Void> commitTurn = ignored -> commitTurn();
  private boolean commitScheduled;
  private boolean evictionScheduled;
  private CommandRunner runner;
  private ShardCall.Local call;
  private boolean held;
  private MessageConsumer<ShardMessage> consumer;
  private long expiryTimer = -1;

  public ShardVerticle(ServerState server, int id) {
    this.server = server;
    this.id = id;
    this.store = server.shards().store(id);
    store.keyspaceEvents(server.keyspaceEvents());
    store.tracking(server.tracking());
  }

  @Override
  public Future<?> start() {
    runner = new CommandRunner(server);
    call = new ShardCall.Local(server, store);
    consumer = vertx.eventBus().localConsumer(server.shards().address(id), message -> receive(message.body()));
    scheduleExpiry();
    server.config().onChange("hz", config -> context.runOnContext(ignored -> scheduleExpiry()));
    store.clock().setLfu(server.config().lfuSettings());
    store.trackedKeysLimit(server.config().trackingTableMaxKeys(), server.shards().count());
    server.config().onChange("tracking-table-max-keys", config -> context.runOnContext(
        ignored -> store.trackedKeysLimit(config.trackingTableMaxKeys(), server.shards().count())));
    store.evictionSettings(server.config().evictionSettings(server.shards().count()));
    for (String directive : new String[] {"maxmemory", "maxmemory-policy", "maxmemory-samples", "maxmemory-eviction-tenacity"}) {
      // A lower maxmemory takes effect at once, as Redis evicts when CONFIG SET lowers it.
      server.config().onChange(directive, config -> context.runOnContext(ignored -> {
        store.evictionSettings(config.evictionSettings(server.shards().count()));
        evictBetweenBatches();
      }));
    }
    for (String directive : new String[] {"maxmemory-policy", "lfu-log-factor", "lfu-decay-time"}) {
      server.config().onChange(directive,
          config -> context.runOnContext(ignored -> store.clock().setLfu(config.lfuSettings())));
    }
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(expiryTimer);
    return consumer.unregister();
  }

  private void receive(ShardMessage message) {
    if (held && message != ShardMessage.Release.INSTANCE) {
      waiting.add(message);
      return;
    }
    handle(message);
  }

  private void handle(ShardMessage message) {
    store.figures().handled();
    if (message instanceof CommandBatch batch) {
      store.figures().ran(batch.size());
      store.clock().tick();
      store.clock().fromPrimary(batch.client() != null && batch.client().master());
      runner.runBatch(batch, call, awaitingCommit);
      if (store.evictionRunning()) {
        scheduleEviction();
      }
      if (batch.blockedClient() == null && !batch.handedOff()) {
        awaitingCommit.add(batch);
      }
      scheduleCommit();
    } else if (message instanceof ShardMessage.Task task) {
      task.action().accept(store);
    } else if (message instanceof ShardMessage.Hold hold) {
      held = true;
      hold.call().granted();
    } else {
      held = false;
      while (!held && !waiting.isEmpty()) {
        handle(waiting.poll());
      }
      if (!held && !awaitingCommit.isEmpty()) {
        scheduleCommit();
      }
    }
  }

  private void scheduleCommit() {
    if (!commitScheduled) {
      commitScheduled = true;
      context.runOnContext(commitTurn);
    }
  }

  /**
   * Runs as a task queued behind the batches delivered in this event-loop turn, so it commits all
   * of them at once: one chunk to the AOF writer, one fsync under appendfsync always.
   */
  private void commitTurn() {
    commitScheduled = false;
    if (held) {
      // The holder may be writing this store's records from its own thread; the batches of this
      // turn are committed once it releases the shard (it has handed their records over already).
      return;
    }
    Persistence persistence = server.persistence();
    if (!persistence.repliesWaitForDisk()) {
      persistence.commit(store.records(), store.unsynced(), store.takeChanges(), null);
      for (CommandBatch batch : awaitingCommit) {
        batch.executed();
      }
      awaitingCommit.clear();
      return;
    }
    CommandBatch[] batches = awaitingCommit.toArray(NO_BATCHES);
    awaitingCommit.clear();
    persistence.commit(store.records(), store.unsynced(), store.takeChanges(), () -> {
      for (CommandBatch batch : batches) {
        batch.executed();
      }
    });
  }

  private void scheduleEviction() {
    if (!evictionScheduled) {
      evictionScheduled = true;
      context.runOnContext(ignored -> {
        evictionScheduled = false;
        evictBetweenBatches();
      });
    }
  }

  /**
   * One eviction run outside any command: after CONFIG SET lowered the limit (Redis evicts at
   * once), or while a command's run stopped at its time limit (Redis's evictionTimeProc). Runs
   * again, behind what is queued, until the shard is under its limit.
   */
  private void evictBetweenBatches() {
    if (held) {
      return; // the next write evicts
    }
    store.clock().tick();
    store.makeRoom();
    server.persistence().commit(store.records(), store.unsynced(), store.takeChanges(), null);
    if (store.evictionRunning()) {
      scheduleEviction();
    }
  }

  private void scheduleExpiry() {
    if (expiryTimer >= 0) {
      vertx.cancelTimer(expiryTimer);
    }
    expiryTimer = vertx.setPeriodic(Math.max(1, 1000 / server.config().hz()), ignored -> expireSome());
  }

  private void expireSome() {
    if (held) {
      return;
    }
    store.clock().tick();
    long start = System.nanoTime();
    for (int db = 0; db < store.databaseCount(); db++) {
      Keyspace keyspace = store.database(db);
      if (keyspace.expiresCount() > 0) {
        keyspace.activeExpireCycle(EXPIRY_EFFORT);
      }
    }
    server.latencyMonitor().consider("expire-cycle", System.nanoTime() - start);
    server.persistence().commit(store.records(), store.unsynced(), store.takeChanges(), null);
  }
}

package io.verdis.cluster;

import io.netty.buffer.ByteBuf;
import io.verdis.command.CommandSpec;
import io.verdis.persist.rdb.Dump;
import io.verdis.server.ServerState;
import io.verdis.shard.CommandBatch;
import io.verdis.shard.Keyspace;
import io.verdis.shard.ShardMessage;
import io.verdis.shard.ShardSet;
import io.verdis.shard.ShardStore;
import io.verdis.shard.SlotTable;
import io.verdis.types.Aggregates;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.logging.Logger;

/**
 * Moves slots from this node to another, live, losing nothing and applying nothing twice:
 * <ol>
 *   <li>freeze the slots here: from now on the shards run no command of theirs (each goes back to
 *   its connection, which sends it on once the move is over);</li>
 *   <li>take their keys on each shard's own thread, after every command that ran before the freeze
 *   (values in DUMP's format, TTLs as absolute times);</li>
 *   <li>RESTORE them on the new owner through a session of its that may write slots it is
 *   receiving: they go through its command path, so its AOF records them (fsynced under
 *   {@code appendfsync always}) before it answers;</li>
 *   <li>give the slots to the new owner in the agreed table (compare-and-set, at a new epoch), and
 *   have it read the table at once, so it serves them before anything is sent on to it;</li>
 *   <li>the held commands go to the new owner as soon as the table names it; the keys here are
 *   deleted, with DEL records, so a restart of this node does not bring them back, and only then
 *   are the slots unfrozen (so no count sees them on both nodes once the move is reported over).</li>
 * </ol>
 * If anything fails before the table changes, the slots simply stay here.
 */
final class SlotMover {
  private static final Logger LOG = Logger.getLogger(SlotMover.class.getName());
  private static final byte[] RESTORE = "RESTORE".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] REPLACE = "REPLACE".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ABSTTL = "ABSTTL".getBytes(StandardCharsets.US_ASCII);
  private static final int BATCH_COMMANDS = 1000;
  private static final int BATCH_BYTES = 4 << 20;

  private final ServerState server;
  private final Cluster cluster;
  private final Context context;

  SlotMover(ServerState server, Context context) {
    this.server = server;
    this.cluster = server.cluster();
    this.context = context;
  }

  /** A key to move: its database, name, DUMP payload and absolute expiry (0: none). */
  private record Entry(int db, byte[] key, byte[] payload, long expireAtMs) {
  }

  /** What one move did, for the log and CLUSTER INFO. */
  record Moved(int slots, int keys, long bytes) {
  }

  Future<Moved> move(int[] slots, String target) {
    long started = System.currentTimeMillis();
    for (int slot : slots) {
      if (cluster.view().frozen().get(slot) || !cluster.view().servesHere(slot)) {
        // A coordinator that gave up waiting asks again while the first move still runs, or
        // asks for slots that already left: moving them twice would overwrite newer writes.
        return Future.failedFuture("slot " + slot + " is being moved already or is not served here");
      }
    }
    cluster.freeze(slots, true);
    BitSet moving = new BitSet(SlotOwners.SLOTS);
    for (int slot : slots) {
      moving.set(slot);
    }
    return collect(moving)
        .compose(entries -> restore(entries, target).map(entries))
        .compose(entries -> server.vertx().executeBlocking(() -> {
          giveAway(slots, target);
          return entries;
        }))
        .compose(entries -> Control.refresh(server.vertx(), target).map(entries))
        .compose(entries -> deleteHere(moving).map(entries))
        .onSuccess(entries -> cluster.freeze(slots, false))
        .map(entries -> {
          long bytes = 0;
          for (Entry entry : entries) {
            bytes += entry.key().length + entry.payload().length;
          }
          Moved moved = new Moved(slots.length, entries.size(), bytes);
          long took = System.currentTimeMillis() - started;
          LOG.info(() -> "Moved " + moved.slots() + " slots (" + moved.keys() + " keys, " + moved.bytes()
              + " bytes) to " + target + " in " + took + " ms");
          return moved;
        })
        .recover(failure -> {
          boolean stayed = cluster.self().equals(cluster.view().table().ownerOf(slots[0]));
          LOG.warning("Moving " + slots.length + " slots to " + target + " failed"
              + (stayed ? ", they stay here: " : " after the table gave them away: ") + failure.getMessage());
          // Given away already: what is left of them here must go (with DELs, or a restart brings them back).
          Future<Void> cleaned = stayed ? Future.succeededFuture() : deleteHere(moving);
          return cleaned.eventually(() -> {
            cluster.freeze(slots, false);
            return Future.succeededFuture();
          }).compose(ignored -> Future.failedFuture(failure));
        });
  }

  /** Every key of the slots, taken on each shard's own thread after what ran there before the freeze. */
  private Future<List<Entry>> collect(BitSet moving) {
    ShardSet shards = server.shards();
    List<Future<List<Entry>>> parts = new ArrayList<>();
    for (int shard : shardsOf(moving)) {
      Promise<List<Entry>> part = Promise.promise();
      shards.send(shard, new ShardMessage.Task(store -> {
        store.slotsLeaving(moving::get);
        part.complete(entriesOf(store, moving));
      }));
      parts.add(part.future());
    }
    return Future.all(parts).map(all -> {
      List<Entry> entries = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        entries.addAll(all.resultAt(i));
      }
      return entries;
    });
  }

  private static List<Entry> entriesOf(ShardStore store, BitSet moving) {
    List<Entry> entries = new ArrayList<>();
    for (int db = 0; db < store.databaseCount(); db++) {
      Keyspace keyspace = store.database(db);
      int index = db;
      long cursor = 0;
      do {
        cursor = keyspace.scan(cursor, 1024, (key, value) -> {
          if (moving.get(SlotTable.slotOf(key))) {
            long expireAt = keyspace.expireAt(key);
            entries.add(new Entry(index, key, Dump.serialize(Aggregates.toRdb(value)), Math.max(0, expireAt)));
          }
        });
      } while (cursor != 0);
    }
    return entries;
  }

  private int[] shardsOf(BitSet slots) {
    ShardSet shards = server.shards();
    BitSet involved = new BitSet();
    for (int slot = slots.nextSetBit(0); slot >= 0; slot = slots.nextSetBit(slot + 1)) {
      involved.set(shards.slots().shardOfSlot(slot));
    }
    return involved.stream().toArray();
  }

  /** RESTOREs the entries on {@code target}, a batch at a time; fails on the first error it answers. */
  private Future<Void> restore(List<Entry> entries, String target) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    context.runOnContext(ignored -> {
      NodeLink link = server.forwarding().importerLink(target, context);
      restoreFrom(link, entries, 0, done);
      done.future().onComplete(result -> link.close());
    });
    return done.future();
  }

  /**
   * Sends every batch at once (the link keeps them in order, and the new owner runs them as they
   * come): the slots stay frozen for one round trip, not one per batch.
   */
  private void restoreFrom(NodeLink link, List<Entry> entries, int from, Promise<Void> done) {
    CommandSpec restore = server.commands().get("restore");
    List<CommandBatch> batches = new ArrayList<>();
    int[] pending = {0};
    CommandBatch.Owner owner = finished -> {
      String error = firstError(finished);
      if (error != null) {
        done.tryFail("the new owner refused a key: " + error);
      } else if (--pending[0] == 0) {
        done.tryComplete();
      }
    };
    int next = from;
    while (next < entries.size()) {
      CommandBatch batch = new CommandBatch(owner, context, null);
      int bytes = 0;
      while (next < entries.size() && batch.size() < BATCH_COMMANDS && bytes < BATCH_BYTES) {
        Entry entry = entries.get(next++);
        byte[] ttl = Long.toString(entry.expireAtMs()).getBytes(StandardCharsets.US_ASCII);
        batch.add(restore, new byte[][] {RESTORE, entry.key(), ttl, entry.payload(), REPLACE, ABSTTL}, entry.db(), 2);
        bytes += entry.key().length + entry.payload().length;
      }
      batches.add(batch);
    }
    pending[0] = batches.size();
    batches.forEach(link::send);
  }

  private static String firstError(CommandBatch batch) {
    ByteBuf replies = batch.replies().buffer();
    int at = 0;
    while (at < replies.writerIndex()) {
      if (replies.getByte(at) == '-') {
        int end = replies.indexOf(at, replies.writerIndex(), (byte) '\r');
        return replies.toString(at + 1, Math.max(0, end - at - 1), StandardCharsets.UTF_8);
      }
      at = ReplyScanner.end(replies, at);
      if (at < 0) {
        return null;
      }
    }
    return null;
  }

  /** The agreed table change (blocking): the slots, still all this node's, become {@code target}'s. */
  private void giveAway(int[] slots, String target) {
    while (true) {
      SlotOwners current = cluster.agreedTable();
      for (int slot : slots) {
        if (!cluster.self().equals(current.ownerOf(slot))) {
          throw new IllegalStateException("slot " + slot + " is no longer this node's");
        }
      }
      if (cluster.compareAndSet(current, current.withOwner(slots, target))) {
        return;
      }
    }
  }

  /** Deletes what is left here of the slots (logged as DELs, so a restart does not bring them back). */
  private Future<Void> deleteHere(BitSet moved) {
    ShardSet shards = server.shards();
    List<Future<Void>> parts = new ArrayList<>();
    for (int shard : shardsOf(moved)) {
      Promise<Void> part = Promise.promise();
      shards.send(shard, new ShardMessage.Task(store -> {
        for (int db = 0; db < store.databaseCount(); db++) {
          Keyspace keyspace = store.database(db);
          List<byte[]> doomed = new ArrayList<>();
          long cursor = 0;
          do {
            cursor = keyspace.scan(cursor, 1024, (key, value) -> {
              if (moved.get(SlotTable.slotOf(key))) {
                doomed.add(key);
              }
            });
          } while (cursor != 0);
          for (byte[] key : doomed) {
            if (keyspace.delete(key) && store.recording()) {
              store.records().appendDelete(db, key);
            }
          }
          store.changed(doomed.size());
        }
        server.persistence().commit(store.records(), store.unsynced(), store.takeChanges(), part::complete);
      }));
      parts.add(part.future());
    }
    return Future.all(parts).mapEmpty();
  }
}

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
import java.util.function.Consumer;

/**
 * The keys of a set of slots as values that travel: taken from a node's shards (each on its own
 * thread, in DUMP's format with absolute expiries), RESTOREd on a node through its importer
 * session (so its AOF records them before it answers), or deleted with DEL records. A slot move
 * and a failover's promotion both carry keys this way.
 */
final class SlotKeys {
  private static final byte[] RESTORE = "RESTORE".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] REPLACE = "REPLACE".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ABSTTL = "ABSTTL".getBytes(StandardCharsets.US_ASCII);
  private static final int BATCH_COMMANDS = 1000;
  private static final int BATCH_BYTES = 4 << 20;

  private SlotKeys() {
  }

  /** A key that travels: its database, name, DUMP payload and absolute expiry (0: none). */
  record Entry(int db, byte[] key, byte[] payload, long expireAtMs) {
  }

  /** Every slot: a whole dataset. */
  static BitSet all() {
    BitSet every = new BitSet(SlotTable.SLOTS);
    every.set(0, SlotTable.SLOTS);
    return every;
  }

  /**
   * Every key of {@code slots} in {@code shards}, taken on each shard's own thread after what ran
   * there before; {@code first} runs there just before.
   */
  static Future<List<Entry>> collect(ShardSet shards, BitSet slots, Consumer<ShardStore> first) {
    List<Future<List<Entry>>> parts = new ArrayList<>();
    for (int shard : shardsOf(shards, slots)) {
      Promise<List<Entry>> part = Promise.promise();
      shards.send(shard, new ShardMessage.Task(store -> {
        first.accept(store);
        part.complete(entriesOf(store, slots));
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

  private static List<Entry> entriesOf(ShardStore store, BitSet slots) {
    List<Entry> entries = new ArrayList<>();
    for (int db = 0; db < store.databaseCount(); db++) {
      Keyspace keyspace = store.database(db);
      int index = db;
      long cursor = 0;
      do {
        cursor = keyspace.scan(cursor, 1024, (key, value) -> {
          if (slots.get(SlotTable.slotOf(key))) {
            long expireAt = keyspace.expireAt(key);
            entries.add(new Entry(index, key, Dump.serialize(Aggregates.toRdb(value)), Math.max(0, expireAt)));
          }
        });
      } while (cursor != 0);
    }
    return entries;
  }

  private static int[] shardsOf(ShardSet shards, BitSet slots) {
    BitSet involved = new BitSet();
    for (int slot = slots.nextSetBit(0); slot >= 0; slot = slots.nextSetBit(slot + 1)) {
      involved.set(shards.slots().shardOfSlot(slot));
    }
    return involved.stream().toArray();
  }

  /**
   * RESTOREs {@code entries} on {@code target} (this node too) through its importer session,
   * which may write only slots it does not serve; fails on the first error it answers.
   */
  static Future<Void> restore(ServerState server, Context context, List<Entry> entries, String target) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    context.runOnContext(ignored -> {
      NodeLink link = server.forwarding().importerLink(target, context);
      restoreFrom(server, context, link, entries, done);
      done.future().onComplete(result -> link.close());
    });
    return done.future();
  }

  /**
   * Sends every batch at once (the link keeps them in order, and the target runs them as they
   * come): slots frozen for a move stay so for one round trip, not one per batch.
   */
  private static void restoreFrom(ServerState server, Context context, NodeLink link, List<Entry> entries,
                                  Promise<Void> done) {
    CommandSpec restore = server.commands().get("restore");
    List<CommandBatch> batches = new ArrayList<>();
    int[] pending = {0};
    CommandBatch.Owner owner = finished -> {
      String error = firstError(finished);
      if (error != null) {
        done.tryFail("the node refused a key: " + error);
      } else if (--pending[0] == 0) {
        done.tryComplete();
      }
    };
    int next = 0;
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

  /** Deletes the keys of {@code slots} here, with DEL records, so a restart does not bring them back. */
  static Future<Void> delete(ServerState server, BitSet slots) {
    ShardSet shards = server.shards();
    List<Future<Void>> parts = new ArrayList<>();
    for (int shard : shardsOf(shards, slots)) {
      Promise<Void> part = Promise.promise();
      shards.send(shard, new ShardMessage.Task(store -> {
        for (int db = 0; db < store.databaseCount(); db++) {
          Keyspace keyspace = store.database(db);
          List<byte[]> doomed = new ArrayList<>();
          long cursor = 0;
          do {
            cursor = keyspace.scan(cursor, 1024, (key, value) -> {
              if (slots.get(SlotTable.slotOf(key))) {
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

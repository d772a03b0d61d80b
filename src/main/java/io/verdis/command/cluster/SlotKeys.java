package io.verdis.command.cluster;

import io.verdis.command.Args;
import io.verdis.command.ClientCall;
import io.verdis.command.CommandException;
import io.verdis.command.DeferredReply;
import io.verdis.net.RespWriter;
import io.verdis.shard.Keyspace;
import io.verdis.shard.ShardMessage;
import io.verdis.shard.ShardSet;
import io.verdis.shard.SlotTable;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * CLUSTER COUNTKEYSINSLOT and GETKEYSINSLOT: the keys of one slot that are on this node (as in
 * Redis, only the local node's, whoever owns the slot), in the client's selected database.
 *
 * <p>The work runs on the shard holding the slot, as a task on its own thread, and the reply
 * comes back deferred. Shards keep no per-slot key index (Redis keeps one for exactly these two
 * commands and for migration), so both walk the shard's keys: O(keys in the shard), not O(1).
 * They are for operators and tools, not for a hot path.
 */
final class SlotKeys {
  private static final int SCAN_STEP = 1024;

  private SlotKeys() {
  }

  static void count(ClientCall c) {
    ClusterCommands.cluster(c);
    long slot = Args.parseLong(c.arg(2));
    if (slot < 0 || slot >= SlotTable.SLOTS) {
      throw new CommandException("ERR Invalid slot");
    }
    onSlot(c, (int) slot, keyspace -> {
      long n = collect(keyspace, (int) slot, Long.MAX_VALUE, null);
      return out -> out.integer(n);
    });
  }

  static void get(ClientCall c) {
    ClusterCommands.cluster(c);
    long slot = Args.parseLong(c.arg(2));
    long max = Args.parseLong(c.arg(3));
    if (slot < 0 || slot >= SlotTable.SLOTS || max < 0) {
      throw new CommandException("ERR Invalid slot or number of keys");
    }
    onSlot(c, (int) slot, keyspace -> {
      List<byte[]> keys = new ArrayList<>();
      collect(keyspace, (int) slot, max, keys);
      return out -> {
        out.array(keys.size());
        keys.forEach(out::bulk);
      };
    });
  }

  /** Runs {@code work} on the selected database of the shard holding {@code slot}; its reply follows. */
  private static void onSlot(ClientCall c, int slot, Function<Keyspace, Consumer<RespWriter>> work) {
    int db = c.session().db();
    ShardSet shards = c.server().shards();
    DeferredReply reply = c.defer();
    shards.send(shards.slots().shardOfSlot(slot),
        new ShardMessage.Task(store -> reply.complete(work.apply(store.database(db)))));
  }

  /** Counts the keys of {@code slot}, up to {@code max}, adding them to {@code into} unless it is null. */
  private static long collect(Keyspace keyspace, int slot, long max, List<byte[]> into) {
    long[] found = {0};
    long cursor = 0;
    do {
      cursor = keyspace.scan(cursor, SCAN_STEP, (key, value) -> {
        if (found[0] < max && SlotTable.slotOf(key) == slot) {
          found[0]++;
          if (into != null) {
            into.add(key);
          }
        }
      });
    } while (cursor != 0 && found[0] < max);
    return found[0];
  }
}

package io.verdis.shard;

import io.verdis.client.Watch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The clients that care about keys of one database of one shard: those WATCHing a key (flagged on
 * any write to it) and those blocked until a key gets a value (queued first come, first served;
 * the shard serves them once the command that filled the key is done).
 */
final class KeyObservers implements KeyObserver {
  private final int db;
  private final ShardStore store;
  private final HashMap<KeyBytes, ArrayList<Watch>> watchers = new HashMap<>();
  private final HashMap<KeyBytes, ArrayDeque<BlockedClient>> blocked = new HashMap<>();

  KeyObservers(int db, ShardStore store) {
    this.db = db;
    this.store = store;
  }

  boolean idle() {
    return watchers.isEmpty() && blocked.isEmpty();
  }

  void watch(byte[] key, Watch watch) {
    watchers.computeIfAbsent(new KeyBytes(db, key), k -> new ArrayList<>(2)).add(watch);
  }

  void unwatch(byte[] key, Watch watch) {
    KeyBytes k = new KeyBytes(db, key);
    ArrayList<Watch> list = watchers.get(k);
    if (list != null && list.remove(watch) && list.isEmpty()) {
      watchers.remove(k);
    }
  }

  void await(byte[] key, BlockedClient client) {
    blocked.computeIfAbsent(new KeyBytes(db, key), k -> new ArrayDeque<>()).add(client);
  }

  void stopAwaiting(byte[] key, BlockedClient client) {
    KeyBytes k = new KeyBytes(db, key);
    ArrayDeque<BlockedClient> queue = blocked.get(k);
    if (queue != null && queue.remove(client) && queue.isEmpty()) {
      blocked.remove(k);
    }
  }

  /** The clients blocked on key, oldest first, or null; the caller removes the ones it serves. */
  ArrayDeque<BlockedClient> awaiting(KeyBytes key) {
    return blocked.get(key);
  }

  void dropQueueIfEmpty(KeyBytes key) {
    ArrayDeque<BlockedClient> queue = blocked.get(key);
    if (queue != null && queue.isEmpty()) {
      blocked.remove(key);
    }
  }

  /**
   * Keys of the slots {@code leaving} move to another node: their watches are touched (EXEC
   * aborts, and a client's retry watches them on the new owner) and the clients blocked on them
   * are woken to run their command again, which takes it to the new owner.
   */
  void slotsLeaving(IntPredicate leaving) {
    for (Map.Entry<KeyBytes, ArrayList<Watch>> entry : watchers.entrySet()) {
      if (leaving.test(SlotTable.slotOf(entry.getKey().key()))) {
        touch(entry.getValue());
      }
    }
    for (Map.Entry<KeyBytes, ArrayDeque<BlockedClient>> entry : blocked.entrySet()) {
      if (leaving.test(SlotTable.slotOf(entry.getKey().key()))) {
        for (BlockedClient client : entry.getValue()) {
          if (client.finish()) {
            client.wakeForRetry();
          }
        }
      }
    }
  }

  @Override
  public void modified(byte[] key) {
    if (!watchers.isEmpty()) {
      touch(watchers.get(new KeyBytes(db, key)));
    }
  }

  @Override
  public void filled(byte[] key) {
    modified(key);
    ready(key);
  }

  /** Redis's signalDeletedKeyAsReady: an XREADGROUP blocked on a stream that went is answered at once. */
  @Override
  public void removed(byte[] key) {
    modified(key);
    ready(key);
  }

  @Override
  public void ready(byte[] key) {
    if (!blocked.isEmpty()) {
      KeyBytes k = new KeyBytes(db, key);
      if (blocked.containsKey(k)) {
        store.ready(k);
      }
    }
  }

  /**
   * As Redis's touchAllWatchedKeysInDb: the watched keys that exist in either database are touched;
   * and as its scanDatabaseForDeletedStreams, clients blocked on keys about to go are served.
   */
  @Override
  public void clearing(Keyspace keyspace) {
    touchExisting(keyspace, null);
    for (KeyBytes key : blocked.keySet()) {
      if (keyspace.contains(key.key())) {
        store.ready(key);
      }
    }
  }

  /** After SWAPDB put {@code now} at this index where {@code before} was. */
  void swapped(Keyspace before, Keyspace now) {
    touchExisting(before, now);
    for (KeyBytes key : blocked.keySet()) {
      // A key now here may serve its waiters; one that was here and is gone answers XREADGROUP's
      // (Redis's scanDatabaseForDeletedStreams).
      if (now.contains(key.key()) || before.contains(key.key())) {
        store.ready(key);
      }
    }
  }

  private void touchExisting(Keyspace first, Keyspace second) {
    for (Map.Entry<KeyBytes, ArrayList<Watch>> entry : watchers.entrySet()) {
      byte[] key = entry.getKey().key();
      if (first.contains(key) || (second != null && second.contains(key))) {
        touch(entry.getValue());
      }
    }
  }

  private static void touch(ArrayList<Watch> list) {
    if (list != null) {
      for (Watch watch : list) {
        watch.touch();
      }
    }
  }
}

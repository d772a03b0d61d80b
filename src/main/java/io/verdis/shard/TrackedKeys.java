package io.verdis.shard;

import io.verdis.client.ClientSession;
import io.verdis.client.Tracking;
import io.verdis.client.TrackingMode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Client-side caching for the keys of one shard (Redis's TrackingTable and PrefixTable, cut by
 * shard): which tracking clients read each key, and which broadcast clients want which prefixes.
 * A write to a key sends its readers one invalidation and forgets them (they read it again if they
 * still care), and sends one to each broadcast client whose prefix it matches. As Redis's table,
 * it knows key names only, not databases. Touched by the shard's thread (or a coordinator holding
 * the shard); the keyspaces see it as an observer only while it has something to watch.
 */
final class TrackedKeys implements KeyObserver {
  /** Redis's table keys by name only: every key here is in "database" 0. */
  private static final int ANY_DB = 0;

  private final Tracking tracking;
  /** Told when the last tracked key was invalidated: the keyspaces stop calling this. */
  private final Runnable becameIdle;
  /**
   * Per key, the ids of the clients that read it: ids, as Redis keeps them, so a client that went
   * is simply not found (its connection is not kept alive by the table).
   */
  private final HashMap<KeyBytes, LinkedHashSet<Long>> readers = new HashMap<>();
  private final List<Broadcast> broadcasts = new ArrayList<>();
  /** The client whose command runs now: a NOLOOP client is not told of its own writes. */
  private ClientSession writer;
  /** This shard's share of tracking-table-max-keys; 0 for no limit. */
  private int limit;
  private volatile int keyCount;
  private volatile long itemCount;

  /** One prefix of one BCAST client (the empty prefix: every key). */
  private record Broadcast(ClientSession client, byte[] prefix) {
  }

  TrackedKeys(Tracking tracking, Runnable becameIdle) {
    this.tracking = tracking;
    this.becameIdle = becameIdle;
  }

  /** Whether it has anything to watch: while not, the keyspaces do not call it. */
  boolean idle() {
    return readers.isEmpty() && broadcasts.isEmpty();
  }

  void writer(ClientSession client) {
    writer = client;
  }

  /** client read key: its next change is sent to client (Redis's trackingRememberKeys). */
  void remember(byte[] key, ClientSession client) {
    if (readers.computeIfAbsent(new KeyBytes(ANY_DB, key), k -> new LinkedHashSet<>(2)).add(client.id())) {
      itemCount++;
      keyCount = readers.size();
      if (limit > 0 && readers.size() > limit) {
        evictOverLimit();
      }
    }
  }

  void limit(int keys) {
    limit = keys;
  }

  /**
   * Over the limit, keys are forgotten, each with an invalidation to its readers (so their caches
   * stay right), as Redis's trackingLimitUsedSlots; like Redis, at most a bounded effort per call.
   */
  private void evictOverLimit() {
    int effort = 100;
    java.util.Iterator<KeyBytes> keys = readers.keySet().iterator();
    List<byte[]> evicted = new ArrayList<>();
    while (readers.size() - evicted.size() > limit && effort-- > 0 && keys.hasNext()) {
      evicted.add(keys.next().key());
    }
    ClientSession running = writer;
    writer = null; // an eviction is nobody's write: NOLOOP does not hold it back
    for (byte[] key : evicted) {
      invalidate(key);
    }
    writer = running;
  }

  /** BCAST: client wants to hear of every key starting with one of {@code prefixes} (replacing what it had). */
  void broadcast(ClientSession client, List<byte[]> prefixes) {
    stopBroadcast(client);
    for (byte[] prefix : prefixes) {
      broadcasts.add(new Broadcast(client, prefix));
    }
  }

  void stopBroadcast(ClientSession client) {
    broadcasts.removeIf(broadcast -> broadcast.client() == client);
  }

  /** FLUSHALL, FLUSHDB: the keys read are all invalidated at once (the null invalidation), so forgotten. */
  void forgetReaders() {
    readers.clear();
    itemCount = 0;
    keyCount = 0;
  }

  /** Keys in the table (INFO's tracking_total_keys). */
  int keyCount() {
    return keyCount;
  }

  /** Client-key pairs in the table (INFO's tracking_total_items). */
  long itemCount() {
    return itemCount;
  }

  /** Redis's trackingInvalidateKey: every reader of key still tracking in the default mode hears of it once. */
  private void invalidate(byte[] key) {
    if (!readers.isEmpty()) {
      LinkedHashSet<Long> ids = readers.remove(new KeyBytes(ANY_DB, key));
      if (ids != null) {
        keyCount = readers.size();
        itemCount -= ids.size();
        List<byte[]> keys = List.of(key);
        for (long id : ids) {
          ClientSession client = tracking.client(id);
          TrackingMode mode = client == null ? null : client.tracking();
          if (mode != null && !mode.bcast() && !(mode.noloop() && client == writer)) {
            tracking.invalidate(client, keys);
          }
        }
        if (idle()) {
          becameIdle.run();
        }
      }
    }
    for (int i = 0; i < broadcasts.size(); i++) {
      Broadcast broadcast = broadcasts.get(i);
      if (startsWith(key, broadcast.prefix())) {
        TrackingMode mode = broadcast.client().tracking();
        if (mode != null && !(mode.noloop() && broadcast.client() == writer)) {
          tracking.invalidate(broadcast.client(), List.of(key));
        }
      }
    }
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  @Override
  public void modified(byte[] key) {
    invalidate(key);
  }

  @Override
  public void filled(byte[] key) {
    invalidate(key);
  }

  @Override
  public void ready(byte[] key) {
  }

  @Override
  public void removed(byte[] key) {
    invalidate(key);
  }

  /** A flush is told to every tracking client at once by the command (see {@link #forgetReaders}), not key by key. */
  @Override
  public void clearing(Keyspace keyspace) {
  }
}

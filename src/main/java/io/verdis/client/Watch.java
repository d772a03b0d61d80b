package io.verdis.client;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The keys one client WATCHes until its next EXEC, DISCARD or UNWATCH. Shards flag it when one of
 * those keys is written (from their own threads, hence the volatile flag and concurrent queue);
 * EXEC then runs nothing.
 */
public final class Watch {
  /** One watched key: where it lives, so it can be unregistered there. */
  public record WatchedKey(int shard, int db, byte[] key) {
  }

  private final ConcurrentLinkedQueue<WatchedKey> keys = new ConcurrentLinkedQueue<>();
  private volatile boolean touched;
  private volatile boolean released;

  /** Called by a shard when a watched key was written (Redis's touchWatchedKey). */
  public void touch() {
    touched = true;
  }

  public boolean touched() {
    return touched;
  }

  public void added(int shard, int db, byte[] key) {
    keys.add(new WatchedKey(shard, db, key));
  }

  /**
   * EXEC, DISCARD, UNWATCH or the client's disconnection is done with this watch: its keys are
   * unregistered from their shards, and a WATCH still on its way to a shard must not register
   * one after that (see ShardStore.watch).
   */
  public void release() {
    released = true;
  }

  public boolean released() {
    return released;
  }

  public Iterable<WatchedKey> keys() {
    return keys;
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  private volatile String remoteNode;
  private volatile boolean spansNodes;

  /** Cluster mode: some of the keys are watched on node {@code node} (its session for this client holds them). */
  public void watchedOn(String node) {
    if (remoteNode == null) {
      remoteNode = node;
    } else if (!remoteNode.equals(node)) {
      spansNodes = true;
    }
  }

  /** The other node keys are watched on, or null. */
  public String remoteNode() {
    return remoteNode;
  }

  /** Whether keys are watched on more than one node (this one included). */
  public boolean spansNodes() {
    return spansNodes || remoteNode != null && !keys.isEmpty();
  }

}

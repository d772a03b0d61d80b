package io.verdis.shard;

/**
 * What a keyspace tells its shard: how many changes a write made (Redis's server.dirty, which
 * decides whether a command reaches the AOF and counts toward the {@code save} points), which
 * keys expiry removed (they reach the AOF as DEL, as Redis propagates them), and the keyspace
 * events that happen below the commands: keys created, expired, missed by a read.
 */
public interface KeyspaceListener {
  KeyspaceListener NONE = new KeyspaceListener() {
    @Override
    public void changed(int changes) {
    }

    @Override
    public void expired(Keyspace keyspace, byte[] key) {
    }
  };

  void changed(int changes);

  /** Called once key has been removed because its TTL had passed. */
  void expired(Keyspace keyspace, byte[] key);

  /** Called once key has been removed to keep the shard under maxmemory. */
  default void evicted(Keyspace keyspace, byte[] key) {
  }

  /** A key that was absent got a value (Redis's dbAdd): the "new" keyspace event. */
  default void created(Keyspace keyspace, byte[] key) {
  }

  /** A lookup for reading found nothing (Redis's lookupKeyRead miss): the "keymiss" keyspace event. */
  default void missed(Keyspace keyspace, byte[] key) {
  }
}

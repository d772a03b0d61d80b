package io.verdis.shard;

/** Two observers of one keyspace (watchers and blocked clients, and tracked keys): each is told everything. */
record ObserverPair(KeyObserver first, KeyObserver second) implements KeyObserver {
  @Override
  public void modified(byte[] key) {
    first.modified(key);
    second.modified(key);
  }

  @Override
  public void filled(byte[] key) {
    first.filled(key);
    second.filled(key);
  }

  @Override
  public void ready(byte[] key) {
    first.ready(key);
    second.ready(key);
  }

  @Override
  public void removed(byte[] key) {
    first.removed(key);
    second.removed(key);
  }

  @Override
  public void clearing(Keyspace keyspace) {
    first.clearing(keyspace);
    second.clearing(keyspace);
  }
}

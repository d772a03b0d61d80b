package io.verdis.shard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.ToIntFunction;

/**
* One database number seen across several shards: key operations go to the shard owning the key,
* counts are summed, ordered iterations are merged, and a SCAN walks shard after shard with the
* shard index in the low bits of the cursor. All the keyspaces must be accessed from the calling
* thread only while this object uses them.
*/
public final class RoutedDatabase implements Database {

  private final Keyspace[] shards;
  private final ToIntFunction<byte[]> shardOfKey;
  private final int shardBits;

  public RoutedDatabase(Keyspace[] shardsKeyspaces, ToIntFunction<byte[]> shardOfKey) {
    this.shards = shardsKeyspaces.clone();
    this.shardOfKey = shardOfKey;
    this.shardBits = 32 - Integer.numberOfLeadingZeros(shards.length - 1);
  }

  @Override
  public Object lookup(byte[] key) {
    return shardOf(key).lookup(key);
  }

  @Override
  public Object lookupRead(byte[] key) {
    return shardOf(key).lookupRead(key);
  }

  @Override
  public Object peekRead(byte[] key) {
    return shardOf(key).peekRead(key);
  }

  @Override
  public Object peek(byte[] key) {
    return shardOf(key).peek(key);
  }

  @Override
  public Object lookupWrite(byte[] key) {
    return shardOf(key).lookupWrite(key);
  }

  @Override
  public void changed(byte[] key, int changes) {
    shardOf(key).changed(key, changes);
  }

  @Override
  public void dirtied(byte[] key, int changes) {
    shardOf(key).dirtied(key, changes);
  }

  @Override
  public void signalReady(byte[] key) {
    shardOf(key).signalReady(key);
  }

  @Override
  public void set(byte[] key, Object value) {
    shardOf(key).set(key, value);
  }

  @Override
  public void overwrite(byte[] key, Object value) {
    shardOf(key).overwrite(key, value);
  }

  @Override
  public boolean delete(byte[] key) {
    return shardOf(key).delete(key);
  }

  @Override
  public void clear() {
    for (Keyspace shard : shards) {
      shard.clear();
    }
  }

  @Override
  public long expireAt(byte[] key) {
    return shardOf(key).expireAt(key);
  }

  @Override
  public void setExpireAt(byte[] key, long whenMs) {
    shardOf(key).setExpireAt(key, whenMs);
  }

  @Override
  public boolean persist(byte[] key) {
    return shardOf(key).persist(key);
  }

  @Override
  public int size() {
    return Arrays.stream(shards).mapToInt(Keyspace::size).sum();
  }

  @Override
  public int expiresCount() {
    return Arrays.stream(shards).mapToInt(Keyspace::expiresCount).sum();
  }

  @Override
  public long expiredKeys() {
    return Arrays.stream(shards).mapToLong(Keyspace::expiredKeys).sum();
  }

  @Override
  public long evictedKeys() {
    return Arrays.stream(shards).mapToLong(Keyspace::evictedKeys).sum();
  }

  @Override
  public long usedBytes() {
    return Arrays.stream(shards).mapToLong(Keyspace::usedBytes).sum();
  }

  @Override
  public long keyspaceHits() {
    return Arrays.stream(shards).mapToLong(Keyspace::keyspaceHits).sum();
  }

  @Override
  public long keyspaceMisses() {
    return Arrays.stream(shards).mapToLong(Keyspace::keyspaceMisses).sum();
  }

  @Override
  public void setIdleSeconds(byte[] key, long seconds) {
    shardOf(key).setIdleSeconds(key, seconds);
  }

  @Override
  public long accessFrequency(byte[] key) {
    return shardOf(key).accessFrequency(key);
  }

  @Override
  public void setAccessFrequency(byte[] key, int frequency) {
    shardOf(key).setAccessFrequency(key, frequency);
  }

  @Override
  public long idleSeconds(byte[] key) {
    return shardOf(key).idleSeconds(key);
  }

  /** Picks a shard with probability proportional to its size; retries a shard that found no live key. */
  @Override
  public byte[] randomKey() {
    for (int attempt = 0; attempt < shards.length; attempt++) {
      int total = size();
      if (total == 0) {
        return null;
      }
      byte[] key = shardAtKeyRank(ThreadLocalRandom.current().nextInt(total)).randomKey();
      if (key != null) {
        return key;
      }
    }
    return null;
  }

  /** cursor = (shard's own cursor << shardBits) | shard index. */
  @Override
  public long scan(long cursor, int count, BiConsumer<byte[], Object> visitor) {
    int shard = (int) (cursor & ((1L << shardBits) - 1));
    if (shard >= shards.length) {
      return 0;
    }
    long next = shards[shard].scan(cursor >>> shardBits, count, visitor);
    if (next != 0) {
      return (next << shardBits) | shard;
    }
    return shard + 1 < shards.length ? shard + 1 : 0;
  }

  /** Collects each shard's matches (already in order) and merges them with a heap. */
  @Override
  public void forEachWithPrefix(byte[] prefix, EntryVisitor visitor) {
    PriorityQueue<SortedRun> runs = new PriorityQueue<>(
        Comparator.comparing(SortedRun::key, Arrays::compareUnsigned));
    for (Keyspace shard : shards) {
      SortedRun run = new SortedRun();
      shard.forEachWithPrefix(prefix, run::add);
      if (run.hasCurrent()) {
        runs.add(run);
      }
    }
    while (!runs.isEmpty()) {
      SortedRun run = runs.poll();
      if (!visitor.visit(run.key(), run.value())) {
        return;
      }
      run.advance();
      if (run.hasCurrent()) {
        runs.add(run);
      }
    }
  }

  private Keyspace shardOf(byte[] key) {
    return shards[shardOfKey.applyAsInt(key)];
  }

  /** The shard holding the rank-th key when the shards' keys are laid end to end. */
  private Keyspace shardAtKeyRank(int rank) {
    for (Keyspace shard : shards) {
      rank -= shard.size();
      if (rank < 0) {
        return shard;
      }
    }
    return shards[shards.length - 1];
  }

  /** One shard's entries in key order, with a read position. */
  private static final class SortedRun {
    private final List<byte[]> keys = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();
    private int position;

    boolean add(byte[] key, Object value) {
      keys.add(key);
      values.add(value);
      return true;
    }

    boolean hasCurrent() {
      return position < keys.size();
    }

    byte[] key() {
      return keys.get(position);
    }

    Object value() {
      return values.get(position);
    }

    void advance() {
      position++;
    }
  }
}

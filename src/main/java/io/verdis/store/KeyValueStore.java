package io.verdis.store;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Java API of a key-value store: strings, queues, counters, TTLs, hashes, sets, sorted sets
 * and pub/sub, with the same meaning whether the store is a Verdis node inside this JVM or a
 * Verdis or Redis server across the network. {@link #open} picks one from a location string, so
 * an application moves between them by configuration alone.
 *
 * <p>Keys, fields and channels are strings (sent as UTF-8); values are {@link Buffer}s, binary-safe.
 * Absent values come back as {@code null}. A command the server refuses (a key of the wrong type,
 * say) fails its future with a {@link StoreException} carrying the server's error text.
 * Calls may come from any thread; their futures complete on a Vert.x event loop.
 */
public interface KeyValueStore {

  /**
   * Opens the store at {@code location}: {@code embedded:} starts a Verdis node inside this JVM,
   * in memory; {@code embedded:/some/dir} one that keeps an append-only file there;
   * {@code redis://[user:password@]host:port[/db]} (or {@code rediss://} for TLS) connects to a
   * Verdis or Redis server. {@link #close()} stops an embedded node started this way.
   */
  static Future<KeyValueStore> open(Vertx vertx, String location) {
    return StoreLocation.open(vertx, location);
  }

  /** The store of an embedded node, reached without a socket. Closing it leaves the node running. */
  static KeyValueStore of(io.verdis.embed.EmbeddedVerdis verdis) {
    return new CommandStore(new InProcessConnection(verdis.node()), Future::succeededFuture);
  }

  // Strings

  /** Sets {@code key} to {@code value}, dropping any TTL it had (SET). */
  Future<Void> put(String key, Buffer value);

  default Future<Void> put(String key, String value) {
    return put(key, Buffer.buffer(value.getBytes(StandardCharsets.UTF_8)));
  }

  /** Sets {@code key} to {@code value}, gone after {@code ttl} (SET PX). */
  Future<Void> put(String key, Buffer value, Duration ttl);

  /** Sets {@code key} only when it has no value; whether it did (SET NX). */
  Future<Boolean> putIfAbsent(String key, Buffer value);

  /** The value of {@code key}, or null (GET). */
  Future<Buffer> get(String key);

  /** {@link #get} decoded as UTF-8. */
  default Future<String> getString(String key) {
    return get(key).map(value -> value == null ? null : value.toString(StandardCharsets.UTF_8));
  }

  /** The value of {@code key}, removing it: one step, so two callers never both get it (GETDEL). */
  Future<Buffer> fetchRemove(String key);

  /** Removes the keys, of any type; how many existed (DEL). */
  Future<Long> remove(String... keys);

  Future<Boolean> exists(String key);

  // Time to live

  /** Removes {@code key} after {@code ttl}; false when there is no such key (PEXPIRE). */
  Future<Boolean> expire(String key, Duration ttl);

  /** The time {@code key} has left, or null when it has no TTL or does not exist (PTTL). */
  Future<Duration> ttl(String key);

  /** Keeps {@code key} for good; whether it had a TTL (PERSIST). */
  Future<Boolean> persist(String key);

  // Counters

  /** Adds {@code by} to the integer at {@code key} (0 when absent); the new value (INCRBY). */
  Future<Long> increment(String key, long by);

  default Future<Long> increment(String key) {
    return increment(key, 1);
  }

  // Queues (lists)

  /** Adds the values at the end of the queue; its new length (RPUSH). */
  Future<Long> append(String key, Buffer... values);

  /** Adds the values at the front of the queue, each in turn; its new length (LPUSH). */
  Future<Long> prepend(String key, Buffer... values);

  /** Removes and returns the last value, or null when empty (RPOP). */
  Future<Buffer> pop(String key);

  /** Removes and returns the first value, or null when empty (LPOP). */
  Future<Buffer> popFirst(String key);

  /** The values from index {@code start} to {@code stop}, both included; negative counts from the end (LRANGE). */
  Future<List<Buffer>> range(String key, long start, long stop);

  /** The number of values in the queue (LLEN). */
  Future<Long> length(String key);

  // Hashes

  /** Sets one field; true when the field is new (HSET). */
  Future<Boolean> hashPut(String key, String field, Buffer value);

  Future<Buffer> hashGet(String key, String field);

  Future<Map<String, Buffer>> hashGetAll(String key);

  /** Removes the fields; how many there were (HDEL). */
  Future<Long> hashRemove(String key, String... fields);

  // Sets

  /** Adds the members; how many were new (SADD). */
  Future<Long> setAdd(String key, Buffer... members);

  /** Removes the members; how many there were (SREM). */
  Future<Long> setRemove(String key, Buffer... members);

  Future<Boolean> setContains(String key, Buffer member);

  Future<Set<Buffer>> setMembers(String key);

  // Sorted sets

  /** Adds {@code member} with {@code score}, or moves it there; true when it is new (ZADD). */
  Future<Boolean> sortedAdd(String key, double score, Buffer member);

  /** Adds {@code by} to the member's score (0 when absent); the new score (ZINCRBY). */
  Future<Double> sortedIncrement(String key, double by, Buffer member);

  /** The member's score, or null (ZSCORE). */
  Future<Double> sortedScore(String key, Buffer member);

  /** Members by rank from {@code start} to {@code stop}, lowest score first, with their scores (ZRANGE WITHSCORES). */
  Future<List<ScoredMember>> sortedRange(String key, long start, long stop);

  /** Removes the members; how many there were (ZREM). */
  Future<Long> sortedRemove(String key, Buffer... members);

  // Publish/subscribe

  /** Sends {@code message} to the channel's subscribers; how many received it (PUBLISH). */
  Future<Long> publish(String channel, Buffer message);

  /**
   * Subscribes to the channels on a connection of its own; {@code handler} gets each message
   * until the subscription is closed. The future completes once the server confirmed them all.
   */
  Future<Subscription> subscribe(Handler<ChannelMessage> handler, String... channels);

  /** Removes every key of the store's database (FLUSHDB). */
  Future<Void> clear();

  /** Closes the store's connections (and stops an embedded node that {@link #open} started). */
  Future<Void> close();
}

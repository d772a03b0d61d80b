package io.verdis.store;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@link KeyValueStore} as Redis commands, written once for every connection: each operation is
 * the command a Redis user would type, and its reply read in both RESP2's and RESP3's shapes.
 */
final class CommandStore implements KeyValueStore {
  private final StoreConnection connection;
  /** What {@link #close} does after closing the connection (stopping a node it started). */
  private final Supplier<Future<Void>> afterClose;

  CommandStore(StoreConnection connection, Supplier<Future<Void>> afterClose) {
    this.connection = connection;
    this.afterClose = afterClose;
  }

  @Override
  public Future<Void> put(String key, Buffer value) {
    return call("SET", key, value).mapEmpty();
  }

  @Override
  public Future<Void> put(String key, Buffer value, Duration ttl) {
    return call("SET", key, value, "PX", millis(ttl)).mapEmpty();
  }

  @Override
  public Future<Boolean> putIfAbsent(String key, Buffer value) {
    return call("SET", key, value, "NX").map(reply -> !reply.isNull());
  }

  @Override
  public Future<Buffer> get(String key) {
    return call("GET", key).map(CommandStore::buffer);
  }

  @Override
  public Future<Buffer> fetchRemove(String key) {
    return call("GETDEL", key).map(CommandStore::buffer);
  }

  @Override
  public Future<Long> remove(String... keys) {
    return call("DEL", (Object[]) keys).map(StoreReply::integer);
  }

  @Override
  public Future<Boolean> exists(String key) {
    return call("EXISTS", key).map(CommandStore::flag);
  }

  @Override
  public Future<Boolean> expire(String key, Duration ttl) {
    return call("PEXPIRE", key, millis(ttl)).map(CommandStore::flag);
  }

  @Override
  public Future<Duration> ttl(String key) {
    // -2: no such key, -1: no TTL.
    return call("PTTL", key).map(reply -> reply.integer() < 0 ? null : Duration.ofMillis(reply.integer()));
  }

  @Override
  public Future<Boolean> persist(String key) {
    return call("PERSIST", key).map(CommandStore::flag);
  }

  @Override
  public Future<Long> increment(String key, long by) {
    return call("INCRBY", key, Long.toString(by)).map(StoreReply::integer);
  }

  @Override
  public Future<Long> append(String key, Buffer... values) {
    return call("RPUSH", prepended(key, values)).map(StoreReply::integer);
  }

  @Override
  public Future<Long> prepend(String key, Buffer... values) {
    return call("LPUSH", prepended(key, values)).map(StoreReply::integer);
  }

  @Override
  public Future<Buffer> pop(String key) {
    return call("RPOP", key).map(CommandStore::buffer);
  }

  @Override
  public Future<Buffer> popFirst(String key) {
    return call("LPOP", key).map(CommandStore::buffer);
  }

  @Override
  public Future<List<Buffer>> range(String key, long start, long stop) {
    return call("LRANGE", key, Long.toString(start), Long.toString(stop)).map(CommandStore::buffers);
  }

  @Override
  public Future<Long> length(String key) {
    return call("LLEN", key).map(StoreReply::integer);
  }

  @Override
  public Future<Boolean> hashPut(String key, String field, Buffer value) {
    return call("HSET", key, field, value).map(CommandStore::flag);
  }

  @Override
  public Future<Buffer> hashGet(String key, String field) {
    return call("HGET", key, field).map(CommandStore::buffer);
  }

  @Override
  public Future<Map<String, Buffer>> hashGetAll(String key) {
    return call("HGETALL", key).map(reply -> {
      Map<String, Buffer> fields = new LinkedHashMap<>();
      for (int i = 0; i + 1 < reply.size(); i += 2) {
        fields.put(new String(reply.get(i).bytes(), StandardCharsets.UTF_8), buffer(reply.get(i + 1)));
      }
      return fields;
    });
  }

  @Override
  public Future<Long> hashRemove(String key, String... fields) {
    return call("HDEL", prepended(key, fields)).map(StoreReply::integer);
  }

  @Override
  public Future<Long> setAdd(String key, Buffer... members) {
    return call("SADD", prepended(key, members)).map(StoreReply::integer);
  }

  @Override
  public Future<Long> setRemove(String key, Buffer... members) {
    return call("SREM", prepended(key, members)).map(StoreReply::integer);
  }

  @Override
  public Future<Boolean> setContains(String key, Buffer member) {
    return call("SISMEMBER", key, member).map(CommandStore::flag);
  }

  @Override
  public Future<Set<Buffer>> setMembers(String key) {
    return call("SMEMBERS", key).map(reply -> new HashSet<>(buffers(reply)));
  }

  @Override
  public Future<Boolean> sortedAdd(String key, double score, Buffer member) {
    return call("ZADD", key, score(score), member).map(CommandStore::flag);
  }

  @Override
  public Future<Double> sortedIncrement(String key, double by, Buffer member) {
    return call("ZINCRBY", key, score(by), member).map(CommandStore::number);
  }

  @Override
  public Future<Double> sortedScore(String key, Buffer member) {
    return call("ZSCORE", key, member).map(reply -> reply.isNull() ? null : number(reply));
  }

  @Override
  public Future<List<ScoredMember>> sortedRange(String key, long start, long stop) {
    return call("ZRANGE", key, Long.toString(start), Long.toString(stop), "WITHSCORES").map(reply -> {
      // RESP2: member, score, member, score…; RESP3: [member, score] pairs.
      List<StoreReply> flat = flatten(reply);
      List<ScoredMember> members = new ArrayList<>(flat.size() / 2);
      for (int i = 0; i + 1 < flat.size(); i += 2) {
        members.add(new ScoredMember(buffer(flat.get(i)), number(flat.get(i + 1))));
      }
      return members;
    });
  }

  @Override
  public Future<Long> sortedRemove(String key, Buffer... members) {
    return call("ZREM", prepended(key, members)).map(StoreReply::integer);
  }

  @Override
  public Future<Long> publish(String channel, Buffer message) {
    return call("PUBLISH", channel, message).map(StoreReply::integer);
  }

  @Override
  public Future<Subscription> subscribe(Handler<ChannelMessage> handler, String... channels) {
    if (channels.length == 0) {
      return Future.failedFuture(new IllegalArgumentException("subscribe to at least one channel"));
    }
    return connection.subscribe(List.of(channels), handler);
  }

  @Override
  public Future<Void> clear() {
    return call("FLUSHDB").mapEmpty();
  }

  @Override
  public Future<Void> close() {
    return connection.close().eventually(afterClose::get);
  }

  /** Arguments are strings (UTF-8), Buffers, or byte arrays. */
  private Future<StoreReply> call(String command, Object... args) {
    byte[][] argv = new byte[args.length + 1][];
    argv[0] = command.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < args.length; i++) {
      argv[i + 1] = bytes(args[i]);
    }
    return connection.send(argv);
  }

  private static Object[] prepended(String key, Object[] rest) {
    if (rest.length == 0) {
      throw new IllegalArgumentException("give at least one value");
    }
    Object[] args = new Object[rest.length + 1];
    args[0] = key;
    System.arraycopy(rest, 0, args, 1, rest.length);
    return args;
  }

  private static byte[] bytes(Object arg) {
    if (arg instanceof Buffer buffer) {
      return buffer.getBytes();
    }
    if (arg instanceof byte[] raw) {
      return raw;
    }
    return ((String) arg).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A TTL in Redis's milliseconds, a part of one counting as a whole one: {@code PX 0} would be
   * refused and {@code PEXPIRE 0} would delete the key at once, neither of which a caller asking for
   * 500 microseconds means. Zero and negative TTLs go as they are (PEXPIRE then deletes, as Redis).
   */
  private static String millis(Duration ttl) {
    long millis = ttl.toMillis();
    return Long.toString(millis == 0 && ttl.toNanos() > 0 ? 1 : millis);
  }

  private static String score(double score) {
    return Double.isInfinite(score) ? (score > 0 ? "+inf" : "-inf") : Double.toString(score);
  }

  private static Buffer buffer(StoreReply reply) {
    return reply.isNull() ? null : Buffer.buffer(reply.bytes());
  }

  private static boolean flag(StoreReply reply) {
    return reply.integer() != 0;
  }

  private static double number(StoreReply reply) {
    String text = reply.text();
    return switch (text) {
      case "inf", "+inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  private static List<Buffer> buffers(StoreReply reply) {
    List<Buffer> values = new ArrayList<>(reply.size());
    for (int i = 0; i < reply.size(); i++) {
      values.add(buffer(reply.get(i)));
    }
    return values;
  }

  private static List<StoreReply> flatten(StoreReply reply) {
    List<StoreReply> flat = new ArrayList<>();
    for (int i = 0; i < reply.size(); i++) {
      StoreReply element = reply.get(i);
      if (element.isAggregate()) {
        for (int j = 0; j < element.size(); j++) {
          flat.add(element.get(j));
        }
      } else {
        flat.add(element);
      }
    }
    return flat;
  }

}

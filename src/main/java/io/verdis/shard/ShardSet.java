package io.verdis.shard;

import io.verdis.command.CommandSpec;
import io.verdis.command.KeySpec;
import io.verdis.command.RoamingCommand;
import io.verdis.server.ServerState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The shards of this node: their event-bus addresses (the only way in), the slot table that
 * routes keys to them, and their stores for coordinators holding them.
 */
public final class ShardSet {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setCodecName(LocalCodec.NAME);

  private final SlotTable slots;
  private final ShardStore[] stores;
  private final String[] addresses;
  private static final AtomicInteger NODES = new AtomicInteger();

  private final EventBus bus;
  private final int[] all;
  private final int[][] only;

  public ShardSet(SlotTable slots, int databaseCount, EventBus bus) {
    this.slots = slots;
    this.bus = bus;
    this.stores = new ShardStore[slots.shardCount()];
    this.addresses = new String[stores.length];
    // Numbered per node: nodes embedded in one JVM may share a Vert.x, and so its event bus.
    int node = NODES.incrementAndGet();
    for (int i = 0; i < stores.length; i++) {
      stores[i] = new ShardStore(i, databaseCount);
      addresses[i] = "verdis." + node + ".shard." + i;
    }
    this.all = new int[stores.length];
    this.only = new int[stores.length][];
    for (int i = 0; i < stores.length; i++) {
      all[i] = i;
      only[i] = new int[] {i};
    }
    try {
      bus.registerCodec(new LocalCodec());
    } catch (IllegalStateException registered) {
      // by another node on the same Vert.x, or an earlier one: the codec holds no state, one serves all
    }
  }

  /** Every shard id, ascending (shared: do not modify). */
  public int[] all() {
    return all;
  }

  /** {@code {shard}} (shared: do not modify), so routing a single-shard command allocates nothing. */
  public int[] only(int shard) {
    return only[shard];
  }

  public int count() {
    return stores.length;
  }

  public SlotTable slots() {
    return slots;
  }

  public int shardOf(byte[] key) {
    return slots.shardOf(key);
  }

  /**
   * The shards a command must reach: the one owning all its keys (shared array, allocation-free),
   * several in ascending order when its keys span shards, or every shard for a keyless command.
   */
  /**
   * The shards one call of {@code spec} needs: those of its keys, or every shard for a command
   * that may touch keys it does not name ({@link RoamingCommand}) and is not known to stay put.
   */
  public int[] targets(CommandSpec spec, byte[][] argv, ServerState server) {
    if (spec.handler() instanceof RoamingCommand roaming && !roaming.confined(server, argv)) {
      return all;
    }
    return targets(spec.keys(), argv);
  }

  public int[] targets(KeySpec keys, byte[][] argv) {
    if (!keys.hasKeys()) {
      return all;
    }
    if (keys.movable()) {
      return targetsOf(keys.indexes(argv), argv);
    }
    int last = keys.lastIndex(argv.length);
    int shard = shardOf(argv[keys.first()]);
    boolean single = true;
    for (int i = keys.first() + keys.step(); i <= last && single; i += keys.step()) {
      single = shardOf(argv[i]) == shard;
    }
    if (single) {
      return only[shard];
    }
    return targetsOf(keys.indexes(argv), argv);
  }

  /**
   * The shards owning the keys at {@code indexes}: every shard when null (the command may touch
   * any key), shard 0 when empty (the command will only report its malformed arguments).
   */
  private int[] targetsOf(int[] indexes, byte[][] argv) {
    if (indexes == null) {
      return all;
    }
    if (indexes.length == 0) {
      return only[0];
    }
    boolean[] involved = new boolean[count()];
    for (int index : indexes) {
      involved[shardOf(argv[index])] = true;
    }
    int[] targets = new int[count()];
    int n = 0;
    for (int s = 0; s < involved.length; s++) {
      if (involved[s]) {
        targets[n++] = s;
      }
    }
    return n == 1 ? only[targets[0]] : Arrays.copyOf(targets, n);
  }

  /** Runs {@code action} on every shard's own thread; completes when all have. */
  public Future<Void> onEveryShard(Consumer<ShardStore> action) {
    List<Future<Void>> done = new ArrayList<>();
    for (int i = 0; i < count(); i++) {
      Promise<Void> promise = Promise.promise();
      send(i, new ShardMessage.Task(store -> {
        action.accept(store);
        promise.complete();
      }));
      done.add(promise.future());
    }
    return Future.all(done).mapEmpty();
  }

  public String address(int shard) {
    return addresses[shard];
  }

  public void send(int shard, ShardMessage message) {
    stores[shard].figures().sent();
    bus.send(addresses[shard], message, LOCAL);
  }

  /** Keys and client-key pairs in the shards' tracking tables (INFO's tracking_total_keys, tracking_total_items). */
  public long[] trackedKeysAndItems() {
    long keys = 0;
    long items = 0;
    for (ShardStore store : stores) {
      keys += store.trackedKeys();
      items += store.trackedItems();
    }
    return new long[] {keys, items};
  }

  /** Whether a shard stayed over its share of maxmemory after its last eviction run; from any thread. */
  public boolean outOfMemory() {
    for (ShardStore store : stores) {
      if (store.outOfMemory()) {
        return true;
      }
    }
    return false;
  }

  /** Shard {@code shard}'s figures, to read from any thread. */
  public ShardFigures figures(int shard) {
    return stores[shard].figures();
  }

  /**
   * Has every shard's loop sum up its databases into its figures; completes once all have, back
   * on the caller's context (if it has one), so what follows never runs on a shard's loop.
   */
  public Future<Void> refreshFigures() {
    return backOn(Vertx.currentContext(), onEveryShard(store -> store.figures().refresh(store)));
  }

  /**
   * Runs {@code read} on the thread of the shard that owns {@code key}, for a look at a value no
   * command shows (the admin API's stream groups); its result back on the caller's context (if it
   * has one). {@code read} must copy what it takes: the value goes on changing once it returns.
   */
  public <T> Future<T> readOnShardOf(byte[] key, Function<ShardStore, T> read) {
    Context caller = Vertx.currentContext();
    Promise<T> promise = Promise.promise();
    send(shardOf(key), new ShardMessage.Task(store -> {
      try {
        promise.complete(read.apply(store));
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    }));
    return backOn(caller, promise.future());
  }

  /** {@code result}, completed on {@code caller}'s thread, so what follows never runs on a shard's loop. */
  private static <T> Future<T> backOn(Context caller, Future<T> result) {
    if (caller == null) {
      return result;
    }
    Promise<T> onCaller = Promise.promise();
    result.onComplete(outcome -> caller.runOnContext(ignored -> onCaller.handle(outcome)));
    return onCaller.future();
  }

  /** Only for the shard's verticle, and for a coordinator while it holds the shard. */
  ShardStore store(int shard) {
    return stores[shard];
  }

  /** Database {@code index} of every shard, as one (callers must hold all the shards they touch). */
  Database routed(int index) {
    Keyspace[] keyspaces = new Keyspace[stores.length];
    for (int i = 0; i < stores.length; i++) {
      keyspaces[i] = stores[i].database(index);
    }
    return new RoutedDatabase(keyspaces, slots::shardOf);
  }
}

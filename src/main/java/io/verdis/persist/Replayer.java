package io.verdis.persist;

import io.verdis.command.CommandSpec;
import io.verdis.command.KeySpec;
import io.verdis.command.KeyspaceCommand;
import io.verdis.server.ServerState;
import io.verdis.shard.CommandBatch;
import io.verdis.shard.CrossShardCall;
import io.verdis.shard.ShardSet;
import io.vertx.core.Context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;

/**
 * Feeds the records of a file being loaded to the shards, through the same batches and
 * cross-shard calls clients use, from a loading thread: each shard replays its share on its own
 * event loop while this thread parses the next records. A bounded number of batches is in flight,
 * so a huge file never piles up in memory.
 */
final class Replayer implements CommandBatch.Owner {
  private static final int BATCH_SIZE = 1024;
  private static final int MAX_IN_FLIGHT = 16;
  private static final KeySpec KEY = KeySpec.single(1);
  private static final byte[] LOAD_ENTRY = "load-entry".getBytes(StandardCharsets.US_ASCII);

  private final ServerState server;
  private final ShardSet shards;
  private final Context context;
  private final CommandBatch[] pending;
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private long replayed;

  Replayer(ServerState server, Context context) {
    this.server = server;
    this.shards = server.shards();
    this.context = context;
    this.pending = new CommandBatch[shards.count()];
  }

  /**
   * Replays one record in database {@code db}.
   *
   * @throws ReplayException when the command is unknown or has the wrong number of arguments
   */
  void replay(int db, byte[][] argv) throws ReplayException {
    CommandSpec spec = server.commands().resolve(argv);
    if (spec == null || !(spec.handler() instanceof KeyspaceCommand)) {
      throw new ReplayException("Unknown command '" + printable(argv[0]) + "'");
    }
    if (!spec.arityAccepts(argv.length)) {
      throw new ReplayException("Wrong number of arguments for '" + spec.fullName() + "'");
    }
    run(db, spec, argv);
  }

  /**
   * Stores one value read from an RDB file, with its expiry time (-1: none), in one step: no
   * command to parse, and a collection arrives whole, already built on the loading thread.
   */
  void install(int db, byte[] key, Object value, long expireAtMs) {
    CommandSpec spec = CommandSpec.internal("load-entry", KEY, call -> {
      call.db().set(call.arg(1), value);
      if (expireAtMs != -1) {
        call.db().setExpireAt(call.arg(1), expireAtMs);
      }
    });
    run(db, spec, new byte[][] {LOAD_ENTRY, key});
  }

  private void run(int db, CommandSpec spec, byte[][] argv) {
    replayed++;
    int[] targets = shards.targets(spec.keys(), argv);
    if (targets.length == 1) {
      int shard = targets[0];
      CommandBatch batch = pending[shard];
      if (batch == null) {
        batch = pending[shard] = new CommandBatch(this, context, null, true);
      }
      batch.add(spec, argv, db, 2);
      if (batch.size() == BATCH_SIZE) {
        send(shard);
      }
      return;
    }
    // Everything before must have run before a call over several shards starts, and it must end
    // before anything after it starts: the same barrier a client connection keeps.
    drain();
    CommandBatch batch = new CommandBatch(this, context, null, true);
    batch.add(spec, argv, db, 2);
    acquire();
    CrossShardCall.run(server, targets, batch, context);
    drain();
  }

  long replayed() {
    return replayed;
  }

  /** Sends what is pending and waits until every batch has run. */
  void drain() {
    for (int shard = 0; shard < pending.length; shard++) {
      if (pending[shard] != null) {
        send(shard);
      }
    }
    inFlight.acquireUninterruptibly(MAX_IN_FLIGHT);
    inFlight.release(MAX_IN_FLIGHT);
  }

  private void send(int shard) {
    acquire();
    shards.send(shard, pending[shard]);
    pending[shard] = null;
  }

  private void acquire() {
    inFlight.acquireUninterruptibly();
  }

  @Override
  public void batchDone(CommandBatch batch) {
    inFlight.release();
  }

  private static String printable(byte[] name) {
    return new String(name, StandardCharsets.UTF_8);
  }

  /** A record that cannot be replayed: loading stops. */
  static final class ReplayException extends IOException {
    ReplayException(String message) {
      super(message);
    }
  }
}

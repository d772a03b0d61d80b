package io.verdis.shard;

import io.verdis.command.CommandSpec;
import io.verdis.command.KeyspaceCall;
import io.verdis.net.RespWriter;
import io.verdis.server.ServerState;

/** The call context the executor reuses for every command it runs. */
abstract class ShardCall extends KeyspaceCall {
  private final ServerState server;

  ShardCall(ServerState server) {
    this.server = server;
  }

  final void prepare(CommandSpec spec, byte[][] argv, int db, RespWriter reply) {
    this.spec = spec;
    this.argv = argv;
    this.selectedDb = db;
    this.reply = reply;
  }

  @Override
  public final ServerState server() {
    return server;
  }

  /** Runs on the shard's own event loop with its own store. */
  static final class Local extends ShardCall {
    private final ShardStore store;

    Local(ServerState server, ShardStore store) {
      super(server);
      this.store = store;
    }

    @Override
    public Database database(int index) {
      return store.database(index);
    }

    @Override
    public int databaseCount() {
      return store.databaseCount();
    }

    @Override
    public long now() {
      return store.clock().nowMs();
    }

    @Override
    public void swapDatabases(int first, int second) {
      store.swapDatabases(first, second);
    }
  }

  /** Runs on a coordinator while it holds every shard of the node that the command may touch. */
  static final class Held extends ShardCall {
    private final ShardSet shards;
    private final Database[] routed;
    private final long now;

    Held(ServerState server, ShardSet shards, long now) {
      super(server);
      this.shards = shards;
      this.routed = new Database[shards.store(0).databaseCount()];
      this.now = now;
    }

    @Override
    public Database database(int index) {
      Database db = routed[index];
      if (db == null) {
        db = routed[index] = shards.routed(index);
      }
      return db;
    }

    @Override
    public int databaseCount() {
      return routed.length;
    }

    @Override
    public long now() {
      return now;
    }

    @Override
    public void swapDatabases(int first, int second) {
      for (int i = 0; i < shards.count(); i++) {
        shards.store(i).swapDatabases(first, second);
      }
      routed[first] = null;
      routed[second] = null;
    }
  }
}

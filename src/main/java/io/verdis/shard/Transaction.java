package io.verdis.shard;

import io.verdis.client.Watch;
import io.verdis.command.Args;
import io.verdis.command.CommandFlag;
import io.verdis.command.CommandSpec;
import io.verdis.command.KeyspaceCommand;
import io.verdis.command.RoamingCommand;
import io.verdis.net.RespWriter;
import io.verdis.persist.RecordBuffer;
import io.verdis.server.ServerState;
import io.vertx.core.Context;

import java.util.ArrayList;
import java.util.List;

/**
 * The commands a client queued between MULTI and EXEC, and how EXEC runs them: with every shard
 * they (and the WATCHed keys) touch held, one after another, so no other client observes the
 * transaction half done. Their AOF records are wrapped in MULTI … EXEC when there are several,
 * as Redis propagates a transaction, so a crash never leaves half of one in the log that loads.
 */
public final class Transaction {
  private static final byte[][] MULTI = {Args.bytes("MULTI")};
  private static final byte[][] EXEC = {Args.bytes("EXEC")};
  private static final String OOM_ABORT = "EXECABORT Transaction discarded because of: " + io.verdis.command.Errors.OOM;

  /** Runs a queued connection command (PING, SELECT, CLIENT …) on the connection; returns its database after. */
  @FunctionalInterface
  public interface ClientCommands {
    int run(CommandSpec spec, byte[][] argv, RespWriter reply);
  }

  private final List<CommandSpec> specs = new ArrayList<>();
  private final List<byte[][]> argvs = new ArrayList<>();
  /** A write command is queued: EXEC is then a write for the checks before it runs (Redis's mstate.cmd_flags). */
  private boolean writes;

  public void add(CommandSpec spec, byte[][] argv) {
    specs.add(spec);
    argvs.add(argv);
    writes |= spec.has(CommandFlag.WRITE);
  }

  public boolean writes() {
    return writes;
  }

  public CommandSpec spec(int i) {
    return specs.get(i);
  }

  public byte[][] argv(int i) {
    return argvs.get(i);
  }

  public int size() {
    return specs.size();
  }

  /** The shards to hold, ascending: those the queued commands touch and those the watched keys live in. */
  int[] shards(ShardSet shards, Watch watch) {
    boolean[] involved = new boolean[shards.count()];
    for (int i = 0; i < specs.size(); i++) {
      if (specs.get(i).handler() instanceof RoamingCommand) {
        // A script may touch keys it does not name, and a transaction cannot start over half-way.
        return shards.all();
      }
      if (specs.get(i).handler() instanceof KeyspaceCommand) {
        for (int shard : shards.targets(specs.get(i).keys(), argvs.get(i))) {
          involved[shard] = true;
        }
      }
    }
    if (watch != null) {
      for (Watch.WatchedKey key : watch.keys()) {
        involved[key.shard()] = true;
      }
    }
    int count = 0;
    for (boolean shard : involved) {
      count += shard ? 1 : 0;
    }
    int[] ids = new int[count];
    for (int shard = 0, n = 0; shard < involved.length; shard++) {
      if (involved[shard]) {
        ids[n++] = shard;
      }
    }
    return ids;
  }

  /**
   * EXEC: {@code batch} holds the EXEC command itself and gets its reply (the array of replies, or a
   * null array when a watched key was touched). {@code clients} runs connection commands; it is
   * called on {@code coordinator}, the connection's own event loop, where this all runs.
   */
  public void exec(ServerState server, Watch watch, CommandBatch batch, Context coordinator, ClientCommands clients) {
    ShardSet shards = server.shards();
    int[] shardIds = shards(shards, watch);
    CrossShardCall.runHolding(server, shardIds, coordinator, () -> {
      long now = System.currentTimeMillis();
      boolean fromPrimary = batch.client() != null && batch.client().master();
      for (int shard : shardIds) {
        shards.store(shard).clock().setNowMs(now);
        shards.store(shard).clock().fromPrimary(fromPrimary);
      }
      RecordBuffer records = new RecordBuffer();
      RecordBuffer transactionRecords = new RecordBuffer();
      ShardCall.Held call = new ShardCall.Held(server, shards, shardIds, now, transactionRecords);
      call.canBlock(false);
      call.inTransaction(true);
      RespWriter reply = batch.replies();
      reply.protocol(batch.protocol(0));
      boolean touched = touched(shards, watch);
      unwatchHeld(shards, watch);
      int dbAfter = batch.db(0);
      if (touched) {
        reply.nullArray();
      } else if (refusedForMemory(call, batch)) {
        reply.error(OOM_ABORT);
      } else if (!allServedHere(server, batch)) {
        // A slot of the transaction is moving to another node: nothing runs, the client retries.
        reply.error(io.verdis.cluster.ClusterErrors.TRYAGAIN);
      } else {
        dbAfter = runAll(server, call, batch, clients);
        if (transactionRecords.recordCount() > 1) {
          records.append(batch.db(0), MULTI);
          records.appendAll(transactionRecords);
          records.append(batch.db(0), EXEC);
        } else {
          records.appendAll(transactionRecords);
        }
      }
      // Redis's call() shows EXEC to monitors once it ran, after its queued commands.
      server.monitors().feed(batch.client(), false, dbAfter, batch.spec(0), batch.argv(0));
      batch.replyWritten(0);
      List<CommandBatch> answered = new ArrayList<>();
      answered.add(batch);
      CrossShardCall.serveBlocked(server, shardIds, records, new CommandRunner(server), answered);
      CrossShardCall.commitAndAnswer(server, shardIds, records, answered);
    });
  }

  /**
   * Whether a watched key was written since WATCH; expired ones are reaped first, which touches
   * them (a key that expires after WATCH fails the EXEC, as in Redis 7).
   */
  private static boolean touched(ShardSet shards, Watch watch) {
    if (watch == null) {
      return false;
    }
    for (Watch.WatchedKey key : watch.keys()) {
      shards.store(key.shard()).database(key.db()).peek(key.key());
    }
    return watch.touched();
  }

  /** EXEC is done with the watch (Redis's unwatchAllKeys): its keys live in shards held now. */
  private static void unwatchHeld(ShardSet shards, Watch watch) {
    if (watch == null) {
      return;
    }
    watch.release();
    for (Watch.WatchedKey key : watch.keys()) {
      shards.store(key.shard()).unwatch(key.db(), key.key(), watch);
    }
  }

  /**
   * EXEC of a queue holding a denyoom command while a shard it runs on stays over maxmemory: the
   * whole transaction is refused, as Redis's processCommand rejects EXEC (execCommandAbort).
   */
  private boolean refusedForMemory(ShardCall.Held call, CommandBatch batch) {
    if (batch.client() != null && batch.client().master()) {
      return false;
    }
    for (CommandSpec spec : specs) {
      if (spec.has(CommandFlag.DENYOOM)) {
        return !call.makeRoom();
      }
    }
    return false;
  }

  /** Cluster mode: whether every key of every queued command is in a slot this node serves now. */
  private boolean allServedHere(ServerState server, CommandBatch batch) {
    io.verdis.cluster.Cluster cluster = server.cluster();
    if (cluster == null || batch.client() == null) {
      return true;
    }
    io.verdis.cluster.ClusterView view = cluster.view();
    for (int i = 0; i < specs.size(); i++) {
      if (!io.verdis.cluster.ClusterRouter.servedHere(view, specs.get(i), argvs.get(i), batch.client().importing())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Redis checks the ACL again at EXEC: the user's rules may have changed since a command was
   * queued. Null when the command may run.
   */
  private static io.verdis.acl.AclDenial aclDenial(ServerState server, io.verdis.client.ClientSession client,
                                                   CommandSpec spec, byte[][] argv) {
    io.verdis.acl.User user = client == null ? null : client.user();
    if (user == null || user.unrestricted()) {
      return null;
    }
    io.verdis.acl.AclDenial denied = user.check(spec, argv);
    if (denied != null) {
      server.acl().logDenial(denied, io.verdis.acl.AclLog.Context.MULTI, spec, argv, client);
    }
    return denied;
  }

  /** Runs the queued commands; returns the database selected after them. */
  private int runAll(ServerState server, ShardCall.Held call, CommandBatch batch, ClientCommands clients) {
    RespWriter reply = batch.replies();
    reply.array(specs.size());
    int db = batch.db(0);
    CommandRunner runner = new CommandRunner(server);
    long clock = System.nanoTime();
    for (int i = 0; i < specs.size(); i++) {
      CommandSpec spec = specs.get(i);
      byte[][] argv = argvs.get(i);
      io.verdis.acl.AclDenial denied = aclDenial(server, batch.client(), spec, argv);
      if (denied != null) {
        reply.error(denied.execError());
      } else if (spec.handler() instanceof KeyspaceCommand) {
        clock = runner.runOne(spec, argv, db, call, reply, batch, clock, batch.remembersReads(0));
      } else {
        db = clients.run(spec, argv, reply);
      }
    }
    return db;
  }
}

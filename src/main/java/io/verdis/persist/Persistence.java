package io.verdis.persist;

import io.verdis.command.Errors;
import io.verdis.persist.aof.AofBaseWriter;
import io.verdis.persist.aof.AofFiles;
import io.verdis.persist.aof.AofWriter;
import io.verdis.persist.aof.FileErrors;
import io.verdis.replication.Replication;
import io.verdis.server.Config;
import io.verdis.server.ServerState;
import io.verdis.shard.CrossShardCall;
import io.verdis.shard.ShardSet;
import io.verdis.shard.ShardStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The node's durability: start-up loading, the AOF (writer, rewrite, automatic rewrite), the
 * MISCONF refusal, and the AOF state INFO persistence reads; RDB snapshots and the {@code save}
 * points are in {@link RdbSnapshots}.
 *
 * <p>Shards call {@link #commit} after every batch; everything else runs on this object's own
 * context (background file work on worker threads), never on a shard's event loop.
 */
public final class Persistence {
  private static final Logger LOG = Logger.getLogger(Persistence.class.getName());

  private final ServerState server;
  private final Config config;
  private final ShardSet shards;
  private final Vertx vertx;
  private final Context context;
  private final LoadProgress progress = new LoadProgress();
  private final AofFiles aofFiles;
  private final Path rdbDir;
  private final RdbSnapshots snapshots;
  private final RewriteBackoff rewriteBackoff = new RewriteBackoff();
  private volatile AofWriter aof;
  /** The history the RDB loaded at start-up was saved in (never from an AOF, as Redis), or null. */
  private volatile ReplicationInfo loadedReplication;
  /** Where the records go besides the AOF once replicas attached, or null. */
  private volatile Consumer<AofChunk> replicaFeed;
  private volatile long rewriteStartMs;
  private volatile boolean lastRewriteOk = true;
  private volatile long lastRewriteSeconds = -1;
  private volatile long rewrites;
  private volatile long rewriteFailures;
  /**
   * Set when DEBUG RELOAD or LOADAOF failed half-way: the dataset in memory is partial. Redis 7.0
   * exits then; Verdis keeps serving reads but refuses writes and saves (the error says why), so
   * nothing replaces the files on disk, which still hold the data, with the partial dataset.
   */
  private volatile String partialDataset;

  /** Created by the server state it belongs to; keeps it, touches nothing yet. */
  public Persistence(ServerState server) {
    this.server = server;
    this.config = server.config();
    this.shards = server.shards();
    this.vertx = server.vertx();
    this.context = vertx.getOrCreateContext();
    this.rdbDir = Paths.get(config.dir());
    this.aofFiles = new AofFiles(rdbDir.resolve(config.appenddirname()), config.appendfilename());
    this.snapshots = new RdbSnapshots(server, context, rdbDir);
  }

  // ---- The data path --------------------------------------------------------------------------

  /**
   * After a shard ran the batches of one event-loop turn (or a cross-shard call ran): hands their
   * AOF records to the writer in one chunk and lets their replies go, at once or, under
   * {@code appendfsync always}, once the records are on disk. Committing once per turn rather than
   * per batch is what makes group commit work: like Redis's fsync before it sleeps, one fsync
   * then covers every client served in the turn. Replies with no records of their own wait too
   * while the shard still has records not fsynced, so no client reads a write before it is durable.
   *
   * @param unsynced the shard's count of chunks not fsynced yet; null when unknown (then such
   *     replies wait for the writer)
   * @param replies releases the replies, or null; it may run later, on the writer's thread
   */
  public void commit(RecordBuffer records, AtomicInteger unsynced, long changed, Runnable replies) {
    if (changed != 0) {
      snapshots.changed(changed);
    }
    AofWriter writer = aof;
    Consumer<AofChunk> feed = replicaFeed;
    if (writer == null) {
      if (feed != null && !records.isEmpty()) {
        feed.accept(records.take(null, null));
      } else {
        records.clear();
      }
      run(replies);
      return;
    }
    boolean always = writer.fsync() == AofWriter.Fsync.ALWAYS;
    if (records.isEmpty()) {
      boolean behindUnsynced = unsynced == null || unsynced.get() > 0;
      if (always && replies != null && behindUnsynced && writer.writeError() == null) {
        writer.submit(AofChunk.barrier(replies));
      } else {
        run(replies);
      }
      return;
    }
    if (always) {
      if (unsynced != null) {
        unsynced.incrementAndGet();
      }
      submit(writer, feed, records.take(replies, unsynced));
    } else {
      submit(writer, feed, records.take(null, null));
      run(replies);
    }
  }

  /** The same chunk to the replicas (which ignore its completion) and to the AOF, in that order. */
  private static void submit(AofWriter writer, Consumer<AofChunk> feed, AofChunk chunk) {
    if (feed != null) {
      feed.accept(chunk);
    }
    writer.submit(chunk);
  }

  /**
   * From now on every chunk of records also goes to {@code feed} (the first replica attached);
   * the shards must record even with the AOF off, which the caller turns on while they are held.
   */
  public void feedReplicas(Consumer<AofChunk> feed) {
    this.replicaFeed = feed;
  }

  /** The backlog is gone (repl-backlog-ttl): records go to the AOF only, and only if it is on. */
  public void stopFeedingReplicas() {
    this.replicaFeed = null;
    shards.onEveryShard(store -> store.recording(aof != null));
  }

  /**
   * Whether replies wait for the disk now ({@code appendfsync always}); if not, a caller may let
   * them go itself, without building a task for {@link #commit}.
   */
  public boolean repliesWaitForDisk() {
    AofWriter writer = aof;
    return writer != null && writer.fsync() == AofWriter.Fsync.ALWAYS;
  }

  private static void run(Runnable replies) {
    if (replies != null) {
      replies.run();
    }
  }

  /**
   * Null when writes may go ahead; otherwise the error they get (Redis's MISCONF): the AOF cannot
   * be written, or the last background save failed and {@code stop-writes-on-bgsave-error} is on.
   */
  public String writeRefusal() {
    String partial = partialDataset;
    if (partial != null) {
      return partial;
    }
    AofWriter writer = aof;
    if (writer != null && writer.writeError() != null) {
      return "MISCONF Errors writing to the AOF file: " + writer.writeError();
    }
    return snapshots.writeRefusal();
  }

  public boolean loading() {
    return progress.loading();
  }

  /** Why no snapshot of the data in memory may replace the files on disk now, or null. */
  String saveRefusal() {
    return partialDataset;
  }

  // ---- Start-up ---------------------------------------------------------------------------------

  /**
   * Loads the dataset (the AOF when {@code appendonly yes} and one exists, else {@code dbfilename}),
   * then opens the AOF for appending. Clients may connect meanwhile: they get -LOADING.
   */
  public Future<Void> start() {
    progress.startUp();
    return shards.onEveryShard(store -> store.clock().pauseExpiry(true))
        .compose(ignored -> context.executeBlocking(this::loadDataset, false))
        .compose(hadAof -> shards.onEveryShard(store -> store.clock().pauseExpiry(false))
            .compose(ignored -> !config.appendonly() ? Future.succeededFuture()
                : hadAof ? openAof(false) : createFirstBase().compose(based -> openAof(false))))
        .onComplete(ignored -> {
          // After the shards' round trip above, so every replayed change has been counted.
          snapshots.countChangesFromNow();
          progress.end();
        })
        .onSuccess(ignored -> {
          // Not in the middle of a load: the rewrite that turning it on starts would be refused.
          config.onChange("appendonly", c -> context.runOnContext(v -> loadsDone()
              .onComplete(done -> appendonlyChanged())));
          config.onChange("appendfsync", c -> {
            AofWriter writer = aof;
            if (writer != null) {
              writer.fsync(fsyncPolicy());
            }
          });
          vertx.setPeriodic(1000, id -> cron());
        });
  }

  /**
   * On a worker thread; true when an AOF was loaded. Everything that could refuse start-up (a
   * directory that is not one, AOF files without a manifest or a manifest naming missing files,
   * an unreadable file) is checked before anything is written; leftover temp files of a crashed
   * rewrite or BGSAVE are swept only once loading succeeded.
   */
  private Boolean loadDataset() throws IOException {
    createDir();
    long started = System.currentTimeMillis();
    Replayer replayer = new Replayer(server, context);
    DatasetLoader loader = new DatasetLoader(config, replayer, progress, server.scripting().functions());
    boolean loadedAof = false;
    if (config.appendonly()) {
      aofFiles.load();
      refuseBaselessAofBesideRdb();
      refuseSingleFileAof();
    }
    if (config.appendonly() && aofFiles.exists()) {
      long records = loader.loadAof(aofFiles);
      LOG.info(String.format("DB loaded from append only file: %.3f seconds (%,d records)",
          (System.currentTimeMillis() - started) / 1000.0, records));
      loadedAof = true;
    } else {
      Path rdb = rdbDir.resolve(config.dbfilename());
      if (Files.exists(rdb, LinkOption.NOFOLLOW_LINKS)) {
        loader.loadRdb(rdb);
        loadedReplication = loader.replicationInfo();
        LOG.info(String.format("DB loaded from disk: %.3f seconds (%,d keys, %,d expired skipped)",
            (System.currentTimeMillis() - started) / 1000.0, loader.keysLoaded(), loader.keysExpired()));
      }
      snapshots.loaded(loader.keysLoaded(), loader.keysExpired());
    }
    TempFiles.sweepSnapshots(rdbDir);
    if (config.appendonly()) {
      TempFiles.sweepRewrites(aofFiles.dir(), aofFiles.manifest().allNames());
    }
    return loadedAof;
  }

  /**
   * A replica's full resynchronization: the primary's RDB (in {@code file}, deleted afterwards)
   * becomes the dataset, through the same loader as start-up, with clients answered -LOADING
   * meanwhile. The caller flushed the old data first. With the AOF on, a rewrite follows, so the
   * AOF holds the new dataset (Redis's restartAOFAfterSYNC). Another load (DEBUG RELOAD) or a
   * rewrite running is waited for first.
   */
  public Future<Void> loadFromPrimary(Path file) {
    return claimLoad()
        .compose(claimed -> rewriteDone())
        .compose(idle -> shards.onEveryShard(store -> store.clock().pauseExpiry(true)))
        .compose(ignored -> context.executeBlocking(() -> {
          try {
            Replayer replayer = new Replayer(server, context);
            DatasetLoader loader = new DatasetLoader(config, replayer, progress, server.scripting().functions());
            long started = System.currentTimeMillis();
            loader.loadPrimaryRdb(file);
            LOG.info(String.format("MASTER <-> REPLICA sync: Finished with success (%,d keys in %.3f seconds)",
                loader.keysLoaded(), (System.currentTimeMillis() - started) / 1000.0));
            return null;
          } finally {
            Files.deleteIfExists(file);
          }
        }, false))
        .andThen(ignored -> shards.onEveryShard(store -> store.clock().pauseExpiry(false)))
        .transform(loaded -> {
          // Started before the load ends, so no other load can come between and a LOADAOF waits for it.
          Future<Void> rewritten = loaded.failed() || aof == null ? Future.succeededFuture()
              : rewrite(true).recover(e -> {
                LOG.warning("The AOF rewrite after the sync with the primary failed: " + e.getMessage());
                return Future.succeededFuture();
              });
          progress.end();
          return loaded.succeeded() ? rewritten : Future.failedFuture(loaded.cause());
        });
  }

  // ---- DEBUG RELOAD and DEBUG LOADAOF --------------------------------------------------------

  /**
   * DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE], as Redis 7.0: saves {@code dbfilename} (unless
   * {@code save} is false), empties the dataset and the function libraries (unless {@code flush}
   * is false) and loads the file back; with {@code merge} a library of the same name is replaced
   * (keys always are). Clients are answered -LOADING from before the save to the end, so no write
   * slips between the snapshot and the flush. Nothing reaches the AOF or the replicas: the data is
   * what it was, as Redis propagates nothing either. Fails with Redis's texts: "ERR" when the save
   * failed, "ERR Error trying to load the RDB dump" when loading did (after a flush the dataset is
   * then partial: see {@link #partialDataset}).
   */
  public Future<Void> reload(boolean save, boolean flush, boolean merge) {
    Path rdb = rdbDir.resolve(config.dbfilename());
    // One save at a time here: wait for a background save already running (Redis saves beside its child).
    return whileLoading(false, () -> (save ? snapshots.idle().compose(idle -> snapshots.bgsave()).recover(e -> {
      LOG.warning("DEBUG RELOAD could not save: " + e.getMessage());
      return Future.<Void>failedFuture("ERR");
    }) : Future.<Void>succeededFuture())
        .compose(ignored -> flush ? emptyData() : Future.succeededFuture())
        .compose(ignored -> context.executeBlocking(() -> {
          DatasetLoader loader = new DatasetLoader(config, new Replayer(server, context), progress,
              server.scripting().functions());
          if (merge) {
            loader.replaceLibraries();
          }
          if (!Files.exists(rdb, LinkOption.NOFOLLOW_LINKS)) {
            // Nothing was loaded: the dataset is what the flush left, whole, as in Redis.
            LOG.warning("DEBUG RELOAD: no " + rdb + " to load");
            throw new IOException("ERR Error trying to load the RDB dump");
          }
          try {
            loader.loadRdb(rdb);
          } catch (IOException | RuntimeException e) {
            if (flush) {
              loadFailed("DEBUG RELOAD", e);
            } else {
              // Nothing was flushed: what was in memory still is, with some of the file added.
              LOG.warning("DEBUG RELOAD: " + e.getMessage());
            }
            throw new IOException("ERR Error trying to load the RDB dump");
          }
          if (flush) {
            partialDataset = null;
          }
          snapshots.loaded(loader.keysLoaded(), loader.keysExpired());
          LOG.warning("DB reloaded by DEBUG RELOAD");
          return null;
        }, false)));
  }

  /**
   * DEBUG LOADAOF, as Redis 7.0: what the AOF writer holds is written and fsynced, the dataset and
   * the function libraries are emptied, and the AOF is replayed, clients answered -LOADING
   * meanwhile; the shards do not log what is replayed (it is in the AOF already). A rewrite
   * running is waited for first (it replaces the files the load reads), and none starts meanwhile.
   * Redis 7.0 exits when there is no AOF to load (appendonly no) or it cannot be loaded; Verdis
   * answers an error (and keeps the partial dataset from replacing the files: see
   * {@link #partialDataset}).
   */
  public Future<Void> loadAof() {
    AofWriter writer = aof;
    if (writer == null) {
      return Future.failedFuture("ERR DEBUG LOADAOF needs appendonly yes (there is no AOF to load)");
    }
    return whileLoading(true, () -> writer.sync()
        .compose(ignored -> emptyData())
        .compose(ignored -> context.executeBlocking(() -> {
          DatasetLoader loader = new DatasetLoader(config, new Replayer(server, context), progress,
              server.scripting().functions());
          try {
            loader.loadAof(aofFiles);
          } catch (IOException | RuntimeException e) {
            loadFailed("DEBUG LOADAOF", e);
            throw new IOException("ERR Error trying to load the AOF: " + e.getMessage());
          }
          partialDataset = null;
          LOG.warning("Append Only File loaded by DEBUG LOADAOF");
          return null;
        }, false)));
  }

  private void loadFailed(String what, Exception e) {
    LOG.severe(what + " failed to load the dataset, which is partial now: " + e
        + ". Writes and saves are refused until a load succeeds or the server restarts");
    partialDataset = "MISCONF " + what + " failed to load the dataset, which is partial now (see the server log)."
        + " Writes and saves are refused so that the files on disk keep the data: restart the server, or load"
        + " them again with DEBUG RELOAD NOSAVE or DEBUG LOADAOF";
  }

  /**
   * Runs {@code work} as the only load (-LOADING when another one runs: start-up, a replica's
   * full sync, another DEBUG RELOAD or LOADAOF), once no AOF rewrite runs (none starts while a
   * load does), with a replica's stream from its primary paused first (it waits rather than being
   * answered -LOADING and lost), clients answered -LOADING, and, from a moment every shard is
   * held, expiry paused (and, with {@code stopRecording}, the shards not logging). The shards
   * refuse clients' commands themselves while loading, so a batch whose connection checked just
   * before the switch ran before that hold (and is in what is saved or logged) or is refused.
   * Everything is restored whatever the outcome.
   */
  private Future<Void> whileLoading(boolean stopRecording, Supplier<Future<Void>> work) {
    Replication replication = server.replication();
    // The primary's stream stops before the state switches: nothing it sent may meet -LOADING.
    return replication.pauseStream()
        .compose(paused -> {
          synchronized (this) {
            // Under the lock rewrite() starts under: either it runs already (and is waited for) or it sees the load.
            if (!progress.tryBegin()) {
              return Future.<Void>failedFuture(Errors.LOADING);
            }
          }
          return rewriteDone()
              .compose(idle -> CrossShardCall.withAllHeld(server, context, stores -> {
                for (ShardStore store : stores) {
                  store.clock().pauseExpiry(true);
                  if (stopRecording) {
                    store.recording(false);
                  }
                }
                return null;
              }))
              .compose(held -> work.get())
              .eventually(() -> shards.onEveryShard(store -> {
                store.clock().pauseExpiry(false);
                if (stopRecording) {
                  store.recording(aof != null || replicaFeed != null);
                }
              }))
              .andThen(ignored -> progress.end());
        })
        .andThen(ignored -> replication.resumeStream());
  }

  /** Completes once no other load runs and this one is claimed (a full sync waits for a DEBUG RELOAD). */
  private Future<Void> claimLoad() {
    synchronized (this) {
      if (progress.tryBegin()) {
        return Future.succeededFuture();
      }
    }
    return Future.future(promise -> vertx.setTimer(50, id -> claimLoad().onComplete(promise)));
  }

  /** Completes once no load runs (a replica's full sync flushes its data only then). */
  public Future<Void> loadsDone() {
    if (!loading()) {
      return Future.succeededFuture();
    }
    return Future.future(promise -> vertx.setTimer(50, id -> loadsDone().onComplete(promise)));
  }

  /** Completes once no AOF rewrite runs. */
  private Future<Void> rewriteDone() {
    if (rewriteStartMs == 0) {
      return Future.succeededFuture();
    }
    return Future.future(promise -> vertx.setTimer(50, id -> rewriteDone().onComplete(promise)));
  }

  /** Redis's emptyData: every database of every shard, and the function libraries. */
  private Future<Void> emptyData() {
    return CrossShardCall.withAllHeld(server, context, stores -> {
      for (ShardStore store : stores) {
        for (int db = 0; db < store.databaseCount(); db++) {
          store.database(db).clear();
        }
      }
      return null;
    }).<Void>mapEmpty().andThen(ignored -> server.scripting().functions().flush());
  }

  /**
   * An AOF with incremental files but no base is what a server leaves that stopped while its AOF
   * was being turned on (CONFIG SET appendonly yes) and before the first rewrite wrote the base:
   * the data of that moment is in neither file. Started from it, Verdis would come up without that
   * data and the next save would replace {@code dbfilename}, which may still hold it: refuse.
   */
  private void refuseBaselessAofBesideRdb() throws IOException {
    Path rdb = rdbDir.resolve(config.dbfilename());
    if (aofFiles.exists() && aofFiles.manifest().base() == null
        && Files.isRegularFile(rdb, LinkOption.NOFOLLOW_LINKS) && Files.size(rdb) > 0) {
      throw new IOException("The AOF manifest " + aofFiles.dir().resolve(aofFiles.manifestName())
          + " names no base file while " + rdb + " exists: the AOF was being created when the server stopped and"
          + " may lack what " + config.dbfilename() + " holds. Move " + aofFiles.dir() + " away to start from "
          + config.dbfilename() + ", or " + config.dbfilename() + " away to start from the AOF");
    }
  }

  /**
   * Redis before 7.0 kept its AOF as one file, {@code dir/appendfilename}; Redis 7.0 upgrades it
   * into {@code appendonlydir}. Verdis does not: started beside it, it would come up without its
   * data and create an AOF of its own, so refuse, naming it.
   */
  private void refuseSingleFileAof() throws IOException {
    Path single = rdbDir.resolve(config.appendfilename());
    if (!aofFiles.exists() && Files.isRegularFile(single, LinkOption.NOFOLLOW_LINKS) && Files.size(single) > 0) {
      throw new IOException("Found " + single + ", a single-file AOF of Redis before 7.0, and no AOF manifest in "
          + aofFiles.dir() + ": Verdis does not upgrade it. Load it into redis-server 7 and copy the appendonlydir it"
          + " makes (or its dump.rdb) here, or move the file away to start without it");
    }
  }

  /** {@code dir}, created if missing; one that is a file, or cannot be created, refuses start-up. */
  private void createDir() throws IOException {
    if (Files.exists(rdbDir) && !Files.isDirectory(rdbDir)) {
      throw new IOException("The working directory " + rdbDir + " (dir) is not a directory");
    }
    try {
      Files.createDirectories(rdbDir);
    } catch (IOException e) {
      throw new IOException("Can't create the working directory " + rdbDir + " (dir): " + FileErrors.reason(e));
    }
  }

  /**
   * A new AOF at start-up (none existed) gets its base, holding the data just loaded (from
   * {@code dbfilename}, or nothing), before any manifest names an incremental file: a crash or a
   * full disk meanwhile leaves no manifest at all (the next start loads {@code dbfilename} again),
   * never one whose files miss that data, which would start empty and let the next save replace
   * {@code dbfilename} with nothing. Redis 7.0 writes its first base the same way, before serving.
   * Still loading: no client writes meanwhile.
   */
  private Future<Void> createFirstBase() {
    boolean rdbBase = config.aofUseRdbPreamble();
    Path temp = TempFiles.rewrittenBase(aofFiles.dir(), rdbBase);
    return CrossShardCall.withAllHeld(server, context,
            stores -> DatasetSnapshot.of(stores, server.scripting().functions()))
        .compose(snapshot -> context.executeBlocking(() -> {
          try {
            aofFiles.createDir();
            writeBase(snapshot, temp, rdbBase);
            aofFiles.installBase(temp, rdbBase);
          } finally {
            Files.deleteIfExists(temp);
          }
          LOG.info("Creating AOF base file " + aofFiles.manifest().base().name() + " on server start");
          return null;
        }, false));
  }

  private static void writeBase(DatasetSnapshot snapshot, Path temp, boolean rdbBase) throws IOException {
    if (rdbBase) {
      RdbSnapshotFile.writeTo(snapshot, temp, true);
    } else {
      AofBaseWriter.write(snapshot, temp);
    }
  }

  /**
   * Opens the writer. {@code fresh} (CONFIG SET appendonly yes) starts with a rewrite, so the AOF
   * holds the data in memory.
   */
  private Future<Void> openAof(boolean fresh) {
    return context.executeBlocking(() -> {
      if (aofFiles.manifest() == null) {
        aofFiles.load();
      }
      AofWriter writer = new AofWriter(aofFiles, fsyncPolicy(),
          server.stats().aofWrite, server.stats().aofFsync, server.latencyMonitor());
      writer.start();
      return writer;
    }, false).compose(writer -> {
      aof = writer;
      if (fresh) {
        return rewrite();
      }
      return shards.onEveryShard(store -> store.recording(true));
    });
  }

  private AofWriter.Fsync fsyncPolicy() {
    return AofWriter.Fsync.valueOf(config.appendfsync().toUpperCase(Locale.ROOT));
  }

  /** CONFIG SET appendonly: yes opens the AOF with a rewrite of the current data, no closes it. */
  private void appendonlyChanged() {
    if (config.appendonly() && aof == null) {
      openAof(true).onFailure(e -> LOG.warning("Could not turn the AOF on: " + e.getMessage()));
    } else if (!config.appendonly() && aof != null) {
      AofWriter writer = aof;
      // Replicas still need the records when the AOF goes.
      boolean keepRecording = replicaFeed != null;
      shards.onEveryShard(store -> store.recording(keepRecording))
          .compose(ignored -> {
            aof = null;
            return writer.stop();
          })
          .onFailure(e -> LOG.warning("Closing the AOF failed: " + e.getMessage()));
    }
  }

  // ---- AOF rewrite ------------------------------------------------------------------------------

  /**
   * BGREWRITEAOF: with every shard held for a moment, logging switches to a new incremental file
   * and the data is snapshotted; the snapshot becomes the new base on a worker thread (RESP
   * commands, or an RDB with {@code aof-use-rdb-preamble yes}), and the manifest switches to it.
   * A crash at any point leaves a manifest whose files hold everything. None starts while a load
   * runs (it would replace the files DEBUG LOADAOF reads, or log a half-loaded dataset as the
   * base), nor over a partial dataset.
   */
  public Future<Void> rewrite() {
    return rewrite(false);
  }

  /** {@code ownLoad}: asked by the load running now, for the data it loaded (a replica's full sync). */
  private synchronized Future<Void> rewrite(boolean ownLoad) {
    AofWriter writer = aof;
    if (writer == null) {
      return Future.failedFuture("ERR Background append only file rewriting needs appendonly yes");
    }
    if (loading() && !ownLoad) {
      return Future.failedFuture(Errors.LOADING);
    }
    if (partialDataset != null) {
      return Future.failedFuture(partialDataset);
    }
    if (rewriteStartMs != 0) {
      return Future.failedFuture("ERR Background append only file rewriting already in progress");
    }
    rewriteStartMs = System.currentTimeMillis();
    boolean rdbBase = config.aofUseRdbPreamble();
    Path temp = TempFiles.rewrittenBase(aofFiles.dir(), rdbBase);
    return CrossShardCall.withAllHeld(server, context, stores -> {
      for (ShardStore store : stores) {
        store.recording(true);
      }
      Future<Void> switched = writer.switchIncr();
      return switched.map(DatasetSnapshot.of(stores, server.scripting().functions()));
    })
        .compose(switched -> switched)
        .compose(snapshot -> context.executeBlocking(() -> {
          writeBase(snapshot, temp, rdbBase);
          return null;
        }, false))
        .compose(written -> writer.installBase(temp, rdbBase))
        .onComplete(result -> {
          lastRewriteSeconds = (System.currentTimeMillis() - rewriteStartMs) / 1000;
          rewriteStartMs = 0;
          lastRewriteOk = result.succeeded();
          if (result.succeeded()) {
            rewrites++;
            rewriteFailures = 0;
            LOG.info("Background AOF rewrite finished successfully");
          } else {
            rewriteFailures++;
            LOG.warning("Background AOF rewrite terminated with error: " + result.cause().getMessage()
                + ". Writes go on to the current AOF file; the next rewrite will try again");
            try {
              Files.deleteIfExists(temp);
            } catch (IOException ignored) {
              // best effort: a stray temp file is harmless and is overwritten next time
            }
          }
        });
  }

  /** Once a second: the {@code save} points and the automatic AOF rewrite, as Redis's serverCron. */
  private void cron() {
    snapshots.cron();
    AofWriter writer = aof;
    if (writer != null && rewriteStartMs == 0 && !loading() && partialDataset == null
        && config.autoAofRewritePercentage() > 0
        && writer.currentSize() > config.autoAofRewriteMinSize()
        && !rewriteBackoff.limited(rewriteFailures, System.currentTimeMillis())) {
      long base = Math.max(1, writer.baseSize());
      long growth = writer.currentSize() * 100 / base - 100;
      if (growth >= config.autoAofRewritePercentage()) {
        LOG.info("Starting automatic rewriting of AOF on " + growth + "% growth");
        rewrite();
      }
    }
  }

  // ---- Shutdown ---------------------------------------------------------------------------------

  /**
   * Before exit (SHUTDOWN, SIGTERM): saves an RDB when asked or when save points are set (unless
   * NOSAVE), then writes and fsyncs what the AOF still holds and closes it.
   */
  public Future<Void> shutdown(boolean save, boolean nosave) {
    Future<Void> saved = Future.succeededFuture();
    if (partialDataset != null) {
      LOG.warning("Not saving the RDB snapshot before exiting: the dataset in memory is partial");
    } else if (!nosave && (save || !config.savePoints().isEmpty()) && !loading()) {
      LOG.info("Saving the final RDB snapshot before exiting.");
      saved = snapshots.idle().compose(ignored -> snapshots.bgsave());
    }
    return saved.compose(ignored -> {
      AofWriter writer = aof;
      if (writer == null) {
        return Future.succeededFuture();
      }
      LOG.info("Calling fsync() on the AOF file.");
      return writer.stop();
    });
  }

  // ---- INFO persistence -------------------------------------------------------------------------

  /**
   * Where the RDB loaded at start-up says this node was in its primary's history; null when the
   * dataset came from the AOF, as Redis 7.0 uses it only when the AOF is off.
   */
  public ReplicationInfo loadedReplication() {
    return loadedReplication;
  }

  public LoadProgress progress() {
    return progress;
  }

  public RdbSnapshots snapshots() {
    return snapshots;
  }

  public AofWriter aof() {
    return aof;
  }

  public boolean rewriteInProgress() {
    return rewriteStartMs != 0;
  }

  public long lastRewriteSeconds() {
    return lastRewriteSeconds;
  }

  public long currentRewriteSeconds() {
    long start = rewriteStartMs;
    return start == 0 ? -1 : (System.currentTimeMillis() - start) / 1000;
  }

  public boolean lastRewriteOk() {
    return lastRewriteOk;
  }

  public long rewrites() {
    return rewrites;
  }

  public long rewriteFailures() {
    return rewriteFailures;
  }
}

package io.verdis.persist;

import io.verdis.metrics.Counter;
import io.verdis.server.Config;
import io.verdis.server.SavePoint;
import io.verdis.server.ServerState;
import io.verdis.shard.CrossShardCall;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * RDB snapshots: BGSAVE and SAVE, the {@code save} points, the count of changes since the last
 * save, and the state INFO persistence and the RDB MISCONF refusal read.
 */
public final class RdbSnapshots {
  private static final Logger LOG = Logger.getLogger(RdbSnapshots.class.getName());
  /** Redis's CONFIG_BGSAVE_RETRY_DELAY: after a failed save, wait this long before a save point tries again. */
  private static final long BGSAVE_RETRY_DELAY_MS = 5000;
  private static final String MISCONF = "MISCONF Redis is configured to save RDB snapshots, but it's currently "
      + "unable to persist to disk. Commands that may modify the data set are disabled, because this instance is "
      + "configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). "
      + "Please check the Redis logs for details about the RDB error.";

  private final ServerState server;
  private final Config config;
  private final Vertx vertx;
  private final Context context;
  private final Path dir;
  private final Counter changes = new Counter();
  private volatile long changesAtLastSave;
  private volatile long lastSaveSeconds = System.currentTimeMillis() / 1000;
  private volatile long lastSaveAttemptMs;
  private volatile boolean lastBgsaveOk = true;
  private volatile long bgsaveStartMs;
  private volatile long lastBgsaveSeconds = -1;
  private volatile long saves;
  private volatile long keysLoaded;
  private volatile long keysExpiredOnLoad;

  RdbSnapshots(ServerState server, Context context, Path dir) {
    this.server = server;
    this.config = server.config();
    this.vertx = server.vertx();
    this.context = context;
    this.dir = dir;
  }

  /** Changes made by writes (Redis's dirty), counted by the shards as they commit. */
  void changed(long count) {
    changes.add(count);
  }

  /** What loading an RDB file at start-up found (INFO's rdb_last_load_keys_*). */
  void loaded(long keys, long expiredSkipped) {
    keysLoaded = keys;
    keysExpiredOnLoad = expiredSkipped;
  }

  /** Replaying is not changing: the save points count from the loaded state, as Redis's dirty = 0. */
  void countChangesFromNow() {
    changesAtLastSave = changes.sum();
  }

  /** Redis's RDB MISCONF while the last background save failed, or null. */
  String writeRefusal() {
    if (!lastBgsaveOk && config.stopWritesOnBgsaveError() && !config.savePoints().isEmpty()) {
      return MISCONF;
    }
    return null;
  }

  /**
   * BGSAVE (and SAVE, which waits for it): snapshot under a short hold, file written on a worker.
   * Synchronized so that two clients on different event loops cannot both start one.
   */
  public synchronized Future<Void> bgsave() {
    if (bgsaveStartMs != 0) {
      return Future.failedFuture("ERR Background save already in progress");
    }
    String refused = server.persistence().saveRefusal();
    if (refused != null) {
      return Future.failedFuture(refused);
    }
    bgsaveStartMs = System.currentTimeMillis();
    lastSaveAttemptMs = bgsaveStartMs;
    long[] changesAtSnapshot = new long[1];
    Path target = dir.resolve(config.dbfilename());
    // On a replica the primary's stream waits meanwhile, so the offset saved is the snapshot's.
    var replication = server.replication();
    return replication.pauseStream().compose(paused -> CrossShardCall.withAllHeld(server, context, stores -> {
      changesAtSnapshot[0] = changes.sum();
      return DatasetSnapshot.of(stores, server.scripting().functions()).replication(replication.savedInfo());
    }))
        .andThen(taken -> replication.resumeStream())
        .compose(snapshot -> context.executeBlocking(() -> {
          RdbSnapshotFile.save(snapshot, target);
          return null;
        }, false))
        .<Void>mapEmpty()
        .onComplete(result -> {
          lastBgsaveSeconds = (System.currentTimeMillis() - bgsaveStartMs) / 1000;
          bgsaveStartMs = 0;
          lastBgsaveOk = result.succeeded();
          if (result.succeeded()) {
            changesAtLastSave = changesAtSnapshot[0];
            lastSaveSeconds = System.currentTimeMillis() / 1000;
            saves++;
            LOG.info("DB saved on disk");
          } else {
            LOG.warning("Background saving error: " + result.cause().getMessage());
          }
        });
  }

  /** Once a second: a save point whose time and changes have come starts a BGSAVE, as Redis's serverCron. */
  void cron() {
    long now = System.currentTimeMillis();
    // Never a half-loaded dataset over the file (DEBUG RELOAD's replay counts as changes).
    if (bgsaveStartMs != 0 || server.persistence().loading()
        || (!lastBgsaveOk && now - lastSaveAttemptMs <= BGSAVE_RETRY_DELAY_MS)) {
      return;
    }
    long dirty = changesSinceSave();
    for (SavePoint point : config.savePoints()) {
      if (dirty >= point.changes() && now / 1000 - lastSaveSeconds >= point.seconds()) {
        LOG.info(point.changes() + " changes in " + point.seconds() + " seconds. Saving...");
        bgsave();
        return;
      }
    }
  }

  /** Completes once no background save is running (SHUTDOWN saves after it). */
  Future<Void> idle() {
    if (bgsaveStartMs == 0) {
      return Future.succeededFuture();
    }
    return Future.future(promise -> vertx.setTimer(50, id -> idle().onComplete(promise)));
  }

  public long changesSinceSave() {
    return changes.sum() - changesAtLastSave;
  }

  public long lastSaveSeconds() {
    return lastSaveSeconds;
  }

  public boolean inProgress() {
    return bgsaveStartMs != 0;
  }

  public boolean lastBgsaveOk() {
    return lastBgsaveOk;
  }

  public long lastBgsaveSeconds() {
    return lastBgsaveSeconds;
  }

  public long currentBgsaveSeconds() {
    long start = bgsaveStartMs;
    return start == 0 ? -1 : (System.currentTimeMillis() - start) / 1000;
  }

  public long saves() {
    return saves;
  }

  public long keysLoaded() {
    return keysLoaded;
  }

  public long keysExpiredOnLoad() {
    return keysExpiredOnLoad;
  }
}

package io.verdis.persist;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Whether a load runs and how far it is: the INFO persistence loading_* fields and the progress
 * line logged every few seconds (records, percent, rate). Loads are exclusive (start-up, a
 * replica's full sync, DEBUG RELOAD and LOADAOF each empty or replace the dataset another one
 * is building): one is claimed with {@link #tryBegin}, and the loading state lasts until its
 * {@link #end}.
 */
public final class LoadProgress {
  private static final Logger LOG = Logger.getLogger(LoadProgress.class.getName());
  private static final long REPORT_EVERY_MS = 2000;

  /**
   * 1 from the start, claimed for start-up loading: the RESP port listens before loading begins,
   * and a client served in between must get -LOADING, not an empty dataset. A count, so that an
   * end() that does not match a begin can never clear the state of a load still running.
   */
  private final AtomicInteger loads = new AtomicInteger(1);
  private volatile long startMs;
  private volatile long totalBytes;
  private volatile long loadedBytes;
  private volatile long records;
  private long doneBytes;
  private long lastReportMs;

  /** Start-up loading begins (it was claimed at construction): the figures start from here. */
  void startUp() {
    resetFigures();
  }

  /** Claims the loading state for one load; false while another load runs. */
  boolean tryBegin() {
    if (!loads.compareAndSet(0, 1)) {
      return false;
    }
    resetFigures();
    return true;
  }

  private void resetFigures() {
    this.startMs = System.currentTimeMillis();
    this.lastReportMs = startMs;
    this.totalBytes = 0;
    this.loadedBytes = 0;
    this.records = 0;
    this.doneBytes = 0;
  }

  /** The size of what is about to be loaded. */
  void total(long bytes) {
    this.totalBytes = bytes;
  }

  /** Called by the loading thread as it goes; {@code fileOffset} is within the current file. */
  void advance(long fileOffset, long recordsSoFar, String what) {
    loadedBytes = doneBytes + fileOffset;
    records = recordsSoFar;
    long now = System.currentTimeMillis();
    if (now - lastReportMs >= REPORT_EVERY_MS) {
      lastReportMs = now;
      double seconds = Math.max(0.001, (now - startMs) / 1000.0);
      LOG.info(String.format("Loading %s: %,d records, %d%% (%,d of %,d bytes), %,.0f records/s",
          what, recordsSoFar, percent(), loadedBytes, totalBytes, recordsSoFar / seconds));
    }
  }

  /** A file is done: offsets now count from the next one. */
  void fileDone(long fileSize) {
    doneBytes += fileSize;
    loadedBytes = doneBytes;
  }

  /** The load claimed at construction or by {@link #tryBegin} ended, whatever its outcome. */
  void end() {
    loads.updateAndGet(n -> Math.max(0, n - 1));
  }

  public boolean loading() {
    return loads.get() > 0;
  }

  public long startSeconds() {
    return startMs / 1000;
  }

  public long totalBytes() {
    return totalBytes;
  }

  public long loadedBytes() {
    return loadedBytes;
  }

  public long records() {
    return records;
  }

  public int percent() {
    return totalBytes == 0 ? 100 : (int) Math.min(100, loadedBytes * 100 / totalBytes);
  }

  /** Seconds left at the rate so far (Redis's loading_eta_seconds). */
  public long etaSeconds() {
    long elapsedMs = System.currentTimeMillis() - startMs;
    if (loadedBytes == 0 || elapsedMs <= 0) {
      return 1;
    }
    return (long) ((totalBytes - loadedBytes) / (loadedBytes / (elapsedMs / 1000.0)));
  }
}

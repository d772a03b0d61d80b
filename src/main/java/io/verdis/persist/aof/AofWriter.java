package io.verdis.persist.aof;

import io.netty.util.internal.PlatformDependent;
import io.verdis.metrics.LatencyHistogram;
import io.verdis.persist.AofChunk;
import io.verdis.server.LatencyMonitor;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Appends the records shards hand over to the current incremental AOF file, on its own thread:
 * file I/O and fsync never run on an event loop.
 *
 * <p>Group commit: the thread takes everything queued since its last write, writes it with one
 * call and, under {@code appendfsync always}, fsyncs once for all of it before releasing the
 * replies waiting on it; what arrives during the fsync goes into the next round.
 *
 * <p>A failed write (disk full, I/O error) cuts the file back to its last complete record and
 * keeps the records; the writer retries every second, and until a retry succeeds
 * {@link #writeError()} is set, which makes write commands answer {@code -MISCONF}.
 */
public final class AofWriter {
  public enum Fsync { ALWAYS, EVERYSEC, NO }

  private static final Logger LOG = Logger.getLogger(AofWriter.class.getName());
  private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long STOP_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(5);
  /** Empty naps before the thread sleeps until woken: under load nobody pays for waking it. */
  private static final int NAPS_BEFORE_SLEEP = 50;
  private static final int AWAKE = 0;
  private static final int NAPPING = 1;
  private static final int SLEEPING = 2;
  private static final String TURNED_OFF = "the AOF was turned off";

  /** Work for the thread other than records, run in queue order. */
  private sealed interface Control permits SwitchIncr, InstallBase, Sync {
    Promise<Void> done();
  }

  private record SwitchIncr(Promise<Void> done) implements Control {
  }

  private record InstallBase(Path file, boolean rdb, Promise<Void> done) implements Control {
  }

  private record Sync(Promise<Void> done) implements Control {
  }

  private final AofFiles files;
  private final LatencyHistogram writeDurations;
  private final LatencyHistogram fsyncDurations;
  private final LatencyMonitor latency;
  private final Queue<Object> queue = PlatformDependent.newMpscQueue();
  private final Thread thread;
  private final List<Runnable> completions = new ArrayList<>();
  private final List<AtomicInteger> unsynced = new ArrayList<>();
  private volatile Fsync fsync;
  private volatile int state = AWAKE;
  private volatile boolean stopping;
  private volatile long stopDeadline;
  private volatile String writeError;
  private volatile long currentSize;
  private volatile long baseSize;
  private volatile long lastFsyncNanos = System.nanoTime();
  private volatile long delayedFsyncs;
  private final Promise<Void> stopped = Promise.promise();
  private FileChannel incr;
  private long incrSize;
  private boolean dirty;
  private int selectedDb = -1;
  private ByteBuffer out = ByteBuffer.allocateDirect(1 << 16);
  /** Bytes of records submitted and not yet moved into {@link #out} (MEMORY STATS aof.buffer). */
  private final java.util.concurrent.atomic.LongAdder queuedBytes = new java.util.concurrent.atomic.LongAdder();
  /** {@link #out}'s capacity, readable from other threads. */
  private volatile int outCapacity = 1 << 16;
  private Control pendingControl;

  /**
   * Opens the incremental file to append to (creating it and the manifest entry when needed);
   * each round's write and each fsync is timed into the histograms, and spikes into the latency
   * monitor's "aof-write" and "aof-fsync-always" events, as Redis names them.
   */
  public AofWriter(AofFiles files, Fsync fsync, LatencyHistogram writeDurations, LatencyHistogram fsyncDurations,
                   LatencyMonitor latency) throws IOException {
    this.files = files;
    this.writeDurations = writeDurations;
    this.fsyncDurations = fsyncDurations;
    this.latency = latency;
    this.fsync = fsync;
    this.incr = files.openIncrForAppend();
    this.incrSize = incr.size();
    this.currentSize = files.totalSize();
    // Growth is measured from the size at start-up, as Redis's aof_rewrite_base_size.
    this.baseSize = currentSize;
    this.thread = new Thread(this::run, "verdis-aof-writer");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  public void fsync(Fsync policy) {
    this.fsync = policy;
    wake(true);
  }

  public Fsync fsync() {
    return fsync;
  }

  /** Queues a chunk; any thread. */
  public void submit(AofChunk chunk) {
    queuedBytes.add(chunk.bytes());
    queue.offer(chunk);
    wake(chunk.completion() != null);
  }

  /** Starts a new incremental file at this point of the stream (the start of a rewrite). */
  public Future<Void> switchIncr() {
    return control(new SwitchIncr(Promise.promise())).done().future();
  }

  /** Makes {@code file} the new base and drops the files it replaces (the end of a rewrite). */
  public Future<Void> installBase(Path file, boolean rdb) {
    return control(new InstallBase(file, rdb, Promise.promise())).done().future();
  }

  /** Completes once everything queued before is written and fsynced. */
  public Future<Void> sync() {
    return control(new Sync(Promise.promise())).done().future();
  }

  /**
   * Writes and fsyncs what is queued, then stops the thread and closes the file. While writes
   * fail it keeps retrying for {@link #STOP_PATIENCE_NANOS} and then gives up (logged): a full
   * disk must not keep the server from exiting, as with Redis.
   */
  public Future<Void> stop() {
    stopDeadline = System.nanoTime() + STOP_PATIENCE_NANOS;
    stopping = true;
    LockSupport.unpark(thread);
    return stopped.future();
  }

  /**
   * The memory the AOF's buffering holds (Redis's aof.buffer in MEMORY STATS): records waiting for
   * the writer thread, and the write buffer they are copied into.
   */
  public long bufferBytes() {
    return queuedBytes.sum() + outCapacity;
  }

  /** Null while writes succeed; otherwise the reason the last one failed. */
  public String writeError() {
    return writeError;
  }

  public long currentSize() {
    return currentSize;
  }

  /** The size after the last rewrite (or at start-up): automatic rewrites measure growth from here. */
  public long baseSize() {
    return baseSize;
  }

  public long delayedFsyncs() {
    return delayedFsyncs;
  }

  /**
   * Queues a step of a rewrite. Once the writer stops (CONFIG SET appendonly no) it fails instead:
   * queued on a thread that has ended, it would never complete, and its rewrite would stay in
   * progress for good.
   */
  private <C extends Control> C control(C control) {
    if (stopping) {
      control.done().tryFail(TURNED_OFF);
      return control;
    }
    queue.offer(control);
    wake(true);
    if (stopping) {
      failControlsLeft();
    }
    return control;
  }

  /** Fails the rewrite steps still queued when the writer stopped. */
  private void failControlsLeft() {
    for (Object queued : queue) {
      if (queued instanceof Control control) {
        control.done().tryFail(TURNED_OFF);
      }
    }
  }

  private void wake(boolean urgent) {
    // Full fence: the offer above must be visible before we read the state the writer set before
    // its last look at the queue, or both could miss each other.
    VarHandle.fullFence();
    int current = state;
    if (current == SLEEPING || (urgent && current == NAPPING)) {
      LockSupport.unpark(thread);
    }
  }

  private void run() {
    int emptyRounds = 0;
    while (true) {
      try {
        boolean worked = round();
        if (writeError != null) {
          if (stopping && System.nanoTime() > stopDeadline) {
            LOG.warning("Giving up on the AOF before exit: " + writeError + ". Writes acknowledged since the error are lost.");
            break;
          }
          LockSupport.parkNanos(stopping ? RETRY_NANOS / 10 : RETRY_NANOS);
          continue;
        }
        if (worked) {
          emptyRounds = 0;
          continue;
        }
        if (stopping && queue.isEmpty() && pendingControl == null && out.position() == 0) {
          break;
        }
        rest(++emptyRounds > NAPS_BEFORE_SLEEP);
      } catch (RuntimeException | Error bug) {
        LOG.log(Level.SEVERE, "AOF writer failed", bug);
        LockSupport.parkNanos(RETRY_NANOS);
      }
    }
    failControlsLeft();
    close();
  }

  /** One round: take what is queued, write it, fsync as the policy says; false when idle. */
  private boolean round() {
    boolean worked = fill();
    if (out.position() > 0) {
      if (!write()) {
        return true;
      }
      worked = true;
    }
    boolean mustSync = !completions.isEmpty() || !unsynced.isEmpty()
        || (fsync == Fsync.ALWAYS && dirty);
    if (mustSync || everysecDue()) {
      if (!force()) {
        return true;
      }
      releaseWaiting();
    }
    if (pendingControl != null) {
      if (!handle(pendingControl)) {
        return true;
      }
      pendingControl = null;
      worked = true;
    }
    return worked;
  }

  /** Moves queued records into the output buffer, stopping at a control (it runs after them). */
  private boolean fill() {
    boolean took = false;
    while (pendingControl == null) {
      Object item = queue.poll();
      if (item == null) {
        break;
      }
      took = true;
      if (item instanceof Control control) {
        pendingControl = control;
      } else {
        append((AofChunk) item);
      }
    }
    return took;
  }

  private void append(AofChunk chunk) {
    queuedBytes.add(-chunk.bytes());
    int start = 0;
    for (int i = 0; i < chunk.segmentCount(); i++) {
      int db = chunk.segmentDb(i);
      if (db != selectedDb) {
        put(select(db));
        selectedDb = db;
      }
      int end = chunk.segmentEnd(i);
      ensureRoom(end - start);
      out.put(chunk.data(), start, end - start);
      start = end;
    }
    if (chunk.completion() != null) {
      completions.add(chunk.completion());
    }
    if (chunk.unsynced() != null) {
      unsynced.add(chunk.unsynced());
    }
  }

  /** The SELECT record put in front of records of another database (the replication stream uses it too). */
  public static byte[] select(int db) {
    String digits = Integer.toString(db);
    return ("*2\r\n$6\r\nSELECT\r\n$" + digits.length() + "\r\n" + digits + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  private void put(byte[] bytes) {
    ensureRoom(bytes.length);
    out.put(bytes);
  }

  private void ensureRoom(int bytes) {
    if (out.remaining() < bytes) {
      ByteBuffer larger = ByteBuffer.allocateDirect(Math.max(out.capacity() * 2, out.position() + bytes));
      out.flip();
      larger.put(out);
      out = larger;
      outCapacity = larger.capacity();
    }
  }

  /**
   * Writes the output buffer. On failure the file is cut back to where this write began (so it
   * never ends in half a record) and the buffer is kept for the retry; if even the cut fails, the
   * part that did reach the file is dropped from the buffer, as Redis does, so the retry completes it.
   */
  private boolean write() {
    out.flip();
    long before = incrSize;
    try {
      long start = System.nanoTime();
      while (out.hasRemaining()) {
        incrSize += incr.write(out);
      }
      long took = System.nanoTime() - start;
      writeDurations.record(took);
      latency.consider("aof-write", took);
      out.clear();
      currentSize += incrSize - before;
      dirty = true;
      recovered();
      return true;
    } catch (IOException e) {
      failed("writing", e);
      try {
        incr.truncate(before);
        incr.position(before);
        incrSize = before;
        out.rewind();
      } catch (IOException truncateFailed) {
        LOG.warning("Could not remove the partial AOF record after a failed write: " + truncateFailed.getMessage());
      }
      out.compact();
      return false;
    } finally {
      shrinkIfHuge();
    }
  }

  private void shrinkIfHuge() {
    if (out.position() == 0 && out.capacity() > (64 << 20)) {
      out = ByteBuffer.allocateDirect(1 << 16);
    }
  }

  private boolean everysecDue() {
    return dirty && fsync == Fsync.EVERYSEC && System.nanoTime() - lastFsyncNanos >= TimeUnit.SECONDS.toNanos(1);
  }

  private boolean force() {
    if (!dirty) {
      return true;
    }
    long start = System.nanoTime();
    try {
      incr.force(false);
      dirty = false;
      lastFsyncNanos = System.nanoTime();
      fsyncDurations.record(lastFsyncNanos - start);
      if (fsync == Fsync.ALWAYS) {
        // Redis's event for the fsync a write's reply waits for; its everysec fsync runs on a
        // background thread and has no event, as ours.
        latency.consider("aof-fsync-always", lastFsyncNanos - start);
      }
      recovered();
      if (lastFsyncNanos - start > TimeUnit.SECONDS.toNanos(2)) {
        delayedFsyncs++;
        LOG.warning("Asynchronous AOF fsync is taking too long (disk is busy?).");
      }
      return true;
    } catch (IOException e) {
      failed("fsyncing", e);
      return false;
    }
  }

  private void releaseWaiting() {
    for (AtomicInteger counter : unsynced) {
      counter.decrementAndGet();
    }
    unsynced.clear();
    for (Runnable completion : completions) {
      completion.run();
    }
    completions.clear();
  }

  /**
   * Runs a control once the records before it are written; false to retry it next round (an
   * fsync that failed, as a failed write). A rewrite's file switch that fails (no room for a new
   * file, a read-only directory) fails that rewrite and nothing else: the records keep going to
   * the current file, as Redis goes on when its rewrite child fails.
   */
  private boolean handle(Control control) {
    if (control instanceof SwitchIncr switchIncr) {
      if (!forceNow()) {
        return false;
      }
      FileChannel next;
      try {
        next = files.openNewIncr();
      } catch (IOException e) {
        switchIncr.done().fail(rewriteFailure("could not start a new incr file", e));
        return true;
      }
      closeQuietly(incr);
      incr = next;
      incrSize = 0;
      selectedDb = -1;
      dirty = false;
      switchIncr.done().complete();
    } else if (control instanceof InstallBase install) {
      try {
        files.installBase(install.file(), install.rdb());
      } catch (IOException e) {
        // The old base and incrs still hold everything; the next rewrite starts afresh.
        install.done().fail(rewriteFailure("could not install the new base", e));
        return true;
      }
      try {
        currentSize = files.totalSize();
        baseSize = currentSize;
      } catch (IOException e) {
        LOG.warning("Could not measure the AOF after the rewrite: " + FileErrors.reason(e));
      }
      install.done().complete();
    } else if (control instanceof Sync sync) {
      if (!forceNow()) {
        return false;
      }
      sync.done().complete();
    }
    return true;
  }

  private boolean forceNow() {
    dirty = true;
    return force();
  }

  private static IOException rewriteFailure(String what, IOException e) {
    return new IOException(what + ": " + FileErrors.reason(e) + (e instanceof FileSystemException fs
        && fs.getFile() != null ? " (" + fs.getFile() + ")" : ""));
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warning("Closing the previous AOF incr file failed: " + FileErrors.reason(e));
    }
  }

  private void failed(String doing, IOException e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (writeError == null) {
      LOG.warning("Error " + doing + " the AOF file: " + reason + ". Write commands are refused until it works again.");
    }
    writeError = reason;
  }

  private void recovered() {
    if (writeError != null) {
      LOG.warning("AOF write error looks solved, Verdis can write again.");
      writeError = null;
    }
  }

  private void rest(boolean deep) {
    state = deep ? SLEEPING : NAPPING;
    VarHandle.fullFence();
    if (queue.isEmpty() && !stopping) {
      long nanos = deep ? (dirty && fsync == Fsync.EVERYSEC ? TimeUnit.SECONDS.toNanos(1) : Long.MAX_VALUE) : NAP_NANOS;
      if (nanos == Long.MAX_VALUE) {
        LockSupport.park(this);
      } else {
        LockSupport.parkNanos(this, nanos);
      }
    }
    state = AWAKE;
  }

  private void close() {
    try {
      if (writeError == null) {
        incr.force(false);
      }
      incr.close();
      stopped.complete();
    } catch (IOException e) {
      LOG.warning("Fail to fsync the AOF file: " + e.getMessage());
      stopped.complete();
    }
  }
}

package io.verdis.replication;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.net.NetSocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.logging.Logger;

/**
 * The primary's RDB on its way to a file in {@code dir}, as Redis's readSyncBulkPayload takes it:
 * {@code $<length>} and that many bytes, or (diskless) {@code $EOF:<40-byte mark>} and bytes up
 * to the mark. File writes run on worker threads in arrival order; the socket pauses while many
 * are pending, so a fast primary never fills the heap.
 */
final class RdbReceiver {
  private static final Logger LOG = Logger.getLogger(RdbReceiver.class.getName());
  private static final int MAX_PENDING_WRITES = 16;

  private final Path file;
  private final FileChannel channel;
  private final Context context;
  private final NetSocket socket;
  /** The bytes to receive, or -1 for an EOF-marked payload. */
  private final long length;
  private final byte[] mark;
  /** The last {@code mark.length} bytes received, to spot the mark however the reads split it. */
  private final byte[] tail;
  private volatile long read;
  private int pendingWrites;
  private boolean paused;
  private Future<Void> written = Future.succeededFuture();

  private RdbReceiver(Path file, long length, byte[] mark, Context context, NetSocket socket) throws IOException {
    this.file = file;
    this.length = length;
    this.mark = mark;
    this.tail = mark == null ? null : new byte[mark.length];
    this.context = context;
    this.socket = socket;
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
  }

  static RdbReceiver sized(Path file, long length, Context context, NetSocket socket) throws IOException {
    return new RdbReceiver(file, length, null, context, socket);
  }

  static RdbReceiver eofMarked(Path file, byte[] mark, Context context, NetSocket socket) throws IOException {
    if (mark.length != 40) {
      throw new IOException("the EOF mark is not 40 bytes long");
    }
    return new RdbReceiver(file, -1, mark, context, socket);
  }

  /**
   * Takes what {@code bytes} holds of the payload; true once it is all here (then {@code bytes}
   * is left at the first byte after it).
   */
  boolean accept(ByteBuf bytes) {
    int take = length < 0 ? bytes.readableBytes() : (int) Math.min(bytes.readableBytes(), length - read);
    byte[] chunk = new byte[take];
    bytes.readBytes(chunk);
    read += take;
    write(chunk);
    if (length >= 0) {
      return read == length;
    }
    slide(chunk);
    return read >= mark.length && Arrays.equals(tail, mark);
  }

  private void slide(byte[] chunk) {
    if (chunk.length >= tail.length) {
      System.arraycopy(chunk, chunk.length - tail.length, tail, 0, tail.length);
    } else {
      System.arraycopy(tail, chunk.length, tail, 0, tail.length - chunk.length);
      System.arraycopy(chunk, 0, tail, tail.length - chunk.length, chunk.length);
    }
  }

  private void write(byte[] chunk) {
    pendingWrites++;
    if (pendingWrites > MAX_PENDING_WRITES && !paused) {
      paused = true;
      socket.pause();
    }
    written = context.executeBlocking(() -> {
      ByteBuffer buffer = ByteBuffer.wrap(chunk);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      return null;
    }, true);
    written.onComplete(done -> context.runOnContext(ignored -> {
      pendingWrites--;
      if (paused && pendingWrites < MAX_PENDING_WRITES / 2) {
        paused = false;
        socket.resume();
      }
    }));
  }

  /** Once every byte is on disk: the file (an EOF-marked one cut before its mark), closed. */
  Future<Path> finish() {
    return written.compose(ignored -> context.executeBlocking(() -> {
      if (mark != null) {
        channel.truncate(read - mark.length);
      }
      channel.force(false);
      channel.close();
      return file;
    }, true));
  }

  /** The link dropped during the transfer: the partial file goes. */
  void abandon() {
    written.onComplete(ignored -> context.executeBlocking(() -> {
      channel.close();
      Files.deleteIfExists(file);
      return null;
    }, true)).onFailure(e -> LOG.warning("Could not remove " + file + ": " + e.getMessage()));
  }

  long total() {
    return length;
  }

  long read() {
    return read;
  }
}

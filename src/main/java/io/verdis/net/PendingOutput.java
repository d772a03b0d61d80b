package io.verdis.net;

import io.netty.buffer.ByteBuf;

import java.util.ArrayDeque;

/**
 * A client's output built but not yet handed to its socket, handed over a chunk at a time while
 * the socket takes it. Netty copies a heap buffer into direct memory when it is written, and holds
 * whatever the peer has not read: a reply of 500 MB, or of 600 shared 4 MB values, written at once
 * would be copied whole. Here it stays as built (large values shared with the store) and costs
 * only the chunks in flight. Used on the connection's event loop only.
 */
final class PendingOutput {
  /** The most handed to the socket in one write (above Netty's default high water mark of 64 KB). */
  static final int WRITE_CHUNK = 256 * 1024;
  /** Pieces smaller than this are gathered into one buffer rather than queued one by one. */
  private static final int GATHER_BELOW = 8 * 1024;

  private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
  private long bytes;
  /** The last queued buffer, ours, while small pieces may still be appended to it. */
  private ByteBuf gathering;

  /** Bytes queued here (what {@code client-output-buffer-limit} counts besides the socket's). */
  long bytes() {
    return bytes;
  }

  /** Buffers queued (CLIENT LIST's oll, with the socket's). */
  int pieces() {
    return queue.size();
  }

  boolean isEmpty() {
    return bytes == 0;
  }

  /** Queues {@code piece} after the rest; takes ownership of it. */
  void add(ByteBuf piece) {
    int length = piece.readableBytes();
    if (length == 0) {
      piece.release();
      return;
    }
    bytes += length;
    if (length < GATHER_BELOW) {
      if (gathering == null) {
        gathering = Buffers.heap(Math.max(GATHER_BELOW, length));
        queue.add(gathering);
      }
      gathering.writeBytes(piece);
      piece.release();
      if (gathering.readableBytes() >= WRITE_CHUNK) {
        gathering = null;
      }
    } else {
      queue.add(piece);
      gathering = null;
    }
  }

  /**
   * Hands chunks to {@code socket} while it is writable and flushes them; the rest waits for the
   * socket's next writable event. Returns whether everything went.
   */
  boolean writeTo(Transport socket) {
    boolean wrote = false;
    while (!queue.isEmpty() && socket.isWritable()) {
      ByteBuf head = queue.peek();
      ByteBuf chunk;
      if (head.readableBytes() <= WRITE_CHUNK) {
        queue.poll();
        if (head == gathering) {
          gathering = null;
        }
        chunk = head;
      } else {
        chunk = head.readRetainedSlice(WRITE_CHUNK);
      }
      bytes -= chunk.readableBytes();
      socket.writeWithoutFlush(chunk);
      wrote = true;
    }
    if (wrote || !queue.isEmpty()) {
      // Also when nothing went: what made the socket unwritable may not be flushed yet (messages
      // written without a flush), and only its flush brings the writable event that resumes this.
      socket.flush();
    }
    return queue.isEmpty();
  }

  /** Drops what is queued (the client is gone). */
  void clear() {
    ByteBuf piece;
    while ((piece = queue.poll()) != null) {
      piece.release();
    }
    gathering = null;
    bytes = 0;
  }
}

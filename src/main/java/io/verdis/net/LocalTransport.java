package io.verdis.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * A connection's byte stream kept in memory, for a client inside the server ({@link InProcessClient}):
 * requests are fed in as RESP bytes and replies are handed to {@code replies} as they are written.
 *
 * <p>Requests are delivered in a task of their own, never inside the caller's stack: a caller that
 * sends its next request from the handler of a reply would otherwise re-enter the connection while
 * it is still writing.
 *
 * <p>Replies written without a flush are gathered and handed over together on the flush, as a
 * socket sends them: the connection hands a large reply over in chunks, and giving the decoder each
 * chunk apart would make it wait for the rest of the same reply once per chunk.
 */
final class LocalTransport implements Transport {
  private final Context context;
  private final Consumer<ByteBuf> replies;
  private final String address;
  private final ArrayDeque<ByteBuf> unread = new ArrayDeque<>();
  /** Replies written without a flush, in order; null while there are none. */
  private CompositeByteBuf unflushed;
  private Consumer<ByteBuf> reader;
  private Runnable closeHandler = () -> { };
  private Runnable afterClose = () -> { };
  private boolean paused;
  private boolean closed;

  /** {@code replies} gets the reply bytes, which it must not keep (they are released after it returns). */
  LocalTransport(Context context, String address, Consumer<ByteBuf> replies) {
    this.context = context;
    this.address = address;
    this.replies = replies;
  }

  /** Queues request bytes for the connection; takes ownership of {@code requests}. */
  void feed(ByteBuf requests) {
    if (closed) {
      requests.release();
      return;
    }
    unread.add(requests);
    context.runOnContext(ignored -> deliver());
  }

  private void deliver() {
    while (!paused && !closed && !unread.isEmpty()) {
      reader.accept(unread.poll());
    }
  }

  /** Runs after the connection's own close handler: the client's clean-up. */
  void afterClose(Runnable handler) {
    afterClose = handler;
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public void messageHandler(Consumer<ByteBuf> handler) {
    reader = handler;
  }

  @Override
  public void closeHandler(Runnable handler) {
    closeHandler = handler;
  }

  @Override
  public void writableHandler(Runnable handler) {
    // always writable: replies are decoded as they are written
  }

  @Override
  public void inputShutdownHandler(Runnable handler) {
    // the in-process client never half-closes
  }

  @Override
  public void write(ByteBuf bytes) {
    if (unflushed == null) {
      handOver(bytes);
    } else {
      writeWithoutFlush(bytes);
      flush();
    }
  }

  @Override
  public void writeWithoutFlush(ByteBuf bytes) {
    if (closed) {
      bytes.release();
      return;
    }
    if (unflushed == null) {
      unflushed = alloc().compositeHeapBuffer(Integer.MAX_VALUE);
    }
    unflushed.addComponent(true, bytes);
  }

  @Override
  public void flush() {
    ByteBuf gathered = unflushed;
    if (gathered != null) {
      unflushed = null;
      handOver(gathered);
    }
  }

  /** Gives {@code bytes} to the reply handler and releases them. */
  private void handOver(ByteBuf bytes) {
    try {
      if (!closed) {
        replies.accept(bytes);
      }
    } finally {
      bytes.release();
    }
  }

  @Override
  public ByteBufAllocator alloc() {
    return ByteBufAllocator.DEFAULT;
  }

  @Override
  public long pendingBytes() {
    return 0;
  }

  @Override
  public int pendingPieces() {
    return 0;
  }

  @Override
  public void afterThisIteration(Runnable task) {
    context.runOnContext(ignored -> task.run());
  }

  @Override
  public boolean isWritable() {
    return true;
  }

  @Override
  public void pause() {
    paused = true;
  }

  @Override
  public void resume() {
    if (paused) {
      paused = false;
      context.runOnContext(ignored -> deliver());
    }
  }

  /** Closes once; the close handler runs in a task of its own, as a socket's does. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    flush(); // as a socket's close sends what was written before it
    closed = true;
    while (!unread.isEmpty()) {
      unread.poll().release();
    }
    context.runOnContext(ignored -> {
      closeHandler.run();
      afterClose.run();
    });
  }

  /** The in-process client never becomes a replica. */
  @Override
  public Future<Void> sendFile(String path) {
    return Future.failedFuture("an in-process client cannot receive files");
  }

  @Override
  public void closeNow() {
    close();
  }

  @Override
  public String remoteAddress() {
    return address;
  }

  @Override
  public String localAddress() {
    return address;
  }

  @Override
  public boolean encrypted() {
    return false;
  }
}

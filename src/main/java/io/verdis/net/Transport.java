package io.verdis.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.vertx.core.Future;

import java.util.function.Consumer;

/**
 * The byte stream under a {@link ClientConnection}: a socket for network clients
 * ({@link SocketTransport}), or memory for the web verticle's in-process client
 * ({@link LocalTransport}). Called on the connection's event loop only; the handlers run there too.
 */
interface Transport {
  /** Each chunk read; the handler owns (and releases) the buffer. */
  void messageHandler(Consumer<ByteBuf> handler);

  /** The stream closed, from either side. */
  void closeHandler(Runnable handler);

  /** Writes may go on again after {@link #isWritable()} was false. */
  void writableHandler(Runnable handler);

  /** The peer closed its side but still reads (a half-close). */
  void inputShutdownHandler(Runnable handler);

  /** Writes and flushes; takes ownership of {@code bytes}. */
  void write(ByteBuf bytes);

  /** Writes without flushing (pub/sub messages gathered over one loop iteration); takes ownership. */
  void writeWithoutFlush(ByteBuf bytes);

  void flush();

  /** Sends a file's content after what was written before (a replica's RDB); completes once sent. */
  Future<Void> sendFile(String path);

  /** Where buffers for {@link #write} come from. */
  ByteBufAllocator alloc();

  /** Bytes written but not yet taken by the peer: what client-output-buffer-limit measures. */
  long pendingBytes();

  /** The writes {@link #pendingBytes()} is made of (CLIENT LIST's oll). */
  int pendingPieces();

  /** Runs {@code task} once the loop has handled this iteration's reads and tasks. */
  void afterThisIteration(Runnable task);

  boolean isWritable();

  void pause();

  void resume();

  /** Closes once what was written is sent. */
  void close();

  /**
   * Closes at once, dropping unsent output: for CLIENT KILL and clients over their output limit,
   * which a client that never reads must not be able to delay.
   */
  void closeNow();

  String remoteAddress();

  String localAddress();

  /** Whether the stream is TLS: under tls-cluster, Redis shows such a client the nodes' TLS ports. */
  boolean encrypted();
}

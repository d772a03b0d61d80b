package io.verdis.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.SocketAddress;

import java.util.function.Consumer;

/**
 * A network client's socket. Replies go straight to the Netty channel, past Vert.x's write queue
 * (one copy less, no per-write promise), so the socket's drainHandler never fires for them:
 * writability is watched on the channel itself.
 */
final class SocketTransport implements Transport {
  private final NetSocketInternal socket;
  private final ChannelHandlerContext channel;
  private final String remoteAddress;
  private final String localAddress;
  private Runnable writable = () -> { };
  /**
   * Until a connection takes over, a peer's half-close closes the socket, as Netty does without
   * ALLOW_HALF_CLOSURE: a socket nobody serves must not stay open (it did, after a failed accept).
   */
  private Runnable inputShutdown = this::close;

  /**
   * The transport of a socket just accepted, or null when its client is already gone. Netty's
   * io_uring transport learns the peer's address from getpeername(2) after a multishot accept,
   * and a connection reset by then has none: there is nothing to serve.
   */
  static SocketTransport accepted(NetSocketInternal socket, Context context) {
    SocketAddress remote = socket.remoteAddress();
    SocketAddress local = socket.localAddress();
    if (remote == null || local == null) {
      return null;
    }
    return new SocketTransport(socket, context, remote.toString(), local.toString());
  }

  private SocketTransport(NetSocketInternal socket, Context context, String remoteAddress, String localAddress) {
    this.socket = socket;
    this.channel = socket.channelHandlerContext();
    this.remoteAddress = remoteAddress;
    this.localAddress = localAddress;
    socket.exceptionHandler(ignored -> socket.close());
    // A client that sends its requests and then closes its side (`printf 'GET k\r\n' | nc`) still
    // gets every reply, as from Redis: keep the socket half-open until the replies are written.
    channel.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    channel.pipeline().addFirst(new ChannelInboundHandlerAdapter() {
      @Override
      public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
          context.runOnContext(ignored -> writable.run());
        }
        ctx.fireChannelWritabilityChanged();
      }

      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
          context.runOnContext(ignored -> inputShutdown.run());
        }
        ctx.fireUserEventTriggered(event);
      }
    });
  }

  @Override
  public void messageHandler(Consumer<ByteBuf> handler) {
    socket.messageHandler(message -> handler.accept((ByteBuf) message));
  }

  @Override
  public void closeHandler(Runnable handler) {
    socket.closeHandler(ignored -> handler.run());
  }

  @Override
  public void writableHandler(Runnable handler) {
    writable = handler;
  }

  @Override
  public void inputShutdownHandler(Runnable handler) {
    inputShutdown = handler;
  }

  @Override
  public void write(ByteBuf bytes) {
    channel.writeAndFlush(bytes, channel.voidPromise());
  }

  @Override
  public void writeWithoutFlush(ByteBuf bytes) {
    channel.write(bytes, channel.voidPromise());
  }

  @Override
  public void flush() {
    channel.flush();
  }

  @Override
  public Future<Void> sendFile(String path) {
    return socket.sendFile(path);
  }

  @Override
  public ByteBufAllocator alloc() {
    return channel.alloc();
  }

  @Override
  public long pendingBytes() {
    ChannelOutboundBuffer outbound = channel.channel().unsafe().outboundBuffer();
    return outbound == null ? 0 : outbound.totalPendingWriteBytes();
  }

  /** The flushed writes Netty holds (its count of unflushed ones is not exposed; replies are flushed as written). */
  @Override
  public int pendingPieces() {
    ChannelOutboundBuffer outbound = channel.channel().unsafe().outboundBuffer();
    return outbound == null ? 0 : outbound.size();
  }

  @Override
  public void afterThisIteration(Runnable task) {
    LoopIteration.after(channel.channel().eventLoop(), task);
  }

  @Override
  public boolean isWritable() {
    return channel.channel().isWritable();
  }

  @Override
  public void pause() {
    socket.pause();
  }

  @Override
  public void resume() {
    socket.resume();
  }

  @Override
  public void close() {
    socket.close();
  }

  /** Past Vert.x's handler: Vert.x closes only once the pending output is written. */
  @Override
  public void closeNow() {
    channel.close();
  }

  @Override
  public String remoteAddress() {
    return remoteAddress;
  }

  @Override
  public String localAddress() {
    return localAddress;
  }

  @Override
  public boolean encrypted() {
    return socket.isSsl();
  }
}

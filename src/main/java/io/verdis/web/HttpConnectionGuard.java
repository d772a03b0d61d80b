package io.verdis.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateHandler;
import io.verdis.server.Config;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

import com.sun.management.UnixOperatingSystemMXBean;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Bounds what HTTP connections may hold: at most {@code http-maxclients} open at once (HTTP and
 * WebSocket alike, counted apart from the RESP {@code maxclients}, so a flood of browser or
 * half-open connections cannot lock RESP clients out, nor RESP clients the dashboard); each must
 * send a whole request head within {@code http-header-timeout} seconds of opening or of its last
 * response (a slowloris that trickles its headers, or an idle keep-alive connection, is closed);
 * Vert.x's {@code http-idle-timeout} closes a request or WebSocket with no traffic at all.
 * Refusals and timeouts are logged by {@link ThrottledLog}, a line a minute at most.
 */
final class HttpConnectionGuard {
  private static final Logger LOG = Logger.getLogger(HttpConnectionGuard.class.getName());
  /** Sent, before any request is read, to a connection over the limit; then it is closed. */
  private static final byte[] SERVICE_UNAVAILABLE = serviceUnavailable(
      "{\"error\":\"ERR max number of HTTP clients reached (http-maxclients)\"}");
  private static final String HANDLER_NAME = "verdisHeadDeadline";

  /** HTTP takes at most this share of the process's open-files limit, so RESP clients always find some. */
  private static final int FD_SHARE_DIVISOR = 4;

  private final Config config;
  private final int fdShare = fdShare();
  private final AtomicInteger open;
  private final ThrottledLog log = new ThrottledLog(LOG);

  /** {@code open} counts the open connections (INFO's http_clients). */
  HttpConnectionGuard(Config config, AtomicInteger open) {
    this.config = config;
    this.open = open;
    if (config.httpMaxclients() > fdShare) {
      LOG.warning("http-maxclients " + config.httpMaxclients() + " is more than a quarter of the open files "
          + "limit: HTTP connections are limited to " + fdShare + " (raise ulimit -n for more)");
    }
  }

  /** http-maxclients, within a quarter of the open-files limit. */
  int limit() {
    return Math.min(config.httpMaxclients(), fdShare);
  }

  private static int fdShare() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
      return (int) Math.min(Integer.MAX_VALUE, Math.max(16, unix.getMaxFileDescriptorCount() / FD_SHARE_DIVISOR));
    }
    return Integer.MAX_VALUE;
  }

  private static byte[] serviceUnavailable(String json) {
    return ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nConnection: close\r\n"
        + "Content-Length: " + json.length() + "\r\n\r\n" + json).getBytes(StandardCharsets.US_ASCII);
  }

  /** Every new HTTP connection, before it reads a request. */
  void opened(HttpConnection connection) {
    Channel channel = ((ConnectionBase) connection).channel();
    int limit = limit();
    if (open.incrementAndGet() > limit) {
      open.decrementAndGet();
      log.event("HTTP connection refused", limit + " connections are open (http-maxclients), refusing "
          + connection.remoteAddress());
      // Written from the head of the pipeline, under the HTTP encoder; the request is never read.
      channel.config().setAutoRead(false);
      channel.pipeline().firstContext().writeAndFlush(Unpooled.wrappedBuffer(SERVICE_UNAVAILABLE))
          .addListener(ignored -> channel.close());
      return;
    }
    channel.closeFuture().addListener(ignored -> open.decrementAndGet());
    connection.exceptionHandler(failure -> failed(connection.remoteAddress() + ": ", failure));
    if (channel.pipeline().get("handler") != null) {
      HeadDeadline deadline = new HeadDeadline();
      channel.pipeline().addBefore("handler", HANDLER_NAME, deadline);
      channel.pipeline().addFirst(HANDLER_NAME + "Bytes", deadline.bytesSeen);
    }
  }

  /** A failure of a connection before it became an HTTP connection (a reset during set-up ...). */
  void failed(Throwable failure) {
    failed("", failure);
  }

  /**
   * A peer that resets or drops its connection is routine (Redis logs it only at verbose level):
   * not logged; anything else is, a line a minute at most, never a stack trace per connection.
   */
  private void failed(String peer, Throwable failure) {
    if (!(failure instanceof IOException)) {
      log.event("HTTP connection error", peer + failure);
    }
  }

  /**
   * A WebSocket is idle when nothing comes from its peer, since the server pings it: live
   * clients answer every ping, so a quiet subscription stays open and a vanished peer is closed.
   * Vert.x's idle handler would count the server's own pings and messages as traffic.
   */
  static void upgradedToWebSocket(Channel channel, int idleSeconds) {
    if (idleSeconds > 0 && channel.pipeline().get("idle") != null) {
      channel.pipeline().replace("idle", "idle", new IdleStateHandler(idleSeconds, 0, 0));
    }
  }

  /**
   * The request-head deadline of one connection, on its event loop: armed when the connection
   * opens and when the last response in flight is written, disarmed when a request head has been
   * read, and gone once the connection becomes a WebSocket.
   */
  private final class HeadDeadline extends ChannelDuplexHandler {
    private ScheduledFuture<?> deadline;
    private int inFlight;
    /** Whether bytes came since the deadline was armed: a head begun, not an idle keep-alive. */
    private boolean begun;
    /** Sits before the HTTP decoder, which holds a partial head back. */
    final ChannelInboundHandlerAdapter bytesSeen = new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        begun = true;
        ctx.fireChannelRead(msg);
      }
    };

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      arm(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
      if (msg instanceof HttpRequest) {
        inFlight++;
        disarm();
      }
      super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
      int status = msg instanceof HttpResponse response ? response.status().code() : 0;
      boolean upgrade = status == HttpResponseStatus.SWITCHING_PROTOCOLS.code();
      // "100 Continue" is not the response: the body comes after it.
      boolean last = msg instanceof LastHttpContent && (status == 0 || status >= 200);
      if (status >= 200) {
        announceKeepAlive((HttpResponse) msg);
      }
      super.write(ctx, msg, promise);
      if (upgrade) {
        ctx.pipeline().remove(bytesSeen);
        ctx.pipeline().remove(this);
      } else if (last && --inFlight <= 0) {
        inFlight = 0;
        arm(ctx);
      }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      disarm();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      disarm();
      super.channelInactive(ctx);
    }

    /**
     * Tells the client how long an idle connection is kept (a second less, for the way there), so
     * that clients which honour {@code Keep-Alive: timeout} do not send on one being closed.
     */
    private void announceKeepAlive(HttpResponse response) {
      int seconds = config.httpHeaderTimeout();
      if (seconds > 0 && !response.headers().contains(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true)) {
        response.headers().set(HttpHeaderNames.KEEP_ALIVE, "timeout=" + Math.max(1, seconds - 1));
      }
    }

    private void arm(ChannelHandlerContext ctx) {
      disarm();
      begun = false;
      int seconds = config.httpHeaderTimeout();
      if (seconds > 0) {
        deadline = ctx.executor().schedule(() -> expire(ctx, seconds), seconds, TimeUnit.SECONDS);
      }
    }

    private void disarm() {
      if (deadline != null) {
        deadline.cancel(false);
        deadline = null;
      }
    }

    private void expire(ChannelHandlerContext ctx, int seconds) {
      deadline = null;
      if (inFlight == 0 && ctx.channel().isActive()) {
        // An idle keep-alive connection closed is routine; a head begun and not finished is not.
        if (begun) {
          log.event("HTTP connection closed", "request head not sent whole within http-header-timeout ("
              + seconds + " s) by " + ctx.channel().remoteAddress());
        }
        ctx.close();
      }
    }
  }
}

package io.verdis.web;

import io.netty.channel.Channel;
import io.verdis.server.ServerState;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * {@code GET /ws}: pub/sub over WebSocket with JSON text frames, on the node's one hub, so
 * WebSocket and RESP clients publish to each other. The upgrade is refused (403) to pages of
 * foreign origins, and (401) to a wrong {@code ?token=}, Bearer or Basic login. A socket runs as
 * the ACL user of its session (cookie, Basic) or of its {@code auth} op, whose channel rights its
 * subscriptions and publishes obey.
 */
public final class WebPubSub {
  /** Largest frame, and largest message, a browser may send: subscriptions and publishes are small. */
  public static final int MAX_MESSAGE_BYTES = 512 * 1024;

  private final ServerState server;
  private final HttpSecurity security;
  private final Context context;
  /** The open sockets, rechecked when ACL users change; used on {@link #context} only. */
  private final java.util.Set<PubSubSocket> sockets = new java.util.HashSet<>();
  private final Runnable usersChanged;

  public WebPubSub(ServerState server, HttpSecurity security, Context context) {
    this.server = server;
    this.security = security;
    this.context = context;
    this.usersChanged = () -> context.runOnContext(ignored -> List.copyOf(sockets).forEach(PubSubSocket::recheckUser));
  }

  public void mount(Router router) {
    router.get("/ws").handler(this::upgrade);
    server.acl().addChangeListener(usersChanged);
  }

  /** The verticle stops: no more rechecks. */
  public void close() {
    server.acl().removeChangeListener(usersChanged);
  }

  void opened(PubSubSocket socket) {
    sockets.add(socket);
  }

  void released(PubSubSocket socket) {
    sockets.remove(socket);
  }

  private void upgrade(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!security.originAllowed(request)) {
      HttpJson.error(ctx, 403, "ERR WebSocket from a foreign origin refused: " + request.getHeader("Origin"));
      return;
    }
    if (!request.canUpgradeToWebSocket()) {
      HttpJson.error(ctx, 400, "ERR /ws expects a WebSocket upgrade");
      return;
    }
    HttpSecurity.Login login = security.check(request, true);
    if (login.access() == HttpSecurity.Access.WRONG) {
      security.refuse(ctx, login.access());
      return;
    }
    // The Netty channel, for the bytes a socket has pending: the WebSocket that Vert.x Web hands
    // out wraps the one that could tell, and the upgrade keeps the channel.
    Channel channel = ((ConnectionBase) request.connection()).channel();
    request.toWebSocket()
        .onSuccess(socket -> {
          HttpConnectionGuard.upgradedToWebSocket(channel, server.config().httpIdleTimeout());
          new PubSubSocket(server, this, security, socket, channel, context,
              login.granted() ? login.user() : null).start();
        })
        .onFailure(failure -> HttpJson.error(ctx, 400, "ERR " + failure.getMessage()));
  }
}

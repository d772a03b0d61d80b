package io.verdis.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.verdis.net.ForwardedConnection;
import io.verdis.server.ServerState;
import io.vertx.core.Context;
import io.vertx.core.eventbus.EventBus;

import java.util.HashMap;
import java.util.Map;

/**
 * The sessions one bus loop of this node keeps for other nodes' links: opened by a link's first
 * frame, fed its commands in order, closed when the link closes or its node goes down. Used only
 * on that loop's event loop.
 */
final class ForwardedSessions {
  private final ServerState server;
  private final Context context;
  private final EventBus bus;
  private final Map<String, ForwardedConnection> sessions = new HashMap<>();

  ForwardedSessions(ServerState server, Context context) {
    this.server = server;
    this.context = context;
    this.bus = server.vertx().eventBus();
  }

  void onFrame(ByteBuf frame) {
    byte kind = BusFrames.kind(frame);
    long link = BusFrames.link(frame);
    String origin = BusFrames.origin(frame);
    int originLoop = BusFrames.originLoop(frame);
    String key = origin + "/" + link;
    ForwardedConnection session = sessions.get(key);
    if (kind == BusFrames.CLOSE) {
      if (session != null) {
        sessions.remove(key);
        session.close();
      }
      return;
    }
    if (session == null && kind == BusFrames.OPEN) {
      byte flags = BusFrames.flags(frame);
      session = open(key, origin, originLoop, link, (flags & BusFrames.IMPORTER) != 0, (flags & BusFrames.PIZZARIA) != 0);
    }
    if (session == null) {
      // The session this link had is gone (this node restarted, or the session was killed).
      bus.send(BusFrames.out(origin, originLoop), BusFrames.wrap(BusFrames.reply(BusFrames.GONE, link, 0)));
      return;
    }
    ByteBuf commands = Unpooled.buffer(frame.readableBytes() - BusFrames.REQUEST_HEADER);
    commands.writeBytes(frame, BusFrames.REQUEST_HEADER, frame.readableBytes() - BusFrames.REQUEST_HEADER);
    session.feed(commands);
  }

  private ForwardedConnection open(String key, String origin, int originLoop, long link, boolean importer,
                                   boolean pizzaria) {
    String replyAddress = BusFrames.out(origin, originLoop);
    NodeAddress from = server.cluster().view().nodes().get(origin);
    String address = "cluster:" + (from == null ? origin.substring(0, 8) : from.hostPort());
    ForwardedConnection[] self = new ForwardedConnection[1];
    self[0] = ForwardedConnection.open(server, context, address, importer, pizzaria,
        replies -> {
          ByteBuf frame = BusFrames.reply(BusFrames.REPLIES, link, replies.readableBytes());
          frame.writeBytes(replies, replies.readerIndex(), replies.readableBytes());
          bus.send(replyAddress, BusFrames.wrap(frame));
        },
        () -> {
          if (sessions.remove(key, self[0])) {
            // Closed here (CLIENT KILL, an output limit): the origin must not wait for more replies.
            bus.send(replyAddress, BusFrames.wrap(BusFrames.reply(BusFrames.GONE, link, 0)));
          }
        });
    sessions.put(key, self[0]);
    return self[0];
  }

  /** {@code origin} went down: its sessions end, and what they waited in here with them. */
  void originDown(String origin) {
    String prefix = origin + "/";
    sessions.entrySet().removeIf(entry -> {
      if (entry.getKey().startsWith(prefix)) {
        entry.getValue().close();
        return true;
      }
      return false;
    });
  }
}

package io.verdis.cluster;

import io.verdis.server.ServerState;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One of this node's bus loops: takes the frames other nodes' links send here (commands for the
 * sessions it keeps for them) and the replies to this node's own links, at the loop's two
 * clustered event-bus addresses. One instance per event loop, so forwarded traffic is spread as
 * client connections are.
 */
public final class ClusterBusVerticle extends VerticleBase {
  private final ServerState server;
  private final int loop;
  private ForwardedSessions sessions;
  private Set<String> up = Set.of();
  private MessageConsumer<Buffer> in;
  private MessageConsumer<Buffer> out;

  public ClusterBusVerticle(ServerState server, int loop) {
    this.server = server;
    this.loop = loop;
  }

  @Override
  public Future<?> start() {
    Cluster cluster = server.cluster();
    Forwarding forwarding = server.forwarding();
    sessions = new ForwardedSessions(server, context);
    in = vertx.eventBus().consumer(BusFrames.in(cluster.self(), loop),
        message -> sessions.onFrame(BusFrames.unwrap(message.body())));
    out = vertx.eventBus().consumer(BusFrames.out(cluster.self(), loop),
        message -> forwarding.onReply(BusFrames.unwrap(message.body())));
    cluster.onViewChange(() -> context.runOnContext(ignored -> onViewChange()));
    return Future.all(List.of(in.completion(), out.completion()));
  }

  /** A node that went down: the sessions kept for it end, and (once per node) its links fail. */
  private void onViewChange() {
    Set<String> now = server.cluster().view().up();
    for (String node : up) {
      if (!now.contains(node)) {
        sessions.originDown(node);
        if (loop == 0) {
          server.forwarding().nodeDown(node);
        }
      }
    }
    up = new HashSet<>(now);
  }

  @Override
  public Future<?> stop() {
    return Future.join(List.of(in.unregister(), out.unregister()));
  }
}

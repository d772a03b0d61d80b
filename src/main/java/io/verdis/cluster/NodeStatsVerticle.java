package io.verdis.cluster;

import io.verdis.server.ServerState;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * Answers other nodes' questions about this node's figures at {@code verdis.node.<id>.stats}
 * ({@link NodeFigures}, a small JSON), so any node's dashboard can show every node's keys, ops/s
 * and memory. Apart from {@link Control}: it is asked every second while a dashboard is open, and
 * must never wait behind a slot move.
 */
public final class NodeStatsVerticle extends VerticleBase {
  private final ServerState server;
  private MessageConsumer<JsonObject> consumer;

  public NodeStatsVerticle(ServerState server) {
    this.server = server;
  }

  static String address(String node) {
    return "verdis.node." + node + ".stats";
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(address(server.cluster().self()), message ->
        NodeFigures.of(server).onComplete(figures -> {
          if (figures.succeeded()) {
            message.reply(figures.result());
          } else {
            message.fail(500, String.valueOf(figures.cause().getMessage()));
          }
        }));
    return consumer.completion();
  }

  /** {@code node}'s figures; fails when it does not answer within {@code timeoutMs}. */
  public static Future<JsonObject> ask(Vertx vertx, String node, long timeoutMs) {
    return vertx.eventBus().<JsonObject>request(address(node), new JsonObject(),
            new DeliveryOptions().setSendTimeout(timeoutMs))
        .map(Message::body);
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister();
  }
}

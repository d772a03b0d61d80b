package io.verdis.metrics;

import io.verdis.server.ServerState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;

/**
 * The live stats of the dashboard: once a second the shards refresh their figures, the rates
 * and latency percentiles of that second are worked out, and, while anyone subscribes to
 * {@value #CHANNEL_NAME}, the stats JSON is published there through the node's pub/sub hub
 * (RESP and WebSocket subscribers alike; in a cluster to this node's subscribers only, as each node
 * has its own stats). GET /api/stats answers the same JSON on demand.
 */
public final class StatsStream {
  public static final String CHANNEL_NAME = "__verdis__:stats";
  private static final byte[] CHANNEL = CHANNEL_NAME.getBytes(StandardCharsets.US_ASCII);
  private static final long PERIOD_MS = 1000;

  private final ServerState server;
  private StatsSample previous;
  private volatile StatsWindow window;
  private long timer = -1;

  StatsStream(ServerState server) {
    this.server = server;
    this.window = StatsWindow.empty(server.shards().count());
  }

  void start() {
    previous = StatsSample.take(server);
    timer = server.vertx().setPeriodic(PERIOD_MS, id -> tick());
  }

  void stop() {
    server.vertx().cancelTimer(timer);
  }

  /** The stats as of now: the shards refresh their figures first. */
  public Future<JsonObject> current() {
    return server.shards().refreshFigures().map(ignored -> StatsReport.build(server, window));
  }

  /** The "shards" part of {@link #current()}. */
  public Future<JsonArray> shards() {
    return server.shards().refreshFigures().map(ignored -> StatsReport.shards(server, window));
  }

  private void tick() {
    server.shards().refreshFigures().onSuccess(ignored -> {
      StatsWindow second = roll();
      if (server.pubsub().subscribers(CHANNEL, false) > 0) {
        byte[] json = StatsReport.build(server, second).encode().getBytes(StandardCharsets.UTF_8);
        server.pubsub().deliver(CHANNEL, json, false);
      }
    });
  }

  /** Closes the second that just ended. */
  private StatsWindow roll() {
    StatsSample now = StatsSample.take(server);
    window = StatsWindow.between(previous, now);
    previous = now;
    return window;
  }
}

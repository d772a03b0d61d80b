package io.verdis.cluster;

import io.verdis.server.ServerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.BitSet;

/**
 * The requests nodes make of each other at {@code verdis.node.<id>.control} (small and rare, so
 * JSON): the coordinator asks an owner to move slots to another node ("move"), and an owner that
 * just gave slots away asks the receiver to read the slot table at once ("refresh"). When an
 * owner fails, the coordinator asks its followers how much of its stream they hold
 * ("follow-state") and tells the best one to take its slots over ("promote"). A node that received
 * slots waits for its own followers to have their keys before the table names it ("await-followers").
 */
public final class Control extends VerticleBase {
  /**
   * How long the coordinator waits for one chunk's move before it gives up and looks again: a
   * safety net for a donor that dies or stops mid-move without answering (the coordinator moves
   * one chunk at a time, so nothing else moves meanwhile). A longer move goes on; the donor refuses
   * the same slots while they move, so the coordinator only retries once it is over.
   */
  static final long MOVE_TIMEOUT_MS = 45 * 1000L;
  /** A follower that cannot say how far it got within this is passed over. */
  static final long FOLLOW_STATE_TIMEOUT_MS = 3000;
  /**
   * A promotion copies all the lost node's keys into the follower's shards first. The coordinator
   * waits as long as the follower is up; past this it looks again, and a follower still promoting
   * says so, so no second promotion starts meanwhile.
   */
  static final long PROMOTE_TIMEOUT_MS = 10 * 60 * 1000L;
  private final ServerState server;
  private final Followers followers;
  private MessageConsumer<JsonObject> consumer;
  private SlotMover mover;

  Control(ServerState server, Followers followers) {
    this.server = server;
    this.followers = followers;
  }

  @Override
  public Future<?> start() {
    mover = new SlotMover(server, context);
    consumer = vertx.eventBus().consumer(BusFrames.control(server.cluster().self()), this::handle);
    return consumer.completion();
  }

  private void handle(Message<JsonObject> message) {
    JsonObject request = message.body();
    switch (request.getString("op", "")) {
      case "refresh" -> server.cluster().refreshTableAsync()
          .onComplete(done -> reply(message, done.failed() ? done.cause().getMessage() : stillLeaving(request), null));
      case "move" -> {
        JsonArray list = request.getJsonArray("slots");
        int[] slots = new int[list.size()];
        for (int i = 0; i < slots.length; i++) {
          slots[i] = list.getInteger(i);
        }
        // Counted until answered: a node leaving waits for it (see Cluster.movesAway).
        server.cluster().moveStarted();
        mover.move(slots, request.getString("to")).onComplete(done -> {
          reply(message, done.failed() ? done.cause().getMessage() : null,
              done.succeeded() ? new JsonObject().put("keys", done.result().keys()).put("bytes", done.result().bytes()) : null);
          server.cluster().moveAnswered();
        });
      }
      case "follow-state" -> followers.state(request.getString("owner"))
          .onComplete(done -> reply(message, done.failed() ? done.cause().getMessage() : null, done.result()));
      case "promote" -> followers.promote(request.getString("lost"), request.getBoolean("forced", false))
          .onComplete(done -> reply(message, done.failed() ? done.cause().getMessage() : null,
              done.succeeded() ? new JsonObject().put("keys", done.result()) : null));
      case "await-followers" -> followers.awaitOwnFollowers()
          .onComplete(done -> reply(message, done.failed() ? done.cause().getMessage() : null, null));
      default -> message.fail(400, "unknown control request " + request.encode());
    }
  }

  /**
   * A move's receiver refuses slots it is itself still moving away (their keys not deleted here
   * yet): a delete that late would take the keys the new move brings.
   */
  private String stillLeaving(JsonObject request) {
    JsonArray incoming = request.getJsonArray("incoming");
    if (incoming == null) {
      return null;
    }
    BitSet frozen = server.cluster().view().frozen();
    for (int i = 0; i < incoming.size(); i++) {
      if (frozen.get(incoming.getInteger(i))) {
        return "slot " + incoming.getInteger(i) + " is still leaving " + server.cluster().self();
      }
    }
    return null;
  }

  private static void reply(Message<JsonObject> message, String error, JsonObject result) {
    if (error != null) {
      message.fail(500, error);
    } else {
      message.reply(result == null ? new JsonObject() : result);
    }
  }

  static Future<Void> refresh(Vertx vertx, String node) {
    return vertx.eventBus().<JsonObject>request(BusFrames.control(node), new JsonObject().put("op", "refresh"))
        .mapEmpty();
  }

  /** {@link #refresh}, before {@code slots} move to {@code node}: fails if it is still moving one of them away. */
  static Future<Void> refreshBeforeReceiving(Vertx vertx, String node, int[] slots) {
    return vertx.eventBus().<JsonObject>request(BusFrames.control(node),
            new JsonObject().put("op", "refresh").put("incoming", slotList(slots)))
        .mapEmpty();
  }

  private static JsonArray slotList(int[] slots) {
    JsonArray list = new JsonArray();
    for (int slot : slots) {
      list.add(slot);
    }
    return list;
  }

  static Future<JsonObject> move(Vertx vertx, String from, int[] slots, String to) {
    return vertx.eventBus().<JsonObject>request(BusFrames.control(from),
            new JsonObject().put("op", "move").put("slots", slotList(slots)).put("to", to),
            new DeliveryOptions().setSendTimeout(MOVE_TIMEOUT_MS))
        .map(Message::body);
  }

  static Future<JsonObject> followState(Vertx vertx, String follower, String owner) {
    return vertx.eventBus().<JsonObject>request(BusFrames.control(follower),
            new JsonObject().put("op", "follow-state").put("owner", owner),
            new DeliveryOptions().setSendTimeout(FOLLOW_STATE_TIMEOUT_MS))
        .map(Message::body);
  }

  static Future<JsonObject> promote(Vertx vertx, String follower, String lost, boolean forced) {
    return vertx.eventBus().<JsonObject>request(BusFrames.control(follower),
            new JsonObject().put("op", "promote").put("lost", lost).put("forced", forced),
            new DeliveryOptions().setSendTimeout(PROMOTE_TIMEOUT_MS))
        .map(Message::body);
  }

  /** Until {@code node}'s own followers have what it applied so far (at most a few seconds, as WAIT). */
  static Future<Void> awaitFollowers(Vertx vertx, String node) {
    return vertx.eventBus().<JsonObject>request(BusFrames.control(node), new JsonObject().put("op", "await-followers"))
        .mapEmpty();
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister();
  }
}

package io.verdis.web;

import io.verdis.it.TestServer;
import io.verdis.pubsub.PubSubHub;
import io.verdis.pubsub.Publication;
import io.verdis.pubsub.Subscriber;
import io.vertx.core.Context;
import io.vertx.core.Promise;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A subscriber living inside the node under test, on a loop of its own, that queues the
 * messages it gets: pub/sub tests that need no RESP or WebSocket client.
 */
final class InProcessSubscriber implements Subscriber {
  private final PubSubHub hub;
  private final Context context;
  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

  private InProcessSubscriber(TestServer node) {
    this.hub = node.node().state().pubsub();
    this.context = node.node().vertx().getOrCreateContext();
  }

  /** A subscriber to {@code channel} on {@code node}'s hub. */
  static InProcessSubscriber subscribe(TestServer node, String channel) {
    InProcessSubscriber subscriber = new InProcessSubscriber(node);
    subscriber.onLoop(PubSubHub::subscribe, channel);
    return subscriber;
  }

  /** A subscriber to the channels matching {@code pattern}. */
  static InProcessSubscriber psubscribe(TestServer node, String pattern) {
    InProcessSubscriber subscriber = new InProcessSubscriber(node);
    subscriber.onLoop(PubSubHub::psubscribe, pattern);
    return subscriber;
  }

  void unsubscribe(String channel) {
    onLoop(PubSubHub::unsubscribe, channel);
  }

  void punsubscribe(String pattern) {
    onLoop(PubSubHub::punsubscribe, pattern);
  }

  /** The next message's payload, or null if none came within {@code seconds}. */
  String next(long seconds) throws InterruptedException {
    return messages.poll(seconds, TimeUnit.SECONDS);
  }

  /** Subscriptions change on the subscriber's own loop, as the hub expects. */
  private void onLoop(TriFunction change, String name) {
    Promise<Boolean> done = Promise.promise();
    context.runOnContext(ignored -> done.complete(change.apply(hub, this, name.getBytes(StandardCharsets.UTF_8))));
    done.future().await();
  }

  private interface TriFunction {
    boolean apply(PubSubHub hub, Subscriber subscriber, byte[] name);
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public void message(Publication publication) {
    messages.add(new String(publication.message(), StandardCharsets.UTF_8));
  }

  @Override
  public void pmessage(byte[] pattern, Publication publication) {
    messages.add(new String(publication.message(), StandardCharsets.UTF_8));
  }
}

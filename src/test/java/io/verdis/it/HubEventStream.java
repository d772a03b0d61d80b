package io.verdis.it;

import io.verdis.pubsub.PubSubHub;
import io.verdis.pubsub.Publication;
import io.verdis.pubsub.Subscriber;
import io.verdis.server.VerdisNode;
import io.vertx.core.Context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Keyspace events read inside the node: a {@link Subscriber} on the node's hub, on an event loop
 * context of its own, as a RESP or WebSocket subscriber is. It records each pattern message on its
 * context and hands it to the test thread; the end marker is published on the hub directly.
 */
final class HubEventStream implements KeyspaceEventStream, Subscriber {
  private static final byte[] PATTERN_BYTES = PATTERN.getBytes(StandardCharsets.ISO_8859_1);

  private final PubSubHub hub;
  private final Context context;
  private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();

  HubEventStream(VerdisNode node) {
    this.hub = node.state().pubsub();
    this.context = node.vertx().getOrCreateContext();
    hub.psubscribe(this, PATTERN_BYTES);
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public void message(Publication publication) {
    received.add("unexpected message on " + text(publication.channel()));
  }

  @Override
  public void pmessage(byte[] pattern, Publication publication) {
    if (!Context.isOnEventLoopThread() || io.vertx.core.Vertx.currentContext() != context) {
      received.add("delivered outside the subscriber's context");
    }
    received.add(text(publication.channel()) + " " + text(publication.message()));
  }

  @Override
  public List<String> take() throws IOException {
    hub.publish(MARKER_CHANNEL.getBytes(StandardCharsets.ISO_8859_1), "end".getBytes(StandardCharsets.ISO_8859_1));
    List<String> events = new ArrayList<>();
    String marker = MARKER_CHANNEL + " end";
    while (true) {
      String event;
      try {
        event = received.poll(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      if (event == null) {
        throw new IOException("the end marker did not arrive; received " + events);
      }
      if (event.equals(marker)) {
        return events;
      }
      events.add(event);
    }
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    hub.punsubscribe(this, PATTERN_BYTES);
  }
}

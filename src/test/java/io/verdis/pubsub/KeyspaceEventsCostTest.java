package io.verdis.pubsub;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every write calls {@link KeyspaceEvents#notify}: while notifications are off, or on with nobody
 * subscribed, it must not allocate (the data path stays garbage-free). Measured with the JVM's
 * per-thread allocation counter over a million calls, so one allocation per call (16 MB or more)
 * cannot hide under the bound.
 */
class KeyspaceEventsCostTest {
  private static final int CALLS = 1_000_000;
  /** Far below one object per call; room for the counter's own bookkeeping. */
  private static final long BOUND_BYTES = 256 * 1024;
  private static final byte[] KEY = "some:key".getBytes(StandardCharsets.US_ASCII);

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName("flags off, with a subscriber: no allocation")
  void offWithSubscribers() {
    PubSubHub hub = new PubSubHub();
    hub.psubscribe(new Ignoring(vertx.getOrCreateContext()), "*".getBytes(StandardCharsets.US_ASCII));
    KeyspaceEvents events = new KeyspaceEvents(hub, 0);
    assertTrue(allocatedBy(events) < BOUND_BYTES);
  }

  @Test
  @DisplayName("every class on, nobody subscribed: no allocation")
  void onWithoutSubscribers() {
    KeyspaceEvents events = new KeyspaceEvents(new PubSubHub(), NotifyFlags.parse("KEAmn"));
    assertTrue(allocatedBy(events) < BOUND_BYTES);
  }

  @Test
  @DisplayName("the classes are Redis's letters, shown as Redis shows them")
  void flags() {
    assertEquals("AKE", NotifyFlags.render(NotifyFlags.parse("KEA")));
    assertEquals("AKEm", NotifyFlags.render(NotifyFlags.parse("nmEKA")));
    assertEquals("A", NotifyFlags.render(NotifyFlags.parse("ndtexzhsl$g")));
    assertEquals("$lshzxetdn", NotifyFlags.render(NotifyFlags.parse("ndtexzhsl$")));
    assertEquals("A", NotifyFlags.render(NotifyFlags.parse("g$lshzxetd")));
    assertEquals("", NotifyFlags.render(NotifyFlags.parse("")));
    assertEquals(-1, NotifyFlags.parse("KEA?"));
  }

  private static long allocatedBy(KeyspaceEvents events) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    for (int i = 0; i < CALLS; i++) {
      events.notify(NotifyType.STRING, "set", KEY, i & 15);
    }
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < CALLS; i++) {
      events.notify(NotifyType.STRING, "set", KEY, i & 15);
    }
    return threads.getThreadAllocatedBytes(thread) - before;
  }

  private record Ignoring(Context context) implements Subscriber {
    @Override
    public void message(Publication publication) {
    }

    @Override
    public void pmessage(byte[] pattern, Publication publication) {
    }
  }
}

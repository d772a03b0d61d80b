package io.verdis.pubsub;

import java.nio.charset.StandardCharsets;

/**
 * Keyspace notifications (Redis's notify.c): for an event of a class switched on in
 * {@code notify-keyspace-events}, publishes {@code __keyspace@<db>__:<key>} with the event name
 * (K) and {@code __keyevent@<db>__:<event>} with the key (E), through the hub, from whatever
 * thread the command runs on (a shard, or a coordinator holding shards). Commands call it where
 * Redis calls notifyKeyspaceEvent, so subscribers see Redis's events in Redis's order.
 *
 * <p>Every write calls it, so the common case costs nothing: while the class is off or nobody
 * subscribes to anything, {@link #notify} is one volatile read and a test, and builds nothing.
 */
public final class KeyspaceEvents {
  private static final byte[] KEYSPACE_PREFIX = ascii("__keyspace@");
  private static final byte[] KEYEVENT_PREFIX = ascii("__keyevent@");
  private static final byte[] SEPARATOR = ascii("__:");

  private final PubSubHub hub;
  /** The parsed notify-keyspace-events, republished on CONFIG SET. */
  private volatile int flags;

  public KeyspaceEvents(PubSubHub hub, int flags) {
    this.hub = hub;
    this.flags = flags;
  }

  /** Off for good: for stores that no server runs (tests of the data structures). */
  public static KeyspaceEvents off() {
    return new KeyspaceEvents(null, 0);
  }

  /** Applies a new value of notify-keyspace-events (see {@link NotifyFlags#parse}). */
  public void flags(int flags) {
    this.flags = flags;
  }

  /** Whether an event of {@code type} would reach anyone: worth computing what it needs (a db index). */
  public boolean wanted(NotifyType type) {
    return (flags & type.bit) != 0 && hub.hasSubscribers();
  }

  /** Redis's notifyKeyspaceEvent(type, event, key, db). */
  public void notify(NotifyType type, String event, byte[] key, int db) {
    int current = flags;
    if ((current & type.bit) == 0 || !hub.hasSubscribers()) {
      return;
    }
    byte[] eventName = event.getBytes(StandardCharsets.US_ASCII);
    byte[] dbNumber = ascii(Integer.toString(db));
    if ((current & NotifyFlags.KEYSPACE) != 0) {
      hub.publish(channel(KEYSPACE_PREFIX, dbNumber, key), eventName);
    }
    if ((current & NotifyFlags.KEYEVENT) != 0) {
      hub.publish(channel(KEYEVENT_PREFIX, dbNumber, eventName), key);
    }
  }

  private static byte[] channel(byte[] prefix, byte[] db, byte[] name) {
    byte[] channel = new byte[prefix.length + db.length + SEPARATOR.length + name.length];
    int at = 0;
    System.arraycopy(prefix, 0, channel, at, prefix.length);
    at += prefix.length;
    System.arraycopy(db, 0, channel, at, db.length);
    at += db.length;
    System.arraycopy(SEPARATOR, 0, channel, at, SEPARATOR.length);
    at += SEPARATOR.length;
    System.arraycopy(name, 0, channel, at, name.length);
    return channel;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}

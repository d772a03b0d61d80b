package io.verdis.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Keyspace events read as any Redis client reads them: one connection in PSUBSCRIBE mode, another
 * that publishes the end marker (a server delivers one connection's publishes in order).
 */
final class RespEventStream implements KeyspaceEventStream {
  private final RawClient subscriber;
  private final RawClient publisher;

  RespEventStream(int port) throws IOException {
    subscriber = new RawClient(port);
    publisher = new RawClient(port);
    List<?> confirmation = (List<?>) subscriber.request("PSUBSCRIBE", PATTERN);
    assertEquals("psubscribe", text(confirmation.get(0)));
  }

  @Override
  public List<String> take() throws IOException {
    publisher.request("PUBLISH", MARKER_CHANNEL, "end");
    List<String> events = new ArrayList<>();
    while (true) {
      List<?> message = (List<?>) subscriber.reply();
      assertEquals("pmessage", text(message.get(0)), "a message for the pattern subscription");
      String channel = text(message.get(2));
      if (channel.equals(MARKER_CHANNEL)) {
        return events;
      }
      events.add(channel + " " + text(message.get(3)));
    }
  }

  private static String text(Object bulk) {
    return new String((byte[]) bulk, StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    subscriber.close();
    publisher.close();
  }
}

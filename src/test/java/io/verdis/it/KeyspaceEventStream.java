package io.verdis.it;

import java.io.IOException;
import java.util.List;

/**
 * The keyspace events one server publishes, as a subscriber to {@code __key*__:*} receives them,
 * each as "channel message" (one char per byte). A test reads them command by command: {@link #take}
 * publishes a marker on a channel the pattern matches and returns what came before it, so nothing
 * published earlier can still be on its way.
 */
interface KeyspaceEventStream extends AutoCloseable {
  String PATTERN = "__key*__:*";
  /** Matches {@link #PATTERN}, and no keyspace event is ever published on it. */
  String MARKER_CHANNEL = "__keyevent@marker__:end-of-take";

  /** Verdis's events, read over RESP exactly as Redis's are. */
  static KeyspaceEventStream verdis(TestServer server) throws IOException {
    return new RespEventStream(server.port());
  }

  /** The events received since the last call, in the order they arrived. */
  List<String> take() throws IOException;

  @Override
  void close() throws IOException;
}

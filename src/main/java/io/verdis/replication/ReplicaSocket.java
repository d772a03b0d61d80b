package io.verdis.replication;

import io.verdis.client.ClientSession;
import io.vertx.core.Future;

import java.nio.file.Path;

/**
 * The connection of a replica once it asked for SYNC/PSYNC: from then on the primary writes the
 * replication stream straight to it, past the request/reply path. Callable from any thread (each
 * call hops to the connection's event loop, in call order).
 */
public interface ReplicaSocket {
  /** Writes and flushes {@code bytes}, which must not change afterwards. */
  void write(byte[] bytes);

  /** Sends the content of {@code file}; completes once it is handed to the socket. */
  Future<Void> sendFile(Path file);

  /** Bytes written but not yet taken by the replica: what client-output-buffer-limit measures. */
  long pendingBytes();

  /** Closes at once, dropping unsent output (a replica over its output limit, CLIENT KILL). */
  void closeNow();

  /** Runs {@code handler} once the connection is closed, from either side. */
  void onClose(Runnable handler);

  ClientSession session();
}

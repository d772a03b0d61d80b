package io.verdis.replication;

import io.verdis.persist.DatasetSnapshot;
import io.verdis.persist.RdbSnapshotFile;
import io.vertx.core.Future;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * A replica's RDB, as Redis sends it with disk-backed sync: written from the snapshot to a
 * temporary file in {@code dir}, then sent as a bulk ({@code $<length>\r\n} and the file's
 * bytes, no trailing CRLF), and deleted.
 */
final class RdbTransfer {
  private static final Logger LOG = Logger.getLogger(RdbTransfer.class.getName());

  private RdbTransfer() {
  }

  /** On a worker thread: the snapshot as an RDB file in {@code dir}. */
  static Path write(DatasetSnapshot snapshot, Path dir) throws IOException {
    Path file = Files.createTempFile(dir, "temp-repl-", ".rdb");
    RdbSnapshotFile.writeTo(snapshot, file, false);
    return file;
  }

  /** Sends {@code file} to the replica and deletes it; completes once it is handed to the socket. */
  static Future<Void> send(ReplicaSocket socket, Path file) {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      delete(file);
      return Future.failedFuture(e);
    }
    socket.write(("$" + size + "\r\n").getBytes(StandardCharsets.US_ASCII));
    return socket.sendFile(file).andThen(sent -> delete(file));
  }

  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warning("Could not delete " + file + ": " + e.getMessage());
    }
  }
}

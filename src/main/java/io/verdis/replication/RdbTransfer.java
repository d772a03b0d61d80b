package io.verdis.replication;

import io.verdis.persist.DatasetSnapshot;
import io.verdis.persist.RdbSnapshotFile;
import io.vertx.core.Future;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * A replica's RDB, as Redis sends it: with disk-backed sync, written from the snapshot to a
 * temporary file in {@code dir}, then sent as a bulk ({@code $<length>\r\n} and the file's
 * bytes, no trailing CRLF), and deleted; diskless, written straight to the socket between
 * {@code $EOF:<mark>\r\n} and the mark, for replicas that said {@code capa eof}.
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

  /**
   * On a worker thread: the snapshot written to the replica as it is encoded, EOF-marked. Waits
   * while the socket holds more than {@link SocketOutput#HIGH_WATER} bytes; gives up once
   * {@code wanted} says the replica is gone.
   */
  static void stream(DatasetSnapshot snapshot, ReplicaSocket socket, BooleanSupplier wanted) throws IOException {
    byte[] random = new byte[20];
    new SecureRandom().nextBytes(random);
    byte[] mark = HexFormat.of().formatHex(random).getBytes(StandardCharsets.US_ASCII);
    socket.write(("$EOF:" + new String(mark, StandardCharsets.US_ASCII) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    try (SocketOutput out = new SocketOutput(socket, wanted)) {
      RdbSnapshotFile.write(snapshot, out, false);
    }
    socket.write(mark);
  }

  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warning("Could not delete " + file + ": " + e.getMessage());
    }
  }
}

package io.verdis.persist;

import io.verdis.persist.rdb.RdbWriter;
import io.verdis.types.Aggregates;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a snapshot as {@code dbfilename} the way Redis's rdbSave does: into a temporary file in the
 * same directory, fsynced, then renamed over the old one, so the file is always a complete snapshot.
 */
public final class RdbSnapshotFile {
  private RdbSnapshotFile() {
  }

  /** SAVE/BGSAVE: replaces {@code target} atomically with the snapshot. */
  static void save(DatasetSnapshot snapshot, Path target) throws IOException {
    Path temp = TempFiles.snapshot(target.getParent());
    writeTo(snapshot, temp, false);
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Writes the snapshot to {@code file} and fsyncs it; {@code aofBase} marks it as the base of an
   * AOF (aux field aof-base 1, as Redis writes its RDB-preamble bases). The file is deleted on failure.
   */
  public static void writeTo(DatasetSnapshot snapshot, Path file, boolean aofBase) throws IOException {
    try (FileOutputStream stream = new FileOutputStream(file.toFile());
         BufferedOutputStream out = new BufferedOutputStream(stream, 1 << 16)) {
      write(snapshot, out, aofBase);
      out.flush();
      stream.getFD().sync();
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  /** The snapshot as an RDB into {@code out} (a replica's diskless transfer writes it to the socket). */
  public static void write(DatasetSnapshot snapshot, OutputStream out, boolean aofBase) throws IOException {
    RdbWriter rdb = new RdbWriter(out, aofBase);
    ReplicationInfo replication = snapshot.replication();
    if (replication != null) {
      rdb.replicationInfo(replication.replid(), replication.offset(), replication.streamDb());
    }
    for (byte[] code : snapshot.functions()) {
      rdb.function(code);
    }
    for (int db = 0; db < snapshot.databaseCount(); db++) {
      if (snapshot.size(db) == 0) {
        continue;
      }
      rdb.selectDb(db, snapshot.size(db), snapshot.expiresCount(db));
      snapshot.forEach(db, (key, value, expireAt) -> rdb.entry(key, Aggregates.toRdb(value), expireAt));
    }
    rdb.finish();
  }
}

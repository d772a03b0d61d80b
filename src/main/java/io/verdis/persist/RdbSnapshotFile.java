package io.verdis.persist;

import io.verdis.persist.rdb.RdbValue;
import io.verdis.persist.rdb.RdbWriter;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a snapshot as {@code dbfilename} the way Redis's rdbSave does: into a temporary file in the
 * same directory, fsynced, then renamed over the old one, so the file is always a complete snapshot.
 */
final class RdbSnapshotFile {
  private RdbSnapshotFile() {
  }

  static void write(DatasetSnapshot snapshot, Path target) throws IOException {
    Path temp = target.resolveSibling("temp-" + ProcessHandle.current().pid() + ".rdb");
    try (FileOutputStream file = new FileOutputStream(temp.toFile());
         BufferedOutputStream out = new BufferedOutputStream(file, 1 << 16);
         RdbWriter rdb = new RdbWriter(out)) {
      for (int db = 0; db < snapshot.databaseCount(); db++) {
        if (snapshot.size(db) == 0) {
          continue;
        }
        rdb.selectDb(db, snapshot.size(db), snapshot.expiresCount(db));
        snapshot.forEach(db, (key, value, expireAt) -> rdb.entry(key, toRdb(value), expireAt));
      }
      rdb.finish();
      out.flush();
      file.getFD().sync();
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static RdbValue toRdb(Object value) {
    if (value instanceof byte[] string) {
      return new RdbValue.StringValue(string);
    }
    throw new IllegalStateException("no RDB encoding for values of " + value.getClass());
  }
}

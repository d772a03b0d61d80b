package io.verdis.persist;

import io.verdis.persist.aof.AofFileInfo;
import io.verdis.persist.aof.AofManifest;
import io.verdis.persist.aof.AofRecordReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a server has logged: the records of its current incremental AOF file. */
final class AofRecords {
  private AofRecords() {
  }

  /** The records of the last incremental file under {@code serverDir}, arguments joined by spaces. */
  static List<String> read(Path serverDir) throws IOException {
    Path dir = serverDir.resolve("appendonlydir");
    AofManifest manifest = AofManifest.load(dir.resolve("appendonly.aof.manifest"));
    AofFileInfo incr = manifest.incrs().get(manifest.incrs().size() - 1);
    List<String> records = new ArrayList<>();
    try (AofRecordReader reader = new AofRecordReader(dir.resolve(incr.name()))) {
      byte[][] argv;
      while ((argv = reader.next()) != null) {
        List<String> args = new ArrayList<>();
        for (byte[] arg : argv) {
          args.add(new String(arg, StandardCharsets.UTF_8));
        }
        records.add(String.join(" ", args));
      }
    }
    return records;
  }
}

package io.verdis.persist.aof;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-off measurement, not a test: how fast AofRecordReader parses a 1M-record AOF of the usual
 * shape (SELECT, then SET key value PXAT ms). Run it with
 * {@code java -cp target/classes:target/test-classes io.verdis.persist.aof.AofReaderSpeedCheck [records]}.
 */
public final class AofReaderSpeedCheck {
  private AofReaderSpeedCheck() {
  }

  public static void main(String[] args) throws IOException {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path file = Files.createTempFile("verdis-speed", ".aof");
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
        out.write(AofTestFiles.record("SELECT", "0"));
        for (int i = 1; i < records; i++) {
          out.write(AofTestFiles.record("SET", "key:" + i, "value:" + i, "PXAT", "1700000000000"));
        }
      }
      System.out.printf("file: %,d records, %,d bytes%n", records, Files.size(file));
      for (int round = 1; round <= 5; round++) {
        long started = System.nanoTime();
        long count = 0;
        long bytes = 0;
        try (AofRecordReader reader = new AofRecordReader(file)) {
          byte[][] argv;
          while ((argv = reader.next()) != null) {
            count++;
            bytes += argv[argv.length - 1].length;
          }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("round %d: %,d records in %.3f s = %,.0f records/s (checksum %d)%n",
            round, count, seconds, count / seconds, bytes);
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

}

package io.verdis.persist;

import io.verdis.persist.aof.AofFileInfo;
import io.verdis.persist.aof.AofFiles;
import io.verdis.persist.aof.AofLoader;
import io.verdis.persist.rdb.RdbReader;
import io.verdis.persist.rdb.RdbValue;
import io.verdis.persist.rdb.RdbVisitor;
import io.verdis.server.Config;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Start-up loading on a worker thread: parses the AOF or RDB file and hands every record (an RDB
 * entry becomes {@code SET key value [PXAT ms]}) to the replayer, reporting progress as it goes.
 */
final class DatasetLoader {
  private static final byte[] SET = "SET".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PXAT = "PXAT".getBytes(StandardCharsets.US_ASCII);

  private final Config config;
  private final Replayer replayer;
  private final LoadProgress progress;
  private long keysLoaded;
  private long keysExpired;

  DatasetLoader(Config config, Replayer replayer, LoadProgress progress) {
    this.config = config;
    this.replayer = replayer;
    this.progress = progress;
  }

  long loadAof(AofFiles files) throws IOException {
    progress.total(files.totalSize());
    AofLoader loader = new AofLoader(files, config.aofLoadTruncated(), config.databases());
    long records = loader.load(new AofLoader.Sink() {
      @Override
      public void record(int db, byte[][] argv) throws IOException {
        replayer.replay(db, argv);
      }

      @Override
      public void progress(long fileOffset, long records) {
        progress.advance(fileOffset, records, "AOF");
      }

      @Override
      public void fileDone(AofFileInfo file, long size) {
        progress.fileDone(size);
      }

      @Override
      public void rdbBase(Path file) throws IOException {
        readRdb(file, true);
      }
    });
    replayer.drain();
    return records;
  }

  void loadRdb(Path file) throws IOException {
    progress.total(Files.size(file));
    readRdb(file, false);
    replayer.drain();
  }

  long keysLoaded() {
    return keysLoaded;
  }

  long keysExpired() {
    return keysExpired;
  }

  /**
   * As Redis's rdbLoad: a key already expired is skipped, except in an AOF's RDB preamble, where
   * the records after it may still refer to it (they are replayed with expiry paused).
   */
  private void readRdb(Path file, boolean aofPreamble) throws IOException {
    long now = System.currentTimeMillis();
    try (CountingStream in = new CountingStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
      RdbReader.read(in, new RdbVisitor() {
        @Override
        public void entry(int db, byte[] key, RdbValue value, long expireAtMs) {
          if (!aofPreamble && expireAtMs != -1 && expireAtMs < now) {
            keysExpired++;
            return;
          }
          try {
            replayer.replay(db, command(key, value, expireAtMs));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          keysLoaded++;
          progress.advance(in.count(), keysLoaded, "RDB");
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static byte[][] command(byte[] key, RdbValue value, long expireAtMs) throws IOException {
    if (value instanceof RdbValue.StringValue string) {
      if (expireAtMs == -1) {
        return new byte[][] {SET, key, string.bytes()};
      }
      return new byte[][] {SET, key, string.bytes(), PXAT, Long.toString(expireAtMs).getBytes(StandardCharsets.US_ASCII)};
    }
    throw new IOException("Key '" + new String(key, StandardCharsets.UTF_8) + "' holds a "
        + value.getClass().getSimpleName().replace("Value", "").toLowerCase(Locale.ROOT)
        + ", a type this version of Verdis cannot store yet");
  }

  /** Counts the bytes read, for the progress percentage. */
  private static final class CountingStream extends FilterInputStream {
    private long count;

    CountingStream(InputStream in) {
      super(in);
    }

    long count() {
      return count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }
  }
}

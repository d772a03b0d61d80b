package io.verdis.persist;

import io.verdis.command.CommandException;
import io.verdis.persist.aof.AofFileInfo;
import io.verdis.persist.aof.AofFiles;
import io.verdis.persist.aof.AofLoader;
import io.verdis.persist.aof.FileErrors;
import io.verdis.persist.rdb.RdbReader;
import io.verdis.persist.rdb.RdbValue;
import io.verdis.persist.rdb.RdbVisitor;
import io.verdis.script.Functions;
import io.verdis.server.Config;
import io.verdis.types.EncodingLimits;
import io.verdis.types.Aggregates;
import io.verdis.types.InvalidRdbValueException;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Start-up loading on a worker thread: parses the AOF or RDB file and hands every record to the
 * replayer (an RDB entry becomes its value, built here and installed in one step; an RDB's function
 * libraries go to {@link Functions}), reporting progress as it goes.
 */
final class DatasetLoader {
  private static final Logger LOG = Logger.getLogger(DatasetLoader.class.getName());
  /** Redis names the first 10 empty keys it skips, then only counts them. */
  private static final int EMPTY_KEYS_NAMED = 10;

  private final Config config;
  private final Replayer replayer;
  private final LoadProgress progress;
  private final Functions functions;
  private long keysLoaded;
  private long keysExpired;
  private long emptyKeysSkipped;
  /** The repl-id, repl-offset and repl-stream-db aux fields of the RDB read, if it had them. */
  private String replid;
  private long replOffset = -1;
  private int replStreamDb;
  /** How the file's function libraries join the loaded ones: APPEND refuses a name loaded already. */
  private Functions.RestorePolicy libraryPolicy = Functions.RestorePolicy.APPEND;

  DatasetLoader(Config config, Replayer replayer, LoadProgress progress, Functions functions) {
    this.config = config;
    this.replayer = replayer;
    this.progress = progress;
    this.functions = functions;
  }

  /** A library of the file replaces a loaded one of the same name (DEBUG RELOAD MERGE). */
  void replaceLibraries() {
    libraryPolicy = Functions.RestorePolicy.REPLACE;
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
    progress.total(file.toFile().length());
    readRdb(file, false);
    replayer.drain();
  }

  /**
   * A primary's RDB: keys already expired are loaded too, as a Redis replica's rdbLoad does (only
   * a primary skips them): the primary's DELs for them follow in the stream.
   */
  void loadPrimaryRdb(Path file) throws IOException {
    progress.total(file.toFile().length());
    readRdb(file, true);
    replayer.drain();
  }

  /** The replication history the RDB was saved in, or null. */
  ReplicationInfo replicationInfo() {
    return replid == null || replOffset < 0 ? null : new ReplicationInfo(replid, replOffset, replStreamDb);
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
    try {
      readRdbEntries(file, aofPreamble);
    } catch (IOException e) {
      // One message naming the file, without a cause: the launcher logs the innermost message.
      throw new IOException("Fatal error loading the DB file " + file + ": " + FileErrors.reason(e)
          + ". Exiting (the file is left as it is)");
    }
  }

  private void readRdbEntries(Path file, boolean aofPreamble) throws IOException {
    long now = System.currentTimeMillis();
    List<byte[]> libraries = new ArrayList<>();
    EncodingLimits limits = config.encodingLimits();
    try (CountingStream in = new CountingStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
      RdbReader.read(in, new RdbVisitor() {
        @Override
        public void aux(byte[] name, byte[] value) {
          String field = new String(name, StandardCharsets.US_ASCII);
          String text = new String(value, StandardCharsets.US_ASCII);
          try {
            switch (field) {
              case "repl-id" -> replid = text;
              case "repl-offset" -> replOffset = Long.parseLong(text);
              case "repl-stream-db" -> replStreamDb = Integer.parseInt(text);
              default -> {
                // the other aux fields are informational
              }
            }
          } catch (NumberFormatException e) {
            LOG.warning("Ignoring the RDB's unreadable aux field " + field + ": " + text);
          }
        }

        @Override
        public void function(byte[] libraryCode) {
          libraries.add(libraryCode);
        }

        @Override
        public void entry(int db, byte[] key, RdbValue value, long expireAtMs) {
          if (!aofPreamble && expireAtMs != -1 && expireAtMs < now) {
            keysExpired++;
            return;
          }
          Object stored;
          try {
            stored = Aggregates.fromRdbChecked(value, limits);
          } catch (InvalidRdbValueException e) {
            if (!e.empty()) {
              throw new UncheckedIOException(new IOException("Key '" + printable(key) + "' holds " + e.getMessage() + ", which Redis does not load either (corrupt file)"));
            }
            if (emptyKeysSkipped++ < EMPTY_KEYS_NAMED) {
              LOG.info("Skipping empty key '" + printable(key) + "' (" + e.getMessage() + ") in " + file);
            }
            return;
          }
          replayer.install(db, key, stored, expireAtMs);
          keysLoaded++;
          progress.advance(in.count(), keysLoaded, "RDB");
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    loadFunctions(libraries);
    if (emptyKeysSkipped > 0) {
      LOG.info("Empty keys skipped: " + emptyKeysSkipped);
    }
  }

  /**
   * The file's libraries, before any record after an RDB preamble is replayed (a FUNCTION DELETE
   * there must find them). At start-up there are none yet, so, as Redis's rdbLoad, only a library
   * twice in the file, or one that does not compile, stops loading.
   */
  private void loadFunctions(List<byte[]> libraries) throws IOException {
    if (libraries.isEmpty()) {
      return;
    }
    try {
      functions.restore(libraries, libraryPolicy);
    } catch (CommandException e) {
      throw new IOException("Failed loading a function library: " + e.getMessage().replaceFirst("^ERR ", ""));
    }
    LOG.info("Function libraries loaded: " + libraries.size());
  }

  private static String printable(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
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

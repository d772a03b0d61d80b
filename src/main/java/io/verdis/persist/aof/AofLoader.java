package io.verdis.persist.aof;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import static io.verdis.command.Args.is;

/**
 * Reads the files of an {@code appendonlydir} in load order (base, then incrementals) and hands
 * each record, with the database it runs in, to a sink. Redis's loadAppendOnlyFiles rules:
 * SELECT changes the database; a MULTI whose EXEC never came is dropped; a last record cut short
 * is cut off with a warning when {@code aof-load-truncated} allows it, and only in the last file
 * (with the whole transaction it is in, if any);
 * anything else that is not valid RESP stops loading, naming the file and the offset.
 */
public final class AofLoader {
  private static final Logger LOG = Logger.getLogger(AofLoader.class.getName());

  /** Where records go. */
  public interface Sink {
    void record(int db, byte[][] argv) throws IOException;

    /** Called after each record with the position reached in the current file. */
    default void progress(long fileOffset, long records) {
    }

    /** A file is finished. */
    default void fileDone(AofFileInfo file, long size) {
    }

    /** A base file in RDB format: the sink reads it itself. */
    default void rdbBase(Path file) throws IOException {
      throw new IOException("Base file " + file.getFileName() + " is in RDB format, which this loader cannot read");
    }
  }

  private final AofFiles files;
  private final boolean loadTruncated;
  private final int databases;

  public AofLoader(AofFiles files, boolean loadTruncated, int databases) {
    this.files = files;
    this.loadTruncated = loadTruncated;
    this.databases = databases;
  }

  /** Loads every file; returns the number of records replayed. */
  public long load(Sink sink) throws IOException {
    List<AofFileInfo> order = files.manifest().filesInLoadOrder();
    long total = 0;
    for (int i = 0; i < order.size(); i++) {
      AofFileInfo file = order.get(i);
      boolean last = i == order.size() - 1;
      total += loadFile(file, last, sink);
    }
    return total;
  }

  private long loadFile(AofFileInfo info, boolean last, Sink sink) throws IOException {
    // AofFiles.load checked that every file is there: as Redis 7.0, a missing one, even the last
    // INCR, stops start-up rather than be skipped (and created again, empty).
    Path path = files.path(info);
    long count = 0;
    try (AofRecordReader reader = new AofRecordReader(path)) {
      if (info.type() == AofFileInfo.Type.BASE && reader.startsWithRdbPreamble()) {
        sink.rdbBase(path);
        sink.fileDone(info, reader.size());
        return 0;
      }
      int db = 0;
      List<byte[][]> transaction = null;
      long transactionStart = 0;
      long lastGood = 0;
      try {
        byte[][] argv;
        while ((argv = reader.next()) != null) {
          if (is(argv[0], "select")) {
            db = selectedDb(argv, info, reader.offset());
          } else if (is(argv[0], "multi")) {
            transaction = new ArrayList<>();
            transactionStart = lastGood;
          } else if (is(argv[0], "exec") && transaction != null) {
            for (byte[][] queued : transaction) {
              record(sink, db, queued, info, transactionStart);
              count++;
            }
            transaction = null;
          } else if (transaction != null) {
            transaction.add(argv);
          } else {
            record(sink, db, argv, info, lastGood);
            count++;
          }
          lastGood = reader.offset();
          sink.progress(lastGood, count);
        }
      } catch (AofFormatException e) {
        if (!e.truncated() || !last || !loadTruncated) {
          throw fatal(e, info, last);
        }
        // Cut inside a transaction: the cut goes before its MULTI, as check-aof --fix does. Redis
        // cuts after the last whole record, leaving the MULTI open for the records appended next:
        // the next load drops them with it, or replays half a transaction if a later EXEC comes.
        long validUpTo = transaction != null ? transactionStart : e.offset();
        LOG.warning("!!! Warning: short read while loading the AOF file " + info.name() + "!!!");
        LOG.warning("!!! Truncating the AOF " + info.name() + " at offset " + validUpTo + " !!!");
        truncate(path, validUpTo);
        LOG.warning("AOF " + info.name() + " loaded anyway because aof-load-truncated is enabled");
        return count;
      }
      if (transaction != null) {
        if (!last || !loadTruncated) {
          throw new IOException("Unexpected end of file reading the append only file " + info.name()
              + ": a MULTI at offset " + transactionStart + " has no EXEC");
        }
        LOG.warning("Revert incomplete MULTI/EXEC transaction in AOF file " + info.name());
        truncate(path, transactionStart);
      }
      sink.fileDone(info, reader.size());
    }
    return count;
  }

  private static void record(Sink sink, int db, byte[][] argv, AofFileInfo info, long offset) throws IOException {
    try {
      sink.record(db, argv);
    } catch (IOException e) {
      throw new IOException(e.getMessage() + " reading the append only file " + info.name() + " at offset " + offset);
    }
  }

  private int selectedDb(byte[][] argv, AofFileInfo info, long offset) throws IOException {
    int db;
    try {
      db = argv.length == 2 ? Integer.parseInt(new String(argv[1], StandardCharsets.US_ASCII)) : -1;
    } catch (NumberFormatException e) {
      db = -1;
    }
    if (db < 0 || db >= databases) {
      throw new IOException("Bad SELECT in the append only file " + info.name() + " before offset " + offset
          + ": the database does not exist (databases is " + databases + ")");
    }
    return db;
  }

  private static IOException fatal(AofFormatException e, AofFileInfo info, boolean last) {
    if (e.truncated() && !last) {
      return new IOException("Fatal error: the truncated file " + info.name() + " is not the last file: "
          + e.getMessage() + ". Use `java -jar verdis.jar check-aof <dir>` to inspect it");
    }
    if (e.truncated()) {
      return new IOException(e.getMessage() + ". You can: 1) make a backup of your AOF file, then use "
          + "`java -jar verdis.jar check-aof --fix <dir>`. 2) Set 'aof-load-truncated yes' and restart the server.");
    }
    // No cause attached: the launcher reports the innermost message, and this one says what to do.
    return new IOException(e.getMessage() + ": make a backup of your AOF file, then use `java -jar verdis.jar "
        + "check-aof --fix <dir>`");
  }

  private static void truncate(Path path, long size) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
      channel.truncate(size);
      channel.force(true);
    }
  }
}

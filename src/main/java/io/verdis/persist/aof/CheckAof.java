package io.verdis.persist.aof;

import io.verdis.persist.rdb.RdbReader;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code verdis check-aof [--fix|--truncate-to-timestamp <ts>] <appendonlydir|manifest|file.aof>}:
 * redis-check-aof 7.0, with its output line for line, exit status 0 when valid and 1 otherwise.
 *
 * <p>Differences, on purpose: {@code --fix} asks no question; a directory may be given (its
 * manifest is found); a manifest is recognised by its name as well as by its first word; an
 * annotation the file ends inside is a truncated tail (Redis accepts it, then appends to it); a
 * record of zero arguments is invalid (Redis's loader refuses it, its checker did not); RDB data is
 * checked by reading it through (Redis prints its RDB checker's report), and an AOF tail after an
 * old-style RDB preamble is not checked.
 */
public final class CheckAof {
  private static final String USAGE =
      "Usage: verdis check-aof [--fix|--truncate-to-timestamp $timestamp] <file.manifest|file.aof|appendonlydir>";
  private static final byte[] MULTI = "multi".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EXEC = "exec".getBytes(StandardCharsets.US_ASCII);
  private static final String DEFAULT_MANIFEST = "appendonly.aof.manifest";

  private enum Status { OK, EMPTY, TRUNCATED, TIMESTAMP_TRUNCATED }

  /** Ends the run with exit status 1; what went wrong has been printed already. */
  private static final class Abort extends Exception {
    Abort() {
      super(null, null, false, false);
    }
  }

  /**
   * Thrown from the annotation listener, through the reader: at the first #TS annotation past the
   * wanted time (offset ≥ 0), or at an invalid one (offset -1, reported already).
   */
  private static final class TimestampReached extends IOException {
    final long offset;

    TimestampReached(long offset) {
      super(null, null);
      this.offset = offset;
    }
  }

  private final PrintStream out;
  private final boolean fix;
  private final long toTimestamp;
  // One count for the whole run, not one a file: redis-check-aof keeps it in a global, and the
  // ok_up_to_line it prints for the second file goes on from the first.
  private long line = 1;

  private CheckAof(PrintStream out, boolean fix, long toTimestamp) {
    this.out = out;
    this.fix = fix;
    this.toTimestamp = toTimestamp;
  }

  /** Runs the check on the arguments after "check-aof"; returns the exit status. */
  public static int run(String[] args, PrintStream out) {
    boolean fix = false;
    long timestamp = 0;
    String target;
    if (args.length == 1) {
      target = args[0];
    } else if (args.length == 2 && args[0].equals("--fix")) {
      fix = true;
      target = args[1];
    } else if (args.length == 3 && args[0].equals("--truncate-to-timestamp")) {
      try {
        timestamp = Long.parseLong(args[1]);
      } catch (NumberFormatException e) {
        out.println("Invalid timestamp, aborting...");
        return 1;
      }
      target = args[2];
    } else {
      out.println(USAGE);
      return 1;
    }
    try {
      new CheckAof(out, fix, timestamp).check(Path.of(target));
      return 0;
    } catch (Abort e) {
      return 1;
    } finally {
      out.flush();
    }
  }

  private void check(Path target) throws Abort {
    if (Files.isDirectory(target)) {
      checkMultiPart(target, findManifest(target));
      return;
    }
    if (!Files.exists(target)) {
      throw abort("Cannot open file " + target + ": No such file or directory");
    }
    if (isManifest(target)) {
      checkMultiPart(target.getParent() == null ? Path.of(".") : target.getParent(), target);
    } else {
      checkOldStyle(target);
    }
  }

  private void checkMultiPart(Path dir, Path manifestFile) throws Abort {
    out.println("Start checking Multi Part AOF");
    AofManifest manifest;
    try {
      manifest = AofManifest.load(manifestFile);
    } catch (AofManifestException e) {
      throw abort(e.redisReport());
    } catch (IOException e) {
      throw abort("Fatal error: can't open the AOF manifest file " + manifestFile + " for reading: "
          + describe(e));
    }
    int total = manifest.filesInLoadOrder().size();
    int checked = 0;
    AofFileInfo base = manifest.base();
    if (base != null) {
      Path path = dir.resolve(base.name());
      boolean last = ++checked == total;
      if (startsWith(path, "REDIS", 8)) {
        out.println("Start to check BASE AOF (RDB format).");
        checkRdb(path);
        out.println("BASE AOF " + base.name() + " is valid");
      } else {
        out.println("Start to check BASE AOF (RESP format).");
        report("BASE AOF", base.name(), checkSingle(base.name(), path, last));
      }
    }
    if (!manifest.incrs().isEmpty()) {
      out.println("Start to check INCR files.");
      for (AofFileInfo incr : manifest.incrs()) {
        boolean last = ++checked == total;
        report("INCR AOF", incr.name(), checkSingle(incr.name(), dir.resolve(incr.name()), last));
      }
    }
    out.println("All AOF files and manifest are valid");
  }

  private void checkOldStyle(Path file) throws Abort {
    out.println("Start checking Old-Style AOF");
    String name = file.toString();
    if (startsWith(file, "REDIS", 8)) {
      checkRdb(file);
      report("AOF", name, Status.OK);
      return;
    }
    report("AOF", name, checkSingle(name, file, true));
  }

  /**
   * Reads an RDB-format part with the RDB reader (as Redis runs redis_check_rdb_main on it). An
   * AOF tail after an old-style preamble is not checked.
   */
  private void checkRdb(Path path) throws Abort {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
      RdbReader.read(in, (db, key, value, expireAtMs) -> { });
      out.println("RDB preamble is OK, proceeding with AOF tail...");
    } catch (IOException e) {
      out.println("RDB preamble of AOF file is not sane, aborting: " + describe(e));
      throw new Abort();
    }
  }

  private void report(String kind, String name, Status status) {
    switch (status) {
      case OK -> out.println(kind + " " + name + " is valid");
      case EMPTY -> out.println(kind + " " + name + " is empty");
      case TRUNCATED -> out.println("Successfully truncated AOF " + name);
      case TIMESTAMP_TRUNCATED ->
          out.println("Successfully truncated AOF " + name + " to timestamp " + toTimestamp);
    }
  }

  /** redis-check-aof's checkSingleAof: finds how far the file is valid, and fixes the tail if asked. */
  private Status checkSingle(String name, Path path, boolean last) throws Abort {
    long size;
    try {
      size = Files.size(path);
    } catch (IOException e) {
      throw abort("Cannot open file " + name + ": " + describe(e) + ", aborting...");
    }
    if (size == 0) {
      return Status.EMPTY;
    }
    long pos;
    try (AofRecordReader reader = new AofRecordReader(path)) {
      if (toTimestamp != 0) {
        reader.onAnnotation(this::checkTimestamp);
      }
      pos = validUpTo(name, reader);
    } catch (TimestampReached t) {
      if (t.offset < 0) {
        throw new Abort();
      }
      return truncateAtTimestamp(name, path, t.offset, last);
    } catch (IOException e) {
      throw abort("Failed to read from AOF " + name + ", aborting...");
    }
    long diff = size - pos;
    if (diff == 0 && toTimestamp != 0) {
      out.println("Truncate nothing in AOF " + name + " to timestamp " + toTimestamp);
      return Status.OK;
    }
    out.println("AOF analyzed: filename=" + name + ", size=" + size + ", ok_up_to=" + pos
        + ", ok_up_to_line=" + line + ", diff=" + diff);
    if (diff <= 0) {
      return Status.OK;
    }
    if (!fix) {
      throw abort("AOF " + name + " is not valid. Use the --fix option to try fixing it.");
    }
    if (!last) {
      throw abort("Failed to truncate AOF " + name + " because it is not the last file");
    }
    out.println("This will shrink the AOF " + name + " from " + size + " bytes, with " + diff
        + " bytes, to " + pos + " bytes");
    try {
      truncate(path, pos);
    } catch (IOException e) {
      throw abort("Failed to truncate AOF " + name);
    }
    return Status.TRUNCATED;
  }

  /**
   * Reads records until the end or the first fault, printing what Redis prints about it; returns
   * where the valid part ends: before the bad record, or before the MULTI of an unfinished
   * transaction.
   */
  private long validUpTo(String name, AofRecordReader reader) throws IOException {
    long pos = 0;
    int multi = 0;
    String error = null;
    boolean atEnd = false;
    long lastOffset = 0;
    while (true) {
      byte[][] argv;
      try {
        argv = reader.next();
      } catch (AofFormatException e) {
        if (multi == 0) {
          pos = e.offset();
        }
        line += e.linesParsed();
        switch (e.fault()) {
          case RECORD_START -> out.println("AOF " + name + " format error");
          case END_BEFORE_LINE -> {
            atEnd = true;
            lastOffset = e.errorOffset();
          }
          case INSIDE -> error = errorLine(e.errorOffset(), e.reason());
        }
        break;
      }
      if (argv == null) {
        atEnd = true;
        if (multi == 0) {
          pos = reader.offset();
        }
        break;
      }
      if (multi == 0) {
        pos = reader.recordStart();
      }
      boolean isMulti = equalsIgnoreCase(argv[0], MULTI);
      boolean isExec = !isMulti && equalsIgnoreCase(argv[0], EXEC);
      if ((isMulti && multi++ > 0) || (isExec && --multi != 0)) {
        line += 3;
        error = errorLine(payloadOffset(reader.recordStart(), argv),
            "Unexpected " + (isMulti ? "MULTI" : "EXEC") + " in AOF " + reader.file());
        break;
      }
      line += 1 + 2L * argv.length;
      lastOffset = reader.offset() - 2 - argv[argv.length - 1].length;
    }
    if (atEnd && multi > 0 && error == null) {
      error = errorLine(lastOffset, "Reached EOF before reading EXEC for MULTI");
    }
    if (error != null) {
      out.println(error);
    }
    return pos;
  }

  private void checkTimestamp(long offset, byte[] annotation) throws IOException {
    String text = new String(annotation, StandardCharsets.ISO_8859_1);
    if (!text.startsWith("#TS:")) {
      return;
    }
    // strtol, as Redis reads it: only an overflow makes the annotation invalid.
    long ts = ManifestParser.atoll(text.substring(4).getBytes(StandardCharsets.ISO_8859_1));
    if (ts == Long.MAX_VALUE || ts == Long.MIN_VALUE) {
      out.println("Invalid timestamp annotation");
      throw new TimestampReached(-1);
    }
    if (ts > toTimestamp) {
      throw new TimestampReached(offset);
    }
  }

  private Status truncateAtTimestamp(String name, Path path, long offset, boolean last) throws Abort {
    if (offset == 0) {
      throw abort("AOF " + path + " has nothing before timestamp " + toTimestamp + ", aborting...");
    }
    if (!last) {
      throw abort("Failed to truncate AOF " + path + " to timestamp " + toTimestamp + " to offset "
          + offset + " because it is not the last file.\n"
          + "If you insist, please delete all files after this file according to the manifest "
          + "file and delete the corresponding records in manifest file manually. "
          + "Then re-run redis-check-aof.");
    }
    try {
      truncate(path, offset);
    } catch (IOException e) {
      throw abort("Failed to truncate AOF " + path + " to timestamp " + toTimestamp);
    }
    return Status.TIMESTAMP_TRUNCATED;
  }

  private static void truncate(Path path, long size) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
      channel.truncate(size);
      channel.force(true);
    }
  }

  private Path findManifest(Path dir) throws Abort {
    Path preferred = dir.resolve(DEFAULT_MANIFEST);
    if (Files.isRegularFile(preferred)) {
      return preferred;
    }
    List<Path> manifests;
    try (Stream<Path> files = Files.list(dir)) {
      manifests = files.filter(p -> {
        String name = p.getFileName().toString();
        return name.endsWith(".manifest") && !name.startsWith("temp-") && Files.isRegularFile(p);
      }).toList();
    } catch (IOException e) {
      throw abort("Cannot read directory " + dir + ": " + describe(e));
    }
    if (manifests.size() != 1) {
      throw abort(manifests.isEmpty()
          ? "Cannot find an AOF manifest (*.manifest) in directory " + dir
          : "Found several AOF manifests in directory " + dir + ": name the one to check");
    }
    return manifests.get(0);
  }

  /** Redis's fileIsManifest (a file of 30 bytes or more starting with "file"), or the name says so. */
  private boolean isManifest(Path file) throws Abort {
    return file.getFileName().toString().endsWith(".manifest") || startsWith(file, "file", 30);
  }

  private boolean startsWith(Path file, String signature, long minSize) throws Abort {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      if (channel.size() < minSize) {
        return false;
      }
      ByteBuffer head = ByteBuffer.allocate(signature.length());
      while (head.hasRemaining() && channel.read(head) > 0) {
        // Short reads of a regular file are rare but allowed.
      }
      return new String(head.array(), StandardCharsets.ISO_8859_1).equals(signature);
    } catch (IOException e) {
      throw abort("Cannot open file " + file + ": " + describe(e) + ", aborting...");
    }
  }

  /** Where the first argument's payload starts, for records written the canonical way. */
  private static long payloadOffset(long recordStart, byte[][] argv) {
    return recordStart + headerLength(argv.length) + headerLength(argv[0].length);
  }

  private static int headerLength(long number) {
    return 3 + Long.toString(number).length();
  }

  private static boolean equalsIgnoreCase(byte[] arg, byte[] lowerAscii) {
    if (arg.length != lowerAscii.length) {
      return false;
    }
    for (int i = 0; i < arg.length; i++) {
      if ((arg[i] | 0x20) != lowerAscii[i]) {
        return false;
      }
    }
    return true;
  }

  private static String errorLine(long offset, String text) {
    return String.format("0x%16x: %s", offset, text);
  }

  private static String describe(IOException e) {
    return e instanceof NoSuchFileException ? "No such file or directory" : String.valueOf(e.getMessage());
  }

  private Abort abort(String message) {
    out.println(message);
    return new Abort();
  }
}

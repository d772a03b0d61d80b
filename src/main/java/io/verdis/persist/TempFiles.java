package io.verdis.persist;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scratch files Verdis writes before renaming them into place, named as Redis names its own
 * ({@code temp-<pid>.rdb} for a snapshot, {@code temp-rewriteaof-bg-<pid>.aof|rdb} for a rewritten
 * base), and the start-up sweep of those a crashed process left behind.
 *
 * <p>A leftover is removed only when it is provably ours and dead: its name is one only Verdis's
 * own writers use in that directory, and the process whose id it carries is gone (or is this
 * process, which has written nothing yet: in a container every incarnation is often pid 1). A
 * file whose pid belongs to a live process may be another server's work in progress on the same
 * directory: it is left alone, with a warning. Redis removes its temp files when a save or rewrite
 * fails (aofRemoveTempFile, rdbRemoveTempFile); a crash leaves them for good, which is what this sweeps.
 */
public final class TempFiles {
  private static final Logger LOG = Logger.getLogger(TempFiles.class.getName());
  private static final Pattern SNAPSHOT = Pattern.compile("temp-(\\d{1,18})\\.rdb");
  private static final Pattern REWRITE = Pattern.compile("temp-rewriteaof-bg-(\\d{1,18})\\.(aof|rdb)");

  private TempFiles() {
  }

  /** Where BGSAVE writes before renaming over {@code dbfilename}. */
  static Path snapshot(Path dir) {
    return dir.resolve("temp-" + ProcessHandle.current().pid() + ".rdb");
  }

  /** Where a rewrite writes the new base before it is renamed into the manifest. */
  static Path rewrittenBase(Path aofDir, boolean rdb) {
    return aofDir.resolve("temp-rewriteaof-bg-" + ProcessHandle.current().pid() + (rdb ? ".rdb" : ".aof"));
  }

  /** Removes the dead snapshot temp files in {@code dir} (logged); a missing directory has none. */
  static void sweepSnapshots(Path dir) throws IOException {
    sweep(dir, SNAPSHOT, Set.of(), "a crashed BGSAVE");
  }

  /**
   * Removes the dead rewrite temp files in {@code aofDir} (logged), except any the manifest names
   * (a hand-written manifest may); a missing directory has none.
   */
  static void sweepRewrites(Path aofDir, Set<String> named) throws IOException {
    sweep(aofDir, REWRITE, named, "a crashed AOF rewrite");
  }

  private static void sweep(Path dir, Pattern names, Set<String> keep, String leftBy) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        Matcher name = names.matcher(file.getFileName().toString());
        if (!name.matches() || keep.contains(name.group()) || !Files.isRegularFile(file)) {
          continue;
        }
        long pid = Long.parseLong(name.group(1));
        if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          LOG.warning("Leaving " + file + " alone: it looks like the temp file of " + leftBy
              + ", but process " + pid + " is alive (another server on the same dir?)");
          continue;
        }
        Files.delete(file);
        LOG.warning("Removed " + file + ", the temp file of " + leftBy + " (process " + pid + ")");
      }
    }
  }
}

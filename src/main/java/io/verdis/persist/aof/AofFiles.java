package io.verdis.persist.aof;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The files of an {@code appendonlydir} and its manifest, as Redis 7 lays them out:
 * {@code <appendfilename>.<seq>.base.aof|rdb}, {@code <appendfilename>.<seq>.incr.aof} and
 * {@code <appendfilename>.manifest}. Only the AOF writer thread changes them once the server runs.
 */
public final class AofFiles {
  private static final Logger LOG = Logger.getLogger(AofFiles.class.getName());
  private final Path dir;
  private final String appendFilename;
  private AofManifest manifest;

  public AofFiles(Path dir, String appendFilename) {
    this.dir = dir;
    this.appendFilename = appendFilename;
  }

  public Path dir() {
    return dir;
  }

  public String manifestName() {
    return appendFilename + ".manifest";
  }

  private Path manifestPath() {
    return dir.resolve(manifestName());
  }

  public boolean exists() {
    return Files.exists(manifestPath());
  }

  /**
   * Reads the manifest from disk (an empty one when there is none yet and the directory holds no
   * AOF file), after checking that nothing the server will do next can destroy data: every file
   * the manifest names to load is there and readable, and AOF files without a manifest are refused
   * rather than started over. Each refusal is one message naming the file and what to do.
   */
  public AofManifest load() throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IOException("The AOF directory " + dir + " is not a directory: move that file away"
          + " or set appenddirname to another name");
    }
    Path manifestFile = manifestPath();
    if (!Files.exists(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
      StrayAofFiles.refuseIfAny(dir, appendFilename, manifestName());
      manifest = AofManifest.empty();
      return manifest;
    }
    if (!Files.isRegularFile(manifestFile)) {
      throw new IOException("The AOF manifest " + manifestFile + " is not a regular file");
    }
    AofManifest loaded;
    try {
      loaded = AofManifest.load(manifestFile);
    } catch (AofManifestException e) {
      throw new IOException("Bad AOF manifest " + manifestFile + ": " + e.getMessage());
    } catch (IOException e) {
      throw new IOException("Can't read the AOF manifest " + manifestFile + ": " + FileErrors.reason(e));
    }
    checkFiles(loaded);
    manifest = loaded;
    return manifest;
  }

  /**
   * Each file to load must be there, as Redis 7.0 refuses to start when one is missing (its text
   * quoted), and be a regular file it can read; no file may be named twice.
   */
  private void checkFiles(AofManifest loaded) throws IOException {
    Set<String> names = new HashSet<>();
    List<AofFileInfo> all = new ArrayList<>(loaded.filesInLoadOrder());
    all.addAll(loaded.history());
    for (AofFileInfo file : all) {
      if (!names.add(file.name())) {
        throw new IOException("The AOF manifest " + manifestPath() + " names the file " + file.name()
            + " twice: fix the manifest (one line per file)");
      }
    }
    for (AofFileInfo file : loaded.filesInLoadOrder()) {
      Path path = path(file);
      if (!Files.exists(path)) {
        throw new IOException("Unable to obtain the AOF file " + file.name() + " length. stat: No such file"
            + " or directory (the manifest " + manifestName() + " in " + dir + " names it): restore the file,"
            + " or fix the manifest if it is really gone");
      }
      if (!Files.isRegularFile(path)) {
        throw new IOException("The AOF file " + path + " named in the manifest is not a regular file");
      }
      try (FileChannel readable = FileChannel.open(path, StandardOpenOption.READ)) {
        readable.size();
      } catch (IOException e) {
        throw new IOException("Fatal error: can't open the append log file " + path + " for reading: "
            + FileErrors.reason(e));
      }
    }
  }

  public AofManifest manifest() {
    return manifest;
  }

  public Path path(AofFileInfo file) {
    return dir.resolve(file.name());
  }

  /** Base and incremental files, in load order. */
  public long totalSize() throws IOException {
    long total = 0;
    for (AofFileInfo file : manifest.filesInLoadOrder()) {
      Path path = path(file);
      if (Files.exists(path)) {
        total += Files.size(path);
      }
    }
    return total;
  }

  /**
   * The incremental file to append to: the last one of the manifest, or a new one (recorded in the
   * manifest before anything is written to it, so a crash never leaves an unlisted file in use).
   */
  public FileChannel openIncrForAppend() throws IOException {
    createDir();
    if (manifest.incrs().isEmpty()) {
      return openNewIncr();
    }
    // No CREATE: load() checked that the file is there; it must not be silently started over.
    AofFileInfo last = manifest.incrs().get(manifest.incrs().size() - 1);
    return FileChannel.open(path(last), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  /**
   * Starts a new incremental file and persists the manifest listing it (the start of a rewrite).
   * The file must not exist yet (CREATE_NEW: Verdis never truncates a file it did not create);
   * if the manifest cannot be switched to it, it is removed again and the current one stays.
   */
  public FileChannel openNewIncr() throws IOException {
    createDir();
    AofManifest next = manifest.withNewIncr(appendFilename);
    while (taken(next.incrs().get(next.incrs().size() - 1))) {
      next = manifest.withNewIncr(appendFilename, next.currentIncrSeq() + 1);
    }
    Path incr = path(next.incrs().get(next.incrs().size() - 1));
    FileChannel channel = FileChannel.open(incr, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      channel.force(true);
      switchTo(next);
      return channel;
    } catch (IOException e) {
      channel.close();
      Files.deleteIfExists(incr);
      throw e;
    }
  }

  /**
   * Ends a rewrite: {@code newBase} becomes the base, the files it replaces become history in a
   * manifest switched atomically (rename), and are then deleted. A crash before the switch leaves
   * the old manifest, whose files are all still there; after it, the new one. A name already taken
   * is skipped, not replaced; a manifest that cannot be switched fails the rewrite (the new base
   * is then removed again).
   */
  public void installBase(Path newBase, boolean rdb) throws IOException {
    AofManifest next = manifest.withNewBase(appendFilename, rdb);
    while (taken(next.base())) {
      next = manifest.withNewBase(appendFilename, rdb, next.currentBaseSeq() + 1);
    }
    Path target = path(next.base());
    Files.move(newBase, target, StandardCopyOption.ATOMIC_MOVE);
    try {
      switchTo(next);
    } catch (IOException e) {
      Files.deleteIfExists(target);
      throw e;
    }
    for (AofFileInfo old : next.history()) {
      try {
        Files.deleteIfExists(path(old));
      } catch (IOException e) {
        // The rewrite did succeed; the manifest keeps naming the file as history, for the next one.
        LOG.warning("Could not remove the old AOF file " + old.name() + ": " + FileErrors.reason(e));
        return;
      }
    }
    try {
      switchTo(next.withoutHistory());
    } catch (IOException e) {
      LOG.warning("Could not drop the removed history files from the AOF manifest: " + FileErrors.reason(e));
    }
  }

  /** Creates the AOF directory if missing (before a first base is written into it). */
  public void createDir() throws IOException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      // Java names only the path; the reason is what an operator needs.
      throw new IOException("Can't create the AOF directory " + dir + ": " + FileErrors.reason(e));
    }
  }

  /**
   * Whether a file the manifest does not name already has the new file's name: left by a crash
   * between creating a file and switching the manifest to it, or put there by hand. It is kept
   * (Verdis overwrites nothing it did not create) and the number skipped, with a warning.
   */
  private boolean taken(AofFileInfo newFile) {
    if (!Files.exists(path(newFile), LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    LOG.warning("The AOF file " + newFile.name() + " exists but the manifest does not name it: leaving it"
        + " alone and using the next number");
    return true;
  }

  /**
   * Makes {@code next} the manifest on disk and in memory. A failure after the rename (the
   * directory fsync) still switched it: the files it names must then be kept, so it counts as done.
   */
  private void switchTo(AofManifest next) throws IOException {
    try {
      next.writeTo(dir, manifestName());
    } catch (IOException e) {
      if (!onDisk(next)) {
        throw e;
      }
      LOG.warning("The AOF manifest was switched, but the directory could not be fsynced: " + FileErrors.reason(e));
    }
    manifest = next;
  }

  private boolean onDisk(AofManifest expected) {
    try {
      return Files.readString(manifestPath(), StandardCharsets.UTF_8).equals(expected.render());
    } catch (IOException e) {
      return false;
    }
  }
}

package io.verdis.persist.aof;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The files of an {@code appendonlydir} and its manifest, as Redis 7 lays them out:
 * {@code <appendfilename>.<seq>.base.aof|rdb}, {@code <appendfilename>.<seq>.incr.aof} and
 * {@code <appendfilename>.manifest}. Only the AOF writer thread changes them once the server runs.
 */
public final class AofFiles {
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

  /** Reads the manifest from disk (an empty one when there is none yet). */
  public AofManifest load() throws IOException {
    manifest = exists() ? AofManifest.load(manifestPath()) : AofManifest.empty();
    return manifest;
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
    Files.createDirectories(dir);
    if (manifest.incrs().isEmpty()) {
      return openNewIncr();
    }
    AofFileInfo last = manifest.incrs().get(manifest.incrs().size() - 1);
    return FileChannel.open(path(last), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  /** Starts a new incremental file and persists the manifest listing it (the start of a rewrite). */
  public FileChannel openNewIncr() throws IOException {
    Files.createDirectories(dir);
    AofManifest next = manifest.withNewIncr(appendFilename);
    AofFileInfo incr = next.incrs().get(next.incrs().size() - 1);
    FileChannel channel = FileChannel.open(path(incr), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    channel.force(true);
    next.writeTo(dir, manifestName());
    manifest = next;
    return channel;
  }

  /**
   * Ends a rewrite: {@code newBase} becomes the base, the files it replaces become history in a
   * manifest switched atomically (rename), and are then deleted. A crash before the switch leaves
   * the old manifest, whose files are all still there; after it, the new one.
   */
  public void installBase(Path newBase, boolean rdb) throws IOException {
    AofManifest next = manifest.withNewBase(appendFilename, rdb);
    Path target = path(next.base());
    Files.move(newBase, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    next.writeTo(dir, manifestName());
    manifest = next;
    for (AofFileInfo old : next.history()) {
      Files.deleteIfExists(path(old));
    }
    manifest = next.withoutHistory();
    manifest.writeTo(dir, manifestName());
  }
}

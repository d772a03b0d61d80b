package io.verdis.persist.aof;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The manifest of an appendonlydir, as Redis 7 writes and reads it (aof.c: aofLoadManifestFromFile,
 * getAofManifestAsString). Immutable: the writer derives the next manifest with the {@code with…}
 * operations, persists it with {@link #writeTo}, and only then switches to it, as Redis does with
 * its duplicated temp_am.
 */
public final class AofManifest {
  private static final String BASE_SUFFIX = ".base";
  private static final String INCR_SUFFIX = ".incr";
  private static final String RDB_FORMAT_SUFFIX = ".rdb";
  private static final String AOF_FORMAT_SUFFIX = ".aof";
  private static final String TEMP_PREFIX = "temp-";
  private static final AofManifest EMPTY = new AofManifest(null, List.of(), List.of(), 0, 0);

  private final AofFileInfo base;
  private final List<AofFileInfo> history;
  private final List<AofFileInfo> incrs;
  // Kept apart from the lists, as in Redis: once INCR files move to history, the next INCR still
  // continues the numbering instead of reusing a name that is on disk.
  private final long currentBaseSeq;
  private final long currentIncrSeq;

  AofManifest(AofFileInfo base, List<AofFileInfo> history, List<AofFileInfo> incrs,
      long currentBaseSeq, long currentIncrSeq) {
    this.base = base;
    this.history = List.copyOf(history);
    this.incrs = List.copyOf(incrs);
    this.currentBaseSeq = currentBaseSeq;
    this.currentIncrSeq = currentIncrSeq;
  }

  /** Parses a manifest's text with Redis's rules; see {@link #load} for files. */
  public static AofManifest parse(String text) throws AofManifestException {
    return ManifestParser.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  public static AofManifest load(Path manifestFile) throws IOException {
    return ManifestParser.parse(Files.readAllBytes(manifestFile));
  }

  /** No files yet: what Redis starts from when appendonlydir has no manifest. */
  public static AofManifest empty() {
    return EMPTY;
  }

  /** The BASE file, or null. */
  public AofFileInfo base() {
    return base;
  }

  /** The INCR files, in sequence order (the order to replay them in). */
  public List<AofFileInfo> incrs() {
    return incrs;
  }

  /** The HISTORY files, left by rewrites for deletion, in manifest order. */
  public List<AofFileInfo> history() {
    return history;
  }

  public long currentBaseSeq() {
    return currentBaseSeq;
  }

  public long currentIncrSeq() {
    return currentIncrSeq;
  }

  /** The BASE file, if any, then the INCR files: what start-up replays. */
  public List<AofFileInfo> filesInLoadOrder() {
    List<AofFileInfo> files = new ArrayList<>(incrs.size() + 1);
    if (base != null) {
      files.add(base);
    }
    files.addAll(incrs);
    return files;
  }

  /** The names of every file the manifest names, history included. */
  public Set<String> allNames() {
    Set<String> names = new HashSet<>();
    filesInLoadOrder().forEach(file -> names.add(file.name()));
    history.forEach(file -> names.add(file.name()));
    return names;
  }

  /** The manifest text, exactly as Redis 7.0 writes it: BASE, then HISTORY, then INCR lines. */
  public String render() {
    StringBuilder text = new StringBuilder();
    if (base != null) {
      text.append(base.toManifestLine());
    }
    history.forEach(info -> text.append(info.toManifestLine()));
    incrs.forEach(info -> text.append(info.toManifestLine()));
    return text.toString();
  }

  /**
   * Adds the INCR file {@code <appendFilename>.<seq+1>.incr.aof} (Redis: getNewIncrAofName), as at
   * start-up with no INCR file and at the start of every rewrite.
   */
  public AofManifest withNewIncr(String appendFilename) {
    return withNewIncr(appendFilename, currentIncrSeq + 1);
  }

  /** As {@link #withNewIncr(String)} with a given number, above the current one (to skip a name taken on disk). */
  AofManifest withNewIncr(String appendFilename, long seq) {
    AofFileInfo incr = new AofFileInfo(appendFilename + "." + seq + INCR_SUFFIX + AOF_FORMAT_SUFFIX,
        seq, AofFileInfo.Type.INCR);
    List<AofFileInfo> newIncrs = new ArrayList<>(incrs);
    newIncrs.add(incr);
    return new AofManifest(base, history, newIncrs, currentBaseSeq, seq);
  }

  /**
   * The manifest after a successful rewrite: the new BASE {@code <appendFilename>.<seq+1>.base.aof}
   * (or {@code .rdb}); the old BASE and every INCR file but the last, which the rewrite started and
   * which keeps receiving writes, become HISTORY. The order of the history follows Redis 7.0 exactly
   * (getNewBaseFileNameAndMarkPreAsHistory puts the old BASE at the head of the history, then
   * markRewrittenIncrAofAsHistory puts the rewritten INCR files, in order, in front of it).
   */
  public AofManifest withNewBase(String appendFilename, boolean rdbPreamble) {
    return withNewBase(appendFilename, rdbPreamble, currentBaseSeq + 1);
  }

  /** As {@link #withNewBase(String, boolean)} with a given number, above the current one. */
  AofManifest withNewBase(String appendFilename, boolean rdbPreamble, long seq) {
    AofFileInfo newBase = new AofFileInfo(appendFilename + "." + seq + BASE_SUFFIX
        + (rdbPreamble ? RDB_FORMAT_SUFFIX : AOF_FORMAT_SUFFIX), seq, AofFileInfo.Type.BASE);
    List<AofFileInfo> newHistory = new ArrayList<>(history.size() + incrs.size() + 1);
    List<AofFileInfo> rewritten = incrs.isEmpty() ? List.of() : incrs.subList(0, incrs.size() - 1);
    rewritten.forEach(incr -> newHistory.add(incr.withType(AofFileInfo.Type.HISTORY)));
    if (base != null) {
      newHistory.add(base.withType(AofFileInfo.Type.HISTORY));
    }
    newHistory.addAll(history);
    List<AofFileInfo> newIncrs = incrs.isEmpty() ? List.of() : List.of(incrs.get(incrs.size() - 1));
    return new AofManifest(newBase, newHistory, newIncrs, seq, currentIncrSeq);
  }

  /** The manifest once the HISTORY files are deleted (Redis: aofDelHistoryFiles). */
  public AofManifest withoutHistory() {
    return history.isEmpty() ? this : new AofManifest(base, List.of(), incrs, currentBaseSeq, currentIncrSeq);
  }

  /**
   * Writes the manifest atomically, as Redis's writeAofManifestFile: into {@code temp-<name>} in the
   * same directory, fsync it, rename it over {@code manifestName}, then fsync the directory so the
   * rename (and any new AOF file named in the manifest) survives a crash.
   */
  public void writeTo(Path dir, String manifestName) throws IOException {
    Path temp = dir.resolve(TEMP_PREFIX + manifestName);
    ByteBuffer bytes = ByteBuffer.wrap(render().getBytes(StandardCharsets.UTF_8));
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
    Files.move(temp, dir.resolve(manifestName), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AofManifest other
        && Objects.equals(base, other.base) && history.equals(other.history)
        && incrs.equals(other.incrs) && currentBaseSeq == other.currentBaseSeq
        && currentIncrSeq == other.currentIncrSeq;
  }

  @Override
  public int hashCode() {
    return Objects.hash(base, history, incrs, currentBaseSeq, currentIncrSeq);
  }

  @Override
  public String toString() {
    return render();
  }
}

package io.verdis.persist.aof;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * AOF files in an {@code appendonlydir} that has no manifest: start-up refuses them instead of
 * starting an empty AOF over them (empty files excepted: there is nothing in them to lose).
 *
 * <p>Why refuse rather than rebuild the manifest from the names: the manifest is the only record
 * of which files are live. Verdis (like Redis) writes it before it writes any file it names, so a
 * missing one was removed by someone, and the names alone cannot say what the base already holds:
 * a crash between a rewrite's manifest switch and its deletion of the old files leaves an INCR file
 * the new BASE contains, numbered just like a live one, and replaying it again would double every
 * INCR, RPUSH or APPEND in it. Only the operator knows; the message names the files and the fix.
 * Redis 7.0 in the same place starts empty without a word, replaces {@code <name>.1.base.rdb} and
 * appends to {@code <name>.1.incr.aof} if those exist (see README, Persistence).
 */
final class StrayAofFiles {
  private StrayAofFiles() {
  }

  /** Throws, naming them, if {@code dir} holds files of {@code appendFilename}'s AOF; a missing dir holds none. */
  static void refuseIfAny(Path dir, String appendFilename, String manifestName) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<String> found = new ArrayList<>();
    boolean anyData = false;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.startsWith(appendFilename + ".") || name.startsWith("temp-rewriteaof-")) {
          found.add(name);
          // Empty files alone hold nothing to lose: a crash between creating the first INCR file
          // and writing the first manifest leaves one, and the new manifest skips its number.
          anyData |= !Files.isRegularFile(file) || Files.size(file) > 0;
        }
      }
    } catch (IOException e) {
      throw new IOException("Can't list the AOF directory " + dir + ": " + FileErrors.reason(e));
    }
    if (!anyData) {
      return;
    }
    found.sort(null);
    throw new IOException("The AOF directory " + dir + " has no manifest " + manifestName + " but holds "
        + String.join(", ", found) + ". Verdis will not guess which of them hold the data nor start an empty"
        + " AOF over them: restore the manifest from a backup, or write one naming the files to load"
        + " (lines 'file <name> seq <n> type b' for the base and 'type i' for each incr, in order),"
        + " or move the files out of the directory to start without them");
  }
}

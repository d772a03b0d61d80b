package io.verdis.acl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code aclfile}: one {@code user <name> <rules…>} line per user, as ACL LIST writes them, so
 * redis-server and Verdis read each other's files. ACL SAVE writes a temporary file and renames
 * it over the old one, as Redis's ACLSaveToFile. The files are small: read and written at once.
 */
public final class AclFile {
  private static final Logger LOG = Logger.getLogger(AclFile.class.getName());

  private AclFile() {
  }

  /** Loads the file into {@code acl}; null when done, else Redis's error text (nothing changed then). */
  public static String load(Acl acl, String fileName, List<User> removed) {
    List<String> lines;
    try {
      lines = List.of(new String(Files.readAllBytes(Path.of(fileName)), StandardCharsets.ISO_8859_1).split("\n", -1));
    } catch (IOException e) {
      return "Error loading ACLs, opening file '" + fileName + "': " + reason(e);
    }
    return acl.load(fileName, lines, removed);
  }

  public static boolean save(Acl acl, String fileName) {
    StringBuilder text = new StringBuilder();
    acl.describeAll().forEach(line -> text.append(line).append('\n'));
    Path file = Path.of(fileName);
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
        + System.currentTimeMillis());
    try {
      Files.write(temporary, text.toString().getBytes(StandardCharsets.ISO_8859_1));
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Writing ACL file for ACL SAVE: " + reason(e));
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // nothing more to do: the old file is still in place
      }
      return false;
    }
  }

  /** strerror's words for the usual failures. */
  private static String reason(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "No such file or directory";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "Permission denied";
    }
    return String.valueOf(e.getMessage());
  }
}

package io.verdis.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
* Reads a redis.conf-style file into entries: one directive per line, arguments split as
* {@link ArgSplitter} does, blank lines and lines starting with '#' skipped, and
* {@code include path} replaced by the entries of that file. Values are not checked here.
*
* <p>An included path that is not absolute is taken relative to the including file's directory
* (Redis uses the working directory, which rarely is what the author of the file meant).
*/
final class ConfigFileReader {

  private ConfigFileReader() {
  }

  /** The entries of {@code file} and the files it includes, in the order they take effect. */
  static List<ConfigEntry> read(Path file) {
    List<ConfigEntry> entries = new ArrayList<>();
    read(file.toAbsolutePath().normalize(), new ArrayDeque<>(), entries, null);
    return entries;
  }

  private static void read(Path file, Deque<Path> including, List<ConfigEntry> entries, ConfigOrigin includedFrom) {
    if (including.contains(file)) {
      throw ConfigException.at(includedFrom, "The file " + file + " includes itself");
    }
    List<byte[]> lines = lines(readAll(file, includedFrom));
    including.push(file);
    for (int i = 0; i < lines.size(); i++) {
      byte[] line = trim(lines.get(i));
      ConfigOrigin origin = ConfigOrigin.fileLine(file, i + 1, new String(line, StandardCharsets.UTF_8));
      List<String> words = words(line)
          .orElseThrow(() -> ConfigException.at(origin, "Unbalanced quotes in configuration line"));
      if (words.isEmpty()) {
        continue;
      }
      String name = words.get(0);
      List<String> args = words.subList(1, words.size());
      if (name.equalsIgnoreCase("include") && args.size() == 1) {
        Path included = file.resolveSibling(args.get(0)).normalize();
        read(included, including, entries, origin);
      } else {
        entries.add(new ConfigEntry(name, args, origin));
      }
    }
    including.pop();
  }

  /** The file's lines, split at '\n' as Redis does (a final newline does not add a line). */
  static List<byte[]> lines(byte[] content) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < content.length; i++) {
      if (content[i] == '\n') {
        lines.add(Arrays.copyOfRange(content, start, i));
        start = i + 1;
      }
    }
    if (start < content.length) {
      lines.add(Arrays.copyOfRange(content, start, content.length));
    }
    return lines;
  }

  /**
  * The words of one line: empty for a blank line or a comment, absent when its quotes are
  * unbalanced.
  */
  static Optional<List<String>> words(byte[] line) {
    byte[] trimmed = trim(line);
    if (trimmed.length == 0 || trimmed[0] == '#') {
      return Optional.of(List.of());
    }
    return ArgSplitter.split(trimmed).map(ArgSplitter::decode);
  }

  /** Redis's sdstrim(line, " \t\r\n"). */
  static byte[] trim(byte[] line) {
    int start = 0;
    int end = line.length;
    while (start < end && isTrimmed(line[start])) {
      start++;
    }
    while (end > start && isTrimmed(line[end - 1])) {
      end--;
    }
    return Arrays.copyOfRange(line, start, end);
  }

  private static boolean isTrimmed(byte c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static byte[] readAll(Path file, ConfigOrigin includedFrom) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      String reason = "Fatal error, can't open config file '" + file + "': " + describe(e);
      throw includedFrom == null ? new ConfigException(reason) : ConfigException.at(includedFrom, reason);
    }
  }

  /** strerror-like text: Java's messages for these are only the path. */
  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "No such file or directory";
    } else if (e instanceof AccessDeniedException) {
      return "Permission denied";
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}

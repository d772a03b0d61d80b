package io.verdis.persist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every file under a data directory with its bytes, to show that a server which refused to start
 * left them exactly as they were. The servers' own logs (verdis-*.log, which VerdisProcess keeps in
 * the data directory) are left out.
 */
final class FileTree {
  private FileTree() {
  }

  /** Relative path → content (hex of it, so a failed assertEquals shows where they differ); "dir/" for directories. */
  static Map<String, String> of(Path root) throws IOException {
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        String name = root.relativize(path).toString();
        if (path.equals(root) || path.getFileName().toString().matches("verdis-\\d+\\.log")) {
          continue;
        }
        tree.put(Files.isDirectory(path) ? name + "/" : name,
            Files.isDirectory(path) ? "" : java.util.HexFormat.of().formatHex(Files.readAllBytes(path)));
      }
    }
    return tree;
  }
}

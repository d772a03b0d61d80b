package io.verdis.k8s;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
* What k8s/Containerfile's image runs: the final stage's exec-form ENTRYPOINT and CMD, its USER,
* and its COPY instructions, so a test can tell which repository file ends up at a path in the
* image. Only the instruction forms that file uses are understood; another form fails the read.
*/
record Containerfile(List<String> entrypoint, List<String> cmd, String user, List<Copy> copies) {

  static final Path FILE = Manifests.ROOT.resolve("Containerfile");

  /** A COPY: from the build context ({@code stage} null) or another stage, to {@code destination}. */
  record Copy(String stage, List<String> sources, String destination) {
  }

  static Containerfile read() {
    List<String> entrypoint = List.of();
    List<String> cmd = List.of();
    String user = null;
    List<Copy> copies = new ArrayList<>();
    for (String instruction : instructions(Manifests.read(FILE))) {
      String[] parts = instruction.split("\\s+", 2);
      String keyword = parts[0].toUpperCase();
      String rest = parts.length > 1 ? parts[1].trim() : "";
      switch (keyword) {
        case "FROM" -> { // a new stage: only the last one is the image
          entrypoint = List.of();
          cmd = List.of();
          user = null;
          copies.clear();
        }
        case "ENTRYPOINT" -> entrypoint = execForm(keyword, rest);
        case "CMD" -> cmd = execForm(keyword, rest);
        case "USER" -> user = rest;
        case "COPY" -> copies.add(copy(rest));
        default -> {
          // RUN, WORKDIR, EXPOSE ...: nothing the pod's configuration depends on
        }
      }
    }
    return new Containerfile(entrypoint, cmd, user, List.copyOf(copies));
  }

  /** The repository file copied to {@code imagePath} from the build context, if any. */
  Optional<Path> sourceOf(String imagePath) {
    for (Copy copy : copies) {
      if (copy.stage() != null || copy.sources().size() != 1) {
        continue;
      }
      String source = copy.sources().get(0);
      if (copy.destination().endsWith("/") && source.endsWith("/") && imagePath.startsWith(copy.destination())) {
        return Optional.of(Path.of(source).resolve(imagePath.substring(copy.destination().length())));
      }
      if (copy.destination().equals(imagePath)) {
        return Optional.of(Path.of(source));
      }
    }
    return Optional.empty();
  }

  /** The instructions, comments dropped and continued lines ("\" at the end) joined. */
  private static List<String> instructions(String text) {
    List<String> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || trimmed.isEmpty() && current.length() == 0) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      instructions.add(current.toString());
      current.setLength(0);
    }
    return instructions;
  }

  private static List<String> execForm(String keyword, String rest) {
    if (!rest.startsWith("[")) {
      throw new IllegalArgumentException(keyword + " is not in exec form (a JSON array): " + rest);
    }
    return StrictYaml.stringArray(rest);
  }

  private static Copy copy(String rest) {
    List<String> words = new ArrayList<>(Arrays.asList(rest.split("\\s+")));
    String stage = null;
    while (!words.isEmpty() && words.get(0).startsWith("--")) {
      String option = words.remove(0);
      if (option.startsWith("--from=")) {
        stage = option.substring("--from=".length());
      } else {
        throw new IllegalArgumentException("COPY option not understood here: " + option);
      }
    }
    if (words.size() < 2) {
      throw new IllegalArgumentException("COPY needs a source and a destination: " + rest);
    }
    return new Copy(stage, List.copyOf(words.subList(0, words.size() - 1)), words.get(words.size() - 1));
  }
}

package io.verdis.it;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Outside programs a test drives (node, npm): found on PATH, run to their end with their output kept. */
public final class Programs {
  private Programs() {
  }

  /** The first of {@code names} that is an executable on PATH. */
  public static Optional<Path> onPath(String... names) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(names)
        .flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name)))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * Runs {@code command} (with {@code environment} added to this JVM's) to its end; its output
   * (stdout and stderr). Fails, with that output, when it exits non-zero or is still running after
   * {@code timeoutSeconds}: a hang guard, killing the program and its children, not a timing assertion.
   */
  public static String run(List<String> command, Map<String, String> environment, int timeoutSeconds) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    process.getOutputStream().close();
    StringBuilder output = new StringBuilder();
    Thread reader = new Thread(() -> {
      try {
        output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (Exception e) {
        output.append("(output lost: ").append(e).append(')');
      }
    });
    reader.start();
    boolean exited = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!exited) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    reader.join(10_000);
    String text = output.toString();
    assertTrue(exited, String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n" + text);
    assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + text);
    return text;
  }
}

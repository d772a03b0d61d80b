package io.verdis.it.web;

import io.verdis.it.Programs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the playwright-core scripts of {@code src/test/browser/} in headless Chromium against a
 * node: each prints its steps and exits 0 only when every check held; its output is the failure
 * message otherwise. Screenshots go to {@code target/screenshots/}. {@link #find()} skips the
 * calling test (with a message) only where node or Chromium is missing; {@code .ci/run} installs
 * both, so CI always runs them.
 */
public final class BrowserScripts {
  private static final Path SCRIPTS = Path.of("src", "test", "browser");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final Path node;
  private final Path chromium;

  private BrowserScripts(Path node, Path chromium) {
    this.node = node;
    this.chromium = chromium;
  }

  /** node and Chromium on PATH, and playwright-core installed; the test is skipped without them. */
  public static BrowserScripts find() throws Exception {
    Optional<Path> foundNode = Programs.onPath("node", "nodejs");
    Optional<Path> foundChromium = Programs.onPath("chromium", "chromium-browser");
    assumeTrue(foundNode.isPresent(), "node is not installed (apt-get install nodejs npm): browser tests skipped");
    assumeTrue(foundChromium.isPresent(), "chromium is not installed (apt-get install chromium): browser tests skipped");
    BrowserScripts scripts = new BrowserScripts(foundNode.get(), foundChromium.get());
    scripts.installModules();
    return scripts;
  }

  /** Runs {@code script} against the node at {@code httpPort} (RESP on {@code respPort}); its output. */
  public String run(String script, int httpPort, int respPort, String... extra) throws Exception {
    List<String> command = new ArrayList<>(List.of(node.toString(), SCRIPTS.resolve(script).toString(),
        "http://127.0.0.1:" + httpPort + "/", Integer.toString(respPort), SCREENSHOTS.toString()));
    command.addAll(List.of(extra));
    String output = exec(command, 240);
    System.out.println(output);
    return output;
  }

  private String exec(List<String> command, int timeoutSeconds) throws Exception {
    return Programs.run(command, Map.of("CHROMIUM_PATH", chromium.toString()), timeoutSeconds);
  }

  /** playwright-core, from the committed package-lock.json, when an earlier `npm ci` did not fetch it. */
  private void installModules() throws Exception {
    if (Files.isDirectory(SCRIPTS.resolve("node_modules").resolve("playwright-core"))) {
      return;
    }
    Optional<Path> npm = Programs.onPath("npm");
    assumeTrue(npm.isPresent(), "npm is not installed (apt-get install npm): browser tests skipped");
    exec(List.of(npm.get().toString(), "ci", "--no-audit", "--no-fund", "--prefix", SCRIPTS.toString()), 600);
  }
}

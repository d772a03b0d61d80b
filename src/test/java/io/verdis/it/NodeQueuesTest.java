package io.verdis.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Node's job queues, as applications run them, against a real node: the scripts of
 * {@code src/test/queues/} (Bull, Bee-Queue, BullMQ from its package-lock.json) each run their
 * scenarios against the port given and exit 0 only when every check held; their output, naming
 * the command and the library's Lua script that failed, is the failure message otherwise. Skipped
 * where node or the modules are missing ({@code .ci/run} installs both). Run with
 * {@code -Dverdis.it.server=redis} to check the scripts themselves against redis-server.
 */
class NodeQueuesTest {
  private static final Path SCRIPTS = Path.of("src", "test", "queues");
  /** A hang guard, not a timing assertion: each script also stops itself, with what was running, before this. */
  private static final int TIMEOUT_SECONDS = 300;

  private static Path node;

  @BeforeAll
  static void findNode() {
    node = Programs.onPath("node", "nodejs").orElse(null);
    assumeTrue(node != null, "node is not installed (apt-get install nodejs npm): job queue tests skipped");
  }

  @Test
  void bullRunsBulkDelayedRetriedAndRepeatableJobsWithEvents() throws Exception {
    run("bull.mjs", "bull");
  }

  @Test
  void beeQueueRunsBulkRetriedAndDelayedJobsWithEvents() throws Exception {
    run("beequeue.mjs", "bee-queue");
  }

  @Test
  void bullmqRunsBulkDelayedRetriedAndRepeatableJobsWithEvents() throws Exception {
    run("bullmq.mjs", "bullmq");
  }

  private void run(String script, String module) throws Exception {
    try (ServerUnderTest server = ServerUnderTest.start()) {
      run(server, script, module);
    }
  }

  private void run(ServerUnderTest server, String script, String module) throws Exception {
    assumeTrue(Files.isDirectory(SCRIPTS.resolve("node_modules").resolve(module)),
        module + " is not installed (npm ci --prefix " + SCRIPTS + "): skipped");
    String output = Programs.run(List.of(node.toString(), SCRIPTS.resolve(script).toString(),
        Integer.toString(server.port())), Map.of(), TIMEOUT_SECONDS);
    System.out.println(script + " against " + server.name() + ":\n" + output);
  }
}

package io.verdis.persist.aof;

import io.verdis.metrics.LatencyBuckets;
import io.verdis.metrics.LatencyHistogram;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AofWriterTest {
  @TempDir
  Path dir;

  /**
   * CONFIG SET appendonly no stops the writer while a rewrite may still be writing its base: the
   * rewrite's last step, queued on a thread that has ended, never completed, and the rewrite stayed
   * in progress for good (a later appendonly yes then recorded nothing).
   */
  @Test
  void aRewriteStepAfterTheWriterStoppedFailsInsteadOfNeverCompleting() throws Exception {
    AofFiles files = new AofFiles(dir.resolve("appendonlydir"), "appendonly.aof");
    files.load();
    AofWriter writer = new AofWriter(files, AofWriter.Fsync.EVERYSEC,
        new LatencyHistogram(LatencyBuckets.PROMETHEUS), new LatencyHistogram(LatencyBuckets.PROMETHEUS),
        new io.verdis.server.LatencyMonitor());
    writer.start();
    writer.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

    Future<Void> install = writer.installBase(dir.resolve("temp-rewriteaof-bg-1.aof"), false);
    Future<Void> switched = writer.switchIncr();

    assertTrue(install.failed(), "installBase after stop: " + install);
    assertEquals("the AOF was turned off", install.cause().getMessage());
    assertTrue(switched.failed(), "switchIncr after stop: " + switched);
  }
}

package io.verdis.embed;

import io.verdis.it.RawClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application or test suite may start and stop embedded nodes many times in one JVM: what a
 * node takes (threads, file descriptors, heap) must go with it. Measured after a first start, so
 * that what stays for good (loaded classes, JDK and Netty singletons) is in the baseline.
 */
class EmbeddedLeakTest {
  private static final int ROUNDS = 100;

  @Test
  void startingAndStoppingAHundredTimesLeaksNoThreadsFilesOrMemory() throws Exception {
    startUseStop();
    int threadsBefore = liveThreads();
    long filesBefore = openFiles();
    long heapBefore = heapAfterGc();
    for (int i = 0; i < ROUNDS; i++) {
      startUseStop();
    }
    int threadsAfter = liveThreads();
    long filesAfter = openFiles();
    long heapAfter = heapAfterGc();
    System.out.printf("after %d starts: threads %d -> %d, open files %d -> %d, heap %d KiB -> %d KiB%n",
        ROUNDS, threadsBefore, threadsAfter, filesBefore, filesAfter, heapBefore / 1024, heapAfter / 1024);
    // A leak of one thread, descriptor or node's worth of heap per start would show 100 times over.
    assertTrue(threadsAfter <= threadsBefore + 5, () -> "threads " + threadsBefore + " -> " + threadsAfter);
    assertTrue(filesAfter <= filesBefore + 10, () -> "open files " + filesBefore + " -> " + filesAfter);
    assertTrue(heapAfter <= heapBefore + 32L * 1024 * 1024, () -> "heap " + heapBefore + " -> " + heapAfter);
  }

  private static void startUseStop() throws Exception {
    EmbeddedVerdis verdis = EmbeddedVerdis.builder().start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    try (RawClient client = new RawClient(verdis.port())) {
      assertEquals("+OK\r\n", client.call("SET", "k", "v"));
    } finally {
      verdis.close();
    }
  }

  /** Live threads, once those of the last stop had time to end (Vert.x lets its pools finish on their own). */
  private static int liveThreads() throws InterruptedException {
    int count = Thread.activeCount();
    for (int i = 0; i < 50; i++) {
      Thread.sleep(100);
      int now = Thread.activeCount();
      if (now == count) {
        break;
      }
      count = now;
    }
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  private static long openFiles() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}

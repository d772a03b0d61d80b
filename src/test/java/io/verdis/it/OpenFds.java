package io.verdis.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The file descriptors this JVM holds open (Linux's /proc/self/fd): with the server in process,
 * a socket the server never closes shows up here.
 */
final class OpenFds {
  private static final Path FDS = Path.of("/proc/self/fd");

  private OpenFds() {
  }

  static void assumeCountable() {
    assumeTrue(Files.isDirectory(FDS), "no /proc/self/fd to count open files with");
  }

  static int count() {
    try (Stream<Path> fds = Files.list(FDS)) {
      return (int) fds.count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The count once it is at most {@code bound}, or the last one seen after {@code seconds}: closes
   * finish on the event loops after the clients are gone, so the count is given a while to settle.
   */
  static int settledAtMost(int bound, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    int count = count();
    while (count > bound && System.nanoTime() < deadline) {
      Thread.sleep(50);
      count = count();
    }
    return count;
  }
}

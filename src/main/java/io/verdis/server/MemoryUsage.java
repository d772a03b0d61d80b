package io.verdis.server;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/** Memory figures for INFO memory and Pizzaria status: the JVM heap stands in for Redis's allocator. */
public final class MemoryUsage {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private static final AtomicLong PEAK = new AtomicLong();
  /** In use when this class first ran: the server's first statistics sample, as it starts. */
  private static final long STARTUP = usedBytes();

  private MemoryUsage() {
  }

  /** Heap in use now (live data plus garbage not yet collected): Redis's used_memory. */
  public static long usedBytes() {
    long used = MEMORY.getHeapMemoryUsage().getUsed() + MEMORY.getNonHeapMemoryUsage().getUsed();
    PEAK.accumulateAndGet(used, Math::max);
    return used;
  }

  /** {@link #usedBytes} as the node started (MEMORY STATS startup.allocated). */
  public static long startupBytes() {
    return STARTUP;
  }

  /** The highest {@link #usedBytes} seen (sampled as Redis samples its peak): used_memory_peak. */
  public static long peakBytes() {
    return PEAK.get();
  }

  public static long heapUsed() {
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  public static long heapCommitted() {
    return MEMORY.getHeapMemoryUsage().getCommitted();
  }

  /** Non-heap memory (metaspace, code cache, ...) the JVM has committed. */
  public static long nonHeapCommitted() {
    return MEMORY.getNonHeapMemoryUsage().getCommitted();
  }

  public static long heapMax() {
    return MEMORY.getHeapMemoryUsage().getMax();
  }

  /** Resident set size from /proc (Linux), or -1 where it cannot be read. */
  public static long residentBytes() {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}

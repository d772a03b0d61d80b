package io.verdis.command.server;

/**
 * MEMORY DOCTOR: Redis's report (getMemoryDoctorReport) with the one check that means something
 * on a JVM: the heap near its maximum. Redis's fragmentation and peak checks are left out: a JVM
 * heap holds garbage until the next collection, so its used/peak ratios swing with no problem behind.
 */
final class MemoryDoctor {
  /** Redis calls an instance below 5 MB empty; a JVM's own heap is larger, so "empty" means no keys. */
  private static final String EMPTY = "Hi Sam, this instance is empty or is using very little memory, my issues"
      + " detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some"
      + " data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n";
  private static final String HEALTHY = "Hi Sam, I can't find any memory issue in your instance. I can only account"
      + " for what occurs on this base.\n";
  private static final double HEAP_NEARLY_FULL = 0.9;

  private MemoryDoctor() {
  }

  static String report(MemoryFigures figures) {
    if (figures.keys() == 0) {
      return EMPTY;
    }
    long max = io.verdis.server.MemoryUsage.heapMax();
    if (max <= 0 || figures.heapUsed() < max * HEAP_NEARLY_FULL) {
      return HEALTHY;
    }
    return "Sam, I detected a few issues in this Redis instance memory implants:\n\n"
        + " * JVM heap: " + figures.heapUsed() + " of the heap's " + max + " bytes (-Xmx) are in use. Collections"
        + " grow longer and more frequent near the limit, and an allocation that does not fit fails. Set"
        + " maxmemory below the heap, or start the JVM with a larger -Xmx.\n\n"
        + "I'm here to keep you safe, Sam. I want to help you.\n";
  }
}

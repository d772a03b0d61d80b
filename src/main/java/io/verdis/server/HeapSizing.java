package io.verdis.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

import java.lang.management.ManagementFactory;
import java.util.logging.Logger;

/**
 * Makes the JVM give back heap it no longer needs, so the resident size follows the data as
 * redis-server's does. By default G1 keeps up to 70% of the heap free after a collection: with one
 * million keys loaded, RSS per key was 2.5x Redis's; keeping 5-10% free brought it to 1.1x (live
 * heap per key is 1.0x). These flags are "manageable", so they can be set at run time; a value
 * given on the java command line is left alone.
 */
final class HeapSizing {
  private static final Logger LOG = Logger.getLogger(HeapSizing.class.getName());

  private HeapSizing() {
  }

  static void returnUnusedHeap() {
    HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    // Min before Max: the JVM insists on Min <= Max at every step.
    setIfDefault(hotspot, "MinHeapFreeRatio", "5");
    setIfDefault(hotspot, "MaxHeapFreeRatio", "10");
    // An idle node runs a concurrent cycle now and then, which uncommits what it freed.
    setIfDefault(hotspot, "G1PeriodicGCInterval", "30000");
  }

  private static void setIfDefault(HotSpotDiagnosticMXBean hotspot, String flag, String value) {
    try {
      if (hotspot.getVMOption(flag).getOrigin() == VMOption.Origin.DEFAULT) {
        hotspot.setVMOption(flag, value);
      }
    } catch (IllegalArgumentException | SecurityException e) {
      LOG.fine(() -> "JVM flag " + flag + " left as is: " + e.getMessage());
    }
  }
}

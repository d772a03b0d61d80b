package io.verdis.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** INFO as tests read it, from Verdis or Redis alike. */
public final class Info {
  private Info() {
  }

  /** The lines of INFO {@code section}. */
  public static List<String> lines(RawClient client, String section) throws IOException {
    return new String((byte[]) client.request("INFO", section), StandardCharsets.UTF_8).lines().toList();
  }

  /**
   * Polls INFO {@code section} until it holds every one of {@code lines} (background work such as
   * BGSAVE or BGREWRITEAOF has finished); fails after 20 s so a hang names what it waited for.
   */
  public static void await(RawClient client, String section, String... lines) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      List<String> info = lines(client, section);
      if (info.containsAll(List.of(lines))) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("INFO " + section + " never showed " + List.of(lines) + ":\n" + info);
      }
      Thread.sleep(20);
    }
  }
}

package io.verdis.replication;

import io.verdis.it.Info;
import io.verdis.it.RawClient;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What replication tests read from INFO replication, on Verdis and redis-server alike. */
final class ReplicationProbe {
  private ReplicationProbe() {
  }

  /** Until the replica's link is up and no sync is in progress. */
  static void awaitLinkUp(RawClient replica) throws IOException, InterruptedException {
    Info.await(replica, "replication", "master_link_status:up", "master_sync_in_progress:0");
  }

  /** Until the replica has applied every byte of the stream the primary produced. */
  static void awaitCaughtUp(RawClient primary, RawClient replica) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      long produced = number(primary, "master_repl_offset");
      List<String> info = Info.lines(replica, "replication");
      long applied = number(info, "slave_repl_offset");
      if (produced == applied && info.contains("master_link_status:up")) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the replica stays at offset " + applied + " of " + produced + ": " + info);
      }
      Thread.sleep(20);
    }
  }

  static long number(RawClient client, String field) throws IOException {
    return number(Info.lines(client, "replication"), field);
  }

  static long number(List<String> info, String field) {
    return Long.parseLong(text(info, field));
  }

  static String text(List<String> info, String field) {
    return info.stream().filter(line -> line.startsWith(field + ":")).findFirst()
        .map(line -> line.substring(field.length() + 1))
        .orElseThrow(() -> new AssertionError("no " + field + " in " + info));
  }

  /** A field of INFO stats (sync_full, sync_partial_ok …). */
  static long stat(RawClient client, String field) throws IOException {
    return number(Info.lines(client, "stats"), field);
  }

  /** The field names of INFO replication, in order. */
  static List<String> fieldNames(RawClient client) throws IOException {
    return Info.lines(client, "replication").stream().filter(line -> line.contains(":"))
        .map(line -> line.substring(0, line.indexOf(':'))).toList();
  }

  /** SIGSTOP / SIGCONT a server process: a replica that stops acknowledging, then wakes. */
  static void signal(String name, long pid) throws IOException, InterruptedException {
    if (new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor() != 0) {
      throw new IllegalStateException("kill -" + name + " " + pid + " failed");
    }
  }

  static int countOf(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }
}

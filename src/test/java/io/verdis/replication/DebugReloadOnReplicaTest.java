package io.verdis.replication;

import io.verdis.it.RawClient;
import io.verdis.it.TestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * DEBUG RELOAD and DEBUG LOADAOF on a replica while its primary takes writes: the primary's
 * stream waits for the load instead of being answered -LOADING and dropped, so the replica ends
 * with the primary's data, not just its offset.
 */
class DebugReloadOnReplicaTest {

  @Test
  void aReplicaReloadingWhileThePrimaryWritesKeepsEveryWrite() throws Exception {
    try (TestServer primary = TestServer.start("--shards", "2");
         TestServer replica = TestServer.start("--shards", "2", "--appendonly", "yes",
             "--replicaof", "127.0.0.1", Integer.toString(primary.port()));
         RawClient onPrimary = new RawClient(primary.port());
         RawClient onReplica = new RawClient(replica.port())) {
      ReplicationProbe.awaitLinkUp(onReplica);
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService writer = Executors.newSingleThreadExecutor();
      try {
        Future<?> writes = writer.submit(() -> increment(primary.port(), stop));
        for (int i = 0; i < 6; i++) {
          assertEquals("+OK\r\n", onReplica.call("DEBUG", "RELOAD"));
          assertEquals("+OK\r\n", onReplica.call("DEBUG", "LOADAOF"));
        }
        stop.set(true);
        writes.get();
      } finally {
        stop.set(true);
        writer.shutdownNow();
      }
      ReplicationProbe.awaitCaughtUp(onPrimary, onReplica);
      String counter = onPrimary.call("GET", "counter");
      assertEquals(counter, onReplica.call("GET", "counter"));
      assertEquals(onPrimary.call("DBSIZE"), onReplica.call("DBSIZE"));
    }
  }

  /** Pipelined INCRs on a few keys until {@code stop}. */
  private static Void increment(int port, AtomicBoolean stop) throws IOException {
    try (RawClient client = new RawClient(port)) {
      while (!stop.get()) {
        for (int i = 0; i < 32; i++) {
          client.send(RawClient.command("INCR", i % 2 == 0 ? "counter" : "other" + (i % 7)));
        }
        for (int i = 0; i < 32; i++) {
          String reply = client.readReply();
          if (!reply.startsWith(":")) {
            throw new AssertionError("INCR on the primary answered " + reply);
          }
        }
      }
    }
    return null;
  }
}

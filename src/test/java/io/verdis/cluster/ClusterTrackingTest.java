package io.verdis.cluster;

import io.verdis.it.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Client-side caching on two nodes: a client is tracked on the node it is connected to, for the keys
 * that node owns; a write to such a key is invalidated whichever node the writer is connected to,
 * since the write runs on the owner.
 */
class ClusterTrackingTest {
  @TempDir
  static Path root;
  static LocalCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.start(root, 2);
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aKeyOwnedByTheTrackersNodeIsInvalidatedWhateverNodeTheWriterUses() throws Exception {
    LocalCluster.Node home = cluster.node(0);
    String key = OwnedKeys.keyOwnedBy(home, "tracked:");
    try (RawClient tracker = home.client(); RawClient local = home.client(); RawClient remote = cluster.node(1).client()) {
      tracker.call("HELLO", "3");
      assertEquals("+OK\r\n", tracker.call("CLIENT", "TRACKING", "ON"));
      assertEquals("_\r\n", tracker.call("GET", key));
      assertEquals("OK", remote.request("SET", key, "from the other node"));
      assertEquals(">2\r\n$10\r\ninvalidate\r\n*1\r\n$" + key.length() + "\r\n" + key + "\r\n", tracker.readReply());
      assertEquals("$19\r\nfrom the other node\r\n", tracker.call("GET", key));
      assertEquals("OK", local.request("SET", key, "from this node"));
      assertEquals(">2\r\n$10\r\ninvalidate\r\n*1\r\n$" + key.length() + "\r\n" + key + "\r\n", tracker.readReply());
      assertEquals("+PONG\r\n", tracker.call("PING"));
    }
  }
}

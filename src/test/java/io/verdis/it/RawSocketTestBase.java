package io.verdis.it;

import io.verdis.shard.SlotTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tests that talk to one real node (three shards over two event loops) through raw sockets,
 * byte for byte, with every database flushed before each test.
 */
public abstract class RawSocketTestBase {
  /** The slot table of the node under test (three shards), to place keys on chosen shards. */
  protected static final SlotTable SLOTS = new SlotTable(3);
  protected static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start("--shards", "3", "--event-loops", "2");
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void flush() throws IOException {
    try (RawClient raw = client()) {
      assertEquals("+OK\r\n", raw.call("flushall"));
    }
  }

  /** The first of base0, base1, … that lives on {@code shard}. */
  protected static String keyOnShard(String base, int shard) {
    for (int i = 0; ; i++) {
      String key = base + i;
      if (SLOTS.shardOf(key.getBytes(StandardCharsets.UTF_8)) == shard) {
        return key;
      }
    }
  }

  protected static RawClient client() throws IOException {
    return new RawClient(server.port());
  }
}

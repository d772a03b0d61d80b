package io.verdis.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tests that talk to one real node (three shards over two event loops) through raw sockets,
 * byte for byte, with every database flushed before each test.
 */
public abstract class RawSocketTestBase {
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

  protected static RawClient client() throws IOException {
    return new RawClient(server.port());
  }
}

package io.verdis.it;

import io.verdis.server.IoTransport;
import io.vertx.core.transport.Transport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Each network transport {@code io-transport} can pick serves the same protocol: commands, a
 * pipelined burst, pub/sub to several subscribers, and INFO naming the transport. The ones this
 * machine cannot run (io_uring in a container that forbids it) are skipped, with the reason.
 */
class IoTransportTest {

  @ParameterizedTest
  @ValueSource(strings = {"io_uring", "epoll", "nio"})
  void eachTransportServesCommandsAndPubSub(String name) throws IOException {
    assumeAvailable(name);
    try (TestServer server = TestServer.start("--io-transport", name);
         RawClient client = new RawClient(server.port());
         RawClient first = new RawClient(server.port());
         RawClient second = new RawClient(server.port())) {
      String info = client.call("INFO", "server");
      String api = name.equals("nio") ? "java.nio" : name;
      assertTrue(info.contains("multiplexing_api:" + api + "\r\n"), info);
      assertEquals("+OK\r\n", client.call("SET", "k", "v"));
      assertEquals("$1\r\nv\r\n", client.call("GET", "k"));

      StringBuilder burst = new StringBuilder();
      for (int i = 0; i < 1000; i++) {
        burst.append(new String(RawClient.command("INCR", "n"), StandardCharsets.US_ASCII));
      }
      client.send(burst.toString());
      for (int i = 1; i <= 1000; i++) {
        assertEquals(":" + i + "\r\n", client.readReply());
      }

      first.call("SUBSCRIBE", "news");
      second.call("SUBSCRIBE", "news");
      assertEquals(":2\r\n", client.call("PUBLISH", "news", "hello"));
      String message = "*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n";
      assertEquals(message, first.readUntil("hello\r\n"));
      assertEquals(message, second.readUntil("hello\r\n"));
    }
  }

  /** Skips a test of a transport this machine cannot run, with the reason. */
  static void assumeAvailable(String name) {
    Transport transport = IoTransport.named(name);
    assumeTrue(transport != null && transport.available(), () -> name + " is not available here: "
        + (transport == null ? "no classes" : transport.unavailabilityCause()));
  }
}

package io.verdis.it;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientTimeoutTest {

  @Test
  void aClientIdleLongerThanTimeoutIsClosedWhileAnActiveOneStays() throws Exception {
    try (TestServer server = TestServer.start("--timeout", "1");
         RawClient idle = new RawClient(server.port());
         RawClient active = new RawClient(server.port())) {
      idle.send("PING\r\n");
      assertEquals("+PONG\r\n", idle.readReply());
      boolean closed = false;
      for (int i = 0; i < 40 && !closed; i++) {
        active.send("PING\r\n");
        assertEquals("+PONG\r\n", active.readReply());
        Thread.sleep(250);
        closed = idle.closedByServerWithin(1);
      }
      assertTrue(closed, "the idle client is still connected");
      active.send("PING\r\n");
      assertEquals("+PONG\r\n", active.readReply());
    }
  }
}

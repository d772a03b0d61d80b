package io.verdis.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * HTTP sent to the RESP or Pizzaria port, as a web page can make a browser do (cross-protocol
 * scripting): the connection is closed without a reply and nothing after the request runs, as
 * redis-server 7.0.15 does for a command named POST or Host:, and the node logs Redis's warning
 * at most once a minute.
 */
class CrossProtocolTest extends RawSocketTestBase {
  private static final String WARNING = "Possible SECURITY ATTACK detected. It looks like somebody is sending POST "
      + "or Host: commands to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting "
      + "to compromise your Redis instance. Connection aborted.";

  /** What {@code curl -X POST http://127.0.0.1:PORT/ --data-binary BODY} sends. */
  private static String curlPost(int port, String body) {
    return "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n"
        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\n\r\n" + body;
  }

  /** Sends {@code request} and expects the connection closed with nothing written back. */
  private static void assertClosedWithoutReply(int port, String request) throws IOException {
    try (RawClient raw = new RawClient(port)) {
      raw.send(request);
      assertEquals("", raw.readToEnd(), request);
    }
  }

  private static void assertAbsent(String key) throws IOException {
    try (RawClient raw = client()) {
      assertEquals(":0\r\n", raw.call("exists", key));
    }
  }

  @Test
  void anHttpPostToTheRespPortIsClosedWithoutAReplyAndItsBodyNeverRuns() throws IOException {
    assertClosedWithoutReply(server.port(), curlPost(server.port(), "SET xproto pwned\r\n"));
    assertAbsent("xproto");
  }

  @Test
  void postAndHostAreCaughtInAnyCaseInlineOrMultibulkAndInsideMulti() throws IOException {
    assertClosedWithoutReply(server.port(), "post\r\nSET xproto pwned\r\n");
    assertClosedWithoutReply(server.port(), "Host: example\r\nSET xproto pwned\r\n");
    assertClosedWithoutReply(server.port(), "*1\r\n$5\r\nhOsT:\r\n*3\r\n$3\r\nSET\r\n$6\r\nxproto\r\n$5\r\npwned\r\n");
    // Replies owed to the commands before it in the same read are dropped too, as in Redis.
    assertClosedWithoutReply(server.port(), "MULTI\r\nPOST\r\nSET xproto pwned\r\nEXEC\r\n");
    assertAbsent("xproto");
  }

  @Test
  void wordsThatOnlyLookLikeHttpAreCommandsAsInRedis() throws IOException {
    try (RawClient raw = client()) {
      raw.send("Host:x\r\nGET / HTTP/1.1\r\nPING\r\n");
      assertEquals("-ERR unknown command 'Host:x', with args beginning with: \r\n", raw.readReply());
      assertEquals("-ERR wrong number of arguments for 'get' command\r\n", raw.readReply());
      assertEquals("+PONG\r\n", raw.readReply());
    }
  }

  @Test
  void postAndHostAreNotInTheCommandTableAsInRedis() throws IOException {
    try (RawClient raw = client()) {
      assertEquals("*2\r\n$-1\r\n$-1\r\n", raw.call("command", "info", "post", "host:"));
    }
  }

  @Test
  void anHttpPostToThePizzariaPortIsClosedWithoutAReplyAndItsBodyNeverRuns() throws IOException {
    assertClosedWithoutReply(server.pizzariaPort(), curlPost(server.pizzariaPort(), "write xproto|pwned\r"));
    assertAbsent("xproto");
  }

  @Test
  void anHttpRequestLineOrAHostHeaderOnThePizzariaPortClosesIt() throws IOException {
    for (String line : List.of("GET / HTTP/1.1", "OPTIONS /api HTTP/1.1", "DELETE /xproto HTTP/1.0", "post",
        "host: example", "HOST:example")) {
      assertClosedWithoutReply(server.pizzariaPort(), line + "\rwrite xproto|pwned\r");
    }
    assertAbsent("xproto");
  }

  @Test
  void pizzariaLinesThatAreNotHttpRequestLinesAreRequestsAsBefore() throws IOException {
    try (RawClient raw = new RawClient(server.pizzariaPort())) {
      raw.send("write /x HTTP/1.1|v\rdelete /x HTTP/1.1\rget / HTTP/1.1\rGET /\rread absent\r");
      assertEquals("success\rsuccess\rerror\rerror\rerror\r", raw.readUntil("error\rerror\rerror\r"));
    }
  }

  @Test
  void theWarningIsLoggedOnceAMinuteHoweverManyAttemptsOnEitherPort() throws IOException {
    Logger logger = Logger.getLogger("io.verdis.net.CrossProtocolAttack");
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(record.getMessage());
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    logger.addHandler(capture);
    try (TestServer fresh = TestServer.start()) {
      for (int i = 0; i < 3; i++) {
        assertClosedWithoutReply(fresh.port(), curlPost(fresh.port(), "SET xproto pwned\r\n"));
        assertClosedWithoutReply(fresh.pizzariaPort(), curlPost(fresh.pizzariaPort(), "write xproto|pwned\r"));
      }
      assertEquals(List.of(WARNING), logged);
    } finally {
      logger.removeHandler(capture);
    }
  }
}

package io.verdis.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * requirepass, the stricter protocol limits before authentication, and maxclients, with Redis's
 * replies to the letter (checked against redis-server 7.0.15).
 */
class AuthAndLimitsTest {
  private static TestServer guarded;

  @BeforeAll
  static void startServer() {
    guarded = TestServer.start("--requirepass", "secret", "--shards", "2");
  }

  @AfterAll
  static void stopServer() {
    if (guarded != null) {
      guarded.close();
    }
  }

  private static RawClient client() throws IOException {
    return new RawClient(guarded.port());
  }

  // requirepass

  @Test
  void aCommandBeforeAuthIsRefusedWithNoauth() throws IOException {
    try (RawClient raw = client()) {
      assertEquals("-NOAUTH Authentication required.\r\n", raw.call("get", "k"));
      assertEquals("-NOAUTH Authentication required.\r\n", raw.send("PING\r\n").readReply());
    }
  }

  @Test
  void unknownCommandsAndWrongArityAreReportedBeforeNoauthAsRedisDoes() throws IOException {
    try (RawClient raw = client()) {
      assertEquals("-ERR unknown command 'FOO', with args beginning with: \r\n", raw.send("FOO\r\n").readReply());
      assertEquals("-ERR wrong number of arguments for 'get' command\r\n", raw.call("get"));
    }
  }

  @Test
  void authWithAWrongPasswordIsRefusedWithWrongpass() throws IOException {
    try (RawClient raw = client()) {
      assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n", raw.call("auth", "wrong"));
      assertEquals("-NOAUTH Authentication required.\r\n", raw.call("get", "k"));
    }
  }

  @Test
  void authWithTheRightPasswordLetsCommandsThrough() throws IOException {
    try (RawClient raw = client()) {
      assertEquals("+OK\r\n", raw.call("auth", "secret"));
      assertEquals("+OK\r\n", raw.call("set", "k", "v"));
      assertEquals("$1\r\nv\r\n", raw.call("get", "k"));
    }
  }

  @Test
  void authWithTheDefaultUserAndThePasswordWorks() throws IOException {
    try (RawClient raw = client()) {
      assertEquals("+OK\r\n", raw.call("auth", "default", "secret"));
      assertEquals("+PONG\r\n", raw.call("ping"));
    }
  }

  @Test
  void authWithAnotherUserIsRefusedEvenWithThePassword() throws IOException {
    try (RawClient raw = client()) {
      assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
          raw.call("auth", "admin", "secret"));
    }
  }

  @Test
  void authWithTooManyArgumentsIsASyntaxError() throws IOException {
    try (RawClient raw = client()) {
      assertEquals("-ERR syntax error\r\n", raw.call("auth", "a", "b", "c"));
    }
  }

  @Test
  void quitIsAllowedBeforeAuthAndClosesTheConnection() throws IOException {
    try (RawClient raw = client()) {
      raw.send("QUIT\r\n");
      assertEquals("+OK\r\n", raw.readToEnd());
    }
  }

  @Test
  void resetDropsTheAuthenticationWhenAPasswordIsRequired() throws IOException {
    try (RawClient raw = client()) {
      assertEquals("+OK\r\n", raw.call("auth", "secret"));
      assertEquals("+RESET\r\n", raw.call("reset"));
      assertEquals("-NOAUTH Authentication required.\r\n", raw.call("get", "k"));
    }
  }

  @Test
  void anAuthenticatedClientIsNotBoundByTheUnauthenticatedLimits() throws IOException {
    String value = "x".repeat(20_000);
    try (RawClient raw = client()) {
      assertEquals("+OK\r\n", raw.call("auth", "secret"));
      assertEquals("+OK\r\n", raw.call("mset", "a", "1", "b", "2", "c", "3", "d", "4", "e", value));
      assertEquals(":20000\r\n", raw.call("strlen", "e"));
    }
  }

  // The stricter protocol limits before authentication (Redis's networking.c)

  @Test
  void anUnauthenticatedClientMayNotAnnounceMoreThanTenArguments() throws IOException {
    try (RawClient raw = client()) {
      raw.send("*11\r\n");
      assertEquals("-ERR Protocol error: unauthenticated multibulk length\r\n", raw.readToEnd());
    }
  }

  @Test
  void anUnauthenticatedClientMayNotAnnounceABulkLongerThan16Kb() throws IOException {
    try (RawClient raw = client()) {
      raw.send("*2\r\n$3\r\nGET\r\n$20000\r\n");
      assertEquals("-ERR Protocol error: unauthenticated bulk length\r\n", raw.readToEnd());
    }
  }

  /** Redis checks a bulk length's validity (proto-max-bulk-len) before the limit for clients that have not authenticated. */
  @Test
  void aBulkLengthAboveProtoMaxBulkLenIsInvalidBeforeItIsUnauthenticated() throws IOException {
    try (RawClient raw = client()) {
      raw.send("*2\r\n$3\r\nGET\r\n$600000000\r\n");
      assertEquals("-ERR Protocol error: invalid bulk length\r\n", raw.readToEnd());
    }
  }

  @Test
  void withoutRequirepassAuthReportsThatNoPasswordIsConfigured() throws IOException {
    try (TestServer open = TestServer.start(); RawClient raw = new RawClient(open.port())) {
      assertEquals("-ERR AUTH <password> called without any password configured for the default user. "
          + "Are you sure your configuration is correct?\r\n", raw.call("auth", "x"));
      assertEquals("+PONG\r\n", raw.call("ping"));
    }
  }

  // maxclients

  @Test
  void pastMaxclientsANewConnectionIsToldSoAndClosedUntilAPlaceFreesUp() throws Exception {
    try (TestServer small = TestServer.start("--maxclients", "3")) {
      List<RawClient> admitted = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          RawClient raw = new RawClient(small.port());
          admitted.add(raw);
          assertEquals("+PONG\r\n", raw.call("ping"));
        }
        try (RawClient fourth = new RawClient(small.port())) {
          assertEquals("-ERR max number of clients reached\r\n", fourth.readToEnd());
        }
        admitted.remove(0).close();
        assertTrue(eventuallyAdmitted(small.port()), "a place freed by a closed client was never given out");
      } finally {
        for (RawClient raw : admitted) {
          raw.close();
        }
      }
    }
  }

  /** Bounded polling: the node notices the closed client asynchronously. */
  private static boolean eventuallyAdmitted(int port) throws IOException, InterruptedException {
    for (int attempt = 0; attempt < 500; attempt++) {
      try (RawClient raw = new RawClient(port)) {
        raw.send("PING\r\n");
        String reply = raw.readReply();
        if (reply.equals("+PONG\r\n")) {
          return true;
        }
        assertEquals("-ERR max number of clients reached\r\n", reply);
      }
      Thread.sleep(10);
    }
    return false;
  }

  /**
   * Many idle connections come and go and the node keeps serving, and forgets them all.
   * 2,000 rather than 10,000: the node runs inside the test's JVM, so every connection costs two
   * file descriptors in one process, and CI runners often cap that at a few thousand.
   */
  @Test
  void twoThousandIdleConnectionsOpenedAndClosedLeaveTheNodeServing() throws Exception {
    try (TestServer open = TestServer.start()) {
      List<RawClient> idle = new ArrayList<>();
      try {
        for (int i = 0; i < 2000; i++) {
          idle.add(new RawClient(open.port()));
        }
        try (RawClient raw = new RawClient(open.port())) {
          assertEquals("+OK\r\n", raw.call("set", "k", "v"));
          assertEquals(2001, eventuallyClientCount(raw, 2001));
        }
      } finally {
        for (RawClient raw : idle) {
          raw.close();
        }
      }
      try (RawClient raw = new RawClient(open.port())) {
        assertEquals("$1\r\nv\r\n", raw.call("get", "k"));
        assertEquals(1, eventuallyClientCount(raw, 1));
      }
    }
  }

  /** Polls CLIENT LIST (bounded) until it lists {@code expected} clients; the last count seen. */
  private static int eventuallyClientCount(RawClient raw, int expected) throws IOException, InterruptedException {
    int clients = -1;
    for (int attempt = 0; attempt < 500 && clients != expected; attempt++) {
      if (attempt > 0) {
        Thread.sleep(10);
      }
      clients = raw.call("client", "list").split(" laddr=", -1).length - 1;
    }
    return clients;
  }
}
